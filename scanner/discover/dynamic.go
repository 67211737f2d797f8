package discover

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// Dynamic references: a model's place (a row's argument, a model-named
// keyword, key or variable, a model-named command-line option) holding a
// value chosen at run time, with no literal default aibom could report
// instead:
//
//	AutoModel.from_pretrained(os.environ["MODEL_ID"])
//	model = os.getenv("LLM_MODEL")             (also os.environ.get, getenv)
//	{model: process.env.OPENAI_MODEL}          (also process.env["X"], import.meta.env.X)
//	parser.add_argument("--model_name_or_path", required=True)
//
// Silence would read as "no model here"; each such place becomes an
// unresolved reference (Result.Unresolved), which the policy reports as an
// unresolved-reference note asking for the models it can take to be
// declared in models:. A lookup with a literal default is the default's
// reference (eval), never this. Environment variables whose names say they
// hold something else (OPENAI_API_KEY, PORT, MODEL_DIR's "dir" …) are not
// models whatever the place.

// kindUnresolved marks, inside discovery only, a reference that is a
// dynamic one: ID is its source ("env:NAME", "argument:--flag").
// splitUnresolved moves them out of the references.
const kindUnresolved = "unresolved-reference"

// envNotModelWords are words of an environment variable's name that say it
// holds something other than a model's name.
var envNotModelWords = map[string]bool{
	"key": true, "token": true, "secret": true, "password": true, "pass": true, "url": true, "uri": true,
	"host": true, "port": true, "endpoint": true, "base": true, "dir": true, "directory": true, "folder": true,
	"region": true, "version": true, "timeout": true, "org": true, "organization": true, "project": true,
	"deployment": true, "type": true, "provider": true, "device": true, "temperature": true, "max": true,
}

// envLookup reports whether ts is exactly an environment lookup with no
// default (Python os.environ["X"], os.getenv("X"), os.getenv("X", None),
// os.environ.get("X"); JS process.env.X, process.env["X"],
// import.meta.env.X, Deno.env.get("X")), and the variable's name.
func (cf *codeFile) envLookup(ts []token) (string, bool) {
	if len(ts) > 0 && ts[len(ts)-1].op() == '!' && cf.lang == langJS {
		ts = ts[:len(ts)-1] // TypeScript's non-null assertion
	}
	if len(ts) < 3 || ts[0].kind != tIdent {
		return "", false
	}
	name, k := cf.dottedIn(ts, 0)
	rest := ts[k:]
	parts := strings.Split(name, ".")
	last := parts[len(parts)-1]
	switch {
	case len(rest) == 3 && rest[0].op() == '[' && rest[1].kind == tString && !rest[1].fstr() && rest[2].op() == ']' &&
		(last == "environ" || cf.lang == langJS && last == "env"):
		return cf.text(rest[1]), true
	case len(rest) >= 3 && rest[0].op() == '(' && rest[len(rest)-1].op() == ')' &&
		(last == "getenv" || strings.HasSuffix(name, "environ.get") || strings.HasSuffix(name, "env.get")):
		args := cf.splitArgs(rest[1 : len(rest)-1])
		if len(args) == 0 || len(args[0]) != 1 || args[0][0].kind != tString || args[0][0].fstr() {
			return "", false
		}
		if len(args) == 2 && !(len(args[1]) == 1 && args[1][0].kind == tIdent && (cf.is(args[1][0], "None") || cf.is(args[1][0], "undefined") || cf.is(args[1][0], "null"))) {
			return "", false
		}
		if len(args) > 2 {
			return "", false
		}
		return cf.text(args[0][0]), true
	case len(rest) == 0 && cf.lang == langJS && len(parts) >= 3 && parts[len(parts)-2] == "env" &&
		(parts[0] == "process" && len(parts) == 3 || parts[0] == "import" && len(parts) == 4 && parts[1] == "meta"):
		return last, true
	}
	return "", false
}

