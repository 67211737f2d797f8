package discover

import (
	"bytes"
	"strings"
	"sync"

	"github.com/aibom/aibom/sbom"
)

// codeFile is one Python or JavaScript/TypeScript source (or notebook cell,
// or fenced code block) being analysed.
type codeFile struct {
	src    []byte
	toks   []token
	firsts []int // tokens that start a logical line
	marks  []int // structural operators (see lexed)
	strs   []int // string literals
	// allToks is 0…len(toks)-1, made once for the JS statement scans.
	allToks []int
	lang    lang

	path       string
	cell       int
	lineOffset int
	doc        bool

	consts  map[string]constVal // module-level NAME = "…" (JS: const/let/var)
	imports map[string]string   // local name -> module ("transformers", "openai", "@huggingface/inference")
	// reimports: names imported from more than one module, each import
	// with the token it starts at (importAt picks the one in force)
	reimports map[string][]importedAt
	vars      map[string]varInfo // client variables: x = OpenAI(base_url=…)
	provider  string             // the one provider named by a base URL in the file, if exactly one
	hub       string             // default hub for owner/name ids in this file
	used      map[string]bool    // constants consumed by a recognised call
	objArgs   map[int]bool       // token indexes of '{' that are call arguments
	refs      []Reference
	emitted   map[int]bool // token indexes a reference was reported at

	argBuf     [][2]int // scratch for argSpans
	argCopy    [][2]int // scratch for parseArgs
	nameBuf    []byte   // scratch for callAt
	kwBuf      map[string]kwArg
	kwOrderBuf []string
	posBuf     [][]token
	posIdxBuf  []int
	stackBuf   []int // scratch for markArgKeys
	// parents[i] is the index of the innermost bracket open before token
	// i, or -1 (filled by markArgKeys; see enclosingOpen).
	parents    []int32
	parentsBuf *lexed        // where parents' storage is kept between files
	classes    *classifyMemo // the worker's (nil: classify every time)
	pairBuf    []pair        // scratch for objectPairs
	exhaustive bool          // examine every call, key and string (tests)
	// trig: whether the file holds a code trigger word, 0 until asked
	// (readAsCode), then 1 yes, 2 no.
	trig int8
}

type constVal struct {
	val string
	ok  bool
	tok int // index of the value's first token
}

type varInfo struct {
	module   string
	provider string
}

// A call's slices and map are the codeFile's scratch (callAt), valid until
// the next call is built: the rules read a call while it is applied and
// keep none of it.
type call struct {
	last     string // the name's last segment: "from_pretrained"
	head     string // its first: "AutoModel", "torch"; "?" on another expression
	receiver string // the name without its last segment: "AutoModel", "torch.hub", "" for a bare function
	nameTok  int
	pos      [][]token
	posIdx   []int // token index of each positional arg
	kw       map[string]kwArg
	kwOrder  []string
}

type kwArg struct {
	toks []token
	idx  int
}

func locAt(p string, line, col int, via string, doc bool, cell int) sbom.Location {
	return sbom.Location{Path: p, Line: line, Column: col, Cell: cell, Via: via, Doc: doc}
}

func hasTrigger(src []byte) bool { return triggersIn(src, trigCode) != 0 }

// analyzeCode returns the references in one source text.
func analyzeCode(src []byte, l lang, p string, cell, lineOffset int, doc bool) []Reference {
	if !hasTrigger(src) {
		return nil
	}
	return parseCode(src, l, p, cell, lineOffset, doc)
}

// parseCode is analyzeCode without the prefilter.
func parseCode(src []byte, l lang, p string, cell, lineOffset int, doc bool) []Reference {
	return parseCodeWith(src, l, p, cell, lineOffset, doc, false, nil)
}

// parseCodeWith is parseCode; exhaustive turns off the byte tests that let
// calls, keys and strings that cannot matter go unexamined (tests prove
// those tests exact by comparing both ways). buf holds the tokens: a
// worker's own buffers for whole files, or nil for buffers from lexedPool
// (notebook cells and documentation blocks).
func parseCodeWith(src []byte, l lang, p string, cell, lineOffset int, doc, exhaustive bool, buf *lexed) []Reference {
	if buf == nil {
		buf = lexedPool.Get().(*lexed)
		defer lexedPool.Put(buf)
	}
	cf := &codeFile{
		src: src, toks: lex(src, l, buf), firsts: buf.firsts, marks: buf.marks, strs: buf.strs, lang: l, path: p, cell: cell, lineOffset: lineOffset, doc: doc,
		consts: map[string]constVal{}, imports: map[string]string{}, vars: map[string]varInfo{},
		used: map[string]bool{}, objArgs: map[int]bool{}, exhaustive: exhaustive, parentsBuf: buf, classes: &buf.classes,
	}
	cf.scanImports()
	cf.scanConsts()
	clear(cf.used) // constants referencing constants are not uses
	cf.scanProviders()
	cf.markArgKeys()
	cf.scanCalls()
	cf.scanParams()
	cf.scanObjects()
	cf.scanAssignments()
	cf.scanData()
	cf.scanOutputs()
	cf.scanPublishers()
	return cf.refs
}

// readAsCode reports whether the file holds a code trigger word. A file
// without one is never parsed (analyzeCode, the source extractors), so
// this only matters with the prefilter off (tests): rules that read
// strings by their shape alone must not find in such a file what the
// prefilter would have skipped. Asked only before a report, and once.
func (cf *codeFile) readAsCode() bool {
	if cf.trig == 0 {
		cf.trig = int8(2 - btoi(hasTrigger(cf.src)))
	}
	return cf.trig == 1
}

// text is a token's value (see token.text); is compares it without
// allocating. Recognisers ask for the strings they need, so the tokens of
// a file are not all turned into strings.
func (cf *codeFile) text(t token) string       { return cf.parentsBuf.text(t, cf.src) }
func (cf *codeFile) is(t token, s string) bool { return t.is(cf.src, s) }

func (cf *codeFile) tok(i int) token {
	if i < 0 || i >= len(cf.toks) {
		return token{}
	}
	return cf.toks[i]
}

// opAt is the byte of the one-byte operator at ts[i], 0 for anything
// else or out of range.
func (cf *codeFile) opAt(i int) byte {
	if i < 0 || i >= len(cf.toks) {
		return 0
	}
	return cf.toks[i].opc
}

