package licenses

import (
	"regexp/syntax"
	"strings"
	"sync"
)

// rule is a compiled clause pattern with a literal prefilter.
//
// The clause patterns use long bounded repetitions ([^.]{0,120}) in wide
// alternations, which compile to programs of thousands of instructions;
// Go's linear-time matcher then costs microseconds per byte, and the
// extractor ran at ~0.3 MB/s. Nearly every sentence lacks some literal the
// pattern needs ("commercial", "licen", "不得"), so each rule derives from its
// syntax tree a condition that any match implies (an AND/OR tree of
// substrings) and only runs the regexp when the sentence satisfies it.
// A pattern whose top level is an alternation is also split into one
// regexp per alternative, each with its own condition: a sentence then pays
// only for the alternatives it could match, and small programs use Go's
// faster backtracking matcher. Results are exactly those of the whole
// pattern (TestRulesMatchRegexp checks this on the corpus and fuzz input).
type rule struct {
	re   *lazyRE
	need cond
	alts []alt // top-level alternatives in priority order; nil when not split
}

type alt struct {
	re   *lazyRE
	need cond
}

// newRule compiles pattern (Perl syntax, as regexp.MustCompile) and derives
// its prefilters. It panics on a bad pattern, like regexp.MustCompile.
func newRule(pattern string) *rule {
	// The programs are compiled on first use (lazyRE); mustNeed parses
	// the pattern now.
	r := &rule{re: newLazyRE(pattern), need: mustNeed(pattern)}
	if parts := splitTopAlternation(pattern); len(parts) > 1 {
		for _, p := range parts {
			r.alts = append(r.alts, alt{re: newLazyRE(p), need: mustNeed(p)})
		}
	}
	return r
}

// FindStringIndex is regexp.FindStringIndex: the leftmost match, and at
// equal start the earliest alternative, as leftmost-first semantics pick.
func (r *rule) FindStringIndex(t text) []int {
	if r.alts == nil {
		if !r.need.holds(t) {
			return nil
		}
		return r.re.FindStringIndex(t.s)
	}
	var best []int
	for _, a := range r.alts {
		if !a.need.holds(t) {
			continue
		}
		// A later alternative wins only by starting strictly earlier.
		if best != nil && best[0] == 0 {
			break
		}
		loc := a.re.FindStringIndex(t.s)
		if loc != nil && (best == nil || loc[0] < best[0]) {
			best = loc
		}
	}
	return best
}

// MatchString is regexp.MatchString.
func (r *rule) MatchString(t text) bool {
	if r.alts == nil {
		return r.need.holds(t) && r.re.MatchString(t.s)
	}
	for _, a := range r.alts {
		if a.need.holds(t) && a.re.MatchString(t.s) {
			return true
		}
	}
	return false
}

// FindStringSubmatchIndex is regexp.FindStringSubmatchIndex (whole
// pattern, so group numbers stay those of the pattern).
func (r *rule) FindStringSubmatchIndex(t text) []int {
	if !r.need.holds(t) {
		return nil
	}
	return r.re.FindStringSubmatchIndex(t.s)
}

// FindAllStringIndex is regexp.FindAllStringIndex.
func (r *rule) FindAllStringIndex(t text, n int) [][]int {
	if !r.need.holds(t) {
		return nil
	}
	return r.re.FindAllStringIndex(t.s, n)
}

// FindAllStringSubmatchIndex is regexp.FindAllStringSubmatchIndex.
func (r *rule) FindAllStringSubmatchIndex(t text, n int) [][]int {
	if !r.need.holds(t) {
		return nil
	}
	return r.re.FindAllStringSubmatchIndex(t.s, n)
}

// blank replaces every match of r in s with underscores of the same length,
// keeping byte offsets.
func (r *rule) blank(t text) text {
	if !r.need.holds(t) {
		return t
	}
	b := r.re.ReplaceAllStringFunc(t.s, func(m string) string { return strings.Repeat("_", len(m)) })
	if b == t.s {
		return t
	}
	return scanText(b)
}

// splitTopAlternation splits a pattern at its top-level '|' (outside
// groups and character classes), or returns nil when there is none.
func splitTopAlternation(p string) []string {
	var parts []string
	depth, start, inClass := 0, 0, false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			// A ']' first in the class (or after '^') is a literal.
			if i+1 < len(p) && p[i+1] == '^' {
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				i++
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			parts = append(parts, p[start:i])
			start = i + 1
		}
	}
	if parts == nil {
		return nil
	}
	return append(parts, p[start:])
}

// ---------------------------------------------------------------- prefilter conditions

