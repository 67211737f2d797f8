// Package discover finds the model references in a project tree: one walk,
// extractors chosen by file kind, each reference with where and how it was
// found.
package discover

import (
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// Reference kinds.
const (
	KindModel   = "model"
	KindDataset = "dataset"
)

// Reference is one place where the project names a model or a dataset.
type Reference struct {
	// Hub is huggingface, modelscope, github, ollama, local, or an API
	// provider (openai, anthropic, google, baidu, dashscope, zhipu,
	// bytedance, tencent, huawei, moonshot, mistral, deepseek, other).
	Hub string
	// ID is the hub's id (org/name for huggingface and modelscope,
	// owner/repo for github, name:tag for ollama, the model name for API
	// providers, the slash-separated path relative to the root for local).
	ID       string
	Revision string
	Kind     string // KindModel or KindDataset
	Location sbom.Location
	// Local carries what a local weight file or vendored model directory
	// says about itself (GGUF header, safetensors metadata, model card).
	Local *LocalInfo
}

// LocalInfo is what a local model file declares about itself.
type LocalInfo struct {
	Name        string
	License     string // as declared (general.license, card license:)
	LicenseName string
	LicenseLink string
	// BaseModels are hub references of declared ancestors, as "hub:id"
	// refs with a relation.
	BaseModels []sbom.BaseModel
	Datasets   []string
	Format     string // gguf | safetensors | directory
	// Files are the license documents of a vendored model directory,
	// chosen by the same names as a hub repository's (hub.LicenseFiles)
	// and judged the same way (license-conflict and the rest).
	Files []hub.File `json:",omitempty"`
	// Missing: a declared local model (models: local:PATH) with no file
	// or directory at PATH; it resolves as not-found.
	Missing bool `json:",omitempty"`
}