// stmtTokens lists the token indexes where scanImports, scanConsts and
// scanAssignments look for what they find: in Python only a token that
// starts a logical line can start it (the lexer lists those), in JS any
// token can.
func (cf *codeFile) stmtTokens() []int {
	if cf.lang == langPython {
		return cf.firsts
	}
	if len(cf.allToks) != len(cf.toks) {
		cf.allToks = make([]int, len(cf.toks))
		for i := range cf.allToks {
			cf.allToks[i] = i
		}
	}
	return cf.allToks
}

// scanImports records where imported names come from.
func (cf *codeFile) scanImports() {
	ts := cf.toks
	for _, i := range cf.stmtTokens() {
		t := ts[i]
		if t.kind != tIdent || !t.lineFirst() && cf.lang == langPython {
			if !(cf.lang == langJS && t.kind == tIdent && cf.is(t, "require")) {
				continue
			}
		}
		switch {
		case cf.lang == langPython && cf.is(t, "import"):
			// import a.b as c, d
			j := i + 1
			for j < len(ts) && ts[j].kind != tNewline {
				mod, k := cf.dotted(j)
				if mod == "" {
					break
				}
				local, _, _ := strings.Cut(mod, ".")
				if cf.tok(k).kind == tIdent && cf.is(cf.tok(k), "as") {
					local = cf.text(cf.tok(k + 1))
					k += 2
				}
				cf.addImport(local, mod, i)
				if cf.opAt(k) == ',' {
					k++
				}
				j = k
			}
		case cf.lang == langPython && cf.is(t, "from"):
			mod, k := cf.dotted(i + 1)
			if mod == "" || !cf.is(cf.tok(k), "import") {
				continue
			}
			for j := k + 1; j < len(ts) && ts[j].kind != tNewline; j++ {
				if ts[j].kind != tIdent {
					continue
				}
				name := cf.text(ts[j])
				if cf.is(cf.tok(j+1), "as") && cf.tok(j+2).kind == tIdent {
					cf.addImport(cf.text(cf.tok(j+2)), mod, i)
					j += 2
					continue
				}
				cf.addImport(name, mod, i)
			}
		case cf.lang == langJS && cf.is(t, "import"):
			// import X, { a as b } from "m"; import * as X from "m"
			var names []string
			j := i + 1
			for ; j < len(ts) && ts[j].kind != tNewline && !(ts[j].kind == tIdent && cf.is(ts[j], "from")); j++ {
				if ts[j].kind == tIdent && !cf.is(ts[j], "as") && !cf.is(ts[j], "type") {
					if cf.is(cf.tok(j+1), "as") {
						continue
					}
					names = append(names, cf.text(ts[j]))
				}
			}
			if cf.is(cf.tok(j), "from") && cf.tok(j+1).kind == tString {
				for _, n := range names {
					cf.imports[n] = cf.text(cf.tok(j + 1))
				}
			}
		case cf.lang == langJS && cf.is(t, "require"):
			// const X = require("m"); const { a, b } = require("m")
			if !(cf.opAt(i+1) == '(') || cf.tok(i+2).kind != tString || !(cf.opAt(i-1) == '=') {
				continue
			}
			mod := cf.text(cf.tok(i + 2))
			j := i - 2
			if cf.tok(j).kind == tIdent {
				cf.imports[cf.text(cf.tok(j))] = mod
				continue
			}
			for ; j >= 0 && !(cf.opAt(j) == '{'); j-- {
				if ts[j].kind == tIdent {
					cf.imports[cf.text(ts[j])] = mod
				}
			}
		}
	}
}

// dotted reads a.b.c starting at i; returns the name and the next index.
func (cf *codeFile) dotted(i int) (string, int) {
	if cf.tok(i).kind != tIdent {
		return "", i
	}
	parts := []string{cf.text(cf.tok(i))}
	i++
	for (cf.opAt(i) == '.') && cf.tok(i+1).kind == tIdent {
		parts = append(parts, cf.text(cf.tok(i+1)))
		i += 2
	}
	return strings.Join(parts, "."), i
}

// scanConsts records string constants: Python module-level NAME = expr,
// JavaScript const/let/var NAME = expr.
func (cf *codeFile) scanConsts() {
	ts := cf.toks
	for _, i := range cf.stmtTokens() {
		t := ts[i]
		if t.kind != tIdent {
			continue
		}
		var nameIdx int
		switch cf.lang {
		case langPython:
			if !t.lineFirst() || t.off != t.lineStart {
				continue
			}
			nameIdx = i
		case langJS:
			if !cf.is(t, "const") && !cf.is(t, "let") && !cf.is(t, "var") {
				continue
			}
			nameIdx = i + 1
			if cf.tok(nameIdx).kind != tIdent {
				continue
			}
		}
		j := nameIdx + 1
		if cf.opAt(j) == ':' { // annotation
			for j < len(ts) && !(cf.opAt(j) == '=') && ts[j].kind != tNewline {
				j++
			}
		}
		if !(cf.opAt(j) == '=') {
			continue
		}
		end := j + 1
		for end < len(ts) && ts[end].kind != tNewline {
			end++
		}
		name := cf.text(ts[nameIdx])
		if _, dup := cf.consts[name]; dup {
			// reassigned: no longer a constant we can trust
			cf.consts[name] = constVal{}
			continue
		}
		v, ok := cf.eval(ts[j+1:end], 0)
		cf.consts[name] = constVal{val: v, ok: ok, tok: j + 1}
	}
}

