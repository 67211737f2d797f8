package ollama

import (
	"strings"

	"github.com/aibom/aibom/scanner/hub"
)

// TableSnapshot dates the built-in tag table.
const TableSnapshot = "2026-11-29"

// family is one Ollama library model.
type family struct {
	// license is the Hugging Face license id every size of the family
	// carries; empty when it depends on the size (Qwen 2/2.5, the DeepSeek
	// R1 distillations), where the upstream model's own record decides.
	license string
	// latest is the size the "latest" tag stands for ("" when unknown).
	latest string
	// sizes maps a size token (first dash-separated part of the tag, or
	// size-qualifier such as "7b-v0.2") to the upstream repositories.
	sizes map[string]upstream
}

// upstream names the Hugging Face repositories a tag packages: the
// instruction-tuned one (Ollama's default) and the base one ("-text" tags).
type upstream struct{ chat, text string }

// library is deliberately small: only families whose license and upstream
// repositories are established by the publishers' Hugging Face repos
// recorded in ../shared/corpus/known-models.yaml (Meta, Google, Qwen,
// Microsoft, Mistral, DeepSeek, Nomic) and whose Ollama sizes follow the
// publisher's sizes (e.g. the qwen3 library page lists 0.6b 1.7b 4b 8b 14b
// 30b 32b 235b). Sizes whose packaged upstream changed over time (qwen3
// 30b/235b, deepseek-r1 8b/671b) are left out: they get the family license
// only. Online, the license file the registry publishes for the exact tag
// is read and takes precedence.
var library = map[string]family{
	"llama2": {license: "llama2", latest: "7b", sizes: map[string]upstream{
		"7b":  {"meta-llama/Llama-2-7b-chat-hf", "meta-llama/Llama-2-7b-hf"},
		"13b": {"meta-llama/Llama-2-13b-chat-hf", "meta-llama/Llama-2-13b-hf"},
		"70b": {"meta-llama/Llama-2-70b-chat-hf", "meta-llama/Llama-2-70b-hf"},
	}},
	"llama3": {license: "llama3", latest: "8b", sizes: map[string]upstream{
		"8b":  {"meta-llama/Meta-Llama-3-8B-Instruct", "meta-llama/Meta-Llama-3-8B"},
		"70b": {"meta-llama/Meta-Llama-3-70B-Instruct", "meta-llama/Meta-Llama-3-70B"},
	}},
	"llama3.1": {license: "llama3.1", latest: "8b", sizes: map[string]upstream{
		"8b":   {"meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B"},
		"70b":  {"meta-llama/Llama-3.1-70B-Instruct", "meta-llama/Llama-3.1-70B"},
		"405b": {"meta-llama/Llama-3.1-405B-Instruct", "meta-llama/Llama-3.1-405B"},
	}},
	"llama3.2": {license: "llama3.2", latest: "3b", sizes: map[string]upstream{
		"1b": {"meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.2-1B"},
		"3b": {"meta-llama/Llama-3.2-3B-Instruct", "meta-llama/Llama-3.2-3B"},
	}},
	"llama3.3": {license: "llama3.3", latest: "70b", sizes: map[string]upstream{
		"70b": {"meta-llama/Llama-3.3-70B-Instruct", ""},
	}},
	"gemma": {license: "gemma", latest: "7b", sizes: map[string]upstream{
		"2b": {"google/gemma-2b-it", "google/gemma-2b"},
		"7b": {"google/gemma-7b-it", "google/gemma-7b"},
	}},
	"gemma2": {license: "gemma", latest: "9b", sizes: map[string]upstream{
		"2b":  {"google/gemma-2-2b-it", "google/gemma-2-2b"},
		"9b":  {"google/gemma-2-9b-it", "google/gemma-2-9b"},
		"27b": {"google/gemma-2-27b-it", "google/gemma-2-27b"},
	}},
	"gemma3": {license: "gemma", latest: "4b", sizes: map[string]upstream{
		"1b":  {"google/gemma-3-1b-it", "google/gemma-3-1b-pt"},
		"4b":  {"google/gemma-3-4b-it", "google/gemma-3-4b-pt"},
		"12b": {"google/gemma-3-12b-it", "google/gemma-3-12b-pt"},
		"27b": {"google/gemma-3-27b-it", "google/gemma-3-27b-pt"},
	}},
	"qwen2": {latest: "7b", sizes: map[string]upstream{
		"0.5b": {"Qwen/Qwen2-0.5B-Instruct", "Qwen/Qwen2-0.5B"},
		"1.5b": {"Qwen/Qwen2-1.5B-Instruct", "Qwen/Qwen2-1.5B"},
		"7b":   {"Qwen/Qwen2-7B-Instruct", "Qwen/Qwen2-7B"},
		"72b":  {"Qwen/Qwen2-72B-Instruct", "Qwen/Qwen2-72B"},
	}},
	"qwen2.5": {latest: "7b", sizes: map[string]upstream{
		"0.5b": {"Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-0.5B"},
		"1.5b": {"Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen2.5-1.5B"},
		"3b":   {"Qwen/Qwen2.5-3B-Instruct", "Qwen/Qwen2.5-3B"},
		"7b":   {"Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B"},
		"14b":  {"Qwen/Qwen2.5-14B-Instruct", "Qwen/Qwen2.5-14B"},
		"32b":  {"Qwen/Qwen2.5-32B-Instruct", "Qwen/Qwen2.5-32B"},
		"72b":  {"Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-72B"},
	}},
	"qwen3": {license: "apache-2.0", latest: "8b", sizes: map[string]upstream{
		"0.6b": {"Qwen/Qwen3-0.6B", ""},
		"1.7b": {"Qwen/Qwen3-1.7B", ""},
		"4b":   {"Qwen/Qwen3-4B", ""},
		"8b":   {"Qwen/Qwen3-8B", ""},
		"14b":  {"Qwen/Qwen3-14B", ""},
		"32b":  {"Qwen/Qwen3-32B", ""},
	}},
	"phi3": {license: "mit", latest: "3.8b", sizes: map[string]upstream{
		"3.8b":      {"microsoft/Phi-3-mini-4k-instruct", ""},
		"mini":      {"microsoft/Phi-3-mini-4k-instruct", ""},
		"3.8b-128k": {"microsoft/Phi-3-mini-128k-instruct", ""},
		"mini-128k": {"microsoft/Phi-3-mini-128k-instruct", ""},
		"14b":       {"microsoft/Phi-3-medium-4k-instruct", ""},
		"medium":    {"microsoft/Phi-3-medium-4k-instruct", ""},
	}},
	"phi3.5": {license: "mit", latest: "3.8b", sizes: map[string]upstream{
		"3.8b": {"microsoft/Phi-3.5-mini-instruct", ""},
	}},
	"phi4": {license: "mit", latest: "14b", sizes: map[string]upstream{
		"14b": {"microsoft/phi-4", ""},
	}},
	"mistral": {license: "apache-2.0", latest: "7b", sizes: map[string]upstream{
		"7b":      {"mistralai/Mistral-7B-Instruct-v0.3", "mistralai/Mistral-7B-v0.3"},
		"7b-v0.1": {"mistralai/Mistral-7B-Instruct-v0.1", "mistralai/Mistral-7B-v0.1"},
		"7b-v0.2": {"mistralai/Mistral-7B-Instruct-v0.2", ""},
		"7b-v0.3": {"mistralai/Mistral-7B-Instruct-v0.3", "mistralai/Mistral-7B-v0.3"},
	}},
	"deepseek-r1": {sizes: map[string]upstream{
		"1.5b": {"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", ""},
		"7b":   {"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", ""},
		"14b":  {"deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", ""},
		"32b":  {"deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", ""},
		"70b":  {"deepseek-ai/DeepSeek-R1-Distill-Llama-70B", ""},
	}},
	"nomic-embed-text": {license: "apache-2.0", latest: "v1.5", sizes: map[string]upstream{
		"v1.5": {"nomic-ai/nomic-embed-text-v1.5", ""},
	}},
}

