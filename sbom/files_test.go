package sbom

import (
	"slices"
	"strings"
	"testing"
)

// TestWeightFiles: the hashes every encoder writes are well-formed sha256
// values, one per path, in path order; anything else a report file may
// carry is left out.
func TestWeightFiles(t *testing.T) {
	a, b := strings.Repeat("ab", 32), strings.Repeat("0c", 32)
	m := Model{Files: []File{
		{Path: "model-00002-of-00002.safetensors", SHA256: b, Size: 2},
		{Path: "model-00001-of-00002.safetensors", SHA256: strings.ToUpper(a), Size: 1},
		{Path: "model-00001-of-00002.safetensors", SHA256: a},   // the same path twice
		{Path: "short.gguf", SHA256: "abc"},                     // not a sha256
		{Path: "nothex.gguf", SHA256: strings.Repeat("zz", 32)}, // not hex
		{Path: "", SHA256: a},                         // no path
		{Path: "pytorch_model.bin", SHA256: a + "00"}, // too long
	}}
	want := []File{
		{Path: "model-00001-of-00002.safetensors", SHA256: a, Size: 1},
		{Path: "model-00002-of-00002.safetensors", SHA256: b, Size: 2},
	}
	if got := WeightFiles(&m); !slices.Equal(got, want) {
		t.Errorf("WeightFiles = %+v\nwant %+v", got, want)
	}
	if got := WeightFiles(&Model{}); got != nil {
		t.Errorf("no files: %+v", got)
	}
}

func TestFileDownloadURL(t *testing.T) {
	for _, tc := range []struct {
		hub, id, rev, file, want string
	}{
		{HubHuggingFace, "meta-llama/Llama-3.1-8B", "0e9e39f", "model-00001-of-00004.safetensors",
			"https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/0e9e39f/model-00001-of-00004.safetensors"},
		{HubHuggingFace, "org/m", "refs/pr/1", "onnx/model q.onnx", "https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/onnx/model%20q.onnx"},
		{HubModelScope, "qwen/Qwen2-7B", "master", "sub/model.safetensors",
			"https://modelscope.cn/api/v1/models/qwen/Qwen2-7B/repo?FilePath=sub%2Fmodel.safetensors&Revision=master"},
		{HubHuggingFace, "org/m", "", "model.safetensors", ""}, // no revision: no pinned URL
		{HubOllama, "llama3.2:3b", "3b", "model.gguf", ""},
		{HubGitHub, "a/b", "v1", "w.pt", ""},
	} {
		if got := FileDownloadURL(tc.hub, tc.id, tc.rev, tc.file); got != tc.want {
			t.Errorf("FileDownloadURL(%s, %s, %s, %s) = %q, want %q", tc.hub, tc.id, tc.rev, tc.file, got, tc.want)
		}
	}
}