// eval evaluates a string expression: literals, implicit and '+'
// concatenation, constants, resolvable f-strings / template literals, and
// environment lookups with a literal default.
func (cf *codeFile) eval(ts []token, depth int) (string, bool) {
	if len(ts) == 0 || depth > 8 {
		return "", false
	}
	// os.getenv("X", "default"), os.environ.get("X", "default"),
	// process.env.X ?? "default", x or "default": the literal default.
	for k := len(ts) - 1; k > 0; k-- {
		if t := ts[k]; (t.kind == tOp && (cf.is(t, "||") || cf.is(t, "??"))) || (t.kind == tIdent && cf.is(t, "or")) {
			return cf.eval(ts[k+1:], depth+1)
		}
	}
	if ts[0].kind == tIdent && cf.mayBeEnvLookup(ts) {
		name, k := cf.dottedIn(ts, 0)
		if (strings.HasSuffix(name, "getenv") || strings.HasSuffix(name, "environ.get") || strings.HasSuffix(name, "env.get")) &&
			k < len(ts) && cf.is(ts[k], "(") && cf.is(ts[len(ts)-1], ")") {
			args := cf.splitArgs(ts[k+1 : len(ts)-1])
			if len(args) == 2 {
				return cf.eval(args[1], depth+1)
			}
			return "", false
		}
	}
	var b strings.Builder
	expectOperand := true
	for _, t := range ts {
		switch {
		case t.kind == tString:
			s := cf.text(t)
			if t.fstr() {
				r, ok := cf.interpolate(s, depth)
				if !ok {
					return "", false
				}
				s = r
			}
			b.WriteString(s)
			expectOperand = false
		case t.kind == tIdent && expectOperand:
			c, ok := cf.consts[string(cf.src[t.off:t.end])]
			if !ok || !c.ok {
				return "", false
			}
			cf.used[cf.text(t)] = true
			b.WriteString(c.val)
			expectOperand = false
		case t.kind == tOp && cf.is(t, "+"):
			expectOperand = true
		case t.kind == tOp && (cf.is(t, "(") || cf.is(t, ")")) && len(ts) > 2:
			// parenthesised concatenation
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0 && !expectOperand
}

// mayBeEnvLookup reports whether the dotted name starting ts can end in
// getenv, environ.get or env.get (its last part ends in getenv or is get),
// before eval spends a string on the name.
func (cf *codeFile) mayBeEnvLookup(ts []token) bool {
	i := 0
	for i+2 < len(ts) && ts[i+1].kind == tOp && cf.is(ts[i+1], ".") && ts[i+2].kind == tIdent {
		i += 2
	}
	last := cf.src[ts[i].off:ts[i].end]
	return bytes.HasSuffix(last, []byte("getenv")) || string(last) == "get"
}

func (cf *codeFile) dottedIn(ts []token, i int) (string, int) {
	if i >= len(ts) || ts[i].kind != tIdent {
		return "", i
	}
	parts := []string{cf.text(ts[i])}
	i++
	for i+1 < len(ts) && ts[i].kind == tOp && cf.is(ts[i], ".") && ts[i+1].kind == tIdent {
		parts = append(parts, cf.text(ts[i+1]))
		i += 2
	}
	return strings.Join(parts, "."), i
}

// interpolate resolves {NAME} (Python) or ${NAME} (JS) from constants.
func (cf *codeFile) interpolate(s string, depth int) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if cf.lang == langPython && c == '{' && i+1 < len(s) && s[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		if cf.lang == langPython && c == '}' && i+1 < len(s) && s[i+1] == '}' {
			b.WriteByte('}')
			i++
			continue
		}
		open := c == '{' && cf.lang == langPython || c == '$' && cf.lang == langJS && i+1 < len(s) && s[i+1] == '{'
		if !open {
			b.WriteByte(c)
			continue
		}
		start := i + 1
		if cf.lang == langJS {
			start = i + 2
		}
		end := strings.IndexByte(s[start:], '}')
		if end < 0 {
			return "", false
		}
		name := strings.TrimSpace(s[start : start+end])
		cv, ok := cf.consts[name]
		if !ok || !cv.ok {
			return "", false
		}
		cf.used[name] = true
		b.WriteString(cv.val)
		i = start + end
	}
	return b.String(), depth >= 0
}

// splitArgs splits tokens at depth-0 commas.
func (cf *codeFile) splitArgs(ts []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for k, t := range ts {
		switch t.op() {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, ts[start:k])
				start = k + 1
			}
		}
	}
	if start < len(ts) {
		out = append(out, ts[start:])
	}
	return out
}

// scanProviders finds API base URLs anywhere in the file.
func (cf *codeFile) scanProviders() {
	seen := ""
	for _, i := range cf.strs {
		t := cf.toks[i]
		// hostProvider wants "http" or ":11434"; look for them in the
		// bytes before making the string.
		b := cf.keyBytes(t)
		if bytes.IndexByte(b, '.') < 0 {
			continue
		}
		var p string
		if cf.exhaustive {
			p = hostProvider(cf.text(t))
		} else {
			p = hostProviderBytes(b)
		}
		if p != "" {
			if seen != "" && seen != p {
				cf.provider = ""
				return
			}
			seen = p
			cf.provider = p
		}
	}
	hf, ms := false, false
	for _, m := range cf.imports {
		switch moduleFamily(m) {
		case HubModelScope:
			ms = true
		case HubHuggingFace:
			hf = true
		}
	}
	if ms && !hf {
		cf.hub = HubModelScope
	}
}

// providerHosts map API hosts to providers, for OpenAI-compatible clients.
var providerHosts = []struct{ host, provider string }{
	{"api.openai.com", "openai"}, {"openai.azure.com", "openai"}, {"api.anthropic.com", "anthropic"},
	{"generativelanguage.googleapis.com", "google"}, {"aiplatform.googleapis.com", "google"},
	{"qianfan.baidubce.com", "baidu"}, {"aip.baidubce.com", "baidu"}, {"dashscope.aliyuncs.com", "dashscope"},
	{"dashscope-intl.aliyuncs.com", "dashscope"}, {"open.bigmodel.cn", "zhipu"}, {"api.z.ai", "zhipu"},
	{"volces.com", "bytedance"}, {"volcengineapi.com", "bytedance"}, {"hunyuan.cloud.tencent.com", "tencent"},
	{"hunyuan.tencentcloudapi.com", "tencent"}, {"pangu", "huawei"}, {"api.moonshot.cn", "moonshot"},
	{"api.moonshot.ai", "moonshot"}, {"api.mistral.ai", "mistral"}, {"api.deepseek.com", "deepseek"},
	{"localhost:11434", HubOllama}, {"127.0.0.1:11434", HubOllama}, {"ollama:11434", HubOllama},
	{"openrouter.ai", "other"}, {"api.together.xyz", "other"}, {"api.groq.com", "other"}, {"api.fireworks.ai", "other"},
}

func hostProvider(s string) string {
	l := strings.ToLower(s)
	if !strings.Contains(l, "http") && !strings.Contains(l, ":11434") {
		return ""
	}
	for _, h := range providerHosts {
		if strings.Contains(l, h.host) {
			return h.provider
		}
	}
	return ""
}

