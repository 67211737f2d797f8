package licenses

import (
	"strings"
	"unicode/utf8"
)

// maxExtractBytes caps how much of an untrusted document the clause
// extractor reads. The longest model licenses are ~25 KB; a model card with an
// embedded license rarely exceeds a few hundred KB.
const maxExtractBytes = 1 << 20

// maxQuoteBytes is the longest evidence quote the extractor returns; longer
// sentences are trimmed to the clause around the match.
const maxQuoteBytes = 300

// normText is a license text folded for matching: Markdown and HTML markup
// removed, whitespace runs folded to one space, smart quotes and full-width
// forms mapped to ASCII, ASCII letters lowercased. Every byte of norm keeps
// the span of original bytes it came from, so matches map back to the input.
type normText struct {
	orig  []byte
	norm  []byte // lowercased folded text; '\n' marks a hard boundary
	start []int  // start[i]: first original byte behind norm[i]
	end   []int  // end[i]: one past the last original byte behind norm[i]
}

// span is a half-open byte range in normText.norm.
type span struct{ a, b int }

func (n *normText) emit(c byte, s, e int) {
	n.norm = append(n.norm, c)
	n.start = append(n.start, s)
	n.end = append(n.end, e)
}

// pendingSpace folds whitespace and markup: it records that a separator is
// due and whether it is a hard (paragraph/list/heading) boundary.
type pendingSpace struct {
	on, hard    bool
	newlines    int
	pos, posEnd int
}

func normalize(text []byte) *normText {
	if len(text) > maxExtractBytes {
		text = text[:maxExtractBytes]
	}
	n := &normText{orig: text}
	n.norm = make([]byte, 0, len(text))
	n.start = make([]int, 0, len(text))
	n.end = make([]int, 0, len(text))
	var ps pendingSpace
	atLineStart := true
	flush := func() {
		if !ps.on {
			return
		}
		if len(n.norm) > 0 {
			c := byte(' ')
			if ps.hard || ps.newlines >= 2 {
				c = '\n'
			}
			n.emit(c, ps.pos, ps.posEnd)
		}
		ps = pendingSpace{}
	}
	space := func(s, e int, newline bool) {
		if !ps.on {
			ps = pendingSpace{on: true, pos: s, posEnd: e}
		}
		if newline {
			ps.newlines++
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		s, e := i, i+size
		if atLineStart {
			// Line-leading markup: headings, quotes, list bullets and
			// numbered items start a new clause.
			j := i
			for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
				j++
			}
			k := j
			for k < len(text) && (text[k] == '#' || text[k] == '>') {
				k++
			}
			if k > j && (k == len(text) || text[k] == ' ') {
				space(i, k, false)
				ps.hard = true
				i = k
				atLineStart = false
				continue
			}
			if j+1 < len(text) && (text[j] == '-' || text[j] == '*' || text[j] == '+') && text[j+1] == ' ' {
				space(i, j+1, false)
				ps.hard = true
				i = j + 1
				atLineStart = false
				continue
			}
			if strings.HasPrefix(string(text[j:min(j+3, len(text))]), "•") {
				space(i, j+3, false)
				ps.hard = true
				i = j + 3
				atLineStart = false
				continue
			}
			if ps.on && isListNumber(text[j:]) {
				ps.hard = true
			}
			atLineStart = false
		}
		switch {
		case r == '\n':
			space(s, e, true)
			atLineStart = true
		case r == ' ' || r == '\t' || r == '\r' || r == '\f' || r == '\v' || r == 0xa0 || r == 0x3000 || r == 0x200b || r == 0xfeff:
			space(s, e, false)
		case r == utf8.RuneError && size <= 1:
			space(s, e, false)
		case r == '*' || r == '`' || r == '|' || r == '[' || r == ']':
			space(s, e, false)
		case r == '_' && (i+1 < len(text) && text[i+1] == '_' || i > 0 && text[i-1] == '_'):
			space(s, e, false)
		case r == '\\' && i+1 < len(text) && isASCIIPunct(text[i+1]):
			// Markdown escape (`llama3\_3`): drop the backslash.
		case r == '<' && htmlTagLen(text[i:]) > 0:
			l := htmlTagLen(text[i:])
			space(s, s+l, false)
			tag := strings.ToLower(string(text[i:min(i+4, len(text))]))
			if strings.HasPrefix(tag, "<br") || strings.HasPrefix(tag, "<p") || strings.HasPrefix(tag, "</p") || strings.HasPrefix(tag, "<li") || strings.HasPrefix(tag, "<h") {
				ps.hard = true
			}
			i += l
			continue
		default:
			flush()
			if c, ok := foldRune(r); ok {
				n.emit(c, s, e)
			} else {
				for k := s; k < e; k++ {
					n.emit(text[k], k, k+1)
				}
			}
		}
		i = e
	}
	return n
}

