package discover

import "strings"

// What the project makes is not what it depends on. A training script or
// notebook names its product (output_dir="gemma-7b-dolly-chatml",
// hub_model_id=…, trainer.save_model("x"), model.push_to_hub("org/x"))
// and later loads it back (from_pretrained("gemma-7b-dolly-chatml"),
// pipeline(model="x")): the loaded name is the project's own model. Code
// records the literal names it gives its outputs (kindOutput); a reference
// of the same file (any notebook cell) with the same id is dropped. A hub
// URL says which repository it means and stays.

// kindOutput marks, inside discovery only, a name the project gives
// something it produces; dropOwnOutputs consumes them.
const kindOutput = "output"

// outputCalls name their first argument as the project's product.
var outputCalls = map[string]bool{"save_pretrained": true, "push_to_hub": true, "save_model": true}

// outputHints are the bytes an output-named key or keyword holds (each
// outputWords word, and hub_model_id), looked for before keyInfoOf.
var outputHints = []string{"out", "save", "push", "new", "dest", "export", "upload", "served", "hub_"}

// scanOutputs records the literal names the file gives its outputs.
func (cf *codeFile) scanOutputs() {
	for _, i := range cf.strs {
		t := cf.toks[i]
		if t.fstr() || i < 2 {
			continue
		}
		name := cf.toks[i-2]
		if name.kind != tIdent && !(name.kind == tString && cf.lang == langJS) {
			continue
		}
		nb := cf.keyBytes(name)
		switch cf.opAt(i - 1) {
		case '=', ':':
			if !mayBeOutputName(nb) {
				continue
			}
			if k := keyInfoOf(string(nb)); !k.output {
				continue
			}
		case '(':
			if !outputCalls[string(nb)] {
				continue
			}
		default:
			continue
		}
		v := strings.TrimSpace(cf.text(t))
		if v == "" || strings.ContainsAny(v, " \t\n") {
			continue
		}
		cf.emit(classified{kind: kindOutput, id: v}, i, kindOutput)
	}
}

func mayBeOutputName(b []byte) bool {
	for _, h := range outputHints {
		if containsFold(b, h) {
			return true
		}
	}
	return false
}

// dropOwnOutputs removes from one file's references those whose id is a
// name the file gives an output, and the output records themselves.
func dropOwnOutputs(refs []Reference) []Reference {
	var own map[string]bool
	for _, r := range refs {
		if r.Kind == kindOutput {
			if own == nil {
				own = map[string]bool{}
			}
			own[strings.ToLower(strings.TrimRight(r.ID, "/"))] = true
		}
	}
	if own == nil {
		return refs
	}
	out := refs[:0]
	for _, r := range refs {
		if r.Kind == kindOutput || own[strings.ToLower(r.ID)] && r.Location.Via != viaURL {
			continue
		}
		out = append(out, r)
	}
	return out
}
