package discover

import (
	"bytes"
	"strings"
)

// Known-publisher literals: an owner/name string in code whose owner is a
// well-known model publisher (Qwen, meta-llama, BAAI …) names that
// publisher's model wherever the code holds it, even where no call, key or
// table rule looks: a parameter default under a neutral name (def
// __init__(self, path: str = "BAAI/bge-base-zh-v1.5")), an option's
// default under an option whose name says nothing (--tokenizer_dir), a
// literal default after or/??/||, one entry of a list of choices
// ({value: "deepseek-ai/DeepSeek-V3", label: …}), a constant
// (pipe_id = "stabilityai/…"). An owner/name string of an unknown owner
// stays a path or a GitHub repository (data.go); these owners publish
// models under exactly that shape, so the owner is the evidence.
//
// The same owners also publish datasets (allenai/c4, openai/gsm8k), have
// GitHub organisations (google/…, microsoft/…) and are spelled in import
// paths and outputs, so where the literal is held still decides
// (publisherPlace): never in a dataset's, an output's, a GitHub or image
// name's place, an import, a path or string operation, a shell command
// list, or a fragment of a longer expression.

// modelPublishers are owners, lowercase, that publish models on the
// Hugging Face Hub (ModelScope for iic and damo: classify knows those):
// the owners of the built-in catalog (scanner/knownmodels; the test holds
// the table to it) and the other major labs, model-family accounts and
// quantisers. Matching folds ASCII case (Qwen, QWEN).
var modelPublishers = []string{
	// frontier and open-weight labs
	"01-ai", "ai21labs", "allenai", "amazon", "apple", "baichuan-inc", "baidu", "bigcode", "bigscience",
	"black-forest-labs", "bytedance", "bytedance-seed", "cohere", "cohereforai", "coherelabs", "databricks",
	"deepseek-ai", "eleutherai", "facebook", "facebookai", "google", "google-bert", "google-t5", "ibm",
	"ibm-granite", "internlm", "meta-llama", "microsoft", "minimaxai", "mistralai", "moonshotai", "mosaicml",
	"nvidia", "openai", "openai-community", "openbmb", "qwen", "salesforce", "stabilityai", "tencent",
	"thudm", "tiiuae", "upstage", "xai-org", "zai-org", "zhipuai",
	// embeddings, rerankers and retrieval
	"alibaba-nlp", "baai", "cross-encoder", "intfloat", "jinaai", "mixedbread-ai", "moka-ai", "nomic-ai",
	"sentence-transformers", "thenlper",
	// speech, vision and image generation
	"compvis", "coqui", "distil-whisper", "funaudiollm", "laion", "pyannote", "rhasspy", "runwayml",
	"speechbrain", "systran",
	// ModelScope-only (classify makes these ModelScope ids)
	"damo", "iic",
	// community fine-tunes, ports and quantisations
	"bartowski", "hugging-quants", "huggingfaceh4", "huggingfacetb", "llava-hf", "lmstudio-community", "lmsys",
	"mlx-community", "nousresearch", "teknium", "thebloke", "tinyllama", "unsloth", "xenova",
}

// maxPublisherLen is the length of the longest owner in modelPublishers.
const maxPublisherLen = 24

// publisherSet is modelPublishers as a set; built once, never written.
var publisherSet = func() map[string]bool {
	m := make(map[string]bool, len(modelPublishers))
	for _, p := range modelPublishers {
		if len(p) > maxPublisherLen || p != strings.ToLower(p) {
			panic("publishers: owner longer than maxPublisherLen or not lowercase: " + p)
		}
		m[p] = true
	}
	return m
}()

// publisherOf is the byte test in front of the rule: whether b, a string
// literal's value, starts with a known publisher and a '/'. It folds ASCII
// case in a buffer on the stack and allocates nothing, so the strings of a
// file cost one IndexByte each.
func publisherOf(b []byte) bool {
	slash := bytes.IndexByte(b, '/')
	if slash <= 0 || slash > maxPublisherLen {
		return false
	}
	var buf [maxPublisherLen]byte
	for k, c := range b[:slash] {
		buf[k] = lowerASCII(c)
	}
	return publisherSet[string(buf[:slash])]
}