// hostProviderBytes is hostProvider(string(b)) without the string and in
// one pass: every host but one holds a '.' or ':', so the hosts are found
// at those bytes (bytes.IndexByte), each trying only the hosts whose first
// '.' or ':' is followed by the next byte of b; "pangu" is looked for on
// its own. Folding ASCII case gives strings.ToLower's answer unless b holds
// one of the two runes that lower to ASCII letters (İ, the Kelvin sign);
// those take the slow path. TestHostProviderBytes and FuzzHostProviderBytes
// hold the two equal.
func hostProviderBytes(b []byte) string {
	if bytes.Contains(b, []byte("\u0130")) || bytes.Contains(b, []byte("\u212a")) {
		return hostProvider(string(b))
	}
	if !containsFold(b, "http") && !bytes.Contains(b, []byte(":11434")) {
		return ""
	}
	idx := hostIndex()
	best := len(providerHosts)
	for _, sep := range [...]byte{'.', ':'} {
		for off := 0; off < len(b); {
			j := bytes.IndexByte(b[off:], sep)
			if j < 0 {
				break
			}
			p := off + j
			off = p + 1
			if p+1 >= len(b) {
				break
			}
			for _, a := range idx.at[btoi(sep == ':')][lowerASCII(b[p+1])] {
				h := providerHosts[a.host].host
				if a.host < best && p >= a.off && p-a.off+len(h) <= len(b) && equalFold(b[p-a.off:p-a.off+len(h)], h) {
					best = a.host
				}
			}
		}
	}
	if idx.pangu >= 0 && idx.pangu < best && containsFold(b, "pangu") {
		best = idx.pangu
	}
	if best == len(providerHosts) {
		return ""
	}
	return providerHosts[best].provider
}

// hostAnchor is a host of providerHosts and the offset of its first '.' or ':'.
type hostAnchor struct{ host, off int }

type hostTable struct {
	// at[colon][c] lists the hosts whose first '.' (or ':') is followed by c.
	at    [2][256][]hostAnchor
	pangu int // the host with neither
}

var hostIndex = sync.OnceValue(func() *hostTable {
	t := &hostTable{pangu: -1}
	for k, h := range providerHosts {
		d := strings.IndexAny(h.host, ".:")
		if d < 0 || d+1 >= len(h.host) {
			if h.host != "pangu" {
				panic("providerHosts: a host without '.' or ':' other than pangu: " + h.host)
			}
			t.pangu = k
			continue
		}
		colon := h.host[d] == ':'
		t.at[btoi(colon)][h.host[d+1]] = append(t.at[btoi(colon)][h.host[d+1]], hostAnchor{k, d})
	}
	return t
})

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// moduleFamily maps an imported module to a hub or API provider.
func moduleFamily(mod string) string {
	m := strings.ToLower(mod)
	root := strings.SplitN(strings.TrimPrefix(m, "@"), ".", 2)[0]
	switch {
	case strings.HasPrefix(m, "modelscope"), strings.HasPrefix(m, "funasr"):
		return HubModelScope
	case strings.HasPrefix(m, "ollama"), strings.Contains(m, "ollama"):
		return HubOllama
	case strings.HasPrefix(m, "litellm"):
		return "litellm"
	case root == "openai", strings.Contains(m, "langchain_openai"), m == "@langchain/openai", strings.HasPrefix(m, "@ai-sdk/openai"),
		strings.Contains(m, "llama_index.llms.openai"), strings.Contains(m, "llama_index.embeddings.openai"):
		return "openai"
	case root == "anthropic", m == "@anthropic-ai/sdk", strings.Contains(m, "langchain_anthropic"), m == "@langchain/anthropic",
		strings.HasPrefix(m, "@ai-sdk/anthropic"):
		return "anthropic"
	case strings.HasPrefix(m, "google.generativeai"), strings.HasPrefix(m, "google.genai"),
		strings.HasPrefix(m, "vertexai"), strings.Contains(m, "langchain_google"), strings.HasPrefix(m, "@google/generative-ai"),
		strings.HasPrefix(m, "@google/genai"), strings.HasPrefix(m, "@ai-sdk/google"):
		return "google"
	case root == "qianfan", root == "erniebot", strings.Contains(m, "qianfan"):
		return "baidu"
	case root == "dashscope", strings.Contains(m, "tongyi"):
		return "dashscope"
	case root == "zhipuai", root == "zai", strings.Contains(m, "zhipuai"):
		return "zhipu"
	case strings.HasPrefix(m, "volcenginesdkarkruntime"), strings.HasPrefix(m, "volcengine"):
		return "bytedance"
	case strings.HasPrefix(m, "tencentcloud"):
		return "tencent"
	case strings.Contains(m, "pangu"):
		return "huawei"
	case root == "mistralai", strings.Contains(m, "langchain_mistralai"), m == "@mistralai/mistralai":
		return "mistral"
	case strings.Contains(m, "deepseek"):
		return "deepseek"
	case strings.Contains(m, "moonshot"):
		return "moonshot"
	case root == "transformers", root == "huggingface_hub", root == "diffusers", root == "peft",
		root == "sentence_transformers", root == "vllm", root == "accelerate", root == "timm", root == "optimum",
		root == "datasets", strings.Contains(m, "huggingface"), m == "@xenova/transformers", root == "trl",
		root == "gliner", root == "setfit", root == "open_clip", root == "unsloth", root == "llama_cpp":
		return HubHuggingFace
	}
	return ""
}

// originOf returns the module a dotted name's head comes from.
func (cf *codeFile) originOf(head string) (module string, provider string) {
	if v, ok := cf.vars[head]; ok {
		return v.module, v.provider
	}
	if m, ok := cf.imports[head]; ok {
		return m, ""
	}
	return "", ""
}

// scanCalls finds every call NAME(args) and applies the call rules.
func (cf *codeFile) scanCalls() {
	ts := cf.toks
	for _, i := range cf.marks {
		if ts[i].op() != '(' || i == 0 || ts[i-1].kind != tIdent {
			continue
		}
		j := i - 1
		for j >= 2 && (cf.opAt(j-1) == '.') && ts[j-2].kind == tIdent {
			j -= 2
		}
		if p := cf.tok(j - 1); p.kind == tIdent && (cf.is(p, "def") || cf.is(p, "function") || cf.is(p, "class") || cf.is(p, "async") && cf.is(cf.tok(j-2), "def")) {
			continue
		}
		switch cf.callUse(i, j) {
		case skipCall:
			cf.markObjArgs(i)
			continue
		case trackCall:
			cf.markObjArgs(i)
			cf.trackHead(j)
			continue
		}
		c := cf.callAt(i, j)
		cf.parseArgs(i, &c)
		cf.kwOrderBuf, cf.posBuf, cf.posIdxBuf = c.kwOrder, c.pos, c.posIdx
		cf.trackVar(j, c)
		cf.applyCall(c)
	}
}

