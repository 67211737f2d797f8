package licenses

import (
	"strings"
	"unicode"
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
	// heads and items are the norm offsets (ascending) where a heading
	// line and a list item (bullet or enumerator at a line start) begin.
	heads, items []int
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

// Kinds of the last character written, for the decision whether the space
// between two characters is a word separator or layout.
const (
	prevNone = iota
	prevCJK
	prevDigit
	prevOther
)

func normalize(text []byte) *normText {
	if len(text) > maxExtractBytes {
		text = text[:maxExtractBytes]
	}
	n := &normText{orig: text}
	n.norm = make([]byte, 0, len(text))
	n.start = make([]int, 0, len(text))
	n.end = make([]int, 0, len(text))
	// A PDF turned into text often breaks a Chinese sentence at every few
	// characters; then every single line break next to a Chinese
	// character is layout, not a boundary.
	fragmented := fragmentedLines(text)
	var ps pendingSpace
	atLineStart := true
	lineHead := false // the current line reads as a heading
	mark := ""        // "head" or "item": the next written character starts one
	prev := prevNone  // what the last written character was
	flush := func(r rune) {
		if !ps.on {
			return
		}
		if len(n.norm) > 0 {
			c := byte(' ')
			if ps.hard || ps.newlines >= 2 {
				c = '\n'
			}
			// Chinese puts no spaces between words: a space between two
			// Chinese characters (or a character and a figure) is layout,
			// and so is a line break inside a wrapped paragraph.
			next := runeKind(r)
			if c == ' ' && (prev == prevCJK && (next == prevCJK || next == prevDigit) || prev == prevDigit && next == prevCJK) &&
				(ps.newlines == 0 || fragmented || ps.newlines == 1 && lineRunesBefore(text, ps.pos) >= 20) {
				ps = pendingSpace{}
				return
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
			lineHead = false
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
				if text[j] == '#' {
					mark = "head"
					lineHead = true
				}
				i = k
				atLineStart = false
				continue
			}
			if j+1 < len(text) && (text[j] == '-' || text[j] == '*' || text[j] == '+') && text[j+1] == ' ' {
				space(i, j+1, false)
				ps.hard = true
				mark = "item"
				i = j + 1
				atLineStart = false
				continue
			}
			if strings.HasPrefix(string(text[j:min(j+3, len(text))]), "•") {
				space(i, j+3, false)
				ps.hard = true
				mark = "item"
				i = j + 3
				atLineStart = false
				continue
			}
			if listMarkerLen(text[j:]) > 0 {
				mark = "item"
				if ps.on {
					ps.hard = true
				}
			}
			// A title without a number is a heading only where a clause
			// may start: after a blank line or a finished sentence.
			loose := len(n.norm) == 0 || ps.newlines >= 2 || ps.hard || endsSentence(n.norm)
			if !fragmented && headingLine(text, j, loose) {
				lineHead = true
				mark = "head"
				if ps.on {
					ps.hard = true
				}
			}
			atLineStart = false
		}
		switch {
		case r == '\n':
			space(s, e, true)
			atLineStart = true
			// A heading line ends its clause even when the text after it
			// is only one line break away.
			if lineHead && (nextLineStartsClause(text, e) || markdownHeading(text, i)) {
				ps.hard = true
			}
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
			flush(r)
			switch mark {
			case "head":
				n.heads = append(n.heads, len(n.norm))
			case "item":
				n.items = append(n.items, len(n.norm))
			}
			mark = ""
			if c, ok := foldRune(r); ok {
				n.emit(c, s, e)
			} else {
				for k := s; k < e; k++ {
					n.emit(text[k], k, k+1)
				}
			}
			prev = runeKind(r)
		}
		i = e
	}
	return n
}

// runeKind classes a character for the space rule in normalize.
func runeKind(r rune) int {
	switch {
	case r >= '0' && r <= '9' || r >= '０' && r <= '９':
		return prevDigit
	case r >= 0x2e80 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff0f || r >= 0xff1a && r <= 0xff20 || r >= 0x3000 && r <= 0x303f:
		return prevCJK
	}
	return prevOther
}

// lineRunesBefore counts the characters on the line that ends at text[pos]
// (a line break), so that a break after a long line reads as wrapping.
func lineRunesBefore(text []byte, pos int) int {
	a := pos
	for a > 0 && text[a-1] != '\n' {
		a--
	}
	return utf8.RuneCount(text[a:pos])
}

// fragmentedLines reports text whose lines are mostly a few characters
// long, the shape a PDF text layer takes when every run of glyphs is its
// own line.
func fragmentedLines(text []byte) bool {
	lines, short := 0, 0
	for a := 0; a < len(text); {
		b := a
		for b < len(text) && text[b] != '\n' {
			b++
		}
		l := strings.TrimSpace(string(text[a:b]))
		if l != "" {
			lines++
			if utf8.RuneCountInString(l) <= 3 {
				short++
			}
		}
		a = b + 1
	}
	return lines >= 20 && short*5 >= lines*2
}

// markdownHeading reports whether the line ending at text[nl] is a
// Markdown heading ("## Terms").
func markdownHeading(text []byte, nl int) bool {
	a := nl
	for a > 0 && text[a-1] != '\n' {
		a--
	}
	for a < nl && (text[a] == ' ' || text[a] == '\t') {
		a++
	}
	return a < nl && text[a] == '#'
}

// endsSentence reports whether the folded text so far ends a sentence or
// a lead-in, so that a line after it may be a heading.
func endsSentence(norm []byte) bool {
	if len(norm) == 0 {
		return true
	}
	if c := norm[len(norm)-1]; strings.IndexByte(".:;!?\n", c) >= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(norm)
	return strings.ContainsRune("。；：！？", r)
}

// listMarkerLen returns the length of a list enumerator at the start of b
// ("1.", "2.1", "(a)", "a)", "iv.", "一、", "（三）", "第五条", "1、", "１．")
// followed by a space, or 0. A bare number counts only before a capital
// ("2 License"), so that "100 million users" at a line start is not an
// item.
func listMarkerLen(b []byte) int {
	if l := cjkMarkerLen(b); l > 0 {
		return l
	}
	i := 0
	if i < len(b) && b[i] == '(' {
		i++
		j := i
		for i < len(b) && i-j < 5 && (isDigit(b[i]) || b[i] >= 'a' && b[i] <= 'z' || b[i] >= 'A' && b[i] <= 'Z') {
			i++
		}
		if i > j && i < len(b) && b[i] == ')' {
			return i + 1
		}
		return 0
	}
	j := i
	for i < len(b) && i-j < 8 && (isDigit(b[i]) || b[i] == '.' && i > j) {
		i++
	}
	if i > j && isDigit(b[j]) {
		switch {
		case i < len(b) && b[i] == ')':
			return i + 1
		case b[i-1] == '.' || strings.IndexByte(string(b[j:i]), '.') > 0:
			if i == len(b) || b[i] == ' ' || b[i] == '\t' || b[i] >= 0x80 {
				return i
			}
		case i+1 < len(b) && (b[i] == ' ' || b[i] == '\t') && b[i+1] >= 'A' && b[i+1] <= 'Z' && i-j <= 2:
			return i
		}
		return 0
	}
	// "a)", "b.", "iv." and "IV."
	k := 0
	for k < len(b) && k < 5 && strings.IndexByte("abcdefghijklmnopqrstuvwxyzIVX", b[k]) >= 0 {
		k++
	}
	if k == 0 || k >= len(b) || b[k] != '.' && b[k] != ')' {
		return 0
	}
	if k > 1 && strings.Trim(strings.ToLower(string(b[:k])), "ivx") != "" {
		return 0 // a word, not a numeral
	}
	if k+1 < len(b) && b[k+1] != ' ' && b[k+1] != '\t' {
		return 0
	}
	return k + 1
}

// cjkMarkerLen matches the Chinese enumerators: a numeral followed by 、,
// a numeral in full-width or ASCII brackets, 第…条/章/节/款, and digits
// followed by 、 or a full-width stop.
func cjkMarkerLen(b []byte) int {
	s := string(b[:min(len(b), 40)])
	numeral := func(s string) int {
		i := 0
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !strings.ContainsRune("一二三四五六七八九十百零〇0123456789０１２３４５６７８９", r) {
				break
			}
			i += size
		}
		return i
	}
	switch {
	case strings.HasPrefix(s, "第"):
		k := len("第")
		l := numeral(s[k:])
		if l > 0 {
			r, size := utf8.DecodeRuneInString(s[k+l:])
			if strings.ContainsRune("条章节款部分", r) {
				return k + l + size
			}
		}
	case strings.HasPrefix(s, "（") || strings.HasPrefix(s, "("):
		_, k := utf8.DecodeRuneInString(s)
		l := numeral(s[k:])
		if l > 0 {
			if strings.HasPrefix(s[k+l:], "）") {
				return k + l + len("）")
			}
			if strings.HasPrefix(s[k+l:], ")") && s[k] >= 0x80 {
				return k + l + 1
			}
		}
	default:
		l := numeral(s)
		if l > 0 && (strings.HasPrefix(s[l:], "、") || strings.HasPrefix(s[l:], "．")) {
			return l + len("、")
		}
	}
	return 0
}

