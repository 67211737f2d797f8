package discover

import (
	"bytes"
	"testing"
)

func FuzzPythonLexer(f *testing.F) {
	for _, s := range []string{
		"AutoModel.from_pretrained(\"a1/b\")\n", "x = f'{A}/b'\nA='q'\n", "'''unterminated", "\"\\\n\"", "def f(:\n  )))",
		"pipeline('t', model=M)\nM = 'x/y'", "{\"model\": \"gpt-4o\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, r := range analyzeCode(b, langPython, "f.py", 0, 0, false) {
			if r.Location.Line < 1 || r.Location.Column < 1 {
				t.Fatalf("bad position %+v", r.Location)
			}
		}
		analyzeCode(b, langJS, "f.js", 0, 0, false)
	})
}

func FuzzNotebook(f *testing.F) {
	f.Add([]byte(`{"cells":[{"cell_type":"code","source":["!hf download a1/b\n","AutoModel.from_pretrained('c1/d')"]}]}`))
	f.Add([]byte(`{"cells":[{"cell_type":"markdown","source":"https://hf.co/a1/b"}]}`))
	f.Add([]byte(`{"cells":[{"source":5}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		parseNotebook(b, "n.ipynb", true)
	})
}

func FuzzGGUF(f *testing.F) {
	f.Add(buildGGUF([]ggufKV{{"general.name", ggufString, "x"}, {"tokenizer.ggml.tokens", ggufArray, []string{"a"}}}))
	f.Add([]byte("GGUF\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		kv, _ := readGGUF(bytes.NewReader(b))
		ggufInfo(kv)
	})
}

func FuzzSafetensors(f *testing.F) {
	f.Add(buildSafetensors(`{"__metadata__":{"name":"x"}}`))
	f.Add([]byte("\x02\x00\x00\x00\x00\x00\x00\x00{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		readSafetensorsMeta(bytes.NewReader(b))
	})
}

func FuzzShell(f *testing.F) {
	f.Add([]byte("hf download a1/b --revision x\nollama run q:1b\n"))
	f.Add([]byte("RUN x \\\n y\nCMD [\"a\"]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		analyzeShell(b, "s.sh", 0, 0, false)
		analyzeDockerfile(b, "Dockerfile")
		modelfileRefs(b, "Modelfile", 0, false)
	})
}
