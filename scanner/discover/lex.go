package discover

import (
	"bytes"
	"math"
	"sync"
	"unicode/utf8"
)

// A small lexer for Python and JavaScript/TypeScript source. It knows
// enough of both languages to find calls, keyword arguments, object keys
// and string constants with their positions: comments are dropped, string
// contents (docstrings included) never look like code, and multi-line
// calls are ordinary token sequences.
//
// Tokens are spans of the source, not copies: a token's text is made into a
// Go string only when a recogniser asks for it (token.text), and most
// questions (token.is, token.op) are answered from the bytes without
// allocating. Most tokens of a file are never looked at as strings.

type tokKind uint8

const (
	tIdent tokKind = iota + 1
	tString
	tNumber
	tOp
	tNewline // end of a logical line (Python: outside brackets; JS: any newline outside brackets or ';')
)

type lang uint8

const (
	langPython lang = iota
	langJS
)

type tokFlag uint8

const (
	fLineFirst tokFlag = 1 << iota // first token of its logical line
	fFstr                          // f-string / template literal with interpolation; the value is the raw body
	fVerbatim                      // raw, f-string or template: escapes are kept as written
	fEscaped                       // the body holds a backslash: the value must be decoded
	fRegex                         // a JS regular expression literal; its text is "/re/"

	// Set on brackets by codeFile.markArgKeys, not by the lexer.
	fArgModelKey // an argument key inside may name a model or dataset
	fArgEndpoint // an argument key inside names a client's endpoint
)

// token is one lexical token: a span of the source with its position.
//
// Offsets are 32 bits (lex reads at most maxLexBytes of a source): a token
// is 20 bytes instead of 32, and writing the tokens out was a quarter of
// the lexer's time.
type token struct {
	off, end  int32 // byte span in the source; for strings the body between the quotes
	lineStart int32 // byte offset of the start of the token's line
	line      int32 // 1-based line of off
	kind      tokKind
	flags     tokFlag
	opc       byte // the byte of a one-byte operator, else 0 (token.op without reading the source)
}

func (t token) lineFirst() bool { return t.flags&fLineFirst != 0 }
func (t token) fstr() bool      { return t.flags&fFstr != 0 }

// text returns the token's value: identifiers, numbers and operators as
// written, a string's decoded body. It allocates; prefer is and op for
// comparisons.
func (t token) text(src []byte) string {
	switch {
	case t.flags&fRegex != 0:
		return "/re/"
	case t.kind == tString && t.flags&fEscaped != 0:
		return decodeString(src[t.off:t.end], t.flags&fVerbatim != 0)
	}
	return string(src[t.off:t.end])
}

// is reports whether the token's value is s, without allocating for
// anything but a string literal with escapes.
func (t token) is(src []byte, s string) bool {
	switch {
	case t.flags&(fRegex|fEscaped) != 0:
		if t.flags&fRegex != 0 {
			return s == "/re/"
		}
		return t.text(src) == s
	case int(t.end-t.off) != len(s):
		return false
	case len(s) == 1:
		return src[t.off] == s[0]
	}
	return string(src[t.off:t.end]) == s
}

// op returns the byte of a one-byte operator, 0 for anything else.
func (t token) op() byte { return t.opc }

// endPos returns the 1-based line and the column just past the end of a
// token (for a string, of its content); ok is false for an empty token.
func (t token) endPos(src []byte) (line, col int, ok bool) {
	if t.end <= t.off || int(t.end) > len(src) {
		return 0, 0, false
	}
	seg := src[t.off:t.end]
	line, ls := int(t.line), int(t.lineStart)
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		line += bytes.Count(seg, []byte{'\n'})
		ls = int(t.off) + i + 1
	}
	return line, utf8.RuneCount(src[ls:t.end]) + 1, true
}

// pos returns the 1-based line and character column of a token.
func (t token) pos(src []byte) (int, int) {
	end := min(int(t.off), len(src))
	return int(t.line), utf8.RuneCount(src[t.lineStart:end]) + 1
}

