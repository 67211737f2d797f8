// Package pdftext extracts the plain text of a PDF (a license published as
// a PDF in a model repository) in Go, through github.com/ledongthuc/pdf: no
// external binary. The input is untrusted, so every call is bounded — in
// size, in pages and in the text it returns — and a malformed document is
// an error, never a panic.
package pdftext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/ledongthuc/pdf"
)

// Bounds of one extraction. A license is a few pages; these leave room for
// a long agreement and stop a hostile file early.
const (
	MaxBytes = 8 << 20 // a larger document is refused
	MaxPages = 100     // pages after this one are not read
	MaxText  = 1 << 20 // text is cut here (licenses.MaxLicenseBytes)
)

// ErrNotPDF is returned for input that does not start like a PDF.
var ErrNotPDF = errors.New("not a PDF")

// IsPDF reports whether data starts with the PDF header (%PDF-), as a file
// aibom read from a hub would.
func IsPDF(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], "\x00\t\r\n\f "), []byte("%PDF-"))
}

// Text returns the text of the PDF held in r (size bytes), page by page
// with a newline after each, at most MaxPages pages and MaxText bytes.
// Encrypted documents, documents over MaxBytes and documents the reader
// cannot parse are errors.
func Text(r io.ReaderAt, size int64) (text string, err error) {
	if size <= 0 {
		return "", ErrNotPDF
	}
	if size > MaxBytes {
		return "", fmt.Errorf("pdf: %d bytes, over the %d-byte bound", size, MaxBytes)
	}
	head := make([]byte, min(size, 1024))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("pdf: %w", err)
	}
	if !IsPDF(head) {
		return "", ErrNotPDF
	}
	// The reader signals malformed input by panicking deep in its parser;
	// on untrusted input that is an error like any other.
	defer func() {
		if p := recover(); p != nil {
			text, err = "", fmt.Errorf("pdf: malformed document: %v", p)
		}
	}()
	doc, err := pdf.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	pages := pageList(doc.Trailer().Key("Root").Key("Pages"))
	if len(pages) == 0 {
		return "", errors.New("pdf: no pages")
	}
	var b strings.Builder
	for i, p := range pages {
		if b.Len() >= MaxText {
			break
		}
		// nil, not an empty map: the reader fills a font cache only when
		// given none, and looks every font up in the map it is given, so
		// an empty map leaves each font without its encoding and a
		// CID-keyed font (every Chinese PDF) comes out as glyph numbers.
		t, err := p.GetPlainText(nil)
		if err != nil {
			return "", fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
		// A page is read by baseline (lineText) unless its glyphs are
		// placed one by one, whose word gaps that reading cannot see;
		// then a word-per-line page is rebuilt from the glyph positions
		// and any other keeps the reader's text.
		if l, err := lineText(p); err == nil && strings.TrimSpace(l) != "" {
			t = l
		} else if wordPerLine(t) && !mostlyWide(t) {
			t = relayout(t, p.Content().Text)
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return cut(b.String(), MaxText), nil
}

// maxNodes bounds the page-tree nodes visited: the reader's own page
// lookup loops forever on a tree whose Kids point back at an ancestor, so
// the tree is walked here, depth-first, with a budget.
const maxNodes = 4 * MaxPages

// pageList returns the first MaxPages pages of the page tree in order.
func pageList(root pdf.Value) []pdf.Page {
	var out []pdf.Page
	budget := maxNodes
	var walk func(n pdf.Value, depth int)
	walk = func(n pdf.Value, depth int) {
		if budget <= 0 || len(out) >= MaxPages || depth > 32 {
			return
		}
		budget--
		switch n.Key("Type").Name() {
		case "Pages":
			kids := n.Key("Kids")
			for i := 0; i < kids.Len() && budget > 0 && len(out) < MaxPages; i++ {
				walk(kids.Index(i), depth+1)
			}
		case "Page":
			out = append(out, pdf.Page{V: n})
		}
	}
	walk(root, 0)
	return out
}

// Bytes is Text on a document in memory.
func Bytes(data []byte) (string, error) {
	return Text(bytes.NewReader(data), int64(len(data)))
}

// cut shortens s to at most n bytes and drops what is not UTF-8 (a cut
// character at the end, a font without a usable encoding).
func cut(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ToValidUTF8(s, "")
}

// wordPerLine reports a page whose plain text has one word per line: the
// reader starts a line at every text object, and some generators put each
// word in one of its own, so that no sentence survives as a line.
func wordPerLine(t string) bool {
	lines, single := 0, 0
	for _, l := range strings.Split(t, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		lines++
		if !strings.ContainsAny(l, " \t") {
			single++
		}
	}
	return lines >= 20 && single*10 >= lines*8
}

// mostlyWide reports a page written mostly in a script without spaces
// (Chinese): licenses.Extract already joins such lines, and the clause
// segmentation of those documents is tuned to the reader's own lines, so
// they are left as they are.
func mostlyWide(t string) bool {
	wideN, other := 0, 0
	for _, r := range t {
		switch {
		case wide(string(r)):
			wideN++
		case unicode.IsLetter(r):
			other++
		}
	}
	return wideN > other
}

// relayout rebuilds the lines of a word-per-line page from the glyph
// positions: the break between two words becomes a space when they sit
// on the same baseline, a line break when the next word is lower, and a
// blank line (a new paragraph) when it is more than two lines lower. It
// needs one glyph per character of the plain text; when the reader gives
// a different count (ligatures, an encoding it cannot decode) the plain
// text is kept as it is.
func relayout(t string, glyphs []pdf.Text) string {
	n := 0
	for _, r := range t {
		if r != '\n' {
			n++
		}
	}
	if n != len(glyphs) || n == 0 {
		return t
	}
	var b strings.Builder
	k := 0
	pending := false // a line break of the plain text not yet written
	for _, r := range t {
		if r == '\n' {
			pending = true
			continue
		}
		if pending && k > 0 {
			prev, next := glyphs[k-1], glyphs[k]
			size := max(prev.FontSize, next.FontSize, 1)
			switch dy := prev.Y - next.Y; {
			case dy < -size/2 || dy > 2*size:
				// A jump up (a new column or page region) or a gap of
				// more than two lines ends the paragraph.
				b.WriteString("\n\n")
			case dy > size/2:
				b.WriteByte('\n')
			default:
				// Chinese and Japanese are written without spaces: two
				// ideographs on one line are one run of text.
				// No space inside curly quotes either ("“Orca Inside”").
				if (!wide(prev.S) || !wide(next.S)) && prev.S != "“" && prev.S != "‘" && next.S != "”" && next.S != "’" {
					b.WriteByte(' ')
				}
			}
		}
		pending = false
		b.WriteRune(r)
		k++
	}
	return b.String()
}

// wide reports a glyph of a script written without spaces between words
// (CJK ideographs, kana, full-width punctuation).
func wide(s string) bool {
	for _, r := range s {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
	}
	return false
}