// cond is a condition on a text that every match of a pattern implies:
// a substring (a leaf: literal number id of ruleLits), all of and, or one
// of or. The zero cond always holds.
type cond struct {
	lit     string
	id      int
	leaf    bool
	and, or []cond
}

func (c cond) always() bool { return !c.leaf && c.and == nil && c.or == nil }

func (c cond) holds(t text) bool {
	switch {
	case c.leaf:
		if t.has != nil {
			return t.has[c.id>>6]&(1<<(c.id&63)) != 0
		}
		return strings.Contains(t.s, c.lit)
	case c.and != nil:
		for _, d := range c.and {
			if !d.holds(t) {
				return false
			}
		}
		return true
	case c.or != nil:
		for _, d := range c.or {
			if d.holds(t) {
				return true
			}
		}
		return false
	}
	return true
}

// keys is a keyword prefilter written by hand: does a text contain one of
// the words.
type keys struct{ c cond }

func newKeys(words ...string) keys {
	or := make([]cond, len(words))
	for i, w := range words {
		or[i] = leaf(w)
	}
	return keys{cond{or: or}}
}

// in reports whether t contains one of the keywords.
func (k keys) in(t text) bool { return k.c.holds(t) }

// ---------------------------------------------------------------- literal scanning

// text is a string to match rules against. A sentence is scanned once for
// every literal any rule or keyword list needs (has, a bitset indexed by
// literal id); rule prefilters are then bit tests instead of one
// strings.Contains per literal per rule. A text with nil has (a fragment
// of a sentence) falls back to strings.Contains.
type text struct {
	s   string
	has []uint64
}

// plain is a text without a literal scan, for short fragments.
func plain(s string) text { return text{s: s} }

// scanSentences scans every sentence of norm, sharing one bitset array.
func scanSentences(norm string, sents []span) []text {
	m := ruleLits.machine()
	has := make([]uint64, len(sents)*m.words)
	out := make([]text, len(sents))
	for i, s := range sents {
		h := has[i*m.words : (i+1)*m.words : (i+1)*m.words]
		m.scan(norm[s.a:s.b], h)
		out[i] = text{s: norm[s.a:s.b], has: h}
	}
	return out
}

// scanText scans s for every rule literal in one pass.
func scanText(s string) text {
	m := ruleLits.machine()
	has := make([]uint64, m.words)
	m.scan(s, has)
	return text{s: s, has: has}
}

// literalSet interns the literals of every rule and keyword list so that
// one Aho-Corasick automaton finds them all. It is filled only while the
// package's rule variables initialise (newRule, newKeys) and is read-only
// once the automaton is built.
type literalSet struct {
	ids  map[string]int
	list []string
	once sync.Once
	ac   *acMachine
}

var ruleLits = &literalSet{ids: map[string]int{}}

func leaf(lit string) cond {
	l := ruleLits
	if l.ac != nil {
		panic("licenses: rule literal added after the scanner was built")
	}
	id, ok := l.ids[lit]
	if !ok {
		id = len(l.list)
		l.ids[lit] = id
		l.list = append(l.list, lit)
	}
	return cond{lit: lit, id: id, leaf: true}
}

func (l *literalSet) machine() *acMachine {
	l.once.Do(func() { l.ac = newACMachine(l.list) })
	return l.ac
}

// acMachine is an Aho-Corasick automaton over bytes with a dense
// transition table on byte classes (bytes that occur in no literal share
// class 0).
type acMachine struct {
	class  [256]uint8
	nclass int
	next   []int32   // next[state*nclass+class]
	out    [][]int32 // literal ids ending at state (through failure links)
	anyOut []bool    // len(out[state]) > 0
	words  int       // bitset length in uint64 words
}

func newACMachine(lits []string) *acMachine {
	m := &acMachine{words: (len(lits) + 63) / 64}
	// Byte classes.
	n := 1
	for _, w := range lits {
		for i := 0; i < len(w); i++ {
			if m.class[w[i]] == 0 {
				if n == 256 {
					panic("licenses: too many byte classes")
				}
				m.class[w[i]] = uint8(n)
				n++
			}
		}
	}
	m.nclass = n
	// Trie.
	type node struct {
		child map[uint8]int32
		out   []int32
	}
	nodes := []node{{child: map[uint8]int32{}}}
	for id, w := range lits {
		cur := int32(0)
		for i := 0; i < len(w); i++ {
			c := m.class[w[i]]
			nx, ok := nodes[cur].child[c]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, node{child: map[uint8]int32{}})
				nodes[cur].child[c] = nx
			}
			cur = nx
		}
		nodes[cur].out = append(nodes[cur].out, int32(id))
	}
	m.next = make([]int32, len(nodes)*n)
	m.out = make([][]int32, len(nodes))
	fail := make([]int32, len(nodes))
	// Breadth-first: complete the goto function with failure transitions.
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		m.out[s] = nodes[s].out
		if s != 0 {
			m.out[s] = append(append([]int32(nil), nodes[s].out...), m.out[fail[s]]...)
		}
		for c := 0; c < n; c++ {
			nx, ok := nodes[s].child[uint8(c)]
			switch {
			case ok:
				if s != 0 {
					fail[nx] = m.next[int(fail[s])*n+c]
				}
				m.next[int(s)*n+c] = nx
				queue = append(queue, nx)
			case s != 0:
				m.next[int(s)*n+c] = m.next[int(fail[s])*n+c]
			}
		}
	}
	m.anyOut = make([]bool, len(nodes))
	for i, o := range m.out {
		m.anyOut[i] = len(o) > 0
	}
	return m
}

