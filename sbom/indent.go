package sbom

import (
	"bufio"
	"bytes"
)

// indentTo writes src, compact JSON as encoding/json's Marshal produces it,
// to w indented as json.Indent(dst, src, prefix, "  ") would, prefix being
// depth copies of "  ", byte for byte. encoding/json's indenter runs its
// full syntax scanner over every byte and fills a second buffer; the
// report's values come straight from Marshal and are well formed, so this
// one only needs to know what is inside a string, and copies each run of
// bytes between two punctuation marks to w in one write. It does not
// validate: given input that is not compact JSON it writes something, and
// FuzzIndentTo holds it equal to json.Indent on every valid compact text.
func indentTo(w *bufio.Writer, src []byte, depth int) {
	// needIndent delays the line break after an opening bracket, so that
	// an empty object or array stays {} or [] (as json.Indent does).
	needIndent := false
	level := 0
	newline := func(n int) {
		if k := 1 + 2*(depth+n); k <= len(newlineIndent) {
			w.WriteString(newlineIndent[:k])
			return
		}
		w.WriteByte('\n')
		for range depth + n {
			w.WriteString("  ")
		}
	}
	i := 0
	for i < len(src) {
		// The next byte that matters: punctuation or a string's start.
		k := indexPunct(src[i:])
		if k < 0 {
			k = len(src) - i
		}
		if k > 0 {
			if needIndent {
				needIndent = false
				level++
				newline(level)
			}
			w.Write(src[i : i+k])
			i += k
			if i == len(src) {
				break
			}
		}
		c := src[i]
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			level++
			newline(level)
		}
		switch c {
		case '"':
			end := stringEnd(src, i)
			w.Write(src[i:end])
			i = end
			continue
		case '{', '[':
			needIndent = true
			w.WriteByte(c)
		case ',':
			w.WriteByte(c)
			newline(level)
		case ':':
			w.WriteString(": ")
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				level--
				newline(level)
			}
			w.WriteByte(c)
		}
		i++
	}
}

// newlineIndent is a line break and 32 levels of indentation, sliced for
// the usual depths.
const newlineIndent = "\n                                                                "

// punct marks the bytes indentTo stops at outside strings.
var punct = [256]bool{'"': true, '{': true, '[': true, ',': true, ':': true, '}': true, ']': true}

// indexPunct is the offset of the first byte of b that punct marks, or -1.
// Outside strings, compact JSON has only short runs between them (numbers,
// true, false, null).
func indexPunct(b []byte) int {
	for k, c := range b {
		if punct[c] {
			return k
		}
	}
	return -1
}

// stringEnd returns the offset just past the string literal opening at
// src[i] (or len(src) for an unterminated one).
func stringEnd(src []byte, i int) int {
	k := i + 1
	for {
		q := bytes.IndexByte(src[k:], '"')
		if q < 0 {
			return len(src)
		}
		k += q
		// A quote is escaped when an odd number of backslashes precede it.
		bs := 0
		for b := k - 1; b > i && src[b] == '\\'; b-- {
			bs++
		}
		k++
		if bs%2 == 0 {
			return k
		}
	}
}