// envMayBeModel reports whether an environment variable's name leaves
// room for a model's name.
func envMayBeModel(name string) bool {
	if name == "" {
		return false
	}
	for _, w := range splitWords(camelLower(name)) {
		if envNotModelWords[w] {
			return false
		}
	}
	return true
}

// modelPlace reports whether a keyword, key or variable name holds a
// model the project depends on (not a dataset, an output or a set).
func modelPlace(name string) bool {
	k := keyInfoOf(name)
	if !k.model || k.output || k.collection {
		return false
	}
	// resume_from_checkpoint: the project's own run, continued
	return !slices.Contains(splitWords(camelLower(name)), "resume")
}

// unresolved records a dynamic reference when ts, at a model's place, is
// an environment lookup with no default, or a module-level constant
// assigned one (the lookup's own place is reported). place is the name of
// the keyword, key or variable ("" for a row's argument, a model's place
// by the row).
func (cf *codeFile) unresolved(ts []token, idx int, place string) {
	if cf.doc || place != "" && !modelPlace(place) {
		return
	}
	if len(ts) == 1 && ts[0].kind == tIdent {
		c, ok := cf.consts[cf.text(ts[0])]
		if !ok || c.ok || c.tok <= 0 {
			return
		}
		end := c.tok
		for end < len(cf.toks) && cf.toks[end].kind != tNewline {
			end++
		}
		ts, idx = cf.toks[c.tok:end], c.tok
	}
	name, ok := cf.envLookup(ts)
	if !ok || !envMayBeModel(name) {
		return
	}
	cf.emitUnresolved("env:"+name, idx, ts[len(ts)-1])
}

// emitUnresolved reports the dynamic reference at the token idx, its span
// ending with last.
func (cf *codeFile) emitUnresolved(source string, idx int, last token) {
	if cf.doc {
		return
	}
	cf.emit(classified{kind: kindUnresolved, id: source}, idx, source)
	if el, ec, ok := last.endPos(cf.src); ok {
		r := &cf.refs[len(cf.refs)-1]
		r.Location.EndLine, r.Location.EndColumn = el+cf.lineOffset, ec
	}
}

// unresolvedOption records a command-line option named for a model that
// has no default: required, or None when not given. Options that cannot
// hold a name (a flag, a number, a fixed set of choices) are not.
func (cf *codeFile) unresolvedOption(c call, flag string, flagIdx int) {
	if !modelPlace(strings.ReplaceAll(flag, "-", "_")) {
		return
	}
	for _, k := range []string{"action", "choices", "is_flag", "count", "nargs", "const"} {
		if _, ok := c.kw[k]; ok {
			return
		}
	}
	if a, ok := c.kw["type"]; ok {
		if len(a.toks) != 1 || !cf.is(a.toks[0], "str") {
			return
		}
	}
	cf.emitUnresolved("argument:--"+flag, flagIdx, cf.tok(flagIdx))
}

// splitUnresolved moves the dynamic references out of refs: those in code
// (not documentation, not tests), one per place and source, sorted.
func splitUnresolved(refs []Reference) ([]Reference, []sbom.UnresolvedReference) {
	var dyn []sbom.UnresolvedReference
	out := refs[:0]
	for _, r := range refs {
		if r.Kind != kindUnresolved {
			out = append(out, r)
			continue
		}
		if r.Location.Doc || r.Location.Test {
			continue
		}
		dyn = append(dyn, sbom.UnresolvedReference{Source: r.ID, Location: r.Location})
	}
	if len(out) == 0 {
		out = nil
	}
	slices.SortFunc(dyn, func(a, b sbom.UnresolvedReference) int {
		return cmp.Or(sbom.CompareLocations(a.Location, b.Location), cmp.Compare(a.Source, b.Source))
	})
	dyn = slices.CompactFunc(dyn, func(a, b sbom.UnresolvedReference) bool {
		return a.Source == b.Source && a.Location.Path == b.Location.Path && a.Location.Cell == b.Location.Cell &&
			a.Location.Line == b.Location.Line && a.Location.Column == b.Location.Column
	})
	return out, dyn
}
