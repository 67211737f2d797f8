package discover

import "testing"

// Every row recognises its own example, and the example is not taken by an
// earlier row (first match wins, so a shadowed row would be dead).
func TestFamilyRows(t *testing.T) {
	for i, f := range families {
		if !f.re.MatchString(f.example) || f.except != nil && f.except.MatchString(f.example) {
			t.Errorf("row %d (%s %s): its example %q does not match", i, f.provider, f.re, f.example)
			continue
		}
		p, bare := familyOf(f.example)
		if p != f.provider || bare != f.bare {
			t.Errorf("row %d: familyOf(%q) = %s bare=%v, want %s bare=%v (an earlier row takes it)", i, f.example, p, bare, f.provider, f.bare)
		}
	}
}

// Names as providers publish them, and names that only look like them.
func TestFamilyOf(t *testing.T) {
	for _, c := range []struct {
		name, provider string
		bare           bool
	}{
		{"gpt-3.5-turbo-16k", "openai", true},
		{"gpt-35-turbo", "openai", true}, // Azure's spelling
		{"gpt-4.1-nano", "openai", true},
		{"gpt-5.4-mini", "openai", true},
		{"o4-mini", "openai", true},
		{"o1", "openai", false},
		{"tts-1-hd", "openai", true},
		{"dall-e-3", "openai", true},
		{"whisper-1", "openai", true},
		{"claude-opus-4-0", "anthropic", true},
		{"claude-3-haiku-20240307", "anthropic", true},
		{"claude-instant-1.2", "anthropic", true},
		{"gemini-1.5-pro", "google", true},
		{"models/gemini-2.5-flash", "google", true},
		{"gemini-pro", "google", true},
		{"ernie-4.5-turbo-32k", "baidu", true},
		{"ERNIE-Bot-turbo", "baidu", true},
		{"ernie-x1.1", "baidu", true},
		{"ernie-5.0", "baidu", true},
		{"qwen-turbo", "dashscope", true},
		{"qwen3-max", "dashscope", true},
		{"qwen-vl-plus", "dashscope", true},
		{"qwen3-coder-plus", "dashscope", true},
		{"qwen3-omni-flash", "dashscope", true},
		{"qwq-plus", "dashscope", true},
		{"qwen3-32b", "dashscope", false},
		{"qwq-32b", "dashscope", false},
		{"glm-4.7", "zhipu", true},
		{"glm-5", "zhipu", true},
		{"glm-4v-plus", "zhipu", true},
		{"cogview-3-plus", "zhipu", true},
		{"Doubao-Seed-2.0-pro", "bytedance", true},
		{"doubao-seedream-4-5-251128", "bytedance", true},
		{"hunyuan-lite", "tencent", true},
		{"kimi-k2.5", "moonshot", true},
		{"kimi-for-coding", "moonshot", true},
		{"moonshot-v1-128k", "moonshot", true},
		{"mistral-medium", "mistral", true},
		{"codestral-2501", "mistral", true},
		{"open-mixtral-8x22b", "mistral", true},
		{"deepseek-reasoner", "deepseek", true},
		{"deepseek-v4-flash", "deepseek", true},
		{"MiniMax-M2.1-lightning", "minimax", true},
		{"MiniMax-Text-01", "minimax", true},
		{"abab6.5-chat", "minimax", true},
		{"speech-2.8-hd", "minimax", true},
		{"grok-3-mini", "xai", true},
		{"command-r-plus", "cohere", true},
		{"embed-multilingual-v3.0", "cohere", true},
		{"rerank-multilingual-v3.0", "cohere", true},
		{"voyage-3-large", "voyage", true},
		{"jina-embeddings-v3", "jina", true},
		{"sonar-reasoning-pro", "perplexity", true},
		{"pplx-70b-online", "perplexity", true},
		{"mixtral-8x7b-32768", "groq", true},
		{"llama-3.3-70b-versatile", "groq", true},
		{"meta/llama3-8b-instruct", "nvidia_nim", true},
		{"nvidia/nv-embedqa-e5-v5", "nvidia_nim", true},
		{"nvidia/llama-3.1-nemotron-70b-instruct", "nvidia_nim", true},

		// Not API names.
		{"gpt-4:20230520", "", false},          // a project's own tag on a model name
		{"gpt2", "", false},                    // an open checkpoint
		{"gpt-oss-20b", "", false},             // an open checkpoint (openai/gpt-oss-20b)
		{"claude", "", false},                  // a provider word
		{"claude-cli", "", false},              // a program
		{"glm-4-9b-chat", "", false},           // THUDM/glm-4-9b-chat, open weights
		{"glm-4v-9b", "", false},               // THUDM/glm-4v-9b
		{"ernie-3.0-base-zh", "", false},       // an open encoder
		{"qwen", "", false},                    // a provider word
		{"Qwen2.5-7B-Instruct", "", false},     // the hub's spelling of an open checkpoint
		{"deepseek-r1", "", false},             // an Ollama library name
		{"doubao", "", false},                  // a provider word
		{"gemma-7b-it", "", false},             // served by many hosts
		{"meta-llama/Llama-3.1-8B", "", false}, // a hub id
		{"Meta/Llama-3.1-8B-Instruct", "", false},
		{"text-embedding-ada-001", "", false},
		{"sonar-scanner", "", false},
	} {
		p, bare := familyOf(c.name)
		if p != c.provider || p != "" && bare != c.bare {
			t.Errorf("familyOf(%q) = %q bare=%v, want %q bare=%v", c.name, p, bare, c.provider, c.bare)
		}
	}
}

func TestVendorOf(t *testing.T) {
	for seg, want := range map[string]string{
		"openai": "openai", "OpenAI": "openai", "openai-main": "openai", "azure-openai": "openai",
		"together-ai": "together", "Moonshot-AI": "moonshot", "Z.ai": "zhipu", "x-ai": "xai", "Google": "google",
		"meta-llama": "", "sentence-transformers": "", "truefoundry": "",
	} {
		if got := vendorOf(seg); got != want {
			t.Errorf("vendorOf(%q) = %q, want %q", seg, got, want)
		}
	}
}