// publisherID reports whether v is exactly owner/name with a known
// publisher as owner and a name that reads as a model's (tableID: a
// version, size or variant in it; google/protobuf does not), not an API
// version (openai/v1) or a placeholder. It decides on the value alone;
// publisherOf is its cheap prefix.
func publisherID(v string) bool {
	owner, name, ok := strings.Cut(v, "/")
	if !ok || !tableID(v) || !publisherSet[strings.ToLower(owner)] {
		return false
	}
	return !isVersion(name)
}

// publisherDecoyWords, as a word of the name that governs a literal (its
// variable, key, keyword, option or callee), say the value is something
// other than a model the project loads: a dataset or benchmark, a GitHub
// repository or organisation, a container image, a URL, a file, an
// import, a Space.
var publisherDecoyWords = map[string]bool{
	"data": true, "dataset": true, "datasets": true, "corpus": true, "corpora": true, "benchmark": true,
	"benchmarks": true, "task": true, "tasks": true, "eval": true, "evals": true, "split": true, "splits": true,
	"subset": true, "file": true, "files": true,
	"github": true, "git": true, "gh": true, "org": true, "orgs": true, "organization": true, "owner": true,
	"user": true, "author": true, "namespace": true, "branch": true, "action": true, "actions": true,
	"workflow": true, "uses": true,
	"image": true, "images": true, "docker": true, "container": true, "url": true, "urls": true, "uri": true,
	"link": true, "href": true, "package": true, "pkg": true, "module": true, "import": true, "require": true,
	"space": true, "spaces": true,
}

// publisherDecoyCalls take a string that is not a model they load: string
// tests and edits (a prefix or a substring of a name), paths and files,
// imports, processes.
var publisherDecoyCalls = map[string]bool{
	"startswith": true, "endswith": true, "startsWith": true, "endsWith": true, "replace": true, "replaceAll": true,
	"split": true, "rsplit": true, "removeprefix": true, "removesuffix": true, "find": true, "rfind": true,
	"index": true, "rindex": true, "count": true, "includes": true, "indexOf": true, "lastIndexOf": true,
	"match": true, "search": true, "sub": true, "fullmatch": true, "compile": true, "test": true,
	"require": true, "import": true, "import_module": true, "open": true, "Path": true, "join": true,
	"exists": true, "isfile": true, "isdir": true, "makedirs": true, "mkdir": true, "listdir": true,
	"glob": true, "rmtree": true, "remove": true, "chdir": true, "system": true, "Popen": true,
	"check_output": true, "check_call": true, "execSync": true, "spawn": true,
}

// publisherDecoySiblings, as a whole string beside the literal in the same
// list or call, make it a shell command's argument (["git", "clone", …])
// or another kind of repository (repo_type="dataset", "space").
var publisherDecoySiblings = map[string]bool{
	"git": true, "clone": true, "pip": true, "install": true, "docker": true, "npm": true, "npx": true,
	"dataset": true, "datasets": true, "space": true, "spaces": true,
}

// scanPublishers reports the known-publisher literals no other rule
// reported (see above). It runs after scanOutputs, so a name the file
// gives an output is already taken.
func (cf *codeFile) scanPublishers() {
	for _, i := range cf.strs {
		t := cf.toks[i]
		if t.fstr() || cf.emitted[i] {
			continue
		}
		b := cf.keyBytes(t)
		if len(b) < 5 || len(b) > 256 || !cf.exhaustive && !publisherOf(b) {
			continue
		}
		v := t.text(cf.src)
		if !publisherID(v) || cf.inUsedConst(i) || !cf.publisherPlace(i) || !cf.readAsCode() {
			continue
		}
		c, ok := cf.classes.classify(v, hint{hub: cf.hub})
		if !ok || c.kind != KindModel {
			continue
		}
		// Another rule of the file that reported the same id knew its hub
		// (a ModelScope table beside the constant).
		for _, r := range cf.refs {
			if r.Kind == KindModel && r.Hub != c.hub && strings.EqualFold(r.ID, c.id) {
				c.hub = r.Hub
				break
			}
		}
		cf.emit(c, i, "publisher")
	}
}