// callAt builds the call whose name runs from ts[nameTok] to the '(' at
// ts[open], its arguments not yet parsed. The name parts are identifiers,
// whose values are their bytes, so the receiver is written into one
// buffer and made a string once; a bare function's head is its last
// segment. The kw map, positional lists and key order are cf's, emptied.
func (cf *codeFile) callAt(open, nameTok int) call {
	ts := cf.toks
	c := call{last: cf.text(ts[open-1]), nameTok: nameTok}
	// prefix is what the name hangs on when it does not start the
	// expression: the head of an inner call ("h.()"), or "?".
	prefix, h := false, -1
	if cf.opAt(nameTok-1) == '.' {
		prefix = true
		if cf.opAt(nameTok-2) == ')' {
			// a chained call on a call result: anthropic.Anthropic().messages.create(…):
			// the head is the head of the inner call
			if k := cf.matchOpen(nameTok - 2); k > 0 && cf.tok(k-1).kind == tIdent {
				h = k - 1
				for h >= 2 && (cf.opAt(h-1) == '.') && ts[h-2].kind == tIdent {
					h -= 2
				}
			}
		}
	}
	if !prefix && nameTok == open-1 {
		c.head = c.last
	} else {
		b := cf.nameBuf[:0]
		switch {
		case h >= 0:
			b = append(b, cf.src[ts[h].off:ts[h].end]...)
			b = append(b, ".()"...)
		case prefix:
			b = append(b, '?')
		}
		for k := nameTok; k < open-1; k += 2 {
			if len(b) > 0 {
				b = append(b, '.')
			}
			b = append(b, cf.src[ts[k].off:ts[k].end]...)
		}
		c.receiver = string(b)
		switch {
		case h >= 0:
			c.head = c.receiver[:ts[h].end-ts[h].off]
		case prefix:
			c.head = "?"
		default:
			c.head = c.receiver[:ts[nameTok].end-ts[nameTok].off]
		}
		cf.nameBuf = b
	}
	if cf.kwBuf == nil {
		cf.kwBuf = map[string]kwArg{}
	}
	clear(cf.kwBuf)
	c.kw = cf.kwBuf
	c.kwOrder = cf.kwOrderBuf[:0]
	c.pos = cf.posBuf[:0]
	c.posIdx = cf.posIdxBuf[:0]
	return c
}

// callUse is what scanCalls must do with one call.
type callUse uint8

const (
	skipCall  callUse = iota // no rule can use it
	trackCall                // only trackVar can: a client assigned from an imported or tracked name
	fullCall                 // build the call and apply every rule
)

// callUse decides, from the tokens' bytes, how much of the call whose name
// runs from ts[nameTok] to the '(' at ts[open] must be examined: in full
// when its last name part has a rule (callNames) or an argument key may
// name a model, a dataset or (for an assigned client) an endpoint; only
// for trackVar when it assigns the result of an imported or tracked name;
// else not at all. Most calls of a file are the last kind, and cost no
// strings and no maps; every call examined is handled exactly as before.
func (cf *codeFile) callUse(open, nameTok int) callUse {
	ts := cf.toks
	if cf.exhaustive || ts[open].flags&fArgModelKey != 0 || isCallName(cf.src[ts[open-1].off:ts[open-1].end]) {
		return fullCall
	}
	if !cf.assignedAt(nameTok) {
		return skipCall
	}
	if ts[open].flags&fArgEndpoint != 0 {
		return fullCall
	}
	if mod, prov := cf.originOfHead(nameTok); mod != "" || prov != "" {
		return trackCall
	}
	return skipCall
}

// trackHead is trackVar for a call with no endpoint argument: the
// variable takes the origin of the callee's head.
func (cf *codeFile) trackHead(nameTok int) {
	mod, prov := cf.originOfHead(nameTok)
	if mod == "" && prov == "" {
		return
	}
	k := nameTok - 1
	if t := cf.tok(k); t.kind == tIdent && (cf.is(t, "new") || cf.is(t, "await")) {
		k--
	}
	cf.setVar(k-1, varInfo{module: mod, provider: prov})
}

// setVar records the client assigned to the name at ts[nameTok]; an
// attribute of the instance (self.client = ZhipuAI(…), this.client = new
// OpenAI(…)) is also recorded as self.NAME, the head a method's call
// through it is looked up by (see context).
func (cf *codeFile) setVar(nameTok int, v varInfo) {
	name := cf.text(cf.tok(nameTok))
	cf.vars[name] = v
	if cf.opAt(nameTok-1) == '.' {
		if o := cf.tok(nameTok - 2); o.kind == tIdent && (cf.is(o, "self") || cf.is(o, "this")) && cf.opAt(nameTok-3) != '.' {
			cf.vars["self."+name] = v
		}
	}
}

// markArgKeys marks every bracket holding an argument key that may name a
// model or dataset (fArgModelKey) or is an endpoint key (fArgEndpoint):
// Python name= and JS key: inside the bracket, and for JS also the bracket
// around it, since {key: …} objects are arguments. One pass, so callUse
// need not walk each call's arguments. It marks a superset of the keys
// parseArgs reads (any such key, not only at the start of an argument).
//
// The same bracket stack gives every token its bracket parent (parents),
// which enclosingOpen reads: the tokens between two structural operators
// share the parent of the first of those after it.
func (cf *codeFile) markArgKeys() {
	ts := cf.toks
	stack := cf.stackBuf[:0]
	var parents []int32
	if cf.parentsBuf != nil {
		parents = cf.parentsBuf.parents
	}
	if cap(parents) < len(ts) {
		parents = make([]int32, len(ts), cap(ts))
	}
	parents = parents[:len(ts)]
	next := 0 // the first token whose parent is not yet written
	top := int32(-1)
	for _, m := range cf.marks {
		for ; next <= m; next++ {
			parents[next] = top
		}
		var sep byte
		switch ts[m].op() {
		case '(', '[', '{':
			stack = append(stack, m)
			top = int32(m)
			continue
		case ')', ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			top = -1
			if len(stack) > 0 {
				top = int32(stack[len(stack)-1])
			}
			continue
		case '=':
			sep = '='
		case ':':
			sep = ':'
		}
		// A key is the token before the = (Python) or : (JS).
		if len(stack) == 0 || m == 0 {
			continue
		}
		t := ts[m-1]
		switch {
		case cf.lang == langPython && sep == '=' && t.kind == tIdent:
		case cf.lang == langJS && sep == ':' && (t.kind == tIdent || t.kind == tString && !t.fstr()):
		default:
			continue
		}
		k := cf.keyBytes(t)
		var f tokFlag
		if mayNameModel(k) {
			f |= fArgModelKey
		}
		if isBaseURLKey[string(k)] {
			f |= fArgEndpoint
		}
		if f == 0 {
			continue
		}
		ts[stack[len(stack)-1]].flags |= f
		if cf.lang == langJS && len(stack) >= 2 {
			ts[stack[len(stack)-2]].flags |= f
		}
	}
	for ; next < len(ts); next++ {
		parents[next] = top
	}
	cf.stackBuf, cf.parents = stack, parents
	if cf.parentsBuf != nil {
		cf.parentsBuf.parents = parents
	}
}

