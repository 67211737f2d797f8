package discover

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Hub names used in references.
const (
	HubHuggingFace = "huggingface"
	HubModelScope  = "modelscope"
	HubGitHub      = "github"
	HubOllama      = "ollama"
	HubLocal       = "local"
)

// hint is what the surrounding code or config says about a value.
type hint struct {
	hub      string // hub for owner/name ids: huggingface (default), modelscope
	provider string // API provider or "ollama" implied by the SDK, client or base URL
	anyName  bool   // the provider is certain (base URL, provider-only SDK, config key): any bare name is its model
	strong   bool   // the value is certainly a model id (first argument of from_pretrained …): single-segment ids allowed
	ollama   bool   // Ollama context: name:tag ids
	litellm  bool   // LiteLLM context: provider/model strings
	dataset  bool
}

// classified is one value recognised as a reference.
type classified struct {
	hub, id, rev string
	kind         string
	via          string // overrides the caller's via (e.g. "url")
}

// hfIDRe is the Hub's repo id shape: owner/name, letters, digits, '-', '_',
// '.', at most 96 characters each (huggingface_hub validate_repo_id).
var hfIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$`)

// legacyIDRe is a single-segment id (gpt2, bert-base-uncased, all-MiniLM-L6-v2),
// accepted only where the context says the value is a model id.
var legacyIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,95}$`)

var ollamaRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}(/[a-z0-9][a-z0-9._-]{0,63})?(:[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$`)

// ollamaTagRe: tags that make a bare name:tag recognisable as an Ollama
// model outside an explicit Ollama context (sizes, quantisations, latest).
var ollamaTagRe = regexp.MustCompile(`(?i)^(latest|[0-9.]+[bmk]([-_.][a-z0-9_.-]+)?|(instruct|chat|text|code|vision)([-_.][a-z0-9_.-]+)?|q[0-9][a-z0-9_]*|fp16|bf16|f16)$`)

// apiProvider returns the provider of a closed-API model name (the
// families table, families.go), whatever the row's bare flag: callers
// that use it already know the value is in a model's place.
func apiProvider(name string) string {
	p, _ := familyOf(name)
	return p
}

// providerFirst holds, per families row, the bytes a match can start
// with: most values are no API model name, and a row is tried only when
// the value's first byte can start a match of it, which rules out nearly
// all rows at the cost of one table lookup each.
var providerFirst = sync.OnceValue(func() [][256]bool {
	out := make([][256]bool, len(families))
	for i, f := range families {
		out[i] = firstBytes(f.re.String())
	}
	return out
})

// firstBytes returns a superset of the bytes a match of the regular
// expression expr can start with (every byte when a match may be empty or
// when expr is not understood). FuzzFirstBytes holds it to that.
func firstBytes(expr string) [256]bool {
	var all [256]bool
	for i := range all {
		all[i] = true
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return all
	}
	set, nullable := firstOf(re.Simplify())
	if nullable {
		return all
	}
	return set
}

// firstOf returns the bytes that can start a match of re and whether re
// can match the empty string.
func firstOf(re *syntax.Regexp) (set [256]bool, nullable bool) {
	addRune := func(r rune) {
		if r < utf8.RuneSelf {
			set[r] = true
			return
		}
		var b [utf8.UTFMax]byte
		utf8.EncodeRune(b[:], r)
		set[b[0]] = true
	}
	addRange := func(lo, hi rune) {
		for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
			set[r] = true
		}
		if hi >= utf8.RuneSelf {
			for c := 0xC0; c < 0x100; c++ { // every lead byte of a multi-byte rune
				set[c] = true
			}
		}
	}
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return set, true
		}
		r := re.Rune[0]
		addRune(r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				addRune(f)
			}
		}
		return set, false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			addRange(re.Rune[i], re.Rune[i+1])
		}
		return set, false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return set, true
	case syntax.OpCapture:
		return firstOf(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		set, _ = firstOf(re.Sub[0])
		return set, true
	case syntax.OpPlus:
		return firstOf(re.Sub[0])
	case syntax.OpRepeat:
		set, nullable = firstOf(re.Sub[0])
		return set, nullable || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			s, n := firstOf(sub)
			for c := range s {
				set[c] = set[c] || s[c]
			}
			if !n {
				return set, false
			}
		}
		return set, true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			s, n := firstOf(sub)
			for c := range s {
				set[c] = set[c] || s[c]
			}
			nullable = nullable || n
		}
		return set, nullable
	}
	// OpAnyChar, OpAnyCharNotNL, OpNoMatch and anything new: every byte.
	for c := range set {
		set[c] = true
	}
	return set, true
}

// litellmProviders map LiteLLM's provider prefixes to aibom hubs.
// https://docs.litellm.ai/docs/providers
var litellmProviders = map[string]string{
	"openai": "openai", "azure": "openai", "azure_ai": "other", "text-completion-openai": "openai",
	"anthropic": "anthropic", "gemini": "google", "vertex_ai": "google", "vertex_ai_beta": "google",
	"mistral": "mistral", "codestral": "mistral", "deepseek": "deepseek", "dashscope": "dashscope",
	"moonshot": "moonshot", "volcengine": "bytedance", "zhipuai": "zhipu", "qianfan": "baidu",
	"ollama": HubOllama, "ollama_chat": HubOllama, "huggingface": HubHuggingFace,
	// Hosts whose names are their own: each is the reference's hub, as
	// a sibling provider key makes it ({"provider": "groq", "modelId": …}).
	"bedrock": "bedrock", "groq": "groq", "together_ai": "together", "openrouter": "openrouter",
	"fireworks_ai": "fireworks", "replicate": "replicate", "cohere": "cohere", "xai": "xai", "perplexity": "perplexity",
}

// litellmHosts are the hubs of litellmProviders that serve other
// publishers' models (together_ai/meta-llama/…: an open model a host
// serves is the Hub's id).
var litellmHosts = map[string]bool{
	"other": true, "bedrock": true, "groq": true, "together": true, "openrouter": true, "fireworks": true,
	"replicate": true, "cohere": true, "xai": true, "perplexity": true,
}

// placeholderWords are id segments that only ever appear in examples.
var placeholderWords = map[string]bool{
	"org": true, "model": true, "owner": true, "repo": true, "user": true, "username": true,
	"organization": true, "organisation": true, "namespace": true, "name": true, "model-name": true, "model_name": true,
	"modelname": true, "repo-name": true, "repo_name": true, "reponame": true, "model-id": true, "model_id": true,
	"modelid": true, "repo-id": true, "repo_id": true, "xxx": true, "yyy": true, "zzz": true, "foo": true, "bar": true,
	"baz": true, "example": true, "my-model": true, "my_model": true, "mymodel": true, "my-org": true, "my_org": true,
	"myorg": true, "path": true, "to": true, "hf-model": true, "some-model": true, "some-org": true, "author": true,
	"user-name": true, "user_name": true, "org-name": true, "org_name": true, "orgname": true, "company": true,
	"placeholder": true, "dummy": true, "abc": true, "test-model": true, "hf_username": true, "hf-username": true,
	"your": true, "model-repo": true, "model_repo": true, "huggingface-model": true, "hub-model": true,
	"my-finetuned-model": true, "my-fine-tuned-model": true,
}

// localDirs are first path segments that name a local directory far more
// often than a Hub owner.
var localDirs = map[string]bool{
	"models": true, "model": true, "checkpoints": true, "checkpoint": true, "ckpt": true, "ckpts": true,
	"output": true, "outputs": true, "out": true, "data": true, "weights": true, "tmp": true, "temp": true,
	"saved_models": true, "saved_model": true, "runs": true, "results": true, "artifacts": true, "exp": true,
	"src": true, "local": true, "cache": true, "home": true, "mnt": true, "opt": true, "var": true, "usr": true,
	"root": true, "workspace": true, "app": true, "assets": true, "resources": true, "pretrained": true,
	"pretrained_models": true, "lora": true, "loras": true, "adapters": true, "build": true, "dist": true,
	"logs": true, "log": true, "configs": true, "config": true, "scripts": true, "tests": true, "docs": true,
	"static": true, "images": true, "lib": true, "utils": true, "asset": true,
}

// modelScopeOnlyOrgs publish on ModelScope and not on the Hugging Face
// Hub: an id of theirs is a ModelScope id whatever the file imports
// (Alibaba's Tongyi Lab as iic, DAMO Academy as damo).
var modelScopeOnlyOrgs = map[string]bool{"iic": true, "damo": true}

// mediaTypes are the top-level MIME types: "image/png" is owner/name
// shaped but never a repository.
var mediaTypes = map[string]bool{
	"application": true, "audio": true, "image": true, "video": true, "text": true, "font": true,
	"multipart": true, "message": true,
}

// isVersion reports a version number or a count (a package pin such as
// DATASETS=2.13.0, a dataset config "3.0.0", v2), never an id: [vV]
// then digits in dot-separated groups.
func isVersion(v string) bool {
	if v != "" && (v[0] == 'v' || v[0] == 'V') {
		v = v[1:]
	}
	if v == "" || v[0] == '.' || v[len(v)-1] == '.' {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && v[i-1] != '.':
		default:
			return false
		}
	}
	return true
}

// maxVendorWord is the length of the longest key of vendorWords.
var maxVendorWord = func() int {
	n := 0
	for k := range vendorWords {
		n = max(n, len(k))
	}
	return n
}()

// trainerCheckpointRe is the directory a trainer saves a step into
// (run-name/checkpoint-500): the project's own output, never a hub id.
var trainerCheckpointRe = regexp.MustCompile(`^checkpoint-[0-9]+$`)

// fileExts end values that name files, not repositories.
var fileExts = []string{
	".gguf", ".bin", ".pt", ".pth", ".safetensors", ".onnx", ".json", ".yaml", ".yml", ".txt", ".py", ".csv",
	".ckpt", ".h5", ".pkl", ".tar", ".gz", ".zip", ".npz", ".npy", ".md", ".jsonl", ".parquet", ".tflite",
	".pb", ".ipynb", ".js", ".ts", ".sh", ".toml", ".cfg", ".ini", ".xml", ".html", ".png", ".jpg", ".wav", ".mp3",
}

func isPlaceholder(v string) bool {
	l := strings.ToLower(v)
	if strings.ContainsAny(l, "<>{}$%*[]|\\ \t\n\"'`,;()") || strings.Contains(l, "...") {
		return true
	}
	if strings.Contains(l, "xxx") || strings.Contains(l, "placeholder") || strings.Contains(l, "path/to") {
		return true
	}
	segs := strings.Split(l, "/")
	generic := 0
	for i, s := range segs {
		if strings.HasPrefix(s, "your") || strings.HasPrefix(s, "my-") && i == 0 || strings.HasPrefix(s, "my_") && i == 0 ||
			strings.HasPrefix(s, "example") || strings.HasPrefix(s, "<") || strings.HasPrefix(s, "{") {
			return true
		}
		if placeholderWords[s] {
			generic++
		}
	}
	// "org/model", "owner/repo", "username/anything": generic owner words,
	// or every segment generic.
	if len(segs) >= 2 && placeholderWords[segs[0]] {
		return true
	}
	return generic == len(segs) && generic > 0
}