// Mapping is what the table knows about one tag.
type Mapping struct {
	Tag     Tag
	License string // Hugging Face license id of the family; "" when size-dependent
	// Upstream is the Hugging Face repository the tag packages; "" when the
	// table does not know it for this tag.
	Upstream string
}

// Lookup maps an Ollama tag through the built-in table. Only the official
// library namespace is mapped: a user's model of the same name is not the
// library's.
func Lookup(id string) (Mapping, bool) {
	t := ParseTag(id)
	if t.Host != "" || t.Namespace != "library" {
		return Mapping{}, false
	}
	f, ok := library[t.Name]
	if !ok {
		return Mapping{}, false
	}
	m := Mapping{Tag: t, License: f.license}
	tokens := strings.Split(t.Tag, "-")
	size := tokens[0]
	text := false
	for _, tok := range tokens {
		text = text || tok == "text"
	}
	if size == "latest" || size == "text" || size == "instruct" {
		size = f.latest
	}
	up, found := upstream{}, false
	for _, q := range tokens[1:] {
		if u, ok := f.sizes[size+"-"+q]; ok {
			up, found = u, true
			break
		}
	}
	if !found {
		up, found = f.sizes[size]
	}
	if found {
		m.Upstream = up.chat
		if text {
			m.Upstream = up.text // "" when the base model is not known
		}
	}
	return m, true
}

// ModelInfo is the table's answer for a tag, marked as a catalog fact:
// the family license and the upstream repository as a quantized base.
func (m Mapping) ModelInfo(requested string) *hub.ModelInfo {
	info := &hub.ModelInfo{
		Hub:         "ollama",
		ID:          m.Tag.String(),
		RequestedID: requested,
		License:     m.License,
		Source:      "catalog",
		Snapshot:    TableSnapshot,
	}
	if m.Upstream != "" {
		// Library tags are GGUF conversions (mostly quantizations) of
		// the upstream weights.
		info.BaseModels = []hub.BaseRef{{Hub: "huggingface", ID: m.Upstream, Relation: "quantized"}}
	}
	return info
}
