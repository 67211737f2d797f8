// Package ollama maps Ollama model tags (llama3:8b, qwen3:4b,
// hf.co/org/repo:Q4_K_M) to the upstream models they package and the
// license family they carry, and reads each tag's license file from the
// Ollama registry when a network client is given.
//
// Tag grammar ([registry/][namespace/]name[:tag], namespace "library" and
// tag "latest" implied) follows Ollama's naming as described in
// https://theepic.dev/kb/deciphering-ollama-model-names; the hf.co/ form
// pulls a GGUF file straight from a Hugging Face repository.
package ollama

import (
	"strings"
)

// Hosts whose tags name a Hugging Face repository.
var hfHosts = map[string]bool{"hf.co": true, "huggingface.co": true}

// DefaultRegistry is the public Ollama registry.
const DefaultRegistry = "https://registry.ollama.ai"

// Tag is a parsed Ollama model name.
type Tag struct {
	Host      string // empty for the default registry
	Namespace string // "library" for the official library
	Name      string
	Tag       string // "latest" when not given
}

// ParseTag splits an Ollama model name. Names are lower-cased for the
// library table; Hugging Face repository names keep their case.
func ParseTag(s string) Tag {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	var t Tag
	parts := strings.Split(s, "/")
	if len(parts) > 1 && strings.Contains(parts[0], ".") {
		t.Host, parts = strings.ToLower(parts[0]), parts[1:]
	}
	last := parts[len(parts)-1]
	if i := strings.LastIndex(last, ":"); i >= 0 {
		last, t.Tag = last[:i], last[i+1:]
	}
	parts[len(parts)-1] = last
	t.Name = parts[len(parts)-1]
	t.Namespace = strings.Join(parts[:len(parts)-1], "/")
	if t.Host == "registry.ollama.ai" || t.Host == "ollama.com" {
		t.Host = ""
	}
	if t.Tag == "" && !hfHosts[t.Host] {
		t.Tag = "latest"
	}
	if t.Host == "" {
		t.Name, t.Tag = strings.ToLower(t.Name), strings.ToLower(t.Tag)
		if t.Namespace == "" {
			t.Namespace = "library"
		}
		t.Namespace = strings.ToLower(t.Namespace)
	}
	return t
}

// String formats the tag back as name:tag, with the namespace and host
// only when they are not the defaults.
func (t Tag) String() string {
	var b strings.Builder
	if t.Host != "" {
		b.WriteString(t.Host + "/")
	}
	if t.Namespace != "" && (t.Namespace != "library" || t.Host != "") {
		b.WriteString(t.Namespace + "/")
	}
	b.WriteString(t.Name)
	if t.Tag != "" {
		b.WriteString(":" + t.Tag)
	}
	return b.String()
}

// HuggingFaceRepo reports the Hugging Face repository an hf.co/org/repo:quant
// tag pulls from; the quantization selects a file and is returned apart.
func HuggingFaceRepo(id string) (repo, quant string, ok bool) {
	t := ParseTag(id)
	if !hfHosts[t.Host] || t.Namespace == "" || strings.Contains(t.Namespace, "/") || t.Name == "" {
		return "", "", false
	}
	return t.Namespace + "/" + t.Name, t.Tag, true
}