// scan sets in has the bit of every literal that occurs in s.
func (m *acMachine) scan(s string, has []uint64) {
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = m.next[int(st)*m.nclass+int(m.class[s[i]])]
		if m.anyOut[st] {
			for _, id := range m.out[st] {
				has[id>>6] |= 1 << (id & 63)
			}
		}
	}
}

func mustNeed(pattern string) cond {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic("licenses: bad rule " + pattern + ": " + err.Error())
	}
	return need(re)
}

// maxExact bounds the string sets exact builds.
const maxExact = 16

// need derives the condition that a match of re implies.
func need(re *syntax.Regexp) cond {
	if set, ok := exact(re); ok {
		return anyOf(set)
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return need(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return need(re.Sub[0])
		}
	case syntax.OpConcat:
		return concatNeed(re.Sub)
	case syntax.OpAlternate:
		var or []cond
		for _, s := range re.Sub {
			c := need(s)
			if c.always() {
				return cond{}
			}
			or = append(or, c)
		}
		return cond{or: or}
	}
	return cond{}
}

// concatNeed joins runs of adjacent exact pieces into whole words ("licen"
// "[cs]" "e" becomes licence|license) and requires every piece.
func concatNeed(subs []*syntax.Regexp) cond {
	var and []cond
	run := []string{""}
	flush := func() {
		if c := anyOf(run); !c.always() {
			and = append(and, c)
		}
		run = []string{""}
	}
	for _, s := range subs {
		if set, ok := exact(s); ok {
			if p, ok := product(run, set); ok {
				run = p
				continue
			}
			flush()
			run = set
			continue
		}
		flush()
		if c := need(s); !c.always() {
			and = append(and, c)
		}
	}
	flush()
	switch len(and) {
	case 0:
		return cond{}
	case 1:
		return and[0]
	}
	return cond{and: and}
}

// anyOf is the condition that s contains one of set; it always holds when
// set includes "". A word containing another in the set adds nothing.
func anyOf(set []string) cond {
	short := 0
	for _, w := range set {
		if w == "" {
			return cond{}
		}
		if len(w) == 1 {
			short++
		}
	}
	if short > 1 {
		// Several single bytes (\s, [- ]): nearly every sentence has one.
		return cond{}
	}
	var or []cond
	for i, w := range set {
		redundant := false
		for j, v := range set {
			if j != i && strings.Contains(w, v) && (len(v) < len(w) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			or = append(or, leaf(w))
		}
	}
	if len(or) == 1 {
		return or[0]
	}
	return cond{or: or}
}

// product concatenates every string of a with every string of b. It refuses
// products that would multiply the number of substrings to look for beyond
// a few: one longer word per alternative is more selective, many are not.
func product(a, b []string) ([]string, bool) {
	if n := len(a) * len(b); n > maxExact || n > 4 && len(a) > 1 && len(b) > 1 {
		return nil, false
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out, true
}

// exact returns the finite set of strings re matches, when it is small.
// Empty-width assertions match "" (they constrain context, not content).
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(set) == maxExact/2 {
					return nil, false
				}
				set = append(set, string(r))
			}
		}
		return set, len(set) > 0
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		set, ok := exact(re.Sub[0])
		if !ok {
			return nil, false
		}
		return append(set, ""), len(set) < maxExact
	case syntax.OpConcat:
		set := []string{""}
		for _, s := range re.Sub {
			e, ok := exact(s)
			if !ok {
				return nil, false
			}
			if set, ok = product(set, e); !ok {
				return nil, false
			}
		}
		return set, true
	case syntax.OpAlternate:
		var set []string
		for _, s := range re.Sub {
			e, ok := exact(s)
			if !ok || len(set)+len(e) > maxExact {
				return nil, false
			}
			set = append(set, e...)
		}
		return set, true
	}
	return nil, false
}