// originOfHead is originOf for the head of the callee starting at
// ts[nameTok] (see headOf), looked up without making a string.
func (cf *codeFile) originOfHead(nameTok int) (string, string) {
	h := cf.headTok(nameTok)
	if h < 0 {
		return cf.originOf("?")
	}
	b := cf.src[cf.toks[h].off:cf.toks[h].end]
	if v, ok := cf.vars[string(b)]; ok {
		return v.module, v.provider
	}
	if m, ok := cf.imports[string(b)]; ok {
		return m, ""
	}
	return "", ""
}

// assignedAt reports whether the call named from ts[nameTok] is assigned
// to a variable (x = C(…), x = new C(…), x = await c(…)), which is when
// trackVar records it.
func (cf *codeFile) assignedAt(nameTok int) bool {
	k := nameTok - 1
	if t := cf.tok(k); t.kind == tIdent && (cf.is(t, "new") || cf.is(t, "await")) {
		k--
	}
	return (cf.opAt(k) == '=') && cf.tok(k-1).kind == tIdent
}

// headTok returns the index of the head of the dotted callee starting at
// ts[nameTok], as scanCalls names it: the first name, or the head of the
// inner call for a call on a call result; -1 for "?", a call on another
// expression.
func (cf *codeFile) headTok(nameTok int) int {
	ts := cf.toks
	j := nameTok
	if (cf.opAt(j-1) == '.') && (cf.opAt(j-2) == ')') {
		if k := cf.matchOpen(j - 2); k > 0 && cf.tok(k-1).kind == tIdent {
			h := k - 1
			for h >= 2 && (cf.opAt(h-1) == '.') && ts[h-2].kind == tIdent {
				h -= 2
			}
			return h
		}
		return -1
	}
	if cf.opAt(j-1) == '.' {
		return -1
	}
	return j
}

// markObjArgs records the object-literal arguments of a JS call that
// callMatters let go, as parseArgs would, so scanObjects leaves them alone.
func (cf *codeFile) markObjArgs(open int) {
	if cf.lang != langJS {
		return
	}
	for _, a := range cf.argSpans(open) {
		if a[1] > a[0] && cf.toks[a[0]].kind == tOp && cf.is(cf.toks[a[0]], "{") {
			cf.objArgs[a[0]] = true
		}
	}
}

// keyBytes is the value of a key token (identifier or string) as bytes,
// without a copy unless the string has escapes.
func (cf *codeFile) keyBytes(t token) []byte {
	if t.kind == tString && t.flags&fEscaped != 0 {
		return []byte(t.text(cf.src))
	}
	return cf.src[t.off:t.end]
}

// keyWords are words every model or dataset key holds: each name that
// isModelKey (after camelLower) or isDatasetKey accepts contains one of
// them, in some case (TestMayNameModel and FuzzMayNameModel hold that).
// mayNameModel looks for them, each by its first letter.
var keyWords = []string{"model", "checkpoint", "tokenizer", "repo", "dataset"}

// keyWordAt[c] is 1 + the index in keyWords of the word that starts with
// byte c in either case, 0 for none (their first letters differ).
var keyWordAt = func() (t [256]uint8) {
	for i, w := range keyWords {
		t[w[0]] = uint8(i + 1)
		t[w[0]-'a'+'A'] = uint8(i + 1)
	}
	return t
}()

