package discover

import (
	"context"
	"testing"
)

// Class 1 in code: closed-API names held as data (constants, enum members,
// lists and dicts of supported models, keyword defaults, comparisons),
// with decoys that must stay unreported.
func TestClassAPINamesInCode(t *testing.T) {
	runClassCases(t, []classCase{
		{"module constants", "const.py", `
# model names
GPT4 = "gpt-4"
GPT_4O_MINI = "gpt-4o-mini"
CLAUDE_SONNET = "claude-3-5-sonnet-20241022"
QWEN_MAX = "qwen-max"
APP_NAME = "chat-on-wechat"
`, []string{"openai:gpt-4 data", "openai:gpt-4o-mini data", "anthropic:claude-3-5-sonnet-20241022 data", "dashscope:qwen-max data"}},
		{"list of supported models", "bot.py", `
SUPPORTED_MODELS = ["gemini-1.5-pro", "gemini-2.0-flash", "moonshot-v1-8k"]
def pick(name):
    if name == "deepseek-reasoner":
        return 1
`, []string{"google:gemini-1.5-pro data", "google:gemini-2.0-flash data", "moonshot:moonshot-v1-8k data", "deepseek:deepseek-reasoner data"}},
		{"typescript enum and object literal", "models.ts", `
export enum OpenAIModelID {
  GPT_3_5 = "gpt-3.5-turbo-1106",
  GPT_4 = "gpt-4-turbo-preview",
}
export const LIMITS = { "claude-3-haiku-20240307": 200000 };
`, []string{"openai:gpt-3.5-turbo-1106 data", "openai:gpt-4-turbo-preview data", "anthropic:claude-3-haiku-20240307 data"}},
		{"gateway and router paths", "payload.py", `
PAYLOAD = {"model_configuration": {"name": "truefoundry/openai-main/gpt-4o-mini"}}
ROUTED = ["openai/gpt-4o", "anthropic/claude-3-opus-20240229", "openai/gpt-oss-20b", "openai/whisper-large-v3"]
`, []string{"openai:gpt-4o-mini data", "openai:gpt-4o data", "anthropic:claude-3-opus-20240229 data",
			"huggingface:openai/gpt-oss-20b table", "huggingface:openai/whisper-large-v3 table"}},
		{"literal default after or", "oai.py", `
class TextChatAtOAI:
    def __init__(self, cfg):
        self.model = self.model or 'gpt-4o-mini'
        self.embed_model_id = cfg.get("embed") or "BAAI/bge-m3"
`, []string{"openai:gpt-4o-mini assign:model", "huggingface:BAAI/bge-m3 assign:embed_model_id"}},
		{"object with a sibling provider key", "perplexity-llm-list.ts", `
const CODELLAMA_70B_INSTRUCT: LLM = {
  modelId: "codellama-70b-instruct",
  modelName: "CodeLlama 70B Instruct",
  provider: "perplexity",
}
const LOCAL: LLM = { modelId: "codellama-70b-instruct", provider: "custom" }
const GROQ: LLM = { modelId: "gemma-7b-it", modelName: "Gemma-7b-It", provider: "groq" }
`, []string{"perplexity:codellama-70b-instruct key:modelId", "groq:gemma-7b-it key:modelId"}},
		{"ollama default model returned", "model-helper.ts", `
export function getSelectedModel(): string {
  const storedModel = localStorage.getItem("selectedModel");
  if (storedModel) return storedModel || "gemma:2b";
  return "llama3.1:8b";
}
const IMAGES = ["postgres:latest", "python:3.11"];
`, []string{"ollama:gemma:2b data", "ollama:llama3.1:8b data"}},
		{"argparse default", "cli.py", `
import argparse
p = argparse.ArgumentParser()
p.add_argument("--judge", default="gpt-4o", help="judge model")
`, []string{"openai:gpt-4o data"}},
		{"decoys: prefix tests, messages, docstrings, product names", "util.py", `
"""Works with gpt-4o and claude-3-opus."""
def kind(model):
    if model.startswith("gpt-4"):
        return "openai"
    print("gpt-4o is slow")
    logger.info("claude-3-opus-20240229")
    title = "ChatGPT on WeChat"
    return model.replace("qwen-max", "")

def list_models():
    return ModelList(data=[ModelCard(id="gpt-3.5-turbo")])
`, nil},
	})
}

