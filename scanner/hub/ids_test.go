package hub

import "testing"

func TestValidID(t *testing.T) {
	for _, c := range []struct {
		hub, id string
		want    bool
	}{
		{"huggingface", "BAAI/bge-small-en-v1.5", true},
		{"huggingface", "gpt2", true},
		{"huggingface", "../../../../tmp/explore/idspoof", false},
		{"huggingface", "a/b/c", false},
		{"huggingface", "org/na..me", false},
		{"huggingface", "org/name with space", false},
		{"huggingface", "https://evil.example/x", false},
		{"huggingface", "", false},
		{"modelscope", "qwen/Qwen2.5-7B-Instruct", true},
		{"modelscope", "fsmn-vad", false},
		{"github", "ggml-org/llama.cpp", true},
		{"github", "owner_x/repo", false},
		{"github", "owner/..", false},
		{"ollama", "llama3.2:3b", true},
		{"ollama", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", true},
		{"ollama", "library/../../x", false},
		{"ollama", "name:tag:more", false},
		{"openai", "gpt-4o", true}, // no shape: never from a hub's answer
	} {
		if got := ValidID(c.hub, c.id); got != c.want {
			t.Errorf("ValidID(%q, %q) = %v, want %v", c.hub, c.id, got, c.want)
		}
	}
}
