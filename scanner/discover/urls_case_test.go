package discover

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"unicode/utf8"
)

// TestMixedCaseHubURLs is the regression test for the prefilter crasher of
// issue 13: host names and schemes written in any case (https://HF.co/…,
// hf.Co/…, Huggingface.co/…, HF://…) were missed by the URL extractor (its
// needles were case-sensitive while the prefilter folds case) and by the
// hf.co/ value rule. Every one must be found, with the whole id in its
// original case, at the right place, in every kind of file.
func TestMixedCaseHubURLs(t *testing.T) {
	root := writeTree(t, map[string]string{
		"README.md": "See https://HF.co/a1/b-1 and https://hf.Co/a2/c-2 and https://Huggingface.co/a3/D-3\n" +
			"and huggingface.CO/a4/e-4, HTTPS://www.HuggingFace.co/o6/N6/resolve/v2/x.bin, HF://o8/n8@r1\n" +
			"and HTTPS://ModelScope.CN/models/o7/n7 and https://GitHub.com/o9/r9/releases/download/v1/m.gguf\n",
		"main.go":   "// weights: https://HuggingFace.co/Acme/Model-X\n",
		"app.py":    "m = AutoModel.from_pretrained(\"https://HF.co/a1/Py-1\")\nmodel_id = \"hf.Co/a2/py-2:Q4_K_M\"\n",
		"c.yaml":    "model: HF.co/o1/n1\nother: https://Hf.Co/o2/n2\n",
		"run.sh":    "ollama pull HF.co/o3/n3:Q4\nwget https://HuggingFace.co/o4/n4/resolve/main/x.gguf\n",
		"Modelfile": "FROM hf.Co/o5/n5:Q8_0\n",
	})
	res, err := Discover(context.Background(), root, Options{IncludeDocs: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.References {
		got = append(got, fmtRef(r))
	}
	want := []string{
		"github:o9/r9@v1 README.md:3:44 url doc",
		"huggingface:Acme/Model-X main.go:1:13 url",
		"huggingface:a1/Py-1 app.py:1:32 url",
		"huggingface:a1/b-1 README.md:1:5 url doc",
		"huggingface:a2/c-2 README.md:1:30 url doc",
		"huggingface:a2/py-2 app.py:2:13 assign:model_id",
		"huggingface:a3/D-3 README.md:1:55 url doc",
		"huggingface:a4/e-4 README.md:2:5 url doc",
		"huggingface:o1/n1 c.yaml:1:8 config:model",
		"huggingface:o2/n2 c.yaml:2:8 url",
		"huggingface:o3/n3 run.sh:1:13 ollama pull",
		"huggingface:o4/n4 run.sh:2:6 wget",
		"huggingface:o5/n5 Modelfile:1:6 modelfile",
		"huggingface:o6/N6@v2 README.md:2:28 url doc",
		"huggingface:o8/n8@r1 README.md:2:79 url doc",
		"modelscope:o7/n7 README.md:3:5 url doc",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing: %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("extra: %s", g)
		}
	}
}

// asciiLower folds ASCII letters only, as the URL needles do.
func asciiLower(b []byte) []byte {
	out := bytes.Clone(b)
	for i, c := range out {
		out[i] = lowerASCII(c)
	}
	return out
}

func FuzzNeedleStarts(f *testing.F) {
	f.Add([]byte("see HTTPS://Hf.Co/a/b and huggingface.co/x hf.co/hf.co/"))
	f.Add([]byte("hf:/ hf:// HF:// /hf.co/ hf:///"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := needleStarts(b)
		low := asciiLower(b)
		for ni, n := range urlNeedles {
			var want []int
			for i := 0; i+len(n) <= len(low); i++ {
				if string(low[i:i+len(n)]) == n {
					want = append(want, i)
				}
			}
			if !slices.Equal(got[ni], want) {
				t.Fatalf("needleStarts(%q)[%q] = %v, want %v", b, n, got[ni], want)
			}
		}
	})
}

func FuzzContainsFold(f *testing.F) {
	f.Add([]byte("see HTTP://x and Pangu"), "http")
	f.Add([]byte("hHhTtp"), "http")
	f.Add([]byte("model"), "model")
	f.Fuzz(func(t *testing.T, b []byte, w string) {
		w = string(asciiLower([]byte(w)))
		if w == "" {
			return
		}
		if got, want := containsFold(b, w), bytes.Contains(asciiLower(b), []byte(w)); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", b, w, got, want)
		}
	})
}

func FuzzLineIndex(f *testing.F) {
	f.Add([]byte("a\nbc\n\nd"), 3, 0)
	f.Fuzz(func(t *testing.T, text []byte, a, b int) {
		li := newLineIndex(text)
		for _, off := range []int{a, b, a} {
			if off < 0 || off > len(text) {
				continue
			}
			line, col := li.pos(off)
			wantLine := 1 + bytes.Count(text[:off], []byte{'\n'})
			start := bytes.LastIndexByte(text[:off], '\n') + 1
			if wantCol := utf8.RuneCount(text[start:off]) + 1; line != wantLine || col != wantCol {
				t.Fatalf("pos(%d) = %d:%d, want %d:%d", off, line, col, wantLine, wantCol)
			}
		}
	})
}