// decodeString turns a string literal's body into its value: backslash
// and newline join lines; in verbatim strings other escapes stay as
// written, elsewhere \n and \t are decoded and any other escaped byte
// stands for itself.
func decodeString(body []byte, verbatim bool) string {
	b := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			nx := body[i+1]
			i++
			switch {
			case nx == '\n':
			case verbatim:
				b = append(b, c, nx)
			case nx == 'n':
				b = append(b, '\n')
			case nx == 't':
				b = append(b, '\t')
			default:
				b = append(b, nx)
			}
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// maxLexBytes is how much of a source lex reads: every offset fits a token's int32.
const maxLexBytes = math.MaxInt32

type lexer struct {
	src       []byte
	lang      lang
	i         int
	line      int32
	lineStart int
	depth     int
	toks      []token
	firsts    []int
	marks     []int
	strs      []int
	first     bool
}

// lexed is the lexer's output for one source. Its slices are reused from
// file to file (lexedPool), so lexing a file appends to buffers of the
// right size instead of growing new ones.
type lexed struct {
	toks   []token
	firsts []int // indexes of the tokens that start a logical line (fLineFirst)
	marks  []int // indexes of the operators ( [ { ) ] } = : (structural)
	strs   []int // indexes of the string literals
	// parents is markArgKeys' bracket-parent index (codeFile.parents),
	// kept here so a worker reuses it from file to file.
	parents []int32
	// classes is the worker's classify memo (see classifyMemo): lexed is
	// what a worker hands each parse, so what it owns lives here.
	classes classifyMemo
	// texts interns the worker's token values (see text).
	texts map[string]string
}

// Interning bounds: values longer than textInternMax bytes are rare and
// not kept; the table is emptied when it holds textTableMax values, so it
// stays under about a megabyte whatever the tree holds.
const (
	textInternMax = 64
	textTableMax  = 8192
)

// text is t.text(src), interned: the recognisers ask for the same
// identifiers and short strings (self, model, torch, from_pretrained, a
// model id) in file after file, and a string per request was an eighth
// of discovery's allocations. A string is immutable, so handing out one
// copy many times gives the same values; the lookup with string(b) does
// not allocate. A nil lexed (a test's codeFile) does not intern.
func (b *lexed) text(t token, src []byte) string {
	if b == nil || t.flags&(fRegex|fEscaped) != 0 || t.end-t.off > textInternMax {
		return t.text(src)
	}
	v := src[t.off:t.end]
	if s, ok := b.texts[string(v)]; ok {
		return s
	}
	s := string(v)
	if b.texts == nil {
		b.texts = make(map[string]string)
	} else if len(b.texts) >= textTableMax {
		clear(b.texts)
	}
	b.texts[s] = s
	return s
}

// structural are the one-byte operators listed in lexed.marks: the passes
// that look for calls, dict literals and argument keys visit only those.
var structural = [256]bool{'(': true, '[': true, '{': true, ')': true, ']': true, '}': true, '=': true, ':': true}

var lexedPool = sync.Pool{New: func() any { return new(lexed) }}

// lex tokenises src into out, dropping what out held.
func lex(src []byte, l lang, out *lexed) []token {
	// Token offsets are 32 bits: a source is lexed up to its first 2 GiB
	// (a thousand times the default size cap of a scanned file).
	src = src[:min(len(src), maxLexBytes)]
	// Real code has a token per 6 bytes or so: size the buffers once
	// rather than growing them a doubling at a time.
	if n := len(src)/6 + 64; cap(out.toks) < n {
		out.toks = make([]token, 0, n)
		out.marks = make([]int, 0, n/2)
		out.strs = make([]int, 0, n/16)
		out.firsts = make([]int, 0, n/8)
	}
	lx := lexer{src: src, lang: l, line: 1, first: true, toks: out.toks[:0], firsts: out.firsts[:0], marks: out.marks[:0], strs: out.strs[:0]}
	lx.run()
	out.toks, out.firsts, out.marks, out.strs = lx.toks, lx.firsts, lx.marks, lx.strs
	return lx.toks
}

func (lx *lexer) emit(kind tokKind, off, end int, flags tokFlag) {
	if lx.first {
		flags |= fLineFirst
		lx.firsts = append(lx.firsts, len(lx.toks))
	}
	lx.first = false
	lx.toks = append(lx.toks, token{off: int32(off), end: int32(end), lineStart: int32(lx.lineStart), line: lx.line, kind: kind, flags: flags})
}

func (lx *lexer) emitNewline(off int) {
	lx.toks = append(lx.toks, token{off: int32(off), end: int32(off), lineStart: int32(lx.lineStart), line: lx.line, kind: tNewline})
}

func (lx *lexer) newline() {
	lx.line++
	lx.lineStart = lx.i
}

// lines accounts for the newlines in src[from:to], which the lexer has
// passed over in one step.
func (lx *lexer) lines(from, to int) {
	seg := lx.src[from:to]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		lx.line += int32(n)
		lx.lineStart = from + bytes.LastIndexByte(seg, '\n') + 1
	}
}

// byteClass sorts the bytes that can start a token.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			t[c] = clsIdent
		case c >= '0' && c <= '9':
			t[c] = clsDigit
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			t[c] = clsSpace
		}
	}
	return t
}()

const (
	clsOther uint8 = iota
	clsIdent
	clsDigit
	clsSpace
)

// identChar holds the bytes that continue an identifier.
var identChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = byteClass[c] == clsIdent || byteClass[c] == clsDigit
	}
	return t
}()

func isIdentStart(c byte) bool { return byteClass[c] == clsIdent }

