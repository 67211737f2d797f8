package discover

import (
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/scanner/knownmodels"
)

// catalogOwnersNotPublishers are owners of built-in catalog entries left
// out of modelPublishers: individuals whose repositories are as often
// demos, Spaces or datasets as models the catalog needed one of.
var catalogOwnersNotPublishers = map[string]bool{"amgadhasan": true, "sayakpaul": true}

// TestPublisherTable holds the table to its rules: lowercase, unique,
// within the length bound, and holding every owner of the built-in
// catalog.
func TestPublisherTable(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range modelPublishers {
		if p != strings.ToLower(p) || len(p) > maxPublisherLen || p == "" || strings.ContainsAny(p, "/ ") {
			t.Errorf("publisher %q: not a lowercase owner within %d bytes", p, maxPublisherLen)
		}
		if seen[p] {
			t.Errorf("publisher %q listed twice", p)
		}
		seen[p] = true
	}
	for _, e := range knownmodels.Builtin().Entries() {
		owner, _, ok := strings.Cut(e.ID, "/")
		if !ok || catalogOwnersNotPublishers[strings.ToLower(owner)] {
			continue
		}
		if !seen[strings.ToLower(owner)] {
			t.Errorf("catalog owner %q (%s) is not in modelPublishers", owner, e.ID)
		}
	}
}

// TestPublisherOfRows: each owner, in the cases projects write it, passes
// the byte test and the value test; a longer or shorter owner does not.
func TestPublisherOfRows(t *testing.T) {
	for _, p := range modelPublishers {
		upper := strings.ToUpper(p[:1]) + p[1:]
		for _, v := range []string{p + "/model-7b", strings.ToUpper(p) + "/Model-7B", upper + "/m-1.5"} {
			if !publisherOf([]byte(v)) || !publisherID(v) {
				t.Errorf("%q: publisherOf %v publisherID %v, want both", v, publisherOf([]byte(v)), publisherID(v))
			}
		}
		for _, v := range []string{p + "x/model-7b", p[:len(p)-1] + "/model-7b", "x" + p + "/model-7b"} {
			if seen := slices.Contains(modelPublishers, strings.ToLower(v[:strings.IndexByte(v, '/')])); seen {
				continue // another row's owner
			}
			if publisherOf([]byte(v)) {
				t.Errorf("publisherOf(%q) = true", v)
			}
		}
	}
	for _, v := range []string{
		"google/protobuf",            // a path: the name carries no version, size or variant
		"openai/v1",                  // an API version
		"meta-llama/your-model-name", // a placeholder
		"Qwen/Qwen2-7B/config.json",  // a file in a repository
		"qwen/",                      // a prefix
		"acme/model-7b",              // an owner nobody knows
		"Qwen/Qwen2 7B",              // prose
	} {
		if publisherID(v) {
			t.Errorf("publisherID(%q) = true", v)
		}
	}
}

// FuzzPublisherOf: the byte test passes every value the rule accepts.
func FuzzPublisherOf(f *testing.F) {
	for _, s := range []string{"Qwen/Qwen2-7B", "META-LLAMA/Llama-3-8B", "baai/bge-m3", "\u212aqwen/x-1", "a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if publisherID(v) && !publisherOf([]byte(v)) {
			t.Fatalf("publisherID(%q) but publisherOf is false", v)
		}
	})
}