// foldRune maps a rune to one ASCII byte when it has an ASCII equivalent
// that matters for matching (quotes, dashes, full-width forms, case).
func foldRune(r rune) (byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		b := byte(r)
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		return b, true
	case r == '“' || r == '”' || r == '„' || r == '‟' || r == '″' || r == '＂' || r == '«' || r == '»':
		return '"', true
	case r == '‘' || r == '’' || r == '‚' || r == '‛' || r == '′' || r == '＇':
		return '\'', true
	case r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '−':
		return '-', true
	case r >= '０' && r <= '９':
		return byte('0' + (r - '０')), true
	case r >= 'Ａ' && r <= 'Ｚ':
		return byte('a' + (r - 'Ａ')), true
	case r >= 'ａ' && r <= 'ｚ':
		return byte('a' + (r - 'ａ')), true
	case r == '＄':
		return '$', true
	case r == '（':
		return '(', true
	case r == '）':
		return ')', true
	case r == '：':
		return ':', true
	}
	return 0, false
}

func isASCIIPunct(b byte) bool {
	return strings.IndexByte("\\`*_{}[]()#+-.!|<>~\"'", b) >= 0
}

// htmlTagLen returns the length of an HTML tag or comment at the start of b,
// or 0 when b does not start with one.
func htmlTagLen(b []byte) int {
	if len(b) < 3 || b[0] != '<' {
		return 0
	}
	c := b[1]
	if !(c == '/' || c == '!' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return 0
	}
	for i := 1; i < len(b) && i < 200; i++ {
		switch b[i] {
		case '>':
			return i + 1
		case '<', '\n':
			return 0
		}
	}
	return 0
}

// isListNumber reports whether b starts with a list enumerator such as
// "1.", "2.1", "(a)", "a)" or "iv." followed by a space.
func isListNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '(' {
		i++
		j := i
		for i < len(b) && i-j < 4 && (isDigit(b[i]) || b[i] >= 'a' && b[i] <= 'z') {
			i++
		}
		return i > j && i < len(b) && b[i] == ')'
	}
	j := i
	for i < len(b) && i-j < 6 && (isDigit(b[i]) || b[i] == '.') {
		i++
	}
	if i > j && isDigit(b[j]) && i < len(b) && (b[i] == ' ' || b[i] == ')' || b[i-1] == '.') {
		return true
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// sentences splits the normalized text into sentences: at hard boundaries,
// at CJK full stops, and at ". ", "! ", "? " unless the period ends a common
// abbreviation, an initial, or a section number.
func (n *normText) sentences() []span {
	var out []span
	t := n.norm
	a := 0
	cut := func(b int) {
		// trim spaces
		x, y := a, b
		for x < y && (t[x] == ' ' || t[x] == '\n') {
			x++
		}
		for y > x && (t[y-1] == ' ' || t[y-1] == '\n') {
			y--
		}
		if y > x {
			out = append(out, span{x, y})
		}
		a = b
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\n':
			cut(i)
		case c == '.' || c == '!' || c == '?' || c == ';':
			if i+1 < len(t) && t[i+1] != ' ' && t[i+1] != '\n' {
				continue
			}
			if c == '.' && isAbbrevBefore(t, i) {
				continue
			}
			cut(i + 1)
		case c >= 0x80:
			if hasAt(t, i, "。") || hasAt(t, i, "！") || hasAt(t, i, "？") || hasAt(t, i, "；") {
				cut(i + 3)
				i += 2
			}
		}
	}
	cut(len(t))
	return out
}

