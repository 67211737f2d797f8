package discover

import (
	"regexp"
	"strings"
)

// Model names held as data in code: string literals that no call or key
// rule consumed, read for their shape where the code holds them as values
// (an element of a list, tuple, set or dict, the value of an assignment,
// an enum member, a keyword default, an operand of == or !=), never as
// prose (a docstring or a message is a statement or a call argument of
// its own, and holds spaces).
//
//   - A name of a bare provider family or of a registry with a shape of
//     its own (classifyShape: GPT_4O = "gpt-4o", a list of supported
//     models, a Piper voice) is that model wherever it is held as a value.
//   - A hub id (owner/name) counts only in a table of them: a literal
//     collection (nested ones count as one) holding at least two hub ids
//     that make up at least half of its keys or of its other strings, such
//     as a dict of defaults by language or a list iterated later. One
//     owner/name string alone is as likely a path.

// idTable is what scanData learns about one outermost collection literal.
type idTable struct {
	keyIDs, keys, valIDs, vals int
	// name is what the variable the literal is assigned to says about it
	// (MODELSCOPE_MODEL_LIST: ModelScope ids; eval_outputs: not models).
	name keyInfo
}

func (t idTable) holdsIDs(isKey bool) bool {
	if isKey {
		return t.keyIDs >= 2 && 2*t.keyIDs >= t.keys
	}
	return t.valIDs >= 2 && 2*t.valIDs >= t.vals
}

// scanData reports the string literals held as data (see above) at
// positions no other rule reported.
func (cf *codeFile) scanData() {
	var tables map[int]idTable
	ctxReg := 0 // 1: the file imports a registry's modules, 2: it does not, 0: not asked yet
	for _, i := range cf.strs {
		t := cf.toks[i]
		if t.fstr() || cf.emitted[i] {
			continue
		}
		b := cf.src[t.off:t.end]
		// Every shape, hub id and Ollama name holds '-', '/', '.' or
		// ':', and is at least three bytes long; most strings go no
		// further.
		if len(b) < 3 || len(b) > 256 {
			continue
		}
		if !hasShapeByte(b) {
			// only a registry of the file's framework can name one
			// (WAV2VEC2_ASR_BASE_960H in a torchaudio file)
			if ctxReg == 0 {
				ctxReg = 2 - btoi(cf.usesContextRegistry())
			}
			if ctxReg != 1 {
				continue
			}
			if ctx, _ := cf.dataContext(i); ctx < 0 {
				continue
			}
			if rh, id, ok := registryOf(t.text(cf.src), cf.inModules); ok {
				cf.emitData(classified{hub: rh, id: id, kind: KindModel}, i, "data")
			}
			continue
		}
		if name, ok := cf.modelClassArg(i); ok {
			if v := t.text(cf.src); tableID(v) {
				if c, ok := classify(v, hint{hub: cf.hub}); ok {
					cf.emitData(c, i, "call:"+name)
				}
			}
			continue
		}
		ctx, isKey := cf.dataContext(i)
		if ctx < 0 {
			continue
		}
		v := t.text(cf.src)
		var tb idTable
		if ctx > 0 {
			if tables == nil {
				tables = map[int]idTable{}
			}
			var ok bool
			if tb, ok = tables[ctx]; !ok {
				tb = cf.tableOf(ctx)
				tables[ctx] = tb
			}
		}
		hub := cf.hub
		if tb.name.hub != "" {
			hub = tb.name.hub
		}
		// On ModelScope an owner spelled like a vendor is that vendor's
		// open checkpoint (MiniMax/MiniMax-M1-80k), not its API.
		if c, ok := classifyShape(v); ok && !(hub == HubModelScope && strings.Contains(v, "/")) {
			cf.emitData(c, i, "data")
			continue
		}
		// an Ollama name whose tag is a parameter count (gemma:2b,
		// llama3.1:8b); other tags (latest, 3.11) are as often images
		if c, ok := ollamaSized(v); ok {
			cf.emitData(c, i, "data")
			continue
		}
		// a registry whose names need its framework in view (torchaudio
		// bundles in a file importing torchaudio)
		if rh, id, ok := registryOf(v, cf.inModules); ok {
			cf.emitData(classified{hub: rh, id: id, kind: KindModel}, i, "data")
			continue
		}
		// a set of models named for their provider (GITEE_AI_MODEL_LIST,
		// dashscope_models): its members are that provider's names
		if ctx > 0 && tb.name.provider != "" && tb.name.collection && !tb.name.output && cf.providerMember(i, ctx, isKey, v) {
			if c, ok := cf.classes.classify(v, hint{hub: hub, provider: tb.name.provider, anyName: true, ollama: tb.name.provider == HubOllama}); ok {
				cf.emitData(c, i, "table")
				continue
			}
		}
		if ctx == 0 || !tableID(v) {
			continue
		}
		if !tb.holdsIDs(isKey) || tb.name.output {
			continue
		}
		h := hint{hub: hub, dataset: tb.name.dataset}
		if c, ok := cf.classes.classify(v, h); ok {
			if h.dataset {
				c.kind = KindDataset
			}
			cf.emitData(c, i, "table")
		}
	}
}

