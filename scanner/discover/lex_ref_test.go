package discover

// The lexer as it was before tokens became spans of the source (main at
// the merge of this work, with the end positions of references), kept as
// the oracle the span lexer is compared against: TestLexerMatchesReference
// and FuzzLexerMatchesReference require the same tokens, values, flags,
// start and end positions for every input.

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

type refToken struct {
	kind      tokKind
	text      string // identifier, operator, number; for strings the decoded value
	fstr      bool   // f-string / template literal with interpolation; text is the raw body
	off       int    // byte offset of the token (for strings: of the first content byte)
	end       int    // byte offset just past the token (for strings: of the closing quote)
	line      int    // 1-based line of off
	lineStart int    // byte offset of that line's start
	lineFirst bool   // first token of its logical line
}

// endPos returns the 1-based line and the column just past the end of a
// token (for a string, of its content); ok is false for an empty token.
func (t refToken) refEndPos(src []byte) (line, col int, ok bool) {
	if t.end <= t.off || t.end > len(src) {
		return 0, 0, false
	}
	seg := src[t.off:t.end]
	line, ls := t.line, t.lineStart
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		line += bytes.Count(seg, []byte{'\n'})
		ls = t.off + i + 1
	}
	return line, utf8.RuneCount(src[ls:t.end]) + 1, true
}

// pos returns the 1-based line and character column of a token.
func (t refToken) refPos(src []byte) (int, int) {
	end := t.off
	if end > len(src) {
		end = len(src)
	}
	return t.line, utf8.RuneCount(src[t.lineStart:end]) + 1
}

type refLexer struct {
	src       []byte
	lang      lang
	i         int
	line      int
	lineStart int
	depth     int
	toks      []refToken
	first     bool
}

func refLex(src []byte, l lang) []refToken {
	lx := &refLexer{src: src, lang: l, line: 1, first: true}
	lx.run()
	return lx.toks
}

func (lx *refLexer) emit(t refToken) {
	if t.end == 0 {
		t.end = lx.i
	}
	t.lineFirst = lx.first
	lx.first = false
	lx.toks = append(lx.toks, t)
}

func (lx *refLexer) newline() {
	lx.line++
	lx.lineStart = lx.i
}

func (lx *refLexer) run() {
	src := lx.src
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\n':
			lx.i++
			if lx.depth == 0 && len(lx.toks) > 0 && lx.toks[len(lx.toks)-1].kind != tNewline {
				lx.toks = append(lx.toks, refToken{kind: tNewline, off: lx.i - 1, line: lx.line, lineStart: lx.lineStart})
			}
			if lx.depth == 0 {
				lx.first = true
			}
			lx.newline()
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			lx.i++
		case c == '\\' && lx.i+1 < len(src) && (src[lx.i+1] == '\n' || src[lx.i+1] == '\r'):
			// explicit line joining
			lx.i++
			if src[lx.i] == '\r' {
				lx.i++
			}
			if lx.i < len(src) && src[lx.i] == '\n' {
				lx.i++
			}
			lx.newline()
		case c == '#' && lx.lang == langPython:
			lx.skipLine()
		case c == '/' && lx.lang == langJS && lx.i+1 < len(src) && src[lx.i+1] == '/':
			lx.skipLine()
		case c == '/' && lx.lang == langJS && lx.i+1 < len(src) && src[lx.i+1] == '*':
			lx.i += 2
			for lx.i < len(src) && !(src[lx.i] == '*' && lx.i+1 < len(src) && src[lx.i+1] == '/') {
				if src[lx.i] == '\n' {
					lx.i++
					lx.newline()
					continue
				}
				lx.i++
			}
			lx.i += 2
		case c == '/' && lx.lang == langJS && lx.regexAllowed():
			lx.skipRegex()
		case c == '"' || c == '\'' || (c == '`' && lx.lang == langJS):
			lx.str("", c)
		case isIdentStart(c):
			start := lx.i
			for lx.i < len(src) && isIdentChar(src[lx.i]) {
				lx.i++
			}
			word := string(src[start:lx.i])
			if lx.lang == langPython && lx.i < len(src) && (src[lx.i] == '"' || src[lx.i] == '\'') && refIsStrPrefix(word) {
				lx.str(strings.ToLower(word), src[lx.i])
				continue
			}
			lx.emit(refToken{kind: tIdent, text: word, off: start, line: lx.line, lineStart: lx.lineStart})
		case c >= '0' && c <= '9':
			start := lx.i
			for lx.i < len(src) && (isIdentChar(src[lx.i]) || src[lx.i] == '.') {
				lx.i++
			}
			lx.emit(refToken{kind: tNumber, text: string(src[start:lx.i]), off: start, line: lx.line, lineStart: lx.lineStart})
		default:
			start := lx.i
			lx.i++
			switch c {
			case '(', '[', '{':
				lx.depth++
			case ')', ']', '}':
				if lx.depth > 0 {
					lx.depth--
				}
			case '=':
				// keep == and => distinct from a plain =
				if lx.i < len(src) && (src[lx.i] == '=' || src[lx.i] == '>') {
					lx.i++
				}
			case '!', '<', '>', ':', '+', '-', '*', '%', '|', '&', '?':
				if lx.i < len(src) && (src[lx.i] == '=' || src[lx.i] == c) {
					lx.i++
				}
			case ';':
				if lx.lang == langJS && lx.depth == 0 {
					lx.toks = append(lx.toks, refToken{kind: tNewline, off: start, line: lx.line, lineStart: lx.lineStart})
					lx.first = true
					continue
				}
			}
			lx.emit(refToken{kind: tOp, text: string(src[start:lx.i]), off: start, line: lx.line, lineStart: lx.lineStart})
		}
	}
}

func refIsStrPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf", "t", "tr", "rt":
		return true
	}
	return false
}

func (lx *refLexer) skipLine() {
	for lx.i < len(lx.src) && lx.src[lx.i] != '\n' {
		lx.i++
	}
}

// regexAllowed guesses whether a '/' starts a JS regular expression
// literal: it does after an operator, an opening bracket or a keyword.
func (lx *refLexer) regexAllowed() bool {
	if len(lx.toks) == 0 {
		return true
	}
	t := lx.toks[len(lx.toks)-1]
	switch t.kind {
	case tNewline:
		return true
	case tOp:
		return t.text != ")" && t.text != "]" && t.text != "}"
	case tIdent:
		switch t.text {
		case "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await":
			return true
		}
	}
	return false
}

func (lx *refLexer) skipRegex() {
	src := lx.src
	start := lx.i
	lx.i++
	inClass := false
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\n':
			// not a regex after all; treat the '/' as an operator
			lx.i = start + 1
			lx.emit(refToken{kind: tOp, text: "/", off: start, line: lx.line, lineStart: lx.lineStart})
			return
		case c == '\\':
			lx.i += 2
			continue
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			lx.i++
			for lx.i < len(src) && isIdentChar(src[lx.i]) {
				lx.i++
			}
			lx.emit(refToken{kind: tOp, text: "/re/", off: start, line: lx.line, lineStart: lx.lineStart})
			return
		}
		lx.i++
	}
}

// str lexes a string literal whose opening quote is at lx.i.
func (lx *refLexer) str(prefix string, q byte) {
	src := lx.src
	triple := lx.lang == langPython && lx.i+2 < len(src) && src[lx.i+1] == q && src[lx.i+2] == q
	n := 1
	if triple {
		n = 3
	}
	lx.i += n
	t := refToken{kind: tString, off: lx.i, line: lx.line, lineStart: lx.lineStart}
	raw := strings.Contains(prefix, "r")
	t.fstr = strings.Contains(prefix, "f") || strings.Contains(prefix, "t") || q == '`'
	var b strings.Builder
	braces := 0
	for lx.i < len(src) {
		c := src[lx.i]
		if c == '\\' && lx.i+1 < len(src) {
			nx := src[lx.i+1]
			if nx == '\n' {
				lx.i += 2
				lx.newline()
				continue
			}
			if raw || t.fstr {
				b.WriteByte(c)
				b.WriteByte(nx)
			} else {
				switch nx {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte(nx)
				}
			}
			lx.i += 2
			continue
		}
		if q == '`' {
			// template literal: ${ … } may hold nested strings and braces
			if c == '$' && lx.i+1 < len(src) && src[lx.i+1] == '{' {
				braces++
				b.WriteString("${")
				lx.i += 2
				continue
			}
			if braces > 0 && c == '}' {
				braces--
			}
		}
		if c == q && braces == 0 {
			if !triple {
				t.end = lx.i
				lx.i++
				break
			}
			if lx.i+2 < len(src) && src[lx.i+1] == q && src[lx.i+2] == q {
				t.end = lx.i
				lx.i += 3
				break
			}
		}
		if c == '\n' {
			if !triple && q != '`' {
				// unterminated single-line string: stop at the line end
				break
			}
			b.WriteByte(c)
			lx.i++
			lx.newline()
			continue
		}
		b.WriteByte(c)
		lx.i++
	}
	t.text = b.String()
	if t.fstr && !strings.Contains(t.text, "{") {
		t.fstr = false // no interpolation: a plain string
	}
	lx.emit(t)
}
