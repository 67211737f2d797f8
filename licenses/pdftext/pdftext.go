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