func isIdentChar(c byte) bool { return identChar[c] }

func (lx *lexer) run() {
	src := lx.src
	// The hot paths (spaces, identifiers, numbers, brackets, dots and
	// commas) work on locals: i is lx.i, toks is lx.toks, first is
	// lx.first. They are stored back before anything else runs and read
	// again after.
	i, toks, first := lx.i, lx.toks, lx.first
	for i < len(src) {
		c := src[i]
		var kind tokKind
		start := i
		switch byteClass[c] {
		case clsSpace:
			i++
			for i < len(src) && byteClass[src[i]] == clsSpace {
				i++
			}
			continue
		case clsIdent:
			i++
			for i < len(src) && identChar[src[i]] {
				i++
			}
			if lx.lang == langPython && i < len(src) && (src[i] == '"' || src[i] == '\'') {
				if raw, f, ok := strPrefix(src[start:i]); ok {
					lx.i, lx.toks, lx.first = i, toks, first
					lx.str(raw, f, src[i])
					i, toks, first = lx.i, lx.toks, lx.first
					continue
				}
			}
			kind = tIdent
		case clsDigit:
			for i < len(src) && (identChar[src[i]] || src[i] == '.') {
				i++
			}
			kind = tNumber
		default:
			switch c {
			case '(', '[', '{':
				lx.depth++
				lx.marks = append(lx.marks, len(toks))
			case ')', ']', '}':
				if lx.depth > 0 {
					lx.depth--
				}
				lx.marks = append(lx.marks, len(toks))
			case '.', ',':
			default:
				lx.i, lx.toks, lx.first = i, toks, first
				lx.slow(c)
				i, toks, first = lx.i, lx.toks, lx.first
				continue
			}
			i++
			kind = tOp
		}
		var flags tokFlag
		if first {
			flags = fLineFirst
			lx.firsts = append(lx.firsts, len(toks))
			first = false
		}
		var opc byte
		if kind == tOp {
			opc = c
		}
		toks = append(toks, token{off: int32(start), end: int32(i), lineStart: int32(lx.lineStart), line: lx.line, kind: kind, flags: flags, opc: opc})
	}
	lx.i, lx.toks, lx.first = i, toks, first
}

// slow lexes what starts with byte c at lx.i other than spaces,
// identifiers, numbers, brackets, dots and commas.
func (lx *lexer) slow(c byte) {
	src := lx.src
	switch {
	case c == '\n':
		lx.i++
		if lx.depth == 0 && len(lx.toks) > 0 && lx.toks[len(lx.toks)-1].kind != tNewline {
			lx.emitNewline(lx.i - 1)
		}
		if lx.depth == 0 {
			lx.first = true
		}
		lx.newline()
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
		start := lx.i + 2
		k := bytes.Index(src[start:], []byte("*/"))
		end := len(src)
		if k >= 0 {
			end = start + k
		}
		lx.lines(start, end)
		lx.i = min(end+2, len(src))
	case c == '/' && lx.lang == langJS && lx.regexAllowed():
		lx.skipRegex()
	case c == '"' || c == '\'' || (c == '`' && lx.lang == langJS):
		lx.str(false, false, c)
	default:
		start := lx.i
		lx.i++
		switch c {
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
				lx.emitNewline(start)
				lx.first = true
				return
			}
		}
		lx.emitOp(start, lx.i)
	}
}

// emitOp emits an operator token, noting its byte when it is one byte long.
func (lx *lexer) emitOp(start, end int) {
	var flags tokFlag
	if lx.first {
		flags = fLineFirst
		lx.firsts = append(lx.firsts, len(lx.toks))
	}
	lx.first = false
	var opc byte
	if end-start == 1 {
		opc = lx.src[start]
		if structural[opc] {
			lx.marks = append(lx.marks, len(lx.toks))
		}
	}
	lx.toks = append(lx.toks, token{off: int32(start), end: int32(end), lineStart: int32(lx.lineStart), line: lx.line, kind: tOp, flags: flags, opc: opc})
}

// strPrefix reports whether w is a Python string prefix (r, u, b, f, t and
// their two-letter combinations, any case), and whether it makes the
// string raw or formatted.
func strPrefix(w []byte) (raw, fstr, ok bool) {
	if len(w) == 0 || len(w) > 2 {
		return false, false, false
	}
	var lo [2]byte
	for i, c := range w {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lo[i] = c
	}
	switch string(lo[:len(w)]) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf", "t", "tr", "rt":
		s := lo[:len(w)]
		return bytes.IndexByte(s, 'r') >= 0, bytes.IndexByte(s, 'f') >= 0 || bytes.IndexByte(s, 't') >= 0, true
	}
	return false, false, false
}

