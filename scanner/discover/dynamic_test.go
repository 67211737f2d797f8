package discover

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// dynCase is a written snippet and the dynamic references it must give
// ("line source"); the references it must give are checked too.
type dynCase struct {
	name, file, src string
	want            []string
	refs            []string // shortRef of the ordinary references
}

func runDynCases(t *testing.T, cases []dynCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{tc.file: strings.TrimPrefix(tc.src, "\n")})
			res, err := Discover(context.Background(), dir, Options{IncludeDocs: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range res.Unresolved {
				if u.Location.Path != tc.file || u.Location.Via != u.Source {
					t.Errorf("unresolved %+v: wrong path or via", u)
				}
				got = append(got, fmt.Sprintf("%d %s", u.Location.Line, u.Source))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("unresolved:\n got  %q\n want %q", got, tc.want)
			}
			var refs []string
			for _, r := range res.References {
				refs = append(refs, shortRef(r))
			}
			slices.Sort(refs)
			if !slices.Equal(refs, tc.refs) {
				t.Errorf("references:\n got  %q\n want %q", refs, tc.refs)
			}
		})
	}
}

// Class 7: a model chosen at run time with no literal default is an
// unresolved reference at its place; decoys (keys, ports, defaults,
// non-model places) stay silent.
func TestClassDynamicReferences(t *testing.T) {
	runDynCases(t, []dynCase{
		{"python environment lookups at model places", "app.py", `
import os
from transformers import AutoModelForCausalLM
from openai import OpenAI

model = AutoModelForCausalLM.from_pretrained(os.environ["MODEL_ID"])
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], base_url=os.getenv("OPENAI_BASE_URL"))
reply = client.chat.completions.create(model=os.getenv("CHAT_MODEL"), messages=[])
EMBED_MODEL = os.environ.get("EMBED_MODEL")
port = int(os.getenv("PORT", "8000"))
`, []string{"5 env:MODEL_ID", "7 env:CHAT_MODEL", "8 env:EMBED_MODEL"}, nil},
		{"a constant from the environment used at a model's place", "serve.py", `
import os
from vllm import LLM
NAME = os.getenv("SERVED", None)
llm = LLM(model=NAME)
`, []string{"3 env:SERVED"}, nil},
		{"defaults are the reference, not a dynamic one", "cfg.py", `
import os
MODEL_NAME = os.getenv("MODEL_NAME", "gpt-4o-mini")
LLM_MODEL = os.environ.get("LLM_MODEL") or "claude-3-5-sonnet-20240620"
`, nil, []string{"anthropic:claude-3-5-sonnet-20240620 assign:LLM_MODEL", "openai:gpt-4o-mini assign:MODEL_NAME"}},
		{"decoys: names that hold no model", "settings.py", `
import os
model_dir = os.getenv("MODEL_DIR")
MODEL_TYPE = os.environ["MODEL_TYPE"]
output_model = os.getenv("OUTPUT_MODEL")
api_key = os.getenv("OPENAI_API_KEY")
model = os.getenv("MODEL_API_KEY")
models = os.getenv("MODELS")
`, nil, nil},
		{"argparse options with no default", "train.py", `
import argparse
p = argparse.ArgumentParser()
p.add_argument("--model_name_or_path", type=str, required=True)
p.add_argument("--model", default=None, help="which model")
p.add_argument("--tokenizer", default="google-bert/bert-base-uncased")
p.add_argument("--output_dir", required=True)
p.add_argument("--model_max_length", type=int)
p.add_argument("--use_model", action="store_true")
p.add_argument("--model_size", choices=["small", "large"])
p.add_argument("--dataset_name", required=True)
p.add_argument("--resume_from_checkpoint", type=str, default=None)
`, []string{"3 argument:--model_name_or_path", "4 argument:--model"}, []string{"huggingface:google-bert/bert-base-uncased argument:--tokenizer"}},
		{"javascript environment lookups", "src/chat.ts", `
import OpenAI from "openai";
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const model = process.env.OPENAI_MODEL!;
const res = await openai.chat.completions.create({ model: import.meta.env.VITE_CHAT_MODEL, messages });
const cfg = { embeddingModel: process.env["EMBEDDING_MODEL"], port: process.env.PORT };
const fallback = process.env.FALLBACK_MODEL ?? "gpt-4o";
`, []string{"3 env:OPENAI_MODEL", "4 env:VITE_CHAT_MODEL", "5 env:EMBEDDING_MODEL"}, []string{"openai:gpt-4o data"}},
		{"documentation code is not a place", "README.md", "```python\nmodel = AutoModel.from_pretrained(os.environ[\"MODEL_ID\"])\n```\n", nil, nil},
	})
}

// Tests run only when the project is tested: no note there.
func TestDynamicReferencesNotInTests(t *testing.T) {
	runDynCases(t, []dynCase{
		{"a test file", "tests/test_app.py", `
import os
from transformers import AutoModel
m = AutoModel.from_pretrained(os.environ["MODEL_ID"])
`, nil, nil},
	})
}
