package discover

import (
	"regexp"
	"strings"
)

// Provider families: closed-API model names recognised by their shape. Each
// row is one family of one provider, from the provider's published model
// list; patterns are prefixes and version shapes so that a new version of
// a family is recognised without a new row.
//
// bare says how much context a name of the row needs. A bare family is
// specific enough that a string constant, a list or dict element or a
// config value holding it is that model (GPT_4O = "gpt-4o", a list of
// supported models); the other rows count only where the key, variable or
// parameter says it holds a model (model="o3", {"model": "sonar"}), since
// their names are also ordinary words or open-weight names.
type family struct {
	provider string
	re       *regexp.Regexp
	// except rules out names the pattern would take but that are not the
	// provider's (open-weight checkpoints with a size, base encoders).
	except *regexp.Regexp
	bare   bool
	// example is a name the row must recognise (its row test).
	example string
}

func fam(provider, pattern string, bare bool, example string) family {
	return family{provider: provider, re: regexp.MustCompile(pattern), bare: bare, example: example}
}

func (f family) but(pattern string) family {
	f.except = regexp.MustCompile(pattern)
	return f
}

// sizedOpenWeights is a parameter-count segment (-9b, -72B, -1.8b): API
// names of most providers carry none, open checkpoints do.
const sizedOpenWeights = `(?i)-[0-9.]+b(-|$)`