// headingLine reports whether the line starting at text[i] reads as a
// heading: short, not ending like a sentence, and either numbered
// ("3. Restrictions", "二、许可", "Section 4") or a title ("Notices",
// "NO WARRANTY", "Patent Defense").
func headingLine(text []byte, i int, loose bool) bool {
	j := i
	for j < len(text) && text[j] != '\n' {
		j++
	}
	line := strings.TrimSpace(strings.Trim(string(text[i:j]), "#*_ \t\r"))
	if line == "" || len(line) > 80 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".,;!?。；，、！？)）\"'”", last) && !endsWithMarker(line) {
		return false
	}
	words := strings.Fields(line)
	if len(words) > 10 {
		return false
	}
	if l := listMarkerLen([]byte(line)); l > 0 {
		rest := strings.TrimSpace(line[l:])
		return rest != "" && utf8.RuneCountInString(rest) <= 40 && !strings.ContainsAny(rest, ",;，；")
	}
	if !loose {
		return false
	}
	low := strings.ToLower(line)
	if strings.HasPrefix(low, "section ") || strings.HasPrefix(low, "article ") || strings.HasPrefix(low, "part ") {
		return true
	}
	first, _ := utf8.DecodeRuneInString(line)
	if runeKind(first) == prevCJK {
		// A short Chinese line without punctuation ("免责声明").
		return utf8.RuneCountInString(line) <= 16 && !strings.ContainsAny(line, "，。；：")
	}
	if !unicode.IsUpper(first) || len(words) > 6 {
		return false
	}
	// Title case or capitals: every word of four letters or more starts
	// with a capital.
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) >= 4 && unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// endsWithMarker reports a heading that is only an enumerator with a
// trailing stop ("1." alone is not a heading, "Article 1." is).
func endsWithMarker(line string) bool {
	f := strings.Fields(line)
	return len(f) >= 2 && strings.HasSuffix(line, ".") && listMarkerLen([]byte(f[0])) > 0 && !strings.ContainsAny(line[:len(line)-1], ".,;")
}

// nextLineStartsClause reports whether the first character after the line
// break at text[i-1] starts a clause: a capital, a figure, a quote, a
// bracket or a Chinese character, rather than the rest of a wrapped
// sentence.
func nextLineStartsClause(text []byte, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
		i++
	}
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRune(text[i:])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || runeKind(r) == prevCJK || strings.ContainsRune("\"'“‘(（[【#*-", r)
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

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

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
