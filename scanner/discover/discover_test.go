package discover

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/projects/polyglot/expected.txt from the current output")

// fmtRef renders a reference as one line of expected.txt.
func fmtRef(r Reference) string {
	ref := r.Hub + ":" + r.ID
	if r.Kind == KindDataset {
		ref = "dataset " + ref
	}
	if r.Revision != "" {
		ref += "@" + r.Revision
	}
	loc := fmt.Sprintf("%s:%d:%d", r.Location.Path, r.Location.Line, r.Location.Column)
	if r.Location.Cell > 0 {
		loc += fmt.Sprintf("#cell%d", r.Location.Cell)
	}
	s := ref + " " + loc + " " + r.Location.Via
	if r.Location.Doc {
		s += " doc"
	}
	return s
}

// shortRef renders hub:id@rev via, for the per-source table.
func shortRef(r Reference) string {
	ref := r.Hub + ":" + r.ID
	if r.Kind == KindDataset {
		ref = "dataset " + ref
	}
	if r.Revision != "" {
		ref += "@" + r.Revision
	}
	return ref + " " + r.Location.Via
}

func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExtractorNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	list := Extractors()
	for _, e := range list {
		if e.Name() == "" || seen[e.Name()] {
			t.Errorf("extractor name %q empty or duplicated", e.Name())
		}
		seen[e.Name()] = true
	}
	if !slices.IsSortedFunc(list, func(a, b Extractor) int { return strings.Compare(a.Name(), b.Name()) }) {
		t.Error("extractor list is not sorted by name")
	}
}