// families, first match wins. Hubs are the provider names used in
// references (openai, anthropic, …); registries of open weights are not
// here (registries.go).
var families = []family{
	// OpenAI: https://platform.openai.com/docs/models
	fam("openai", `^(gpt-(3\.5|35|4|5)[a-z0-9.-]*|chatgpt-4o[a-z0-9.-]*|gpt-image-[a-z0-9.-]+|gpt-realtime[a-z0-9.-]*|gpt-audio[a-z0-9.-]*|ft:gpt-[a-z0-9.:_-]+)$`, true, "gpt-4o-mini"),
	fam("openai", `^o[1-9]-(mini|pro|preview|deep-research)[a-z0-9.-]*$|^o[1-9]-20[0-9]{2}-[0-9]{2}-[0-9]{2}$`, true, "o1-preview"),
	fam("openai", `^o[1-9]$`, false, "o3"),
	fam("openai", `^(text-embedding-(ada-002|3-small|3-large)|text-davinci-00[0-9]|(davinci|babbage)-002|dall-e-[23]|whisper-1|tts-1(-hd)?(-[0-9]+)?|omni-moderation-[a-z0-9-]+|text-moderation-[a-z0-9-]+|codex-mini[a-z0-9.-]*|computer-use-preview[a-z0-9.-]*|sora-[0-9][a-z0-9.-]*)$`, true, "text-embedding-3-small"),
	// Anthropic: https://docs.anthropic.com/en/docs/about-claude/models
	fam("anthropic", `^claude-([a-z]+-)*[0-9][a-z0-9.@-]*$|^claude-instant[a-z0-9.@-]*$`, true, "claude-3-5-sonnet-20241022"),
	// Google: https://ai.google.dev/gemini-api/docs/models
	fam("google", `^(models/)?gemini-([0-9]|pro|ultra|nano|flash|exp)[a-z0-9.-]*$|^(models/)?(imagen|veo)-[0-9][a-z0-9.-]*$`, true, "gemini-2.0-flash"),
	fam("google", `^(models/)?(text-bison[a-z0-9@-]*|chat-bison[a-z0-9@-]*|textembedding-gecko[a-z0-9@-]*|text-embedding-00[0-9]|text-multilingual-embedding-[0-9]+|gemini-embedding-[a-z0-9.-]+|embedding-001)$`, false, "text-embedding-004"),
	// Baidu Qianfan (ERNIE): https://cloud.baidu.com/doc/WENXINWORKSHOP
	fam("baidu", `(?i)^(ernie-bot[a-z0-9._-]*|ernie-(speed|lite|tiny|character|novel|functions|x[0-9])[a-z0-9._-]*|ernie-[0-9]+(\.[0-9]+)?(-[a-z0-9.]+)*|eb-instant)$`, true, "ERNIE-4.0-Turbo-8K").
		but(`(?i)-(base|large|medium|mini|micro|nano|xbase|zh|en|gram|health|layout|search|m)(-|$)`),
	// Alibaba DashScope (Qwen API): https://help.aliyun.com/zh/model-studio/models
	fam("dashscope", `^(qwen[0-9.]*(-(vl|audio|omni|coder|math|mt|image|tts|asr|doc|long|deep-research))*-(max|plus|turbo|long|flash|ocr|next)([-.][a-z0-9.-]+)?|qwq-plus[a-z0-9.-]*|qwen-vl-ocr[a-z0-9.-]*|text-embedding-v[0-9]+)$`, true, "qwen-max"),
	// Open Qwen checkpoints served by DashScope under their lower-case
	// names (qwen2.5-72b-instruct, qwq-32b); on the hubs they are Qwen/….
	fam("dashscope", `^(qwen[0-9.]*(-[a-z0-9.]+)+|qwq-[0-9]+b[a-z0-9.-]*|qvq-[a-z0-9.-]+)$`, false, "qwen2.5-72b-instruct"),
	// Zhipu (BigModel): https://open.bigmodel.cn/dev/howuse/model
	fam("zhipu", `^(glm-[345](\.[0-9]+)?(-[a-z0-9.]+)*|glm-4v[a-z0-9.-]*|glm-z1-[a-z0-9.-]+|chatglm_(pro|std|lite|turbo)|cogview-[a-z0-9.-]+|cogvideox[a-z0-9.-]*|charglm-[0-9]+|codegeex-[0-9]+)$`, true, "glm-4-plus").
		but(sizedOpenWeights),
	// ByteDance Volcengine Ark (Doubao): https://www.volcengine.com/docs/82379
	fam("bytedance", `(?i)^(doubao-[a-z0-9.-]+|skylark[0-9]?-[a-z0-9.-]+)$`, true, "doubao-seed-1-6-250615"),
	// Tencent Hunyuan: https://cloud.tencent.com/document/product/1729
	fam("tencent", `^hunyuan-[a-z0-9.-]+$`, true, "hunyuan-turbos-latest"),
	// Huawei Cloud Pangu.
	fam("huawei", `(?i)^pangu-[a-z0-9._-]+$`, true, "pangu-nlp-n2"),
	// Moonshot (Kimi): https://platform.moonshot.cn/docs
	fam("moonshot", `^(moonshot-v1-[a-z0-9-]+|kimi-(k[0-9]|latest|thinking|for-coding)[a-z0-9.-]*)$`, true, "moonshot-v1-8k"),
	// Mistral: https://docs.mistral.ai/getting-started/models
	fam("mistral", `^((mistral|codestral|ministral|pixtral|magistral|devstral)-[a-z0-9.-]*(latest|[0-9]{4})|open-(mistral|mixtral|codestral)[a-z0-9.-]*|mistral-(embed|large|medium|small|tiny|moderation|ocr|saba)[a-z0-9.-]*)$`, true, "mistral-large-latest"),
	// DeepSeek: https://api-docs.deepseek.com/quick_start/pricing
	fam("deepseek", `^deepseek-(chat|reasoner)$|^deepseek-v[0-9]+(\.[0-9]+)?-(flash|pro)$`, true, "deepseek-chat"),
	fam("deepseek", `^deepseek-coder$`, false, "deepseek-coder"),
	// MiniMax: https://platform.minimaxi.com/document/Models
	fam("minimax", `^(MiniMax-(M[0-9][A-Za-z0-9.-]*|Text-[0-9]+|VL-[0-9]+)|abab[0-9.]+-chat|speech-(0[12]|2\.[0-9]+)-(hd|turbo)[a-z0-9.-]*)$`, true, "MiniMax-M2"),
	// xAI: https://docs.x.ai/docs/models
	fam("xai", `^grok-([0-9][a-z0-9.-]*|beta|vision-beta)$`, true, "grok-4"),
	// Cohere: https://docs.cohere.com/docs/models
	fam("cohere", `^(command-(r|a|light|nightly)[a-z0-9.+-]*|embed-(english|multilingual)(-light)?-v[0-9.]+|rerank-(english|multilingual)-v[0-9.]+|rerank-v[0-9.]+)$`, true, "rerank-english-v3.0"),
	// Voyage AI: https://docs.voyageai.com/docs/embeddings
	fam("voyage", `^(voyage-[a-z0-9.-]+|rerank-(lite-)?[0-9]+(\.[0-9]+)?(-lite)?)$`, true, "rerank-lite-1"),
	// Jina AI's API names; its open checkpoints are jinaai/… ids.
	fam("jina", `^jina-(embeddings|reranker|clip|colbert)-[a-z0-9.-]+$`, true, "jina-reranker-v1-base-en"),
	// Perplexity: https://docs.perplexity.ai/getting-started/models
	fam("perplexity", `^(sonar-(pro|reasoning|reasoning-pro|deep-research|small|medium|large|huge)[a-z0-9.-]*|pplx-[0-9]+b-(chat|online)|llama-3(\.[0-9])?-sonar-[a-z0-9.-]+)$`, true, "sonar-pro"),
	fam("perplexity", `^sonar$`, false, "sonar"),
	// Groq names carry their context window: https://console.groq.com/docs/models
	fam("groq", `^(llama3-(8|70)b-(8192|4096)|llama-3\.[0-9]+-[0-9]+b-(versatile|instant|specdec)[a-z0-9-]*|mixtral-8x7b-32768)$`, true, "llama3-70b-8192"),
	// NVIDIA NIM (build.nvidia.com) names owner/name in lower case; the
	// hubs spell those checkpoints meta-llama/… or in capitals.
	fam("nvidia_nim", `^(meta/llama[a-z0-9._-]*|nvidia/(nv-[a-z0-9._-]+|embed-qa-[0-9]+|llama-3\.[0-9]-nemotron-[a-z0-9._-]+|llama3-chatqa-[a-z0-9._-]+)|NV-Embed-QA)$`, true, "meta/llama-3.1-8b-instruct"),
}