// Known-publisher literals held where no other rule looks, and the decoys
// that share their owners.
func TestClassPublisherLiterals(t *testing.T) {
	runClassCases(t, []classCase{
		{"parameter default under a neutral name", "rag/embeddings.py", `
class BgeEmbedding:
    def __init__(self, path: str = 'BAAI/bge-base-zh-v1.5', is_api: bool = False) -> None:
        self.path = path
        self._model = self.load_model()
`, []string{"huggingface:BAAI/bge-base-zh-v1.5 publisher"}},
		{"literal default after or", "rerank/vlm.py", `
class MonoVLMRanker:
    def __init__(self, model_name_or_path, processor_name=None):
        processor_name = processor_name or "Qwen/Qwen2-VL-2B-Instruct"
        self.processor = AutoProcessor.from_pretrained(processor_name)
`, []string{"huggingface:Qwen/Qwen2-VL-2B-Instruct publisher"}},
		{"option default under a directory option", "scripts/test_llm.py", `
import argparse
parser = argparse.ArgumentParser()
parser.add_argument('--tokenizer_dir', type=str, default="meta-llama/Meta-Llama-3-8B-Instruct")
parser.add_argument('--output_dir', type=str, default="meta-llama/Llama-3-8B-ft")
parser.add_argument('--dataset_name', type=str, default="allenai/c4")
`, []string{"huggingface:meta-llama/Meta-Llama-3-8B-Instruct publisher", "dataset huggingface:allenai/c4 argument:--dataset_name"}},
		{"typescript list of choices", "lib/constants.ts", `
export const MODELS = [
  { label: "Llama 3.1 405B", value: "llama-3.1-405b-turbo", paid: true },
  { label: "DeepSeek V3", value: "deepseek-ai/DeepSeek-V3", paid: false },
];
`, []string{"huggingface:deepseek-ai/DeepSeek-V3 publisher"}},
		{"positional argument of an unlisted class", "examples/rank.py", `
from rerankers import Reranker
ranker = Reranker('cross-encoder/ms-marco-MiniLM-L-6-v2', model_type="cross-encoder")
`, []string{"huggingface:cross-encoder/ms-marco-MiniLM-L-6-v2 publisher"}},
		{"the hub another rule of the file found", "common/const.py", `
# ModelScope
QWEN3_235B = "Qwen/Qwen3-235B-A22B-Instruct-2507"
MODELSCOPE_MODEL_LIST = ["Qwen/Qwen3-235B-A22B-Instruct-2507", "Qwen/Qwen3-32B"]
`, []string{"modelscope:Qwen/Qwen3-235B-A22B-Instruct-2507 publisher", "modelscope:Qwen/Qwen3-235B-A22B-Instruct-2507 table", "modelscope:Qwen/Qwen3-32B table"}},

		// decoys
		{"datasets of the same owners", "train/data.py", `
from datasets import load_dataset
ds = load_dataset("allenai/c4", "en", streaming=True)
name = "openai/gsm8k"
train = load_dataset(name, "main")
eval_sets = {"math": "openai/gsm8k", "chat": "chat-v2"}
data_files = ["allenai/c4-en-2024"]
def get(dataset: str = "HuggingFaceH4/ultrachat_200k"):
    return dataset
task = ("allenai/ai2_arc", "ARC-Challenge")
`, []string{"dataset huggingface:allenai/c4 load_dataset", "dataset huggingface:openai/gsm8k load_dataset", "dataset huggingface:HuggingFaceH4/ultrachat_200k param:dataset"}},
		{"a dataset chosen in a function, a constant a dataset loader reads", "train/mix.py", `
from modelscope.msdatasets import MsDataset
NAME = "iic/chinese-kuakua-collection"
ms = MsDataset.load(NAME)
def build():
    mix = "allenai/tulu-3-sft-mixture"
    return load_dataset(mix, split="train")
`, []string{"dataset modelscope:iic/chinese-kuakua-collection load_dataset"}},
		{"dataclass field of a dataset", "training/grpo.py", `
from dataclasses import dataclass, field
from typing import Optional
@dataclass
class ScriptArguments:
    dataset_name: Optional[str] = field(
        default="openai/gsm8k",
        metadata={"help": "The name of the dataset to use."}
    )
    tokenizer_path: Optional[str] = field(default="Qwen/Qwen2.5-0.5B")
`, []string{"huggingface:Qwen/Qwen2.5-0.5B publisher"}},
		{"github repositories and organisations", "tools/links.py", `
import subprocess
REPO_URL = "https://github.com/microsoft/DeepSpeed"
GITHUB_REPO = "microsoft/DeepSpeed-MII"
subprocess.run(["git", "clone", "facebook/react-native"])
legacy_examples = (
    "https://github.com/FunAudioLLM/CosyVoice",
    "FunAudioLLM/Fun-ASR",
)
`, nil},
		{"paths, imports and string tests", "app/util.ts", `
// model helpers (the comment is the file's trigger word)
import { OpenAI } from "openai/index-v4";
const shims = require("openai/shims-node");
const proto = "google/protobuf";
if (name.startsWith("meta-llama/Llama-3")) { family = "llama"; }
const file = path.join("google/gemma-2b", "config.json");
const full = "meta-llama/Llama-2-" + size;
const route = "openai/v1.0";
`, nil},
		{"substring tests and formats in python", "app/route.py", `
if "Qwen/Qwen2" in model_name:
    family = "qwen"
if model_name.startswith("Qwen/Qwen2.5"):
    family = "qwen2.5"
name = "Qwen/Qwen2-%s" % size
other = "Qwen/Qwen2-7B".lower()
`, nil},
		{"the project's own outputs", "train/sft.py", `
from transformers import TrainingArguments
args = TrainingArguments(output_dir="meta-llama/Llama-3-8B-sft", hub_model_id="mistralai/Mistral-7B-mine")
model.push_to_hub("Qwen/Qwen2-7B-mine")
new_model = "google/gemma-7b-dolly"
`, nil},
		{"placeholders and images", "deploy/config.py", `
MODEL_HINT = "meta-llama/your-model-name"
image = "nvidia/cuda-12.1"
docker_image = "stabilityai/sd-webui-2"
owner = "google/deepmind-1"
`, nil},
		{"a docstring alone", "lib/doc.py", `
# model loader
def load():
    """Qwen/Qwen2-7B-Instruct"""
    return None
`, nil},
		{"a space", "app/space.py", `
from huggingface_hub import snapshot_download
snapshot_download(repo_id="stabilityai/stable-diffusion-3", repo_type="space")
`, nil},
	})
}

