package discover

import "strings"

// What a name says about the value it holds: the one place where keys
// (config keys, dict and object keys), keyword arguments and variable
// names are read for meaning.
//
// A name is split into words (snake_case, kebab-case, dotted, camelCase).
// It names a model when one word is a model word and every word after it
// is a word that keeps that meaning (model_name, embedding_model_id,
// model_path_map); a word after it that names something else about the
// model (model_type, model_kwargs, model_max_length, model_server) takes
// the meaning away. Datasets likewise. A name that says its value is made
// by the project (output_dir, hub_model_id, new_model, save_model_path)
// names an output, never a dependency.
type keyInfo struct {
	model, dataset bool
	// strong: the value can only be a model id, so a single-segment
	// legacy id (gpt2) is accepted.
	strong bool
	// output: the value is something the project produces.
	output bool
	// collection: the name is that of a set of models or datasets
	// (models, datasets, model_list, llm_choices), whose members' keys
	// (name, id …) hold the ids.
	collection bool
	// provider (or hub, for modelscope) named by a word of the key
	// (OPENAI_MODEL, ollama_model, modelscope_model_id).
	provider, hub string
}

// modelWords are the words that name a model.
var modelWords = map[string]bool{
	"model": true, "models": true, "checkpoint": true, "checkpoints": true, "tokenizer": true,
	"llm": true, "llms": true, "embedder": true, "reranker": true,
}

// modelTailWords may follow a model or dataset word and keep its meaning.
var modelTailWords = map[string]bool{
	"id": true, "ids": true, "name": true, "names": true, "path": true, "paths": true, "or": true,
	"repo": true, "repos": true, "list": true, "lists": true, "map": true, "mapping": true, "dict": true,
	"table": true, "choices": true, "options": true, "candidates": true, "default": true, "defaults": true,
	"url": true, "uri": true, "tag": true, "tags": true, "size": true, "alias": true, "aliases": true,
	"mixer": true, "mixture": true, "mix": true, "hf": true, "hub": true, "ms": true, "arch": true,
}

// collectionWords end a name of a set of models (model_list, llm_map).
var collectionWords = map[string]bool{
	"list": true, "lists": true, "map": true, "mapping": true, "dict": true, "table": true, "choices": true,
	"options": true, "candidates": true, "names": true, "ids": true, "repos": true, "paths": true, "mixer": true,
	"mixture": true, "mix": true, "aliases": true,
}

// outputWords are words that make a name the project's own product (or a
// name it gives: --served-model-name).
var outputWords = map[string]bool{
	"output": true, "out": true, "save": true, "saved": true, "push": true, "upload": true, "export": true,
	"new": true, "dest": true, "destination": true, "served": true,
}

// strongNames hold nothing but a model id (trainer and pipeline settings).
var strongNames = map[string]bool{
	"model_name_or_path": true, "pretrained_model_name_or_path": true, "base_model": true,
	"base_model_name_or_path": true, "tokenizer_name_or_path": true, "tokenizer_name": true,
	"pretrained_model_name": true, "model_id": true, "repo_id": true, "pretrained_model": true,
}

// providerWords name a provider inside a key (OPENAI_MODEL, ollama.model).
var providerWords = []struct{ word, provider string }{
	{"openai", "openai"}, {"azure", "openai"}, {"anthropic", "anthropic"}, {"claude", "anthropic"},
	{"gemini", "google"}, {"vertex", "google"}, {"google", "google"}, {"qianfan", "baidu"}, {"ernie", "baidu"},
	{"dashscope", "dashscope"}, {"tongyi", "dashscope"}, {"zhipu", "zhipu"}, {"glm", "zhipu"}, {"doubao", "bytedance"},
	{"volc", "bytedance"}, {"ark_", "bytedance"}, {"hunyuan", "tencent"}, {"pangu", "huawei"}, {"moonshot", "moonshot"},
	{"kimi", "moonshot"}, {"mistral", "mistral"}, {"deepseek", "deepseek"}, {"minimax", "minimax"}, {"ollama", HubOllama},
	{"modelscope", HubModelScope}, {"groq", "groq"}, {"cohere", "cohere"}, {"perplexity", "perplexity"},
	{"voyage", "voyage"}, {"nvidia", "nvidia_nim"}, {"xai", "xai"}, {"grok", "xai"}, {"gitee", "giteeai"},
}

// keyInfoOf reads a name (any case convention).
func keyInfoOf(name string) keyInfo {
	l := camelLower(name)
	words := splitWords(l)
	var k keyInfo
	for i, w := range words {
		if outputWords[w] {
			k.output = true
		}
		isModel := modelWords[w] || w == "repo" && i+1 < len(words) && words[i+1] == "id" || w == "repoid"
		isData := w == "dataset" || w == "datasets"
		if !isModel && !isData {
			continue
		}
		tail := true
		for _, t := range words[i+1:] {
			if !modelTailWords[t] && !modelWords[t] {
				tail = false
				break
			}
		}
		if !tail {
			continue
		}
		if isData {
			k.dataset = true
		} else {
			k.model = true
		}
		if strings.HasSuffix(w, "s") || i+1 < len(words) && collectionWords[words[len(words)-1]] {
			k.collection = true
		}
	}
	if l == "hub_model_id" || l == "hub_repo_id" || l == "push_to_hub_model_id" {
		k.output = true
	}
	if k.dataset {
		k.model = false
	}
	if !k.model && !k.dataset {
		return keyInfo{output: k.output}
	}
	k.strong = strongNames[l]
	for _, pw := range providerWords {
		if strings.Contains(l, pw.word) {
			if pw.provider == HubModelScope {
				k.hub = HubModelScope
			} else if !k.dataset {
				k.provider = pw.provider
			}
			break
		}
	}
	return k
}

// names reports whether the name holds a model or a dataset the project
// depends on.
func (k keyInfo) names() bool { return (k.model || k.dataset) && !k.output }