func looksLikeFile(v string) bool {
	l := strings.ToLower(v)
	for _, e := range fileExts {
		if strings.HasSuffix(l, e) {
			return true
		}
	}
	return false
}

// validHFID checks the Hub's repo id rules.
func validHFID(id string) bool {
	if !hfIDRe.MatchString(id) {
		return false
	}
	for _, seg := range strings.Split(id, "/") {
		if strings.Contains(seg, "--") || strings.Contains(seg, "..") ||
			strings.HasSuffix(seg, "-") || strings.HasSuffix(seg, ".") {
			return false
		}
	}
	if looksLikeFile(id) {
		return false
	}
	owner := strings.ToLower(id[:strings.IndexByte(id, '/')])
	return !localDirs[owner] && !mediaTypes[owner] && !trainerCheckpointRe.MatchString(id[strings.IndexByte(id, '/')+1:]) &&
		!notOwner(owner)
}

// releaseDirRe is a versioned release directory (FunClip-2.1.0/LICENSE,
// an sdist's top level): name, '-', a version of three or more parts.
var releaseDirRe = regexp.MustCompile(`^[a-z][a-z0-9_.]*-v?[0-9]+(\.[0-9]+){2,3}$`)

// notOwner reports a first segment that makes owner/name something other
// than a repository: an API version (v1/models, a route), LiteLLM's
// reference to an environment variable (os.environ/AZURE_API_KEY), a
// versioned release directory. owner is lowercase.
func notOwner(owner string) bool {
	return isVersion(owner) || owner == "os.environ" || releaseDirRe.MatchString(owner)
}