// publisherPlace reports whether the literal at i is held where a model's
// name can be: alone (not part of a concatenation, a method call on the
// string, a % format, an in test), not a statement of its own (a
// docstring), not an import, and under no name, callee or sibling that
// says it is something else.
func (cf *codeFile) publisherPlace(i int) bool {
	prev, next := cf.tok(i-1), cf.tok(i+1)
	if i == 0 || prev.kind == tString || next.kind == tString || cf.toks[i].lineFirst() {
		return false
	}
	switch prev.op() {
	case '+', '%', '.':
		return false
	}
	switch next.op() {
	case '+', '%', '.', '[':
		return false
	}
	for _, t := range []token{prev, next} {
		if t.kind == tIdent && (cf.is(t, "in") || cf.is(t, "not") || cf.is(t, "from") || cf.is(t, "import")) {
			return false
		}
	}
	if next.kind == tIdent && (cf.is(next, "in") || cf.is(next, "not")) {
		return false
	}
	if !nameAllows(cf.governingName(i)) {
		return false
	}
	// The brackets around it: a call's name and the strings beside it.
	for open, depth := cf.enclosingOpen(i), 0; open >= 0 && depth < 8; open, depth = cf.enclosingOpen(open), depth+1 {
		if cf.hasDecoySibling(open) {
			return false
		}
		if cf.isCollection(open) {
			if !nameAllows(cf.governingName(open)) {
				return false
			}
			continue
		}
		if cf.toks[open].op() == '(' {
			callee := cf.tok(open - 1)
			if callee.kind == tIdent && publisherDecoyCalls[cf.text(callee)] {
				return false
			}
		}
		return true
	}
	return true
}

// governingName is the name the value at i (a literal or an opening
// bracket) is held under: the key of a dict or object entry, the keyword
// of a call argument (for default= of an option, the option), the
// variable assigned (through a type annotation and a literal default
// after or/??/||), or for a call's positional argument the callee. ""
// when nothing names it.
func (cf *codeFile) governingName(i int) string {
	j := i - 1
	if cf.isDefaultOp(cf.tok(j)) {
		// x = y or "…": the name is the assignment's
		for k := j - 1; k > j-4 && k >= 0; k-- {
			if cf.opAt(k) == '=' {
				j = k
				break
			}
		}
	}
	switch cf.opAt(j) {
	case ':':
		if k := cf.tok(j - 1); k.kind == tIdent || k.kind == tString {
			return string(cf.keyBytes(k))
		}
	case '=':
		k := cf.tok(j - 1)
		if k.kind == tIdent && cf.opAt(j-2) == ':' && cf.tok(j-3).kind == tIdent {
			k = cf.tok(j - 3) // name: str = …
		}
		if k.kind != tIdent {
			return ""
		}
		name := cf.text(k)
		if name == "default" || name == "value" {
			if open := cf.enclosingOpen(i); open >= 0 && cf.opAt(open) == '(' {
				// add_argument("--tokenizer_dir", default=…): the option
				if f := cf.tok(open + 1); f.kind == tString && strings.HasPrefix(cf.text(f), "-") {
					return strings.TrimLeft(cf.text(f), "-")
				}
				// dataset_name: str = field(default=…): the field
				if n := cf.assignedTo(open - 1); n != "" {
					return n
				}
			}
		}
		if cf.feedsDataset(name, i) {
			return "dataset"
		}
		return name
	case '(', ',':
		if open := cf.enclosingOpen(i); open >= 0 && cf.opAt(open) == '(' && !cf.isCollection(open) {
			if c := cf.tok(open - 1); c.kind == tIdent {
				return cf.text(c)
			}
		}
	}
	return ""
}