// mayNameModel is the cheap test in front of isModelKey and isDatasetKey:
// false means neither can accept the name. One pass, trying at each byte
// the one word that starts with it.
func mayNameModel(b []byte) bool {
	for i, c := range b {
		k := keyWordAt[c]
		if k == 0 {
			continue
		}
		if w := keyWords[k-1]; i+len(w) <= len(b) && equalFold(b[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// providerKeyWords are words every providerKeys entry holds; a key holds
// one of them, folding ASCII case, whenever
// strings.ToLower(camelLower(key)) is an entry: camelLower only inserts
// '_' (none of the words has one) and lowercases, and no non-ASCII rune
// lowers to a letter of these words (Kelvin's K lowers to k, in none).
// TestMayNameProvider and FuzzMayNameProvider hold that.
var providerKeyWords = []string{"provider", "platform", "vendor", "owned", "api"}

// mayNameProvider is the cheap test in front of providerKeys: false means
// the key is not one of them.
func mayNameProvider(b []byte) bool {
	for _, w := range providerKeyWords {
		if len(b) >= len(w) && containsFold(b, w) {
			return true
		}
	}
	return false
}

func (cf *codeFile) mayName(b []byte) bool { return cf.exhaustive || mayNameModel(b) }

// containsFold reports whether b contains the lowercase ASCII word w,
// folding ASCII case. Candidates are found with bytes.IndexByte for each
// case of w's first byte, so long texts without w are passed at memory
// speed.
func containsFold(b []byte, w string) bool {
	lo := w[0]
	up := lo
	if lo >= 'a' && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	// nextLo and nextUp are the next offsets of each case of the first
	// byte at or after off (len(b) when there is none).
	next := func(c byte, from int) int {
		if k := bytes.IndexByte(b[from:], c); k >= 0 {
			return from + k
		}
		return len(b)
	}
	nextLo, nextUp := next(lo, 0), len(b)
	if up != lo {
		nextUp = next(up, 0)
	}
	for {
		p := min(nextLo, nextUp)
		if p+len(w) > len(b) {
			return false
		}
		if equalFold(b[p:p+len(w)], w) {
			return true
		}
		if p == nextLo {
			nextLo = next(lo, p+1)
		} else {
			nextUp = next(up, p+1)
		}
	}
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// argSpans returns the token ranges of the top-level arguments of the
// call opening at ts[open], in a buffer reused by the next call.
func (cf *codeFile) argSpans(open int) [][2]int {
	ts := cf.toks
	depth := 0
	start := open + 1
	args := cf.argBuf[:0]
	for k := open; k < len(ts); k++ {
		switch ts[k].op() {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				if k > start {
					args = append(args, [2]int{start, k})
				}
				cf.argBuf = args
				return args
			}
		case ',':
			if depth == 1 {
				args = append(args, [2]int{start, k})
				start = k + 1
			}
		}
	}
	cf.argBuf = args
	return args
}

// matchOpen returns the index of the '(' matching the ')' at close, or -1.
func (cf *codeFile) matchOpen(close int) int {
	depth := 0
	for k := close; k >= 0 && close-k < 4096; k-- {
		switch cf.toks[k].op() {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// parseArgs fills c from the argument list opening at ts[open].
func (cf *codeFile) parseArgs(open int, c *call) {
	ts := cf.toks
	// A copy: argSpans's buffer is the next caller's.
	cf.argCopy = append(cf.argCopy[:0], cf.argSpans(open)...)
	args := cf.argCopy
	for _, a := range args {
		seg := ts[a[0]:a[1]]
		if len(seg) == 0 {
			continue
		}
		switch {
		case cf.lang == langPython && len(seg) >= 2 && seg[0].kind == tIdent && seg[1].kind == tOp && cf.is(seg[1], "="):
			name := cf.text(seg[0])
			c.kw[name] = kwArg{toks: seg[2:], idx: a[0] + 2}
			c.kwOrder = append(c.kwOrder, name)
		case seg[0].kind == tOp && (cf.is(seg[0], "*") || cf.is(seg[0], "**") || cf.is(seg[0], "...")):
		case seg[0].kind == tOp && cf.is(seg[0], "{") && cf.lang == langJS:
			cf.objArgs[a[0]] = true
			for _, kv := range cf.objectPairs(a[0], nil) {
				key := cf.text(ts[kv.keyTok])
				if _, dup := c.kw[key]; !dup {
					c.kwOrder = append(c.kwOrder, key)
				}
				c.kw[key] = kwArg{toks: kv.val, idx: kv.idx}
			}
			c.pos = append(c.pos, seg)
			c.posIdx = append(c.posIdx, a[0])
		default:
			c.pos = append(c.pos, seg)
			c.posIdx = append(c.posIdx, a[0])
		}
	}
}

type pair struct {
	keyTok int // index of the key token
	val    []token
	idx    int
}

// objectPairs returns the top-level key: value pairs of the object or
// dict literal opening at ts[open], appended to out.
func (cf *codeFile) objectPairs(open int, out []pair) []pair {
	ts := cf.toks
	depth := 0
	itemStart := open + 1
	for k := open; k < len(ts); k++ {
		switch op := ts[k].op(); op {
		case '(', '[', '{':
			depth++
		case ')', ']', '}', ',':
			if op != ',' {
				depth--
			}
			if depth == 1 && op == ',' || depth == 0 {
				seg := ts[itemStart:k]
				if len(seg) >= 3 && seg[1].kind == tOp && cf.is(seg[1], ":") &&
					(seg[0].kind == tString && !seg[0].fstr() || seg[0].kind == tIdent && cf.lang == langJS) {
					out = append(out, pair{keyTok: itemStart, val: seg[2:], idx: itemStart + 2})
				}
				itemStart = k + 1
			}
			if depth == 0 {
				return out
			}
		}
	}
	return out
}

// baseURLKeys are the arguments of a client constructor that name its endpoint.
var baseURLKeys = []string{"base_url", "baseURL", "api_base", "openai_api_base", "base_api", "endpoint", "azure_endpoint", "host", "baseUrl", "url"}

// isBaseURLKey is baseURLKeys as a set, for markArgKeys's test of every
// keyword argument (a linear search was 3% of discovery on diffusers).
var isBaseURLKey = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range baseURLKeys {
		m[k] = true
	}
	return m
}()

// trackVar remembers client = SDK(…) so that client.x.create(model=…) knows
// its provider.
func (cf *codeFile) trackVar(nameTok int, c call) {
	k := nameTok - 1
	if t := cf.tok(k); t.kind == tIdent && (cf.is(t, "new") || cf.is(t, "await")) {
		k--
	}
	if !(cf.opAt(k) == '=') || cf.tok(k-1).kind != tIdent {
		return
	}
	mod, prov := cf.originOf(c.head)
	for _, key := range baseURLKeys {
		if a, ok := c.kw[key]; ok {
			if v, ok := cf.eval(a.toks, 0); ok {
				if p := hostProvider(v); p != "" {
					prov = p
				}
			}
		}
	}
	if mod == "" && prov == "" {
		return
	}
	cf.setVar(k-1, varInfo{module: mod, provider: prov})
}

// isModelKey: keyword and key names that hold a model id. A word after the
// model word that names something else about it (model_type: "oai",
// model_provider, model_kwargs, model_revision) or a word saying the
// project makes it (output_model) takes the meaning away, as keyInfoOf
// reads config keys (keys.go).
func isModelKey(k string) bool {
	l := strings.ToLower(k)
	words := splitWords(l)
	for i, w := range words {
		switch w {
		case "model", "models", "checkpoint", "tokenizer":
			// model_config = model_name or "org/name": the repository
			// holding the configuration is the model's
			for _, t := range words[i+1:] {
				if t != "config" && !modelTailWords[t] && !modelWords[t] {
					return false
				}
			}
			for _, o := range words {
				if outputWords[o] {
					return false
				}
			}
			return true
		}
	}
	return l == "repo_id" || l == "repoid" || strings.HasSuffix(l, "model") || strings.HasSuffix(l, "modelname") ||
		strings.HasSuffix(l, "modelid") || strings.HasSuffix(l, "repoid")
}

func isDatasetKey(k string) bool {
	for _, w := range splitWords(strings.ToLower(k)) {
		if w == "dataset" || w == "datasets" {
			return true
		}
	}
	return false
}

// splitWords splits snake_case, kebab-case, dotted and camelCase names.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' })
}

// camelLower turns embedModelName into embed_model_name; ALL_CAPS and
// snake_case names just lose their case.
func camelLower(s string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			if prevLower {
				b.WriteByte('_')
			}
			b.WriteRune(r + 32)
			prevLower = false
			continue
		}
		b.WriteRune(r)
		prevLower = r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	return b.String()
}

func (cf *codeFile) emit(c classified, tokIdx int, via string) {
	t := cf.tok(tokIdx)
	line, col := t.pos(cf.src)
	r := c.ref(cf.path, line+cf.lineOffset, col, via, cf.doc, cf.cell)
	if el, ec, ok := t.endPos(cf.src); ok {
		r.Location.EndLine, r.Location.EndColumn = el+cf.lineOffset, ec
	}
	cf.refs = append(cf.refs, r)
	if cf.emitted == nil {
		cf.emitted = map[int]bool{}
	}
	cf.emitted[tokIdx] = true
}

// value evaluates an argument and classifies it.
func (cf *codeFile) value(ts []token, idx int, h hint, via string) bool {
	v, ok := cf.eval(ts, 0)
	if !ok {
		return false
	}
	c, ok := cf.classes.classify(v, h)
	if !ok {
		return false
	}
	if c.kind == KindModel && h.dataset {
		c.kind = KindDataset
	}
	cf.emit(c, idx, via)
	return true
}

func (cf *codeFile) arg(c call, pos int, kws ...string) ([]token, int, bool) {
	for _, k := range kws {
		if a, ok := c.kw[k]; ok {
			return a.toks, a.idx, true
		}
	}
	if pos >= 0 && pos < len(c.pos) {
		return c.pos[pos], c.posIdx[pos], true
	}
	return nil, 0, false
}

// scanObjects handles dict / object literals that are not call arguments:
// {"model": "gpt-4o", …} sent as a request body, config objects in JS.
func (cf *codeFile) scanObjects() {
	for _, i := range cf.marks {
		if cf.toks[i].op() != '{' || cf.objArgs[i] {
			continue
		}
		if cf.lang == langPython && i > 0 && cf.toks[i-1].kind == tString {
			continue
		}
		cf.pairBuf = cf.objectPairs(i, cf.pairBuf[:0])
		// A sibling key naming the provider ({modelId: "…", provider:
		// "perplexity"}) says whose names the object's model keys hold.
		sib := ""
		for _, kv := range cf.pairBuf {
			if len(kv.val) == 1 && kv.val[0].kind == tString && (cf.exhaustive || mayNameProvider(cf.keyBytes(cf.toks[kv.keyTok]))) &&
				providerKeys[strings.ToLower(camelLower(cf.text(cf.toks[kv.keyTok])))] {
				sib = siblingProvider(cf.text(cf.toks[kv.keyTok]), cf.text(kv.val[0]))
			}
		}
		for _, kv := range cf.pairBuf {
			if !cf.mayName(cf.keyBytes(cf.toks[kv.keyTok])) {
				continue
			}
			key := cf.text(cf.toks[kv.keyTok])
			h := hint{hub: cf.hub, provider: cf.provider, anyName: cf.provider != "", ollama: cf.provider == HubOllama}
			if kl := strings.ToLower(key); sib != "" && (kl == "model" || strings.HasSuffix(kl, "id")) {
				// the id, not the display name (modelName: "GPT-4o")
				h.provider, h.anyName, h.ollama = sib, true, sib == HubOllama
			}
			switch {
			case isDatasetKey(key):
				h = hint{hub: cf.hub, dataset: true}
			case isModelKey(camelLower(key)):
			default:
				continue
			}
			if !cf.value(kv.val, kv.idx, h, "key:"+key) && !h.dataset {
				cf.unresolved(kv.val, kv.idx, key)
			}
		}
	}
}

// scanAssignments reports NAME = "owner/model" where the name says it holds
// a model and no recognised call consumed it (a model chosen in one place
// and passed to a helper).
func (cf *codeFile) scanAssignments() {
	ts := cf.toks
	for _, i := range cf.stmtTokens() {
		if i+2 >= len(ts) {
			break
		}
		t := ts[i]
		if t.kind != tIdent || !t.lineFirst() && !(cf.lang == langJS && i > 0 && ts[i-1].kind == tIdent && (cf.is(ts[i-1], "const") || cf.is(ts[i-1], "let") || cf.is(ts[i-1], "var"))) {
			continue
		}
		// The name's last part decides; look at it before building the name.
		e := i
		for (cf.opAt(e+1) == '.') && cf.tok(e+2).kind == tIdent {
			e += 2
		}
		if !cf.mayName(cf.src[ts[e].off:ts[e].end]) {
			continue
		}
		name, j := cf.dotted(i)
		if cf.opAt(j) == ':' {
			for j < len(ts) && !(cf.opAt(j) == '=') && ts[j].kind != tNewline {
				j++
			}
		}
		if !(cf.opAt(j) == '=') || cf.used[name] {
			continue
		}
		last := name[strings.LastIndexByte(name, '.')+1:]
		key := camelLower(last)
		h := hint{hub: cf.hub, provider: cf.provider, anyName: cf.provider != "", ollama: cf.provider == HubOllama}
		switch {
		case isDatasetKey(key):
			h = hint{hub: cf.hub, dataset: true}
		case isModelKey(key):
		default:
			continue
		}
		end := j + 1
		for end < len(ts) && ts[end].kind != tNewline {
			end++
		}
		if end == j+1 {
			continue
		}
		val := ts[j+1 : end]
		// only literal-ish right-hand sides; a call result is not a model id
		// (or a literal default after or / ?? / ||: self.model = model or "…")
		if val[0].kind != tString && !(val[0].kind == tIdent && (strings.Contains(strings.ToLower(cf.text(val[0])), "getenv") || cf.is(val[0], "os") || cf.is(val[0], "process") ||
			cf.is(val[0], "environ") || cf.is(val[0], "import"))) &&
			!(len(val) >= 3 && val[len(val)-1].kind == tString && cf.isDefaultOp(val[len(val)-2])) {
			continue
		}
		if val[0].kind != tString && len(val) >= 3 && val[len(val)-1].kind == tString && cf.isDefaultOp(val[len(val)-2]) {
			// the default is the value, reported where it is written
			cf.value(val[len(val)-1:], end-1, h, "assign:"+last)
			continue
		}
		if !cf.value(val, j+1, h, "assign:"+last) && !h.dataset {
			cf.unresolved(val, j+1, last)
		}
	}
}
