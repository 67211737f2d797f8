package licenses

import (
	"regexp"
	"regexp/syntax"
	"strings"
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
	re   *regexp.Regexp
	need cond
	alts []alt // top-level alternatives in priority order; nil when not split
}

type alt struct {
	re   *regexp.Regexp
	need cond
}

// newRule compiles pattern (Perl syntax, as regexp.MustCompile) and derives
// its prefilters. It panics on a bad pattern, like regexp.MustCompile.
func newRule(pattern string) *rule {
	r := &rule{re: regexp.MustCompile(pattern), need: mustNeed(pattern)}
	if parts := splitTopAlternation(pattern); len(parts) > 1 {
		for _, p := range parts {
			r.alts = append(r.alts, alt{re: regexp.MustCompile(p), need: mustNeed(p)})
		}
	}
	return r
}

// FindStringIndex is regexp.FindStringIndex: the leftmost match, and at
// equal start the earliest alternative, as leftmost-first semantics pick.
func (r *rule) FindStringIndex(s string) []int {
	if r.alts == nil {
		if !r.need.holds(s) {
			return nil
		}
		return r.re.FindStringIndex(s)
	}
	var best []int
	for _, a := range r.alts {
		if !a.need.holds(s) {
			continue
		}
		// A later alternative wins only by starting strictly earlier.
		if best != nil && best[0] == 0 {
			break
		}
		loc := a.re.FindStringIndex(s)
		if loc != nil && (best == nil || loc[0] < best[0]) {
			best = loc
		}
	}
	return best
}

// MatchString is regexp.MatchString.
func (r *rule) MatchString(s string) bool {
	if r.alts == nil {
		return r.need.holds(s) && r.re.MatchString(s)
	}
	for _, a := range r.alts {
		if a.need.holds(s) && a.re.MatchString(s) {
			return true
		}
	}
	return false
}

// FindStringSubmatchIndex is regexp.FindStringSubmatchIndex (whole
// pattern, so group numbers stay those of the pattern).
func (r *rule) FindStringSubmatchIndex(s string) []int {
	if !r.need.holds(s) {
		return nil
	}
	return r.re.FindStringSubmatchIndex(s)
}

// FindAllStringIndex is regexp.FindAllStringIndex.
func (r *rule) FindAllStringIndex(s string, n int) [][]int {
	if !r.need.holds(s) {
		return nil
	}
	return r.re.FindAllStringIndex(s, n)
}

// FindAllStringSubmatchIndex is regexp.FindAllStringSubmatchIndex.
func (r *rule) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !r.need.holds(s) {
		return nil
	}
	return r.re.FindAllStringSubmatchIndex(s, n)
}

// blank replaces every match of r in s with underscores of the same length,
// keeping byte offsets.
func (r *rule) blank(s string) string {
	if !r.need.holds(s) {
		return s
	}
	return r.re.ReplaceAllStringFunc(s, func(m string) string { return strings.Repeat("_", len(m)) })
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

// cond is a condition on a string that every match of a pattern implies:
// a substring (lit), all of and, or one of or. The zero cond always holds.
type cond struct {
	lit     string
	and, or []cond
	leaf    bool // lit is a condition (lit may be any non-empty string)
}

func (c cond) always() bool { return !c.leaf && c.and == nil && c.or == nil }

func (c cond) holds(s string) bool {
	switch {
	case c.leaf:
		return strings.Contains(s, c.lit)
	case c.and != nil:
		for _, d := range c.and {
			if !d.holds(s) {
				return false
			}
		}
		return true
	case c.or != nil:
		for _, d := range c.or {
			if d.holds(s) {
				return true
			}
		}
		return false
	}
	return true
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
			or = append(or, cond{lit: w, leaf: true})
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
