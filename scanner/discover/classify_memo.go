package discover

// classifyMemo remembers classify's answers for one worker: a model is named
// about seven times in a project (its id in a call, a default, a table, a
// README), and classify runs the family expressions (familyOf) each time.
// classify is a function of the value and the hint alone, so a remembered
// answer is the answer. Each worker owns one (in its lexed buffers), so
// there is no lock and no package-level state; it is emptied when full, so
// its size is bounded whatever the tree holds.
type classifyMemo struct {
	m map[classifyKey]classifyAnswer
}

type classifyKey struct {
	v string
	h hint
}

type classifyAnswer struct {
	c  classified
	ok bool
}

// classifyMemoMax bounds the entries; a value is at most 256 bytes (longer
// ones classify refuses at once and are not remembered), so a memo holds
// at most about a megabyte.
const classifyMemoMax = 4096

// classify is classify(v, h), remembered. A nil memo classifies every time.
func (mm *classifyMemo) classify(v string, h hint) (classified, bool) {
	if mm == nil || len(v) > 256 {
		return classify(v, h)
	}
	k := classifyKey{v, h}
	if a, ok := mm.m[k]; ok {
		return a.c, a.ok
	}
	c, ok := classify(v, h)
	if mm.m == nil {
		mm.m = make(map[classifyKey]classifyAnswer)
	} else if len(mm.m) >= classifyMemoMax {
		clear(mm.m)
	}
	mm.m[k] = classifyAnswer{c, ok}
	return c, ok
}