// inUsedConst reports whether the literal at i is part of the value of a
// module-level constant a recognised call consumed (ENVD =
// os.getenv("M", "org/x") … from_pretrained(ENVD)): the call reported it
// where it is used, as a model or a dataset.
func (cf *codeFile) inUsedConst(i int) bool {
	for name := range cf.used {
		c, ok := cf.consts[name]
		if !ok || c.tok <= 0 || c.tok > i {
			continue
		}
		end := c.tok
		for end < len(cf.toks) && cf.toks[end].kind != tNewline && end <= i {
			end++
		}
		if i < end {
			return true
		}
	}
	return false
}

// assignedTo is the name a statement assigns the call at callee to (a
// dataclass field: NAME: T = field(…); NAME = Field(…)), "" if none. The
// name starts the logical line.
func (cf *codeFile) assignedTo(callee int) string {
	k := callee
	for k > 1 && cf.opAt(k-1) == '.' && cf.tok(k-2).kind == tIdent {
		k -= 2
	}
	if cf.opAt(k-1) != '=' {
		return ""
	}
	for j := k - 2; j >= 0 && j > k-16; j-- {
		t := cf.toks[j]
		if t.kind == tNewline {
			return ""
		}
		if t.lineFirst() {
			if t.kind == tIdent && (cf.opAt(j+1) == ':' || cf.opAt(j+1) == '=') {
				return cf.text(t)
			}
			return ""
		}
	}
	return ""
}

// nameAllows reports whether a governing name leaves room for a model: a
// model-named one does; a dataset's, an output's or one with a decoy word
// does not; any other name (path, value, pipe_id) does.
func nameAllows(name string) bool {
	if name == "" {
		return true
	}
	k := keyInfoOf(name)
	if k.output || k.dataset {
		return false
	}
	if k.model {
		return true
	}
	for _, w := range splitWords(camelLower(name)) {
		if publisherDecoyWords[w] {
			return false
		}
	}
	return true
}

// hasDecoySibling reports whether the bracketed run opening at open holds,
// at its own depth, a string that makes its members something other than
// model names (publisherDecoySiblings).
func (cf *codeFile) hasDecoySibling(open int) bool {
	depth := 0
	for k := open; k < len(cf.toks) && k-open < 512; k++ {
		t := cf.toks[k]
		switch t.op() {
		case '(', '[', '{':
			depth++
			continue
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return false
			}
			continue
		}
		if depth != 1 || t.kind != tString {
			continue
		}
		b := cf.src[t.off:t.end]
		if len(b) <= 8 && publisherDecoySiblings[strings.ToLower(cf.text(t))] || containsFold(b, "github.com/") {
			// a shell command, another kind of repository, or a list of
			// GitHub links whose bare owner/repo entries are GitHub's too
			return true
		}
	}
	return false
}

// feedsDataset reports whether the variable name, assigned at the literal
// at i, is later passed to a call whose name says it loads a dataset
// (ds = "allenai/c4" … load_dataset(ds)) or under a dataset-named keyword.
func (cf *codeFile) feedsDataset(name string, i int) bool {
	for k := i + 1; k < len(cf.toks); k++ {
		t := cf.toks[k]
		if t.kind != tIdent || !cf.is(t, name) || cf.opAt(k+1) == '=' {
			continue
		}
		if cf.opAt(k-1) == '=' && cf.tok(k-2).kind == tIdent && isDatasetKey(cf.text(cf.tok(k-2))) {
			return true
		}
		if open := cf.enclosingOpen(k); open >= 0 && cf.opAt(open) == '(' {
			if c := cf.tok(open - 1); c.kind == tIdent && isDatasetKey(camelLower(cf.text(c))) {
				return true
			}
		}
	}
	return false
}
