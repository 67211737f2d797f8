package discover

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchInputs is a representative file for every extractor.
var benchInputs = map[string]struct {
	path string
	src  string
}{
	"config":      {"conf.yaml", strings.Repeat("server:\n  model_name: meta-llama/Llama-3.2-3B-Instruct\n  port: 8080\n  replicas: 3\n", 200)},
	"docs":        {"README.md", strings.Repeat("Some prose about org/x and https://huggingface.co/Qwen/Qwen3-8B.\n\n```python\nAutoModel.from_pretrained(\"a1/b\")\n```\n", 200)},
	"javascript":  {"a.ts", strings.Repeat("const clf = await pipeline('sentiment-analysis', 'Xenova/distilbert');\nfunction f(a, b) { return a / b; }\n", 300)},
	"manifest":    {"aibom.yaml", "models:\n" + strings.Repeat("  - hf:a1/b@v1\n", 200)},
	"modelfile":   {"Modelfile", "FROM llama3:8b\nPARAMETER temperature 0.1\n" + strings.Repeat("SYSTEM hello\n", 200)},
	"notebook":    {"n.ipynb", `{"cells":[` + strings.Repeat(`{"cell_type":"code","source":["import x\n","m = AutoModel.from_pretrained(\"a1/b\")\n"]},`, 200) + `{"cell_type":"code","source":""}]}`},
	"python":      {"a.py", strings.Repeat("def f(x):\n    \"\"\"Doc.\"\"\"\n    m = AutoModel.from_pretrained(\"meta-llama/Llama-3.1-8B\", revision=\"main\")  # c\n    return [i * 2 for i in range(10)]\n", 300)},
	"shell":       {"a.sh", strings.Repeat("huggingface-cli download a1/b --local-dir out\necho done && ls -la | grep x\n", 300)},
	"url":         {"a.go", strings.Repeat("// see https://huggingface.co/a1/b/resolve/main/x.bin\nvar x = 1\n", 300)},
	"vendored":    {"m/config.json", `{"architectures":["X"],"model_type":"x","_name_or_path":"a1/b"}`},
	"gguf":        {"m.gguf", string(buildGGUF([]ggufKV{{"general.name", ggufString, "x"}, {"tokenizer.ggml.tokens", ggufArray, strings.Split(strings.Repeat("tok ", 30000), " ")}}))},
	"safetensors": {"m.safetensors", string(buildSafetensors(`{"__metadata__":{"format":"pt","name":"x"}}`))},
}

func BenchmarkExtractors(b *testing.B) {
	for _, e := range Extractors() {
		in, ok := benchInputs[e.Name()]
		if !ok {
			b.Fatalf("no benchmark input for extractor %s", e.Name())
		}
		b.Run(e.Name(), func(b *testing.B) {
			dir := writeTree(b, map[string]string{in.path: in.src})
			r, err := os.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			info, _ := os.Stat(filepath.Join(dir, in.path))
			input := &Input{Path: in.path, Info: info, Content: []byte(in.src), Docs: true, root: r}
			b.SetBytes(int64(len(in.src)))
			for b.Loop() {
				if _, err := e.Extract(context.Background(), input); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWalk measures one discovery run over a synthetic tree of 2,000
// mostly reference-free files.
func BenchmarkWalk(b *testing.B) {
	files := map[string]string{}
	filler := strings.Repeat("def handler(request):\n    return render(request, 'index.html', {'x': 1})\n", 40)
	for i := range 2000 {
		p := fmt.Sprintf("pkg%02d/sub%d/mod%d.py", i%40, i%7, i)
		files[p] = filler
		if i%100 == 0 {
			files[p] += "AutoModel.from_pretrained(\"a1/model-" + fmt.Sprint(i) + "\")\n"
		}
	}
	dir := writeTree(b, files)
	var total int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, _ error) error {
		if info, err := d.Info(); err == nil && !d.IsDir() {
			total += info.Size()
		}
		return nil
	})
	b.SetBytes(total)
	for b.Loop() {
		res, err := Discover(context.Background(), dir, Options{})
		if err != nil || len(res.References) != 20 {
			b.Fatalf("%v %d", err, len(res.References))
		}
	}
}

// BenchmarkTriggers measures the prefilter on reference-free text (the
// common case: the whole file is scanned), with the vector scanner where
// the platform has one and with the scalar scan alone.
func BenchmarkTriggers(b *testing.B) {
	src := []byte(strings.Repeat("def handler_1(request, user=None):\n    \"\"\"Return the rendered page for the request.\"\"\"\n    items = [x * 2 for x in range(7) if x % 3]\n    return render(request, \"index.html\", {\"items\": items, \"user\": user})\n\n", 40))
	t := trigOnce()
	b.Run("letters", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			if t.scanLetters(src, trigLetters) != 0 {
				b.Fatal("unexpected trigger")
			}
		}
	})
	b.Run("letters-scalar", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			if t.scanScalar(src, 0, trigLetters, 0) != 0 {
				b.Fatal("unexpected trigger")
			}
		}
	})
	b.Run("url", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			if t.hasURLWord(src) {
				b.Fatal("unexpected URL word")
			}
		}
	})
}

// corpusFiles reads the Python files under AIBOM_LEX_CORPUS (a checkout of
// a real ML repository); the corpus benchmarks skip without it.
func corpusFiles(b *testing.B) [][]byte {
	root := os.Getenv("AIBOM_LEX_CORPUS")
	if root == "" {
		b.Skip("AIBOM_LEX_CORPUS not set")
	}
	var files [][]byte
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
			if c, err := os.ReadFile(p); err == nil {
				files = append(files, c)
			}
		}
		return nil
	})
	return files
}

// BenchmarkCorpus splits the cost of the code recognisers on real Python
// into the prefilter, the lexer and the whole analysis.
func BenchmarkCorpus(b *testing.B) {
	files := corpusFiles(b)
	var total int64
	for _, f := range files {
		total += int64(len(f))
	}
	b.Run("prefilter", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for _, f := range files {
				triggersIn(f, trigCode)
			}
		}
	})
	b.Run("lex", func(b *testing.B) {
		b.SetBytes(total)
		var buf lexed
		for b.Loop() {
			for _, f := range files {
				lex(f, langPython, &buf)
			}
		}
	})
	b.Run("analyze", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for _, f := range files {
				analyzeCode(f, langPython, "f.py", 0, 0, false)
			}
		}
	})
}