// Class 2 in code: tables of hub ids, iterated later or looked up by key.
func TestClassHubTablesInCode(t *testing.T) {
	runClassCases(t, []classCase{
		{"nested dict of defaults by language", "reranker.py", `
DEFAULTS = {
    "cross-encoder": {"en": "mixedbread-ai/mxbai-rerank-base-v1", "zh": "BAAI/bge-reranker-base"},
    "t5": {"en": "unicamp-dl/InRanker-base"},
    "cohere": {"en": "rerank-english-v3.0"},
}
`, []string{"huggingface:mixedbread-ai/mxbai-rerank-base-v1 table", "huggingface:BAAI/bge-reranker-base table",
			"huggingface:unicamp-dl/InRanker-base table", "cohere:rerank-english-v3.0 data"}},
		{"dict keyed by language", "align.py", `
DEFAULT_ALIGN_MODELS_HF = {
    "ja": "jonatasgrosman/wav2vec2-large-xlsr-53-japanese",
    "zh": "jonatasgrosman/wav2vec2-large-xlsr-53-chinese-zh-cn",
}
`, []string{"huggingface:jonatasgrosman/wav2vec2-large-xlsr-53-japanese table", "huggingface:jonatasgrosman/wav2vec2-large-xlsr-53-chinese-zh-cn table"}},
		{"list named for a hub", "const.py", `
MODELSCOPE_MODEL_LIST = ["Qwen/Qwen3-8B", "deepseek-ai/DeepSeek-V3.2"]
`, []string{"modelscope:Qwen/Qwen3-8B table", "modelscope:deepseek-ai/DeepSeek-V3.2 table"}},
		{"dict keyed by hub id", "tokens.py", `
# tokens per model
PREDICTION_TOKENS = {
    "castorini/monot5-base-msmarco": ["false", "true"],
    "unicamp-dl/mt5-base-mmarco-v2": ["no", "yes"],
}
`, []string{"huggingface:castorini/monot5-base-msmarco table", "huggingface:unicamp-dl/mt5-base-mmarco-v2 table"}},
		{"decoys: one id alone, mime types, trainer checkpoints, paths, outputs", "train.py", `
ROOT = ["src/utils"]
ACCEPT = {"json": "application/json", "png": "image/png", "csv": "text/csv"}
RESUME = ["llama2-7b-journal-finetune/checkpoint-500", "mistral-viggo-finetune/checkpoint-1000"]
DIRS = ["runs/exp1", "logs/train", "configs/base"]
output_models = ["acme/run-1", "acme/run-2"]
`, nil},
	})
}

// TestShapeRulesNeedTrigger: a file with no code trigger word is not read
// as code, so the rules that read strings by their shape alone must find
// nothing there with the prefilter off either (the prefilter skips only
// what cannot give a reference).
func TestShapeRulesNeedTrigger(t *testing.T) {
	for _, tc := range []struct{ file, src string }{
		{"consts.py", "PIPE = 'stabilityai/stable-diffusion-xl-base-1.0'\n"},                // a known publisher's id (publishers.go)
		{"consts.py", "CHOICES = ['Qwen/Qwen2-7B-Instruct', 'Qwen/Qwen2-1.5B-Instruct']\n"}, // a table (data.go)
		{"consts.py", "GPT = 'gpt-4o-mini'\n"},                                              // a bare family (data.go)
		{"vars.sh", "PIPE=\"stabilityai/stable-diffusion-xl-base-1.0\"\n"},                  // a known publisher's id in shell
	} {
		dir := writeTree(t, map[string]string{tc.file: tc.src})
		for _, off := range []bool{false, true} {
			res, err := discoverWith(context.Background(), dir, Options{noPrefilter: off}, Extractors())
			if err != nil {
				t.Fatal(err)
			}
			if len(res.References) != 0 {
				t.Errorf("%s %q (prefilter off %v): %v", tc.file, tc.src, off, res.References)
			}
		}
	}
}