// emitData reports a name held as data. These rules read strings by
// their shape alone, so like every other rule they must find nothing in a
// file without a code trigger word, which the prefilter never parses
// (readAsCode; only the prefilter-off tests reach such a file).
func (cf *codeFile) emitData(c classified, i int, via string) {
	if cf.readAsCode() {
		cf.emit(c, i, via)
	}
}

// providerMember reports whether the string at i is a member of the
// provider-named set opening at ctx: an element of the list itself, or a
// key of the dict itself whose value is no string (a display name or an
// alias maps to the id, {"GPT-4o": "gpt-4o"}, and is not one); and
// whether it reads as a name (a digit or '-' in it, as versions and sizes
// are written; no '/').
func (cf *codeFile) providerMember(i, ctx int, isKey bool, v string) bool {
	if cf.enclosingOpen(i) != ctx || strings.Contains(v, "/") || !strings.ContainsAny(v, "0123456789-") || !legacyIDRe.MatchString(v) {
		return false
	}
	if cf.toks[ctx].op() == '{' {
		return isKey && cf.tok(i+2).kind != tString
	}
	return true
}

// tableID reports an owner/name string that can stand in a table of hub
// ids: a valid id whose name carries a version, size or variant (a digit,
// '-', '.', '_' or a capital), which directory names mostly do not
// (configs/base, logs/train). A name of one or two characters is a token
// or a path fragment ("TTS/B" in a vocabulary of special tokens, "en/a"),
// not a repository.
func tableID(v string) bool {
	if strings.Count(v, "/") != 1 || !validHFID(v) || isPlaceholder(v) {
		return false
	}
	name := v[strings.IndexByte(v, '/')+1:]
	return len(name) >= 3 && strings.ContainsAny(name, "0123456789-._ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

func hasShapeByte(b []byte) bool {
	for _, c := range b {
		if c == '-' || c == '/' || c == '.' || c == ':' || c == ' ' {
			return c != ' '
		}
	}
	return false
}

// dataContext says whether the string at i is held as a value: -1 when it
// is not (a statement, a call argument, part of an expression), 0 for a
// value outside a collection (NAME = "…", key="…", == "…"), else the index
// of the opening bracket of the outermost collection literal holding it.
// isKey: the string is a dict key.
func (cf *codeFile) dataContext(i int) (ctx int, isKey bool) {
	prev, next := cf.tok(i-1), cf.tok(i+1)
	if i == 0 || prev.kind == tString || next.kind == tString {
		return -1, false // implicit concatenation: eval's business
	}
	nextOK := next.kind == tNewline || i+1 >= len(cf.toks)
	switch next.op() {
	case ',', ']', ')', '}', ':', ';':
		nextOK = true
	}
	if !nextOK {
		return -1, false
	}
	isKey = next.op() == ':'
	switch {
	case prev.kind == tOp && (cf.is(prev, "==") || cf.is(prev, "!=") || cf.is(prev, "===") || cf.is(prev, "!==")):
		return 0, false
	case prev.kind == tIdent && cf.is(prev, "return"):
		// return "…": a function's literal result (a default model)
		return 0, false
	case cf.isDefaultOp(prev):
		// x or "…", x ?? "…": a literal default
		return 0, false
	case prev.op() == '=':
		// NAME = "…", an enum member, a keyword default. A keyword of a
		// call names what the callee does with the value: only a
		// default (argparse, pydantic Field, click) is held as data; an
		// id= or name= of a response object is the project's own name
		// for what it serves, and model-meaning keywords are the call
		// rules'.
		if kw := cf.tok(i - 2); kw.kind == tIdent {
			if open := cf.enclosingOpen(i); open >= 0 && cf.toks[open].op() == '(' && !cf.isCollection(open) &&
				!cf.is(kw, "default") && !cf.is(kw, "default_factory") && !cf.is(kw, "value") && !keyInfoOf(cf.text(kw)).names() {
				return -1, false
			}
		}
		return 0, false
	case prev.op() == ':' && !isKey:
		// a dict value, or an annotated assignment (name: str = … is '=')
	case prev.op() == ',' || prev.op() == '[' || prev.op() == '{' || prev.op() == '(':
	default:
		return -1, false
	}
	open := cf.enclosingOpen(i)
	if open < 0 || !cf.isCollection(open) {
		return -1, false
	}
	// Climb to the outermost collection literal.
	for {
		up := cf.enclosingOpen(open)
		if up < 0 || !cf.isCollection(up) {
			return open, isKey
		}
		open = up
	}
}

// enclosingOpen returns the index of the bracket that opens the innermost
// bracketed run holding ts[i], or -1 (none within 4096 tokens). It reads
// markArgKeys' bracket-parent index: walking back and counting brackets
// (kept as the oracle in enclosing_test.go) finds the same bracket, since
// the tokens between it and i are balanced.
func (cf *codeFile) enclosingOpen(i int) int {
	p := int(cf.parents[i])
	if p < 0 || i-p >= 4096 {
		return -1
	}
	return p
}

// isCollection reports whether the bracket at open starts a literal
// collection: '[' and '{' not after a name (no subscript, no block), and
// '(' only as a tuple (not after a name, ')' or ']', which make it a
// call). JS braces after ')' or '=>' open blocks.
func (cf *codeFile) isCollection(open int) bool {
	p := cf.tok(open - 1)
	if open == 0 {
		return true
	}
	switch cf.toks[open].op() {
	case '[':
		return !(p.kind == tIdent && !cf.isKeyword(p) || p.kind == tString || p.op() == ')' || p.op() == ']')
	case '{':
		if cf.lang == langJS {
			return p.op() == '=' || p.op() == ':' || p.op() == ',' || p.op() == '(' || p.op() == '[' ||
				p.kind == tIdent && cf.is(p, "return") || p.kind == tOp && (cf.is(p, "??") || cf.is(p, "||"))
		}
		return true
	case '(':
		if p.kind == tIdent && !cf.isKeyword(p) || p.op() == ')' || p.op() == ']' || p.kind == tString {
			return false
		}
		return true
	}
	return false
}

// isKeyword: a name token that cannot be called or subscripted.
func (cf *codeFile) isKeyword(t token) bool {
	for _, k := range []string{"in", "return", "and", "or", "not", "is", "yield", "else", "if", "for", "of", "await", "lambda"} {
		if cf.is(t, k) {
			return true
		}
	}
	return false
}

// tableOf counts the hub ids among the keys and the other strings of the
// collection literal opening at open (nested literals included).
func (cf *codeFile) tableOf(open int) idTable {
	var tb idTable
	if cf.opAt(open-1) == '=' && cf.tok(open-2).kind == tIdent {
		tb.name = keyInfoOf(cf.text(cf.tok(open - 2)))
	}
	depth := 0
	for k := open; k < len(cf.toks); k++ {
		t := cf.toks[k]
		switch t.op() {
		case '(', '[', '{':
			depth++
			continue
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return tb
			}
			continue
		}
		if t.kind != tString || t.fstr() {
			continue
		}
		isKey := cf.opAt(k+1) == ':'
		if isKey && depth > 1 {
			// a nested mapping's keys are settings of an entry
			// ({"BAAI/bge-reranker-v2-gemma": {"cutoff_layers": [28]}}),
			// not rows of the table
			continue
		}
		v := t.text(cf.src)
		id := tableID(v)
		if isKey {
			tb.keys++
			if id {
				tb.keyIDs++
			}
		} else {
			tb.vals++
			if id {
				tb.valIDs++
			}
		}
	}
	return tb
}

// isDefaultOp: or, ?? and ||, before a literal default.
func (cf *codeFile) isDefaultOp(t token) bool {
	return t.kind == tIdent && cf.is(t, "or") || t.kind == tOp && (cf.is(t, "??") || cf.is(t, "||"))
}

// usesContextRegistry reports whether the file imports the modules of a
// registry whose names need them in view.
func (cf *codeFile) usesContextRegistry() bool {
	for _, r := range registries {
		if !r.anywhere && cf.inModules(r.modules) {
			return true
		}
	}
	return false
}

// ollamaSizeTagRe: a tag that is a parameter count, with an optional
// variant (8b, 1.5b, 7b-instruct-q4_K_M).
var ollamaSizeTagRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[bB]([-_][A-Za-z0-9_.-]+)?$`)

func ollamaSized(v string) (classified, bool) {
	name, tag, ok := strings.Cut(v, ":")
	if !ok || strings.Contains(v, "/") || !ollamaRe.MatchString(v) || !ollamaSizeTagRe.MatchString(tag) || name == "" {
		return classified{}, false
	}
	return classified{hub: HubOllama, id: v, kind: KindModel}, true
}

// modelClassWords, in a class's name, say that it loads a model. Each
// holds a prefilter trigger word (model, encoder, embedding, llm,
// pipeline, tokenizer), so that a file the prefilter passes over has no
// such class: the prefilter stays exact.
var modelClassWords = []string{"Model", "Encoder", "Embedding", "LLM", "Pipeline", "Tokenizer"}

// modelClassArg reports whether the string at i is the first positional
// argument of a class nobody listed (an SDK without a call-shape row) that
// loads a model: its name is CamelCase and says so (Model("org/name"),
// SomeEncoder), or it is imported from a module whose path names models
// (OmniSenseVoiceSmall from omnisense.models). The value must still read as a hub id
// of a table (tableID). It returns the class's name.
func (cf *codeFile) modelClassArg(i int) (string, bool) {
	if cf.opAt(i-1) != '(' || cf.opAt(i+1) != ',' && cf.opAt(i+1) != ')' {
		return "", false
	}
	callee := cf.tok(i - 2)
	if callee.kind != tIdent {
		return "", false
	}
	b := cf.src[callee.off:callee.end]
	if len(b) == 0 || b[0] < 'A' || b[0] > 'Z' || isCallName(b) {
		return "", false
	}
	if p := cf.tok(i - 3); p.kind == tIdent && (cf.is(p, "def") || cf.is(p, "class")) {
		return "", false
	}
	name := string(b)
	for _, w := range modelClassWords {
		if strings.Contains(name, w) {
			return name, true
		}
	}
	if m, ok := cf.imports[name]; ok && strings.Contains(strings.ToLower(m), "model") {
		return name, true
	}
	return "", false
}
