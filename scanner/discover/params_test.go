package discover

import "testing"

// Class 8: a function's signature gives a model-named parameter a literal
// default; the function runs with that model whenever a caller passes
// none. Decoys: parameters without a default, defaults that are names,
// calls or paths the project writes, parameters whose name says nothing of
// a model.
func TestClassParameterDefaults(t *testing.T) {
	runClassCases(t, []classCase{
		{"typed default in a method", "rag/embed.py", `
from openai import OpenAI

class Embedder:
    def __init__(self):
        self.client = OpenAI()

    def embed(self, text: str, model: str = "text-embedding-3-small") -> list:
        return self.client.embeddings.create(input=[text], model=model).data[0].embedding
`, []string{"openai:text-embedding-3-small param:model"}},
		{"hub id as a constructor default", "rag/rerank.py", `
from sentence_transformers import CrossEncoder

class Reranker:
    def __init__(self, model_name="BAAI/bge-reranker-large", top_k=5):
        self.model = CrossEncoder(model_name)
`, []string{"huggingface:BAAI/bge-reranker-large param:model_name"}},
		{"typescript function default", "src/llm.ts", `
import OpenAI from "openai";

export async function summarise(text: string, model: string = "gpt-4o-mini") {
  const client = new OpenAI();
  return client.chat.completions.create({ model, messages: [{ role: "user", content: text }] });
}
`, []string{"openai:gpt-4o-mini param:model"}},
		{"class of a hub names the hub", "clients/ms.py", `
class ModelScopeSession:
    def load(self, model_id: str = "damo/nlp_structbert_sentence-similarity_chinese-base"):
        from modelscope.pipelines import pipeline
        return pipeline("sentence-similarity", model=model_id)
`, []string{"modelscope:damo/nlp_structbert_sentence-similarity_chinese-base param:model_id"}},
		{"no default, a caller chooses", "rag/chat.py", `
def chat(prompt: str, model: str, temperature: float = 0.2):
    return prompt
`, nil},
		{"defaults that are not models", "rag/train.py", `
def train(output_dir: str = "./outputs/my-model", model=None, model_path=DEFAULT_PATH, lr: float = 1e-4, name: str = "baseline"):
    pass
`, nil},
	})
}

// A client held by the instance (self.client = ZhipuAI(…)) gives the
// provider of the calls a method makes through it.
func TestClassInstanceClient(t *testing.T) {
	runClassCases(t, []classCase{
		{"zhipu client on self", "llm/zhipu.py", `
from zhipuai import ZhipuAI

class ZhipuChat:
    def __init__(self):
        self.client = ZhipuAI(api_key="")

    def chat(self, messages):
        return self.client.chat.completions.create(model="glm-4-flash", messages=messages)
`, []string{"zhipu:glm-4-flash zhipu"}},
		{"a local instance attribute named like the client is not it", "llm/other.py", `
from zhipuai import ZhipuAI

client = ZhipuAI(api_key="")

class Wrapper:
    def run(self, text):
        return self.client.chat.completions.create(model="house-model", messages=[])
`, nil},
	})
}
