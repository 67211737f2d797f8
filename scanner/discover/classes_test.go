package discover

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// classCase is one written snippet in the shape real projects use, and
// every reference it must give (decoys give none).
type classCase struct {
	name, file, src string
	want            []string // shortRef: hub:id via
}

// runClassCases scans each snippet alone, with documentation on (the CLI
// default).
func runClassCases(t *testing.T, cases []classCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for _, part := range strings.Split(strings.TrimPrefix(tc.src, "\n"), "\n==> ") {
				// "==> path\n…" starts a further file of the same case
				p, body := tc.file, part
				if len(files) > 0 {
					p, body, _ = strings.Cut(part, "\n")
				}
				files[p] = body
			}
			dir := writeTree(t, files)
			res, err := Discover(context.Background(), dir, Options{IncludeDocs: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.References {
				got = append(got, shortRef(r))
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

// Class 1 in configuration: closed-API names held as data.
func TestClassAPINamesInConfig(t *testing.T) {
	runClassCases(t, []classCase{
		{"yaml list of supported models", "config.yaml", `
llm:
  provider: openai
  supported:
    - gpt-4o-mini
    - gpt-4.1
  description: "works with gpt-4o and claude"
embedding_model: text-embedding-3-small
`, []string{"openai:gpt-4o-mini config:supported", "openai:gpt-4.1 config:supported", "openai:text-embedding-3-small config:embedding_model"}},
		{"json model table keyed by name", "limits.json", `{"_comment": "token limits per model", "gpt-4o": {"max_tokens": 16384}, "claude-3-5-sonnet-20241022": {"max_tokens": 8192}, "default": {"max_tokens": 4096}}`,
			[]string{"openai:gpt-4o config:key", "anthropic:claude-3-5-sonnet-20241022 config:key"}},
		{"sibling provider names the host", "models.json", `[
  {"provider": "groq", "modelId": "llama3-8b-8192", "modelName": "LLaMA3 8B"},
  {"provider": "perplexity", "modelId": "sonar-small-chat"}
]`, []string{"groq:llama3-8b-8192 config:modelId", "perplexity:sonar-small-chat config:modelId"}},
		{"env and compose values", "docker-compose.yml", `
services:
  app:
    environment:
      - LLM_MODEL=deepseek-chat
      - OPENAI_BASE_URL=https://api.deepseek.com
      - LOG_LEVEL=info
`, []string{"deepseek:deepseek-chat config:LLM_MODEL"}},
		{"config template", "config.json.template", `{"model": "qwen-max", "voice": "zh-CN-XiaoxiaoNeural"}`,
			[]string{"dashscope:qwen-max config:model"}},
		{"decoys: prose, provider words, product names", "settings.yaml", `
title: "chatgpt-on-wechat"
provider: claude
model_type: qwen_dashscope
model_server: dashscope
note: gpt-4o is recommended
`, nil},
	})
}

// Class 2 in configuration: tables of hub ids.
func TestClassHubTablesInConfig(t *testing.T) {
	runClassCases(t, []classCase{
		{"model collection members", "values.yaml", `
models:
  - name: meta-llama/Llama-3.1-8B-Instruct
    description: "chat"
  - name: Qwen/Qwen2.5-7B-Instruct
image:
  repository: vllm/vllm-openai
  tag: latest
`, []string{"huggingface:meta-llama/Llama-3.1-8B-Instruct config:name", "huggingface:Qwen/Qwen2.5-7B-Instruct config:name"}},
		{"file named for its models", "models.json", `[{"id": "Xenova/bge-small-en-v1.5", "label": "BGE small"}, {"id": "Xenova/all-MiniLM-L6-v2"}]`,
			[]string{"huggingface:Xenova/bge-small-en-v1.5 config:id", "huggingface:Xenova/all-MiniLM-L6-v2 config:id"}},
		{"dataset mixture keyed by id", "recipe.yaml", `
dataset_mixer:
  HuggingFaceH4/ultrachat_200k: 0.5
  HuggingFaceH4/ultrafeedback_binarized: 1.0
dataset_splits:
  - train_sft
dataset_num_proc: 48
dataset_text_field: text
preprocessing_num_workers: 12
`, []string{"dataset huggingface:HuggingFaceH4/ultrachat_200k config:key", "dataset huggingface:HuggingFaceH4/ultrafeedback_binarized config:key"}},
	})
}

// Class 5: registries outside the hubs, by their own shapes.
func TestClassRegistriesInConfigAndShell(t *testing.T) {
	runClassCases(t, []classCase{
		{"piper voice list", "voices.json", `{"en_US-lessac-medium": {"key": "en_US-lessac-medium", "language": {"code": "en_US"}, "files": {"en_US-lessac-medium.onnx.json": {"size_bytes": 4885}}, "model_card": "MODEL_CARD"}}`,
			[]string{"piper:en_US-lessac-medium config:key", "piper:en_US-lessac-medium config:key"}},
		{"coqui names in a catalogue", "catalog.json", `{"tts_models": {"en": {"ljspeech": {"vits": {"default_vocoder": "vocoder_models/en/ljspeech/hifigan_v2", "commit": "480a6cdf7"}}}}}`,
			[]string{"coqui:vocoder_models/en/ljspeech/hifigan_v2 config:default_vocoder"}},
		{"ultralytics cli and a NIM container", "run.sh", `
yolo predict model=yolov8n.pt source=bus.jpg
docker run --gpus all -p 8000:8000 nvcr.io/nim/meta/llama3-8b-instruct:1.0.0
docker run --gpus all nvcr.io/nvidia/pytorch:24.01-py3
`, []string{"ultralytics:yolov8n.pt shell", "nvidia_nim:meta/llama3-8b-instruct shell"}},
	})
}

// Class 4 in shell: a framework's command takes its short names.
func TestClassAliasesInShell(t *testing.T) {
	runClassCases(t, []classCase{
		{"whisperx cli", "transcribe.sh", `
whisperx audio.wav --model large-v2 --align_model WAV2VEC2_ASR_LARGE_LV60K_960H --batch_size 4
python -m whisperx audio.wav --model small
whisper audio.mp3 --model medium.en
`, []string{"huggingface:Systran/faster-whisper-large-v2 faster-whisper large-v2", "huggingface:Systran/faster-whisper-small faster-whisper small",
			"huggingface:openai/whisper-medium.en openai-whisper medium.en"}},
		{"decoys: outputs and served names", "train.sh", `
python train.py --model_name_or_path meta-llama/Llama-3.1-8B --output_dir acme/llama-sft --hub_model_id acme/llama-sft
vllm serve Qwen/Qwen2.5-7B-Instruct --served-model-name qwen/chat
`, []string{"huggingface:meta-llama/Llama-3.1-8B flag:--model_name_or_path", "huggingface:Qwen/Qwen2.5-7B-Instruct serve"}},
	})
}

// Class 6, dataset-shaped keys holding no dataset, and tables of tokens
// shaped like ids; each decoy beside the reference that must stay.
func TestClassDatasetAndTableJunk(t *testing.T) {
	runClassCases(t, []classCase{
		{"split names, columns and versions under dataset keys", "train.py", `
from trl import SFTTrainer
dataset_id = "samsum"
dataset_config = "3.0.0"
dataset_splits = ["train", "test"]
trainer = SFTTrainer(model=model, dataset_text_field="text", dataset_num_proc=4)
`, []string{"dataset huggingface:samsum assign:dataset_id"}},
		{"a package pin in a Dockerfile", "Dockerfile", `
FROM python:3.11
ENV TRANSFORMERS=4.44.0 DATASETS=2.13.0
ENV DATASET_NAME=tatsu-lab/alpaca
`, []string{"dataset huggingface:tatsu-lab/alpaca env:DATASET_NAME"}},
		{"a vocabulary of special tokens beside a table of ids", "tokens.py", `
SPECIAL = {
    "TTS/B": "TTS/B",
    "TTS/O": "TTS/O",
    "TTS/CO": "TTS/CO",
}
VOICES = {"zh": "iic/CosyVoice2-0.5B", "en": "FunAudioLLM/CosyVoice-300M"}
`, []string{"modelscope:iic/CosyVoice2-0.5B table", "huggingface:FunAudioLLM/CosyVoice-300M table"}},
	})
}

// Display names shaped like router paths: a closed-API vendor's family
// name, capitalised as a leaderboard writes it, is neither a Hugging Face
// repository nor an API name; the vendors' open checkpoints stay.
func TestClassClosedVendorDisplayNames(t *testing.T) {
	runClassCases(t, []classCase{
		{"leaderboard rows", "src/components/leaderboard.tsx", `
const rows = [
  { model: "OpenAI/GPT-5.2-high", icon: "/icons/openai.png", avgAcc: 48.2 },
  { model: "Google/Gemini-3-Pro-Preview", icon: "/icons/gemini.png", avgAcc: 27.3 },
  { model: "Anthropic/Claude-4.5-Sonnet", icon: "/icons/anthropic.png", avgAcc: 26.8 },
];
`, nil},
		{"open checkpoints of the same vendors", "load.py", `
from transformers import AutoModelForCausalLM
a = AutoModelForCausalLM.from_pretrained("openai/gpt-oss-20b")
b = AutoModelForCausalLM.from_pretrained("google/gemma-2-9b-it")
router = {"model": "openai/gpt-4o-mini"}
`, []string{"huggingface:openai/gpt-oss-20b from_pretrained", "huggingface:google/gemma-2-9b-it from_pretrained", "openai:gpt-4o-mini key:model"}},
	})
}

// Values in a model's place that name no model: a count, a provider's
// own name, a path under a directory named like one; beside them the
// models that must stay.
func TestClassNotModelValues(t *testing.T) {
	runClassCases(t, []classCase{
		{"compose environment", "docker-compose.yml", `
services:
  ollama:
    environment:
      - OLLAMA_MAX_LOADED_MODELS=2
      - OLLAMA_MODEL=llama3.1:8b
`, []string{"ollama:llama3.1:8b config:OLLAMA_MODEL"}},
		{"provider names under model keys", "bot.py", `
from qianfan import ChatCompletion
client = ChatCompletion(model="qianfan")
chat = ChatCompletion(model="ERNIE-4.0-8K")
`, []string{"baidu:ERNIE-4.0-8K baidu"}},
		{"an Ollama model named like its vendor", "pull.py", `
import ollama
ollama.pull("mistral")
`, []string{"ollama:mistral ollama"}},
		{"a path under asset/", "config.py", `
tokenizer_path = "asset/tokenizer"
`, nil},
	})
}

// Class 6: a name the project gives its output and later loads back is
// its own model; the base model it trained from stays.
func TestClassOwnOutputsLoadedBack(t *testing.T) {
	runClassCases(t, []classCase{
		{"train, save, load back", "train.py", `
from transformers import AutoModelForCausalLM, TrainingArguments, pipeline
base = AutoModelForCausalLM.from_pretrained("google/gemma-7b")
args = TrainingArguments(output_dir="gemma-7b-dolly-chatml", push_to_hub=True)
trainer.save_model()
tuned = AutoModelForCausalLM.from_pretrained("gemma-7b-dolly-chatml")
model.push_to_hub("acme/gemma-7b-dolly")
again = AutoModelForCausalLM.from_pretrained("acme/gemma-7b-dolly")
clf = pipeline("text-classification", model="modernbert-llm-router")
`, []string{"huggingface:google/gemma-7b from_pretrained", "huggingface:modernbert-llm-router pipeline"}},
	})
}

// Environment settings written as inline code in documentation; decoys:
// other inline code, settings naming no model, a fenced block (read as
// code, not twice).
func TestClassInlineSettingsInDocs(t *testing.T) {
	runClassCases(t, []classCase{
		{"a launch table", "docs/SCRIPT.md", "| model | env |\n| --- | --- |\n" +
			"| qwen2 | `MODEL_NAME=qwen2`、`MODEL_PATH=Qwen/Qwen2-7B-Instruct`、`DEVICE_MAP=cuda:0` |\n" +
			"| glm-4v | `MODEL_PATH=THUDM/glm-4v-9b`, `DTYPE=bfloat16` |\n\n" +
			"Install with `pip install vllm==0.4.0` and set `PORT=8000`; `dataset=test_zh` scores it, `DATASET=tatsu-lab/alpaca` trains it.\n", []string{
			"dataset huggingface:tatsu-lab/alpaca env:DATASET",
			"huggingface:Qwen/Qwen2-7B-Instruct env:MODEL_PATH", "huggingface:THUDM/glm-4v-9b env:MODEL_PATH"}},
	})
}

// Class 2: a dict keyed by hub ids whose entries are settings; the
// entries' keys are not rows. Decoy: a dict of settings keyed by words.
func TestClassTableKeyedByIDs(t *testing.T) {
	runClassCases(t, []classCase{
		{"defaults by model", "ranker.py", `
# layer-wise parameters by model
DEFAULT_PARAMS = {
    "default": {},
    "BAAI/bge-reranker-v2-gemma": {},
    "BAAI/bge-reranker-v2-minicpm-layerwise": {"cutoff_layers": [28], "compress_layer": [24, 40]},
    "BAAI/bge-reranker-v2.5-gemma2-lightweight": {"cutoff_layers": [28], "compress_ratio": 2},
}
LAYOUT = {"train/split": {"a": 1}, "eval": {"b": 2}}
`, []string{"huggingface:BAAI/bge-reranker-v2-gemma table", "huggingface:BAAI/bge-reranker-v2-minicpm-layerwise table",
			"huggingface:BAAI/bge-reranker-v2.5-gemma2-lightweight table"}},
	})
}

// ModelScope-only organisations: their ids are ModelScope's in any file;
// other owners keep the file's hub.
func TestClassModelScopeOnlyOrgs(t *testing.T) {
	runClassCases(t, []classCase{
		{"no modelscope import", "server.py", `
import argparse
p = argparse.ArgumentParser()
p.add_argument("--model_dir", default="x")
p.add_argument("--model", default="iic/SenseVoiceSmall")
p.add_argument("--vad_model", default="damo/speech_fsmn_vad_zh-cn-16k-common-pytorch")
p.add_argument("--llm_model", default="Qwen/Qwen2.5-7B-Instruct")
`, []string{"modelscope:iic/SenseVoiceSmall argument:--model", "modelscope:damo/speech_fsmn_vad_zh-cn-16k-common-pytorch argument:--vad_model",
			"huggingface:Qwen/Qwen2.5-7B-Instruct argument:--llm_model"}},
	})
}

// Class 8: a hub id passed first to a model class of an SDK nobody
// listed; decoys: other classes, a path, a second argument.
func TestClassUnlistedModelClasses(t *testing.T) {
	runClassCases(t, []classCase{
		{"unlisted SDK classes", "serve.py", `
from omnisense.models import OmniSenseVoiceSmall
from mlx_lm import Model
asr = OmniSenseVoiceSmall("iic/SenseVoiceSmall", quantize=False)
llm = Model("databricks/dbrx-instruct")
p = Path("configs/base-v2")
img = Image.open("assets/logo-1.png")
cache = Cache("redis", "org-cache/v1")
`, []string{"modelscope:iic/SenseVoiceSmall call:OmniSenseVoiceSmall", "huggingface:databricks/dbrx-instruct call:Model"}},
	})
}

// A Kubernetes container's shell script in args (a block scalar after
// command: ["/bin/sh", "-c"]) is shell; other args are values.
func TestClassContainerScriptArgs(t *testing.T) {
	runClassCases(t, []classCase{
		{"download job", "job.yaml", `
apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:
      containers:
        - name: download-model
          image: python:3.11-slim
          command: ["/bin/sh", "-c"]
          args:
            - |
              pip install --no-cache-dir "huggingface_hub" &&
              hf download TinyLlama/TinyLlama-1.1B-Chat-v1.0 --local-dir /data/models/tinyllama
        - name: sidecar
          args: ["--port", "8080"]
`, []string{"huggingface:TinyLlama/TinyLlama-1.1B-Chat-v1.0 hf download"}},
	})
}

func TestIsVersion(t *testing.T) {
	for v, want := range map[string]bool{"2": true, "2.13.0": true, "v1.5": true, "3.0.0": true,
		"": false, "v": false, "1..2": false, ".5": false, "5.": false, "o3": false, "gpt2": false, "2b": false, "1.5-pro": false} {
		if got := isVersion(v); got != want {
			t.Errorf("isVersion(%q) = %v, want %v", v, got, want)
		}
	}
}
