package sbom

import "testing"

func TestComponentPurl(t *testing.T) {
	for _, tc := range []struct {
		m    Model
		want string
	}{
		{Model{Hub: HubHuggingFace, ID: "meta-llama/Llama-3.1-8B", Revision: "abc", Purl: "pkg:huggingface/meta-llama/Llama-3.1-8B@abc"}, "pkg:huggingface/meta-llama/Llama-3.1-8B@abc"},
		{Model{Hub: HubHuggingFace, ID: "org/name"}, "pkg:huggingface/org/name"},
		{Model{Hub: HubGitHub, ID: "Ultralytics/YOLOv5", Revision: "v7.0"}, "pkg:github/ultralytics/yolov5@v7.0"},
		{Model{Hub: HubModelScope, ID: "qwen/Qwen2-7B", Revision: "master"}, "pkg:generic/qwen/Qwen2-7B@master?repository_url=modelscope.cn"},
		{Model{Hub: HubOllama, ID: "llama3.2:3b"}, "pkg:generic/library/llama3.2@3b?repository_url=registry.ollama.ai"},
		{Model{Hub: HubOllama, ID: "acme/tuned"}, "pkg:generic/acme/tuned?repository_url=registry.ollama.ai"},
		{Model{Hub: "openai", ID: "gpt-4o"}, "pkg:generic/openai/gpt-4o"},
		{Model{Hub: "anthropic", ID: "claude 3|<x>"}, "pkg:generic/anthropic/claude%203%7C%3Cx%3E"},
		{Model{Hub: HubLocal, ID: "models/intent-classifier.onnx"}, "pkg:generic/intent-classifier.onnx"},
		{Model{Hub: HubLocal}, ""},
	} {
		if got := ComponentPurl(&tc.m); got != tc.want {
			t.Errorf("ComponentPurl(%s %q) = %q, want %q", tc.m.Hub, tc.m.ID, got, tc.want)
		}
	}
}

func TestDatasetPurl(t *testing.T) {
	for _, tc := range []struct {
		d    Dataset
		want string
	}{
		{Dataset{Hub: HubHuggingFace, ID: "OpenAssistant/oasst1"}, "pkg:generic/OpenAssistant/oasst1?repository_url=huggingface.co/datasets"},
		{Dataset{Hub: HubHuggingFace, ID: "squad"}, "pkg:generic/squad?repository_url=huggingface.co/datasets"},
		{Dataset{Hub: HubModelScope, ID: "a/b"}, "pkg:generic/a/b?repository_url=modelscope.cn/datasets"},
		{Dataset{Hub: HubHuggingFace}, ""},
	} {
		if got := DatasetPurl(&tc.d); got != tc.want {
			t.Errorf("DatasetPurl(%q) = %q, want %q", tc.d.ID, got, tc.want)
		}
	}
}