// familyOf returns the provider whose family the name belongs to and
// whether that family is bare (see family); "" when none.
func familyOf(name string) (provider string, bare bool) {
	if name == "" {
		return "", false
	}
	first := providerFirst()
	for i, f := range families {
		if !first[i][name[0]] {
			continue
		}
		if f.re.MatchString(name) && (f.except == nil || !f.except.MatchString(name)) {
			return f.provider, f.bare
		}
	}
	return "", false
}

// vendorWords are how a provider's own name is spelled in front of its
// models (OpenRouter's "openai/gpt-4o", a leaderboard's
// "Google/Gemini-2.5-Pro", a gateway's "openai-main/gpt-4o"), by provider.
var vendorWords = map[string]string{
	"openai": "openai", "azure": "openai", "anthropic": "anthropic", "google": "google", "gemini": "google",
	"vertex": "google", "baidu": "baidu", "qianfan": "baidu", "alibaba": "dashscope", "dashscope": "dashscope",
	"qwen": "dashscope", "aliyun": "dashscope", "zhipu": "zhipu", "zhipuai": "zhipu", "zai": "zhipu", "bigmodel": "zhipu", "bytedance": "bytedance",
	"volcengine": "bytedance", "doubao": "bytedance", "tencent": "tencent", "huawei": "huawei", "moonshot": "moonshot",
	"moonshotai": "moonshot", "kimi": "moonshot", "mistral": "mistral", "mistralai": "mistral", "deepseek": "deepseek",
	"minimax": "minimax", "xai": "xai", "x": "xai", "grok": "xai", "cohere": "cohere", "voyage": "voyage",
	"jina": "jina", "perplexity": "perplexity", "groq": "groq", "together": "together", "togetherai": "together",
	"fireworks": "fireworks", "openrouter": "openrouter", "nvidia": "nvidia_nim", "nim": "nvidia_nim",
}

// vendorOf reads a path segment such as "openai-main", "together-ai" or
// "Moonshot-AI" as the provider it names, or "".
func vendorOf(seg string) string {
	words := strings.FieldsFunc(strings.ToLower(seg), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	if len(words) == 0 {
		return ""
	}
	if p, ok := vendorWords[strings.Join(words, "")]; ok {
		return p
	}
	return vendorWords[words[0]]
}