func hasAt(t []byte, i int, s string) bool {
	return i+len(s) <= len(t) && string(t[i:i+len(s)]) == s
}

var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "inc": true, "ltd": true, "co": true, "corp": true,
	"no": true, "nos": true, "sec": true, "art": true, "vs": true, "u.s": true, "u.s.a": true,
	"mr": true, "ms": true, "dr": true, "st": true, "para": true, "cf": true, "approx": true,
}

func isAbbrevBefore(t []byte, i int) bool {
	j := i
	for j > 0 && t[j-1] != ' ' && t[j-1] != '\n' && t[j-1] != '(' {
		j--
	}
	w := string(t[j:i])
	if w == "" {
		return false
	}
	if abbreviations[strings.TrimLeft(w, "\"'")] {
		return true
	}
	// Initials ("j. smith"), section numbers ("1.", "2.1."), roman numerals.
	if len(w) == 1 {
		return true
	}
	allNum := true
	for k := 0; k < len(w); k++ {
		if !isDigit(w[k]) && w[k] != '.' {
			allNum = false
			break
		}
	}
	return allNum
}

// clause returns the evidence Clause for match m inside sentence s: the
// sentence itself when it is short, else the comma/semicolon-delimited
// clauses around the match, widened while they fit maxQuoteBytes.
func (n *normText) clause(s, m span) Clause {
	q := s
	if n.origLen(q.a, q.b) > maxQuoteBytes {
		q = n.trimToClause(s, m)
	}
	start, end := n.start[q.a], n.end[q.b-1]
	return Clause{Quote: string(n.orig[start:end]), Start: start, End: end}
}

func (n *normText) trimToClause(s, m span) span {
	t := n.norm
	isSep := func(i int) (bool, int) {
		switch t[i] {
		case ',', ';', ':':
			return true, 1
		}
		if t[i] >= 0x80 && (hasAt(t, i, "，") || hasAt(t, i, "、") || hasAt(t, i, "：")) {
			return true, 3
		}
		return false, 0
	}
	// Clause boundaries inside the sentence.
	bounds := []int{s.a}
	for i := s.a; i < s.b; i++ {
		if ok, l := isSep(i); ok {
			bounds = append(bounds, i+l)
		}
	}
	bounds = append(bounds, s.b)
	// Start with the clauses covering the match.
	lo, hi := 0, len(bounds)-1
	for k := range bounds {
		if bounds[k] <= m.a {
			lo = k
		}
	}
	for k := len(bounds) - 1; k >= 0; k-- {
		if bounds[k] >= m.b {
			hi = k
		}
	}
	for {
		grown := false
		if lo > 0 && n.origLen(bounds[lo-1], bounds[hi]) <= maxQuoteBytes {
			lo--
			grown = true
		}
		if hi < len(bounds)-1 && n.origLen(bounds[lo], bounds[hi+1]) <= maxQuoteBytes {
			hi++
			grown = true
		}
		if !grown {
			break
		}
	}
	a, b := bounds[lo], bounds[hi]
	if n.origLen(a, b) > maxQuoteBytes {
		// One clause longer than the cap: a window around the match.
		mid := (m.a + m.b) / 2
		a = max(s.a, min(m.a, mid-maxQuoteBytes/2))
		b = min(s.b, a+maxQuoteBytes)
		for a < b && !utf8.RuneStart(t[a]) {
			a++
		}
		for b > a && (b < len(t) && !utf8.RuneStart(t[b]) || n.origLen(a, b) > maxQuoteBytes) {
			b--
		}
	}
	for a < b && t[a] == ' ' {
		a++
	}
	for b > a && t[b-1] == ' ' {
		b--
	}
	if b <= a {
		return s
	}
	return span{a, b}
}

// origLen is the length in original bytes of norm[a:b].
func (n *normText) origLen(a, b int) int {
	if b <= a {
		return 0
	}
	return n.end[b-1] - n.start[a]
}
