package discover

import (
	"testing"
	"unicode/utf8"
)

// Every decoder of the scanned tree's files has a fuzz target (.ci/fuzz
// runs them): the manifest (manifest_fuzz_test.go), GGUF, safetensors,
// notebooks, shell, the code lexer (fuzz_test.go, lex_test.go) and these:
// config files, model-card front matter and vendored config.json, and hub
// URLs in free text. Each must not panic, and what it returns must be
// placed inside the input.

// checkPlaced fails when a reference's position cannot be inside src.
func checkPlaced(t *testing.T, src []byte, refs []Reference) {
	t.Helper()
	lines := 1
	for _, c := range src {
		if c == '\n' {
			lines++
		}
	}
	for _, r := range refs {
		if r.Hub == "" || r.ID == "" {
			t.Fatalf("reference without hub or id: %+v", r)
		}
		if r.Location.Line < 1 || r.Location.Line > lines || r.Location.Column < 1 || r.Location.Column > utf8.RuneCount(src)+1 {
			t.Fatalf("reference placed outside the input (%d lines): %+v", lines, r.Location)
		}
	}
}

func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"model_name: acme/m-1\nllm:\n  model: gpt-4o\nsteps:\n  - run: huggingface-cli download acme/m-2\n",
		`{"model": "acme/m-3", "env": [{"name": "MODEL_ID", "value": "acme/m-4"}], "x": [1, {"dataset": "acme/d"}]}`,
		"[model]\nname = \"acme/m-5\"\nlist = [\"acme/m-6\", 'acme/m-7']\n",
		"OPENAI_MODEL=gpt-4o-mini\nexport HF_MODEL='acme/m-8'\n# MODEL=acme/no\n",
		"a: &x [*x]\n", "{\"a\":", "key = \"unterminated\n", "model: [", "\xff\xfe: \x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, kind := range []string{"yaml", "json", "toml", "env"} {
			refs, _ := configRefs(b, kind, "c", 0, 0, false)
			checkPlaced(t, b, refs)
		}
	})
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\nlicense: apache-2.0\nbase_model: acme/base\nbase_model_relation: finetune\ndatasets: [acme/d1]\n---\n# Card\n",
		"---\nlicense: other\nlicense_name: x\nlicense_link: LICENSE\nbase_model:\n  - acme/a\n  - acme/b\n---\n",
		"---\n- a\n---\n", "---\nx: [\n", "no front matter", "---\r\nlicense: mit\r\n---\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if card, ok := frontMatter(b); ok {
			info := cardInfo(card)
			for _, bm := range info.BaseModels {
				if bm.Ref == "" {
					t.Fatalf("empty base model ref in %+v", info)
				}
			}
		}
	})
}

func FuzzURLs(f *testing.F) {
	for _, s := range []string{
		"see https://huggingface.co/acme/m-1/resolve/v2/x.bin and hf.co/acme/m-2:Q4\n",
		"HTTPS://HF.co/datasets/acme/d and hf://acme/m-3@r and https://modelscope.cn/models/acme/m-4\n",
		"https://github.com/acme/r/releases/download/v1/m.gguf https://huggingface.co/api/models/acme/m-5\n",
		"https://huggingface.co/%zz/%00 https://huggingface.co/a/b/tree/%2e%2e hf:// hf.co/ xhf.co/a/b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkPlaced(t, b, urlRefs(b, "u", false, 0, 0))
		if len(b) <= 256 {
			parseHubURL(string(b))
		}
	})
}