// A set of models named for its provider: its members are that provider's
// names whatever their shape; display names and aliases beside them are not.
func TestClassProviderNamedSets(t *testing.T) {
	runClassCases(t, []classCase{
		{"a provider's list of served models", "common/const.py", `
# model names
GITEE_AI_MODEL_LIST = ["Yi-34B-Chat", "InternVL2-8B", "code-raccoon-v1"]
`, []string{"giteeai:Yi-34B-Chat table", "giteeai:InternVL2-8B table", "giteeai:code-raccoon-v1 table"}},
		{"keys of a provider's mapping to SDK constants", "models/dashscope_bot.py", `
import dashscope
dashscope_models = {
    "qwen-bailian-v1": dashscope.Generation.Models.bailian_v1,
}
`, []string{"dashscope:qwen-bailian-v1 table"}},
		{"typescript list", "app/constant.ts", `
// models
const DEEPSEEK_MODELS = ["deepseek-chat", "deepseek-coder"];
`, []string{"deepseek:deepseek-chat data", "deepseek:deepseek-coder table"}},

		// decoys
		{"display names, aliases, nested settings, plain words", "app/models.py", `
OPENAI_MODEL_ALIASES = {"GPT-4o": "gpt-4o", "fast-1": "gpt-4o-mini"}
GITEE_AI_MODEL_OPTIONS = ["fast", "smart", "ai.gitee.com"]
GITEE_AI_MODELS = [{"name": "chat", "tags": ["chat-v2"]}]
OUTPUT_GITEE_MODELS = ["mine-v1"]
`, []string{"openai:gpt-4o data", "openai:gpt-4o-mini data"}},
	})
}

// TestNotOwners: first segments that make owner/name a route, an
// environment reference or a release directory, never a hub id; owners
// that look close stay ids.
func TestNotOwners(t *testing.T) {
	for v, want := range map[string]bool{
		"v1/models":                false, // an API route
		"V2/chat-completions":      false,
		"os.environ/AZURE_API_KEY": false, // LiteLLM's environment reference
		"FunClip-2.1.0/LICENSE":    false, // a release directory
		"pkg-v1.2.3/README":        false,
		"Qwen/Qwen2.5-7B":          true,
		"v1b/model-7b":             true, // not a version
		"deepseek-ai/DeepSeek-V3":  true,
		"stabilityai/sdxl-1.0":     true,
		"tiiuae/falcon-7b":         true,
		"model-2.0/x-1":            true, // two parts: an owner may be so named
	} {
		if got := validHFID(v); got != want {
			t.Errorf("validHFID(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestLiteLLMHostPrefixes: a LiteLLM prefix of a host with a name of its
// own makes that host the hub (as a sibling provider key does); an open
// model a host serves stays the Hub's id.
func TestLiteLLMHostPrefixes(t *testing.T) {
	for v, want := range map[string]string{
		"bedrock/amazon.titan-text-premier-v1:0":     "bedrock:amazon.titan-text-premier-v1:0",
		"bedrock/mistral.mixtral-8x7b-instruct-v0:1": "bedrock:mistral.mixtral-8x7b-instruct-v0:1",
		"groq/llama3-8b-8192":                        "groq:llama3-8b-8192",
		"together_ai/meta-llama/Llama-3-70b-chat-hf": "huggingface:meta-llama/Llama-3-70b-chat-hf",
		"openrouter/mistralai/mistral-7b-instruct":   "huggingface:mistralai/mistral-7b-instruct",
	} {
		c, ok := classify(v, hint{litellm: true})
		if got := c.hub + ":" + c.id; !ok || got != want {
			t.Errorf("classify(%q) = %q %v, want %q", v, got, ok, want)
		}
	}
}