// TestPolyglot scans the multi-language fixture project and compares every
// reference (with position and via) to the checked-in list.
func TestPolyglot(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "projects", "polyglot")
	res, err := Discover(context.Background(), root, Options{IncludeDocs: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.References {
		got = append(got, fmtRef(r))
	}
	for _, w := range res.Warnings {
		t.Errorf("unexpected warning: %s: %s", w.Path, w.Message)
	}
	expPath := filepath.Join(root, "expected.txt")
	if *update {
		if err := os.WriteFile(expPath, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(expPath)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
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

	// Without documentation, exactly the documentation references go.
	noDocs, err := Discover(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := 0
	for _, r := range res.References {
		if r.Location.Doc {
			docs++
		}
	}
	if docs == 0 || len(noDocs.References) != len(res.References)-docs {
		t.Errorf("IncludeDocs=false: %d refs, want %d-%d", len(noDocs.References), len(res.References), docs)
	}
}

// TestSources has one case per recognised source, each with decoys.
func TestSources(t *testing.T) {
	cases := []struct {
		name string
		file string
		src  string
		docs bool
		want []string
	}{
		{"transformers from_pretrained", "a.py", `
from transformers import AutoModel, AutoTokenizer
m = AutoModel.from_pretrained("google-bert/bert-base-uncased", revision="abc123")
t = AutoTokenizer.from_pretrained(pretrained_model_name_or_path="gpt2")
x = MyThing.from_pretrained(
    "Acme/Custom-Model"  # multi-line with comment
)
d = AutoModel.from_pretrained("./local/dir")
e = AutoModel.from_pretrained(path)
f = AutoModel.from_pretrained("path/to/model")
`, false, []string{"huggingface:google-bert/bert-base-uncased@abc123 from_pretrained", "huggingface:gpt2 from_pretrained", "huggingface:Acme/Custom-Model from_pretrained"}},
		{"docstring and comment decoys", "b.py", `
def f():
    """Load with AutoModel.from_pretrained("doc/string-model")."""
    # AutoModel.from_pretrained("comment/model")
    s = 'AutoModel.from_pretrained("in/string")'
    return s
`, false, nil},
		{"pipeline keyword and positional", "p.py", `
from transformers import pipeline
a = pipeline("text-classification", model="cardiffnlp/twitter-roberta-base-sentiment")
b = pipeline("ner", "dslim/bert-base-NER")
c = pipeline("summarization")
d = pipeline(task="translation", model=MODEL_VAR)
`, false, []string{"huggingface:cardiffnlp/twitter-roberta-base-sentiment pipeline", "huggingface:dslim/bert-base-NER pipeline"}},
		{"huggingface_hub", "h.py", `
from huggingface_hub import hf_hub_download, snapshot_download, InferenceClient
hf_hub_download(repo_id="TheBloke/Llama-2-7B-GGUF", filename="x.gguf", revision="main")
snapshot_download("HuggingFaceFW/fineweb", repo_type="dataset")
snapshot_download("gradio/hello-world", repo_type="space")
InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")
`, false, []string{"huggingface:TheBloke/Llama-2-7B-GGUF@main hf_hub_download", "dataset huggingface:HuggingFaceFW/fineweb snapshot_download", "huggingface:HuggingFaceH4/zephyr-7b-beta inference_client"}},
		{"sentence-transformers", "s.py", `
from sentence_transformers import SentenceTransformer, CrossEncoder
a = SentenceTransformer("all-MiniLM-L6-v2")
b = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
c = SentenceTransformer("bert-base-uncased")
`, false, []string{"huggingface:sentence-transformers/all-MiniLM-L6-v2 sentence-transformers all-MiniLM-L6-v2", "huggingface:cross-encoder/ms-marco-MiniLM-L-6-v2 sentence_transformers", "huggingface:bert-base-uncased sentence_transformers"}},
		{"diffusers and peft", "d.py", `
from diffusers import StableDiffusionXLPipeline
from peft import PeftModel
pipe = StableDiffusionXLPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0")
m = PeftModel.from_pretrained(base, "ybelkada/opt-350m-lora")
`, false, []string{"huggingface:stabilityai/stable-diffusion-xl-base-1.0 from_pretrained", "huggingface:ybelkada/opt-350m-lora from_pretrained"}},
		{"vllm", "v.py", `
from vllm import LLM
llm = LLM(model="meta-llama/Llama-3.1-8B-Instruct", tokenizer="hf-internal-testing/llama-tokenizer")
`, false, []string{"huggingface:meta-llama/Llama-3.1-8B-Instruct vllm", "huggingface:hf-internal-testing/llama-tokenizer vllm"}},
		{"langchain and llamaindex", "l.py", `
from langchain_huggingface import HuggingFaceEndpoint, HuggingFaceEmbeddings
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
e = HuggingFaceEndpoint(repo_id="mistralai/Mistral-7B-Instruct-v0.2")
m = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
n = HuggingFaceEmbedding(model_name="BAAI/bge-small-en-v1.5")
`, false, []string{"huggingface:mistralai/Mistral-7B-Instruct-v0.2 langchain", "huggingface:sentence-transformers/all-mpnet-base-v2 langchain", "huggingface:BAAI/bge-small-en-v1.5 llama_index"}},
		{"torch.hub", "t.py", `
import torch
a = torch.hub.load("ultralytics/yolov5:v7.0", "yolov5s")
b = torch.hub.load("./local_repo", "model", source="local")
`, false, []string{"github:ultralytics/yolov5@v7.0 torch.hub.load"}},
		{"modelscope and funasr", "m.py", `
from modelscope import snapshot_download, AutoModelForCausalLM
from funasr import AutoModel
d = snapshot_download("qwen/Qwen2-7B")
m = AutoModelForCausalLM.from_pretrained("ZhipuAI/chatglm3-6b")
a = AutoModel(model="iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-pytorch")
`, false, []string{"modelscope:qwen/Qwen2-7B snapshot_download", "modelscope:ZhipuAI/chatglm3-6b from_pretrained", "modelscope:iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-pytorch funasr"}},
		{"ollama client", "o.py", `
import ollama
ollama.chat(model="llama3.2", messages=[])
ollama.pull("qwen2.5:7b")
ollama.create(model="mine", from_="gemma2:2b")
`, false, []string{"ollama:llama3.2 ollama", "ollama:qwen2.5:7b ollama", "ollama:gemma2:2b ollama"}},
		{"closed API SDKs", "api.py", `
from openai import OpenAI, AzureOpenAI
import anthropic
import google.generativeai as genai
import qianfan
from mistralai import Mistral
from volcenginesdkarkruntime import Ark
c = OpenAI()
c.chat.completions.create(model="gpt-4o", messages=[])
c.embeddings.create(model="text-embedding-3-small", input="x")
anthropic.Anthropic().messages.create(model="claude-3-opus-20240229")
g = genai.GenerativeModel("gemini-1.5-pro")
qianfan.ChatCompletion().do(model="ERNIE-4.0-8K", messages=[])
Mistral(api_key=k).chat.complete(model="mistral-large-latest")
ark = Ark()
ark.chat.completions.create(model="doubao-pro-32k", messages=[])
c.chat.completions.create(model=user_model, messages=[])
c.chat.completions.create(model="some-internal-name", messages=[])
`, false, []string{"openai:gpt-4o openai", "openai:text-embedding-3-small openai", "anthropic:claude-3-opus-20240229 anthropic", "google:gemini-1.5-pro google", "baidu:ERNIE-4.0-8K baidu", "mistral:mistral-large-latest mistral", "bytedance:doubao-pro-32k bytedance"}},
		{"openai-compatible providers", "compat.py", `
from openai import OpenAI
kimi = OpenAI(base_url="https://api.moonshot.cn/v1")
kimi.chat.completions.create(model="moonshot-v1-8k")
hy = OpenAI(base_url="https://api.hunyuan.cloud.tencent.com/v1")
hy.chat.completions.create(model="hunyuan-turbos-latest")
ds = OpenAI(base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")
ds.chat.completions.create(model="qwen-plus")
local = OpenAI(base_url="http://localhost:8000/v1")
local.chat.completions.create(model="Qwen/Qwen2.5-7B-Instruct")
`, false, []string{"moonshot:moonshot-v1-8k moonshot", "tencent:hunyuan-turbos-latest tencent", "dashscope:qwen-plus dashscope", "huggingface:Qwen/Qwen2.5-7B-Instruct openai"}},
		// The call shape of Huawei Cloud's Python SDK (huaweicloud-sdk-python-v3,
		// huaweicloudsdkpangulargemodels v2): the request names a deployment.
		{"huawei pangu sdk", "pangu.py", `
from huaweicloudsdkpangulargemodels.v2 import PanguLargeModelsClient, ExecuteChatCompletionRequest, ChatCompletionReq, Message
from huaweicloudsdkpangulargemodels.v2.region.pangulargemodels_region import PanguLargeModelsRegion
client = PanguLargeModelsClient.new_builder().with_region(PanguLargeModelsRegion.value_of("cn-southwest-2")).build()
request = ExecuteChatCompletionRequest(pool_id="pool-01", deployment_id="3f6c2d1e-8a4b-4c7d-9e0f-1a2b3c4d5e6f", body=ChatCompletionReq(messages=[Message(role="user", content="hi")]))
response = client.execute_chat_completion(request)
`, false, []string{"huawei:3f6c2d1e-8a4b-4c7d-9e0f-1a2b3c4d5e6f huawei"}},
		{"litellm", "lite.py", `
from litellm import completion
completion(model="openai/gpt-4o-mini", messages=[])
completion(model="ollama_chat/qwen3:4b", messages=[])
completion(model="huggingface/bigcode/starcoder", messages=[])
`, false, []string{"openai:gpt-4o-mini litellm", "ollama:qwen3:4b litellm", "huggingface:bigcode/starcoder litellm"}},
		{"constants and f-strings", "c.py", `
import os
ORG = "mistralai"
NAME = ORG + "/Mistral-Nemo-Instruct-2407"
FULL = f"{ORG}/Mixtral-8x7B-v0.1"
ENVD = os.getenv("M", "microsoft/Phi-3.5-mini-instruct")
AutoModel.from_pretrained(NAME)
AutoModel.from_pretrained(FULL)
AutoModel.from_pretrained(ENVD)
AutoModel.from_pretrained(f"{org}/x")
def g(name):
    AutoModel.from_pretrained(f"{name}/model")
`, false, []string{"huggingface:mistralai/Mistral-Nemo-Instruct-2407 from_pretrained", "huggingface:mistralai/Mixtral-8x7B-v0.1 from_pretrained", "huggingface:microsoft/Phi-3.5-mini-instruct from_pretrained"}},
		{"model-named assignment", "cfg.py", `
DEFAULT_MODEL = "Qwen/Qwen2.5-Coder-7B-Instruct"
SOMETHING = "not/a-model-name-key"
class Settings:
    embedding_model: str = "nomic-ai/nomic-embed-text-v1.5"
`, false, []string{"huggingface:Qwen/Qwen2.5-Coder-7B-Instruct assign:DEFAULT_MODEL", "huggingface:nomic-ai/nomic-embed-text-v1.5 assign:embedding_model"}},
		{"datasets", "ds.py", `
from datasets import load_dataset
a = load_dataset("openai/gsm8k", "main")
b = load_dataset("json", data_files="x.json")
c = load_dataset("imdb")
`, false, []string{"dataset huggingface:openai/gsm8k load_dataset", "dataset huggingface:imdb load_dataset"}},
		{"javascript", "web.ts", `
import { pipeline, AutoModel } from '@xenova/transformers';
import Anthropic from "@anthropic-ai/sdk";
const MODEL = 'Xenova/bert-base-NER';
const a = await pipeline('token-classification', MODEL);
const m = await AutoModel.from_pretrained("Xenova/gpt2");
const client = new Anthropic();
await client.messages.create({ model: "claude-sonnet-4-20250514", max_tokens: 10 });
// await pipeline('x', 'Commented/Out');
const s = "pipeline('x', 'In/String')";
const t = ` + "`${MODEL}-suffix`" + `;
`, false, []string{"huggingface:Xenova/bert-base-NER pipeline", "huggingface:Xenova/gpt2 from_pretrained", "anthropic:claude-sonnet-4-20250514 anthropic"}},
		{"notebook", "n.ipynb", `{"cells": [
 {"cell_type": "markdown", "source": "from_pretrained(\"md/not-code\")"},
 {"cell_type": "code", "source": ["import x\n", "m = AutoModel.from_pretrained(\"facebook/opt-125m\")\n", "!ollama pull phi3\n"]}
], "nbformat": 4}`, false, []string{"huggingface:facebook/opt-125m from_pretrained", "ollama:phi3 ollama pull"}},
		{"yaml config", "conf.yaml", `
model: HuggingFaceTB/SmolLM2-1.7B-Instruct
image: ollama/ollama:latest
python: "3.12"
openai:
  model: gpt-4o-mini
ollama:
  model: llama3.2:3b
placeholder_model: org/model
model_path: ./weights/model.gguf
datasets:
  - allenai/c4
env:
  - MODEL_ID=google/gemma-2b
`, false, []string{"huggingface:HuggingFaceTB/SmolLM2-1.7B-Instruct config:model", "openai:gpt-4o-mini config:model", "ollama:llama3.2:3b config:model", "dataset huggingface:allenai/c4 config:datasets", "huggingface:google/gemma-2b config:MODEL_ID"}},
		{"json config", "settings.json", `{"llm": {"model_name": "mistralai/Mistral-7B-v0.1", "note": "see org/model"}, "embedding_model": "text-embedding-3-large", "version": "1.2/3"}`,
			false, []string{"huggingface:mistralai/Mistral-7B-v0.1 config:model_name", "openai:text-embedding-3-large config:embedding_model"}},
		{"toml config", "cfg.toml", `
[model]
name = "unrelated"
base_model = "meta-llama/Meta-Llama-3-8B"
[tool.x]
embed_models = ["BAAI/bge-m3", "intfloat/e5-large-v2"]
`, false, []string{"huggingface:meta-llama/Meta-Llama-3-8B config:base_model", "huggingface:BAAI/bge-m3 config:embed_models", "huggingface:intfloat/e5-large-v2 config:embed_models"}},
		{"dotenv", ".env", `
ANTHROPIC_MODEL=claude-3-5-haiku-latest
export EMBEDDING_MODEL="BAAI/bge-base-en-v1.5"
MODEL=<MODEL>
DATABASE_URL=postgres://x
`, false, []string{"anthropic:claude-3-5-haiku-latest env:ANTHROPIC_MODEL", "huggingface:BAAI/bge-base-en-v1.5 env:EMBEDDING_MODEL"}},
		{"vendored config.json", "vend/config.json", `{"_name_or_path": "FacebookAI/xlm-roberta-base", "architectures": ["X"], "model_type": "xlm-roberta"}`,
			false, []string{"huggingface:FacebookAI/xlm-roberta-base config:_name_or_path"}},
		{"shell", "get.sh", `
huggingface-cli download meta-llama/Llama-3.2-1B --revision r1 --local-dir out
hf download --repo-type dataset HuggingFaceFW/fineweb-edu
modelscope download --model qwen/Qwen2.5-7B
git clone https://huggingface.co/BAAI/bge-m3
ollama run deepseek-r1:7b
wget https://hf.co/unsloth/Qwen3-4B-GGUF/resolve/main/Qwen3-4B-Q4_K_M.gguf
curl -LO https://github.com/owner/tool/releases/download/v1/tool-linux.tar.gz
docker run ollama/ollama:latest
M=google/flan-t5-base
huggingface-cli download $M
echo huggingface-cli download org/model
`, false, []string{"huggingface:meta-llama/Llama-3.2-1B@r1 huggingface-cli download", "dataset huggingface:HuggingFaceFW/fineweb-edu hf download",
			"modelscope:qwen/Qwen2.5-7B modelscope download", "huggingface:BAAI/bge-m3 git_clone", "ollama:deepseek-r1:7b ollama run",
			"huggingface:unsloth/Qwen3-4B-GGUF wget", "huggingface:google/flan-t5-base huggingface-cli download"}},
		{"dockerfile", "Dockerfile", `
FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04
ENV MODEL_NAME=TinyLlama/TinyLlama-1.1B-Chat-v1.0
RUN huggingface-cli download $MODEL_NAME && \
    python -c "print(1)"
CMD ["python", "-m", "vllm.entrypoints.openai.api_server", "--model", "NousResearch/Hermes-3-Llama-3.1-8B"]
`, false, []string{"huggingface:TinyLlama/TinyLlama-1.1B-Chat-v1.0 env:MODEL_NAME", "huggingface:TinyLlama/TinyLlama-1.1B-Chat-v1.0 huggingface-cli download", "huggingface:NousResearch/Hermes-3-Llama-3.1-8B flag:--model"}},
		{"modelfile", "Modelfile", "FROM qwen2.5:14b\nADAPTER ./adapter.gguf\n", false, []string{"ollama:qwen2.5:14b modelfile"}},
		{"modelfile hf", "x.modelfile", "FROM hf.co/TheBloke/Mistral-7B-GGUF:Q4_K_M\n", false, []string{"huggingface:TheBloke/Mistral-7B-GGUF modelfile"}},
		{"urls in code", "u.go", `package x
// weights: https://huggingface.co/openai/clip-vit-base-patch32/tree/v2
var a = "hf://datasets/HuggingFaceM4/the_cauldron/data"
var b = "https://modelscope.cn/models/damo/cv_resnet50/summary"
var c = "https://huggingface.co/docs/transformers"
var d = "https://huggingface.co/spaces/gradio/demo"
var e = "https://github.com/ggerganov/whisper.cpp/releases/download/v1.5.4/ggml-base.bin"
`, false, []string{"huggingface:openai/clip-vit-base-patch32@v2 url", "dataset huggingface:HuggingFaceM4/the_cauldron url", "modelscope:damo/cv_resnet50 url", "github:ggerganov/whisper.cpp@v1.5.4 url"}},
		{"markdown docs on", "README.md", "See https://huggingface.co/Qwen/Qwen3-8B and owner/repo in prose.\n\n```python\nAutoModel.from_pretrained(\"google/gemma-3-4b-it\")\nAutoModel.from_pretrained(\"your-org/your-model\")\n```\n",
			true, []string{"huggingface:Qwen/Qwen3-8B url", "huggingface:google/gemma-3-4b-it from_pretrained"}},
		{"markdown docs off", "README.md", "See https://huggingface.co/Qwen/Qwen3-8B\n", false, nil},
		{"rst docs", "index.rst", "Intro\n\n.. code-block:: python\n\n   AutoModel.from_pretrained(\"allenai/longformer-base-4096\")\n\nText.\n", true,
			[]string{"huggingface:allenai/longformer-base-4096 from_pretrained"}},
		{"manifest", "aibom.yaml", "models:\n  - hf:org1/declared@v2\n  - ref: ollama:llama3:70b\n  - openai:gpt-4.1\nother:\n  model: not/read-here\n", false,
			[]string{"huggingface:org1/declared@v2 manifest", "ollama:llama3:70b manifest", "openai:gpt-4.1 manifest"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{tc.file: strings.TrimPrefix(tc.src, "\n")})
			res, err := Discover(context.Background(), dir, Options{IncludeDocs: tc.docs})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.References {
				got = append(got, shortRef(r))
				if r.Location.Doc != tc.docs && r.Location.Path != "" && isDocFile(r.Location.Path) {
					t.Errorf("%s: documentation flag %v", shortRef(r), r.Location.Doc)
				}
			}
			want := slices.Clone(tc.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
			for _, w := range res.Warnings {
				t.Errorf("warning: %s: %s", w.Path, w.Message)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	src := "import x\nm = AutoModel.from_pretrained(\n    x=\"é\", pretrained_model_name_or_path=\"org1/m\")\nn = AutoModel.from_pretrained(\"a1/é-b\")\n"
	refs := analyzeCode([]byte(src), langPython, "p.py", 0, 0, false)
	if len(refs) != 1 {
		t.Fatalf("got %d refs: %+v", len(refs), refs)
	}
	if l := refs[0].Location; l.Line != 3 || l.Column != 43 {
		t.Errorf("position %d:%d, want 3:43", l.Line, l.Column)
	}
	nb := `{"cells":[{"cell_type":"code","source":"a=1"},{"cell_type":"code","source":["\n","AutoModel.from_pretrained('o1/m1')"]}]}`
	refs, err := parseNotebook([]byte(nb), "n.ipynb", false)
	if err != nil || len(refs) != 1 {
		t.Fatalf("notebook: %v %+v", err, refs)
	}
	// Line and column are the file's (the whole notebook is on line 1
	// here); the cell keeps its own line.
	if l := refs[0].Location; l.Cell != 2 || l.CellLine != 2 || l.Line != 1 || l.Column != 110 {
		t.Errorf("notebook position cell %d line %d, file %d:%d; want cell 2 line 2, file 1:110", l.Cell, l.CellLine, l.Line, l.Column)
	}
}

func TestClassifyPlaceholders(t *testing.T) {
	for _, v := range []string{"your-model-name", "<MODEL>", "org/model", "owner/repo", "username/my-model", "xxx/yyy",
		"path/to/model.gguf", "models/foo.gguf", "{MODEL}", "${MODEL_ID}", "my-org/thing", "example/model", "user/repo",
		"python:3.12", "requests", "output", "./model", "/abs/path", "a b/c", "org/model-name", "checkpoints/run1"} {
		if c, ok := classify(v, hint{strong: true}); ok {
			t.Errorf("classify(%q) = %+v, want rejected", v, c)
		}
	}
	for v, want := range map[string]string{
		"meta-llama/Llama-3.1-8B":       "huggingface:meta-llama/Llama-3.1-8B",
		"gpt-4o":                        "openai:gpt-4o",
		"claude-3-7-sonnet-latest":      "anthropic:claude-3-7-sonnet-latest",
		"llama3:8b":                     "ollama:llama3:8b",
		"hf.co/org1/repo-GGUF:Q8_0":     "huggingface:org1/repo-GGUF",
		"https://hf.co/org1/x":          "huggingface:org1/x",
		"deepseek-chat":                 "deepseek:deepseek-chat",
		"glm-4":                         "zhipu:glm-4",
		"models/gemini-2.0-flash":       "google:gemini-2.0-flash",
		"ollama/llama3":                 "ollama:llama3",
		"kimi-k2-0711-preview":          "moonshot:kimi-k2-0711-preview",
		"pangu-alpha-13b":               "huawei:pangu-alpha-13b",
		"MiniMax-M2.7":                  "minimax:MiniMax-M2.7",
		"openai/gpt-oss-20b":            "huggingface:openai/gpt-oss-20b",
		"anthropic/claude-3-5-haiku-01": "anthropic:claude-3-5-haiku-01",
	} {
		c, ok := classify(v, hint{})
		if !ok || c.hub+":"+c.id != want {
			t.Errorf("classify(%q) = %+v %v, want %s", v, c, ok, want)
		}
	}
	// A bare single-segment value is a model only where the context says so.
	if _, ok := classify("gpt2", hint{}); ok {
		t.Error("bare gpt2 accepted without context")
	}
}

// TestSpans: a reference's location ends just past its text (the string's
// content, the URL), so SARIF can mark exactly the reference.
func TestSpans(t *testing.T) {
	for _, tc := range []struct {
		name string
		refs func() []Reference
		want [4]int // line, column, end line, end column
	}{
		{"python string", func() []Reference {
			return analyzeCode([]byte("m = AutoModel.from_pretrained(\"org1/model\")\n"), langPython, "p.py", 0, 0, false)
		}, [4]int{1, 32, 1, 42}},
		{"triple-quoted string over two lines", func() []Reference {
			return analyzeCode([]byte("m = AutoModel.from_pretrained(\"\"\"org1/m\n\"\"\")\n"), langPython, "p.py", 0, 0, false)
		}, [4]int{1, 34, 2, 1}},
		{"notebook offset", func() []Reference {
			return analyzeCode([]byte("\nAutoModel.from_pretrained('o1/m1')"), langPython, "n.ipynb", 2, 10, false)
		}, [4]int{12, 28, 12, 33}},
		{"url", func() []Reference {
			return urlRefs([]byte("see https://huggingface.co/org1/m1.\n"), "a.txt", false, 0, 0)
		}, [4]int{1, 5, 1, 35}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refs := tc.refs()
			if len(refs) != 1 {
				t.Fatalf("got %d refs: %+v", len(refs), refs)
			}
			l := refs[0].Location
			if got := [4]int{l.Line, l.Column, l.EndLine, l.EndColumn}; got != tc.want {
				t.Errorf("span %v, want %v", got, tc.want)
			}
		})
	}
}
