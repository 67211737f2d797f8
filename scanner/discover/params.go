package discover

import (
	"slices"
	"strings"
)

// Parameter defaults: a function whose signature gives a model-named
// parameter a literal default (def embed(text, model: str = "…"),
// def __init__(self, embedding_model="…"), function f(model: string = "…"))
// runs with that model whenever the caller passes none, as an argparse
// option's default does. The default is read as the keyword argument of a
// call would be (a bare family name, a hub id, a framework alias of the
// file), via param:NAME. A parameter whose name says nothing of a model
// counts when its annotated type does (segmentation: PipelineModel = "…").
// A parameter without a literal default names nothing (a caller chooses),
// and is not a dynamic reference either: the callers' arguments are.

// scanParams reports the literal defaults of model-named parameters of
// Python def and JS/TS function signatures.
func (cf *codeFile) scanParams() {
	ts := cf.toks
	var spans [][2]int
	for _, i := range cf.marks {
		if ts[i].op() != '(' || i < 2 || ts[i-1].kind != tIdent {
			continue
		}
		if p := ts[i-2]; p.kind != tIdent || !(cf.is(p, "def") || cf.is(p, "function")) {
			continue
		}
		spans = append(spans[:0], cf.argSpans(i)...)
		for _, a := range spans {
			cf.param(a[0], a[1])
		}
	}
}

// param reads one parameter, ts[from:to]: NAME [: TYPE] = VALUE.
func (cf *codeFile) param(from, to int) {
	ts := cf.toks
	if to-from < 3 || ts[from].kind != tIdent {
		return
	}
	eq, depth := -1, 0
	for k := from + 1; k < to && eq < 0; k++ {
		switch ts[k].op() {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '=':
			if depth == 0 {
				eq = k
			}
		}
	}
	if eq < 0 || eq+1 >= to || eq > from+1 && ts[from+1].op() != ':' {
		return
	}
	// only a literal (or a constant, or an env lookup's default): a
	// parameter defaulting to another name or a call names no model here
	if v := ts[eq+1]; v.kind != tString && v.kind != tIdent {
		return
	}
	name := ""
	if b := cf.src[ts[from].off:ts[from].end]; cf.mayName(b) && keyInfoOf(cf.text(ts[from])).names() {
		name = cf.text(ts[from])
	} else if eq == from+3 && ts[from+2].kind == tIdent {
		// an annotated type that names a model (PipelineModel)
		if b := cf.src[ts[from+2].off:ts[from+2].end]; cf.mayName(b) && keyInfoOf(cf.text(ts[from+2])).names() {
			name = cf.text(ts[from])
		}
	}
	if name == "" {
		return
	}
	k := keyInfoOf(name)
	if !k.names() {
		// the type named the model: the parameter's own name is neutral
		k = keyInfoOf(cf.text(ts[from+2]))
	}
	v, ok := cf.eval(ts[eq+1:to], 0)
	if !ok || k.dataset && !strings.Contains(v, "/") {
		// a single-word dataset default is a name in the tool's own
		// registry of local datasets (dataset: str = "alpaca_en_demo")
		return
	}
	prov, hub := k.provider, k.hub
	if prov == "" && hub == "" {
		// the class the method belongs to can name where its models
		// live (ModelScopeSession, class OllamaChat), as an ancestor key
		// does in a config; other vendors' words in a class name are as
		// often an open model's (ChatGLMModel)
		if c := cf.enclosingClass(from); c >= 0 {
			switch l := strings.ToLower(cf.text(ts[c])); {
			case strings.Contains(l, "modelscope"):
				hub = HubModelScope
			case strings.Contains(l, "ollama"):
				prov = HubOllama
			}
		}
	}
	if prov == "" {
		prov = cf.provider
	}
	h := hint{hub: cf.hub, strong: k.strong, dataset: k.dataset, provider: prov, anyName: prov != "", ollama: prov == HubOllama}
	if hub != "" {
		h.hub = hub
	}
	if k.dataset {
		h.provider, h.anyName, h.ollama = "", false, false
	}
	cf.emitKeyed(v, h, k.dataset, eq+1, "param:"+name)
}

// enclosingClass returns the index of the name of the Python class whose
// body holds ts[i] (the nearest class statement above it, indented less
// than the def holding i), or -1; JS classes are not looked for.
func (cf *codeFile) enclosingClass(i int) int {
	if cf.lang != langPython {
		return -1
	}
	ts := cf.toks
	// the def's own indentation
	col := -1
	for _, f := range slices.Backward(cf.firsts) {
		if f > i {
			continue
		}
		t := ts[f]
		c := int(t.off - t.lineStart)
		if col < 0 {
			if !cf.is(t, "def") && !(cf.is(t, "async") && cf.is(cf.tok(f+1), "def")) {
				continue
			}
			col = c
			continue
		}
		if c >= col {
			continue
		}
		if cf.is(t, "class") && cf.tok(f+1).kind == tIdent {
			return f + 1
		}
		if c == 0 {
			return -1
		}
		col = c
	}
	return -1
}

// emitKeyed classifies a value read under a model- or dataset-named key
// (an option's default, a parameter's default) and reports it; a
// recognised alias or registry keeps its own via.
func (cf *codeFile) emitKeyed(v string, h hint, dataset bool, idx int, via string) {
	cl, ok := cf.aliasOrClassify(v, cf.fileFramework(), h)
	if !ok {
		return
	}
	if dataset {
		cl.kind = KindDataset
	}
	if cl.via != "" {
		via = cl.via
	}
	cf.emit(cl, idx, via)
}
