package sbom

import (
	"fmt"
	"strings"
)

// Hub names as they appear in Model.Hub.
const (
	HubHuggingFace = "huggingface"
	HubModelScope  = "modelscope"
	HubGitHub      = "github"
	HubOllama      = "ollama"
	HubLocal       = "local"
)

// refPrefix maps hub names to the short prefix of a ref; hubs not listed
// (API providers) use their own name.
var refPrefix = map[string]string{
	HubHuggingFace: "hf",
	HubModelScope:  "modelscope",
	HubGitHub:      "github",
	HubOllama:      "ollama",
	HubLocal:       "local",
}

// Ref formats a model reference as hub:id[@revision].
func Ref(hub, id, revision string) string {
	p, ok := refPrefix[hub]
	if !ok {
		p = hub
	}
	r := p + ":" + id
	if revision != "" {
		r += "@" + revision
	}
	return r
}

// DatasetRef formats a dataset reference: hf-dataset:org/name.
func DatasetRef(hub, id string) string {
	p, ok := refPrefix[hub]
	if !ok {
		p = hub
	}
	return p + "-dataset:" + id
}

// ParseRef splits a ref into hub, id and revision. The revision separator is
// the last @ after the id's first slash so that ids never lose characters.
func ParseRef(ref string) (hub, id, revision string, err error) {
	p, rest, ok := strings.Cut(ref, ":")
	if !ok || rest == "" {
		return "", "", "", fmt.Errorf("model ref %q: want hub:id[@revision]", ref)
	}
	hub = p
	for name, prefix := range refPrefix {
		if prefix == p {
			hub = name
		}
	}
	id = rest
	if i := strings.LastIndex(rest, "@"); i > 0 {
		id, revision = rest[:i], rest[i+1:]
	}
	return hub, id, revision, nil
}

// CaseInsensitive reports whether ids on hub compare without regard to case
// (Hugging Face, ModelScope and GitHub do).
func CaseInsensitive(hub string) bool {
	switch hub {
	case HubHuggingFace, HubModelScope, HubGitHub:
		return true
	}
	return false
}

// Key is the identity of a model for de-duplication: hub, id (folded when
// the hub is case-insensitive) and revision.
func Key(hub, id, revision string) string {
	if CaseInsensitive(hub) {
		id = strings.ToLower(id)
	}
	return Ref(hub, id, revision)
}