// classify decides whether a string value from code or config is a model
// (or dataset) reference, and which.
func classify(v string, h hint) (classified, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 256 {
		return classified{}, false
	}
	if c, ok := parseHubURL(v); ok {
		c.via = viaURL
		return c, true
	}
	if strings.Contains(v, "://") || isPlaceholder(v) || isVersion(v) {
		// a version or a count (OLLAMA_MAX_LOADED_MODELS: 2) is no name
		return classified{}, false
	}
	if len(v) <= maxVendorWord && !h.ollama && h.provider != HubOllama && vendorWords[strings.ToLower(v)] != "" {
		// a provider's own name where a model's is expected (model="qianfan",
		// model_server="dashscope"): which provider, not which model; Ollama
		// alone has models named so (mistral, qwen)
		return classified{}, false
	}
	switch v[0] {
	case '.', '/', '~', '-', '@', '#', ':':
		return classified{}, false
	}
	if h.dataset && (!datasetValueOK(v) || builtinLoaders[strings.ToLower(v)]) {
		// what dataset-named keys hold besides datasets (shapes.go)
		return classified{}, false
	}
	kind := KindModel
	if h.dataset {
		kind = KindDataset
	} else if hub, id, ok := registryOf(v, nil); ok {
		// A registry's own name shape (a Coqui model name, a Piper voice,
		// an Ultralytics weight) in a model's place.
		return classified{hub: hub, id: id, kind: KindModel}, true
	}
	slash := strings.Count(v, "/")

	// hf.co/owner/repo[:quant] is how Ollama pulls GGUF repos from the Hub.
	// The host is case-insensitive (HF.co/…); the id keeps its case.
	for _, host := range []string{"hf.co/", "huggingface.co/"} {
		if hasPrefixFold(v, host) {
			return ollamaHF(v[len(host):])
		}
	}

	// LiteLLM's provider/model strings.
	if slash >= 1 {
		prefix, rest, _ := strings.Cut(v, "/")
		if p, ok := litellmProviders[prefix]; ok && !h.dataset {
			switch {
			case p == HubOllama:
				if ollamaRe.MatchString(rest) && !isPlaceholder(rest) {
					return classified{hub: HubOllama, id: rest, kind: KindModel}, true
				}
				return classified{}, false
			case p == HubHuggingFace && strings.Count(rest, "/") == 1:
				if validHFID(rest) && !isPlaceholder(rest) {
					return classified{hub: HubHuggingFace, id: rest, kind: KindModel}, true
				}
			case h.litellm || apiProvider(rest) != "":
				if h.litellm && strings.Count(rest, "/") == 1 && validHFID(rest) && litellmHosts[p] {
					// together_ai/meta-llama/…: an open model served by a host
					return classified{hub: HubHuggingFace, id: rest, kind: KindModel}, true
				}
				if legacyIDRe.MatchString(strings.ReplaceAll(rest, ":", "-")) || apiProvider(rest) != "" {
					return classified{hub: p, id: rest, kind: KindModel}, true
				}
			}
		}
	}

	if !h.dataset {
		// On ModelScope an owner spelled like a vendor is that vendor's
		// open checkpoint (MiniMax/MiniMax-M1-80k).
		if c, ok := vendorPrefixed(v); ok && h.hub != HubModelScope {
			return c, true
		}
		if p := apiProvider(v); p != "" {
			return classified{hub: p, id: strings.TrimPrefix(v, "models/"), kind: KindModel}, true
		}
	}
	if slash == 0 && strings.Contains(v, ":") && !h.dataset {
		if ollamaRe.MatchString(v) {
			_, tag, _ := strings.Cut(v, ":")
			if h.ollama || h.provider == HubOllama || ollamaTagRe.MatchString(tag) {
				return classified{hub: HubOllama, id: v, kind: KindModel}, true
			}
		}
		return classified{}, false
	}
	if h.ollama || h.provider == HubOllama {
		if ollamaRe.MatchString(v) && slash <= 1 && (slash == 0 || h.ollama) {
			return classified{hub: HubOllama, id: v, kind: KindModel}, true
		}
	}
	hub := h.hub
	if hub == "" {
		hub = HubHuggingFace
	}
	if slash == 1 && modelScopeOnlyOrgs[strings.ToLower(v[:strings.IndexByte(v, '/')])] {
		hub = HubModelScope
	}
	if slash == 1 {
		if validHFID(v) && !closedDisplayName(v) {
			return classified{hub: hub, id: v, kind: kind}, true
		}
		return classified{}, false
	}
	if slash == 0 {
		if h.anyName && h.provider != "" && h.provider != HubOllama && h.provider != HubHuggingFace && h.provider != HubModelScope && !h.dataset &&
			legacyIDRe.MatchString(v) {
			return classified{hub: h.provider, id: v, kind: KindModel}, true
		}
		// Legacy single-segment ids (gpt2, t5-small, bert-base-uncased)
		// carry a digit or a hyphen; plain words are local directories.
		if (h.strong && strings.ContainsAny(v, "0123456789-") || h.dataset) && legacyIDRe.MatchString(v) && !looksLikeFile(v) && !localDirs[strings.ToLower(v)] &&
			!strings.HasSuffix(v, ".") && !strings.HasSuffix(v, "-") {
			return classified{hub: hub, id: v, kind: kind}, true
		}
	}
	return classified{}, false
}

func ollamaHF(rest string) (classified, bool) {
	id, quant, _ := strings.Cut(rest, ":")
	if !validHFID(id) || isPlaceholder(id) {
		return classified{}, false
	}
	_ = quant // the quantisation selects a file in the repo; the repo is the model
	return classified{hub: HubHuggingFace, id: id, kind: KindModel}, true
}