func (lx *lexer) skipLine() {
	if k := bytes.IndexByte(lx.src[lx.i:], '\n'); k >= 0 {
		lx.i += k
	} else {
		lx.i = len(lx.src)
	}
}

// regexAllowed guesses whether a '/' starts a JS regular expression
// literal: it does after an operator, an opening bracket or a keyword.
func (lx *lexer) regexAllowed() bool {
	if len(lx.toks) == 0 {
		return true
	}
	t := lx.toks[len(lx.toks)-1]
	switch t.kind {
	case tNewline:
		return true
	case tOp:
		switch t.op() {
		case ')', ']', '}':
			return false
		}
		return true
	case tIdent:
		switch string(lx.src[t.off:t.end]) {
		case "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await":
			return true
		}
	}
	return false
}

func (lx *lexer) skipRegex() {
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
			lx.emitOp(start, start+1)
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
			lx.emit(tOp, start, lx.i, fRegex)
			return
		}
		lx.i++
	}
}

// str lexes a string literal whose opening quote is at lx.i. The token is
// the span of the body; its value is decoded only when asked for.
func (lx *lexer) str(raw, fstr bool, q byte) {
	src := lx.src
	triple := lx.lang == langPython && lx.i+2 < len(src) && src[lx.i+1] == q && src[lx.i+2] == q
	n := 1
	if triple {
		n = 3
	}
	lx.i += n
	off, line, lineStart := lx.i, lx.line, lx.lineStart
	var flags tokFlag
	if fstr || q == '`' {
		flags |= fFstr
	}
	if raw || flags&fFstr != 0 {
		flags |= fVerbatim
	}
	var end int
	switch {
	case triple:
		end = lx.tripleBody(q, &flags)
	case q == '`':
		end = lx.templateBody(&flags)
	default:
		end = lx.lineBody(q, &flags)
	}
	if flags&fFstr != 0 && bytes.IndexByte(src[off:end], '{') < 0 {
		flags &^= fFstr // no interpolation: a plain string
	}
	if lx.first {
		flags |= fLineFirst
		lx.firsts = append(lx.firsts, len(lx.toks))
	}
	lx.first = false
	lx.strs = append(lx.strs, len(lx.toks))
	lx.toks = append(lx.toks, token{off: int32(off), end: int32(end), lineStart: int32(lineStart), line: line, kind: tString, flags: flags})
}

// lineBody scans a one-line string's body and returns its end; lx.i is
// left after the closing quote, or at the line end or end of input for an
// unterminated string.
func (lx *lexer) lineBody(q byte, flags *tokFlag) int {
	src := lx.src
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\\' && lx.i+1 < len(src):
			*flags |= fEscaped
			lx.i += 2
			if src[lx.i-1] == '\n' {
				lx.newline()
			}
		case c == q:
			end := lx.i
			lx.i++
			return end
		case c == '\n':
			// unterminated single-line string: stop at the line end
			return lx.i
		default:
			lx.i++
		}
	}
	return lx.i
}

// tripleBody scans a triple-quoted string (docstrings: long, and the
// common case) a run at a time.
func (lx *lexer) tripleBody(q byte, flags *tokFlag) int {
	src := lx.src
	for lx.i < len(src) {
		k := bytes.IndexByte(src[lx.i:], q)
		stop := len(src)
		if k >= 0 {
			stop = lx.i + k
		}
		if b := bytes.IndexByte(src[lx.i:stop], '\\'); b >= 0 {
			at := lx.i + b
			lx.lines(lx.i, at)
			if at+1 >= len(src) {
				lx.i = len(src)
				return lx.i
			}
			*flags |= fEscaped
			lx.i = at + 2
			if src[at+1] == '\n' {
				lx.newline()
			}
			continue
		}
		lx.lines(lx.i, stop)
		lx.i = stop
		if k < 0 {
			return lx.i
		}
		if lx.i+2 < len(src) && src[lx.i+1] == q && src[lx.i+2] == q {
			end := lx.i
			lx.i += 3
			return end
		}
		lx.i++
	}
	return lx.i
}

// templateBody scans a JS template literal: ${ … } may hold nested strings
// and braces.
func (lx *lexer) templateBody(flags *tokFlag) int {
	src := lx.src
	braces := 0
	for lx.i < len(src) {
		c := src[lx.i]
		switch {
		case c == '\\' && lx.i+1 < len(src):
			*flags |= fEscaped
			lx.i += 2
			if src[lx.i-1] == '\n' {
				lx.newline()
			}
		case c == '$' && lx.i+1 < len(src) && src[lx.i+1] == '{':
			braces++
			lx.i += 2
		case c == '`' && braces == 0:
			end := lx.i
			lx.i++
			return end
		case c == '\n':
			lx.i++
			lx.newline()
		default:
			if braces > 0 && c == '}' {
				braces--
			}
			lx.i++
		}
	}
	return lx.i
}
