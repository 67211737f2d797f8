package pdftext

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// makePDF writes a PDF with one page per entry, in the core Helvetica font
// (no embedded font): the shape of a license exported from a word
// processor.
func makePDF(t testing.TB, pages ...string) []byte {
	t.Helper()
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetCompression(true)
	doc.SetFont("Helvetica", "", 11)
	for _, p := range pages {
		doc.AddPage()
		doc.MultiCell(0, 5, p, "", "L", false)
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Our own words, in the shape of a model license.
const page1 = "ACME OPEN MODEL LICENSE. Version 1.0. You may use the Model for non-commercial research purposes only."
const page2 = "If your products have more than 1 million monthly active users, you must request a commercial license from Acme."

func TestText(t *testing.T) {
	got, err := Bytes(makePDF(t, page1, page2))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(got), " ")
	for _, want := range []string{"ACME OPEN MODEL LICENSE", "non-commercial research purposes only", "1 million monthly active users"} {
		if !strings.Contains(flat, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(flat, "ACME OPEN") > strings.Index(flat, "monthly active") {
		t.Error("pages out of order")
	}
}

func TestBounds(t *testing.T) {
	many := make([]string, MaxPages+5)
	for i := range many {
		many[i] = "page"
	}
	many[len(many)-1] = "BEYONDTHEBOUND"
	got, err := Bytes(makePDF(t, many...))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "BEYONDTHEBOUND") {
		t.Errorf("read past page %d", MaxPages)
	}
	if _, err := Text(bytes.NewReader(nil), MaxBytes+1); err == nil {
		t.Error("a document over MaxBytes was read")
	}
}

func TestErrors(t *testing.T) {
	good := makePDF(t, page1)
	for name, data := range map[string][]byte{
		"not a pdf":   []byte("Apache License\nVersion 2.0, January 2004\n"),
		"empty":       nil,
		"truncated":   good[:len(good)/2],
		"header only": []byte("%PDF-1.7\n%%EOF\n"),
		"garbage xref": append([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"),
			[]byte("xref\n0 1\nzzzz\ntrailer << /Root 1 0 R /Size 9999999 >>\nstartxref\n10\n%%EOF\n")...),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Bytes(data)
			if err == nil {
				t.Fatal("no error")
			}
			if name == "not a pdf" && !errors.Is(err, ErrNotPDF) {
				t.Errorf("err %v, want ErrNotPDF", err)
			}
		})
	}
	if !IsPDF(good) || IsPDF([]byte("MIT License")) {
		t.Error("IsPDF")
	}
}

// FuzzText: whatever bytes a repository holds under a license name, Text
// returns an error or bounded UTF-8 text, and never panics.
func FuzzText(f *testing.F) {
	good := makePDF(f, page1)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte("%PDF-1.7\n%%EOF\n"))
	f.Add([]byte("not a pdf"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Bytes(data)
		if err != nil {
			return
		}
		if len(s) > MaxText || !strings.Contains(strings.ToValidUTF8(s, "\uFFFD"), "") || strings.ToValidUTF8(s, "") != s {
			t.Errorf("text of %d bytes, valid UTF-8 %v", len(s), strings.ToValidUTF8(s, "") == s)
		}
	})
}