// Shell assignments: a known publisher's id under a key that says nothing
// (a case arm choosing a repository), a set of models as one
// space-separated value, and the decoys beside them.
func TestClassShellPublishersAndSets(t *testing.T) {
	runClassCases(t, []classCase{
		{"a case arm chooses the repository", "runtime/download-model.sh", `
#!/bin/sh
case "$1" in
  paraformer) REPO="FunAudioLLM/Paraformer-GGUF" ;;
  nano)       REPO="FunAudioLLM/Fun-ASR-Nano-GGUF" ;;
esac
huggingface-cli download "$REPO" --local-dir models
`, []string{"huggingface:FunAudioLLM/Paraformer-GGUF env:REPO", "huggingface:FunAudioLLM/Fun-ASR-Nano-GGUF huggingface-cli download"}},
		{"voices to download, one value", "download_voices.sh", `
#!/bin/sh
models=${*:-"en_GB-northern_english_male-medium en_US-libritts_r-medium"} # en_US-ryan-high
piper --download-dir voices --update-voices $models
`, []string{"piper:en_GB-northern_english_male-medium env:models", "piper:en_US-libritts_r-medium env:models"}},
		{"ollama models to pull, one value", "pull.sh", `
OLLAMA_MODELS="llama3.1:8b qwen2.5:7b"
for m in $OLLAMA_MODELS; do ollama pull "$m"; done
`, []string{"ollama:llama3.1:8b env:OLLAMA_MODELS", "ollama:qwen2.5:7b env:OLLAMA_MODELS"}},

		// decoys
		{"github, images, outputs and bare words", "setup.sh", `
# clone and download helpers
GITHUB_REPO="microsoft/DeepSpeed-MII"
IMAGE="nvidia/cuda-12.1"
OUTPUT_REPO="Qwen/Qwen2-7B-sft"
MODELS="llama3 mistral"
PACKAGES="numpy torch-2.1"
git clone "https://github.com/$GITHUB_REPO"
`, nil},
	})
}
