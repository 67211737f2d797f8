package pdftext

import (
	"bytes"
	"errors"
	"fmt"
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

// makeCIDPDF writes a one-page PDF whose text is shown in a CID-keyed
// font (Type0, Identity-H) through a ToUnicode map, the way a Chinese
// license exported from a word processor is encoded: the content stream
// holds glyph numbers, and only the map turns them into characters.
func makeCIDPDF(t testing.TB, text string) []byte {
	t.Helper()
	codes := map[rune]int{}
	var shown, bfchar strings.Builder
	for _, r := range text {
		c, ok := codes[r]
		if !ok {
			c = len(codes) + 1
			codes[r] = c
			fmt.Fprintf(&bfchar, "<%04X> <%04X>\n", c, r)
		}
		fmt.Fprintf(&shown, "%04X", c)
	}
	content := "BT /F1 12 Tf 72 720 Td <" + shown.String() + "> Tj ET"
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		fmt.Sprintf("%d beginbfchar\n%sendbfchar\n", len(codes), bfchar.String()) +
		"endcmap CMapName currentdict /CMap defineresource pop end end"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /AcmeSong /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AcmeSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap), cmap),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// TestTextCIDFont: a Chinese license PDF reads as its characters, not as
// the glyph numbers of its font.
func TestTextCIDFont(t *testing.T) {
	const want = "本模型仅供非商业用途使用。"
	got, err := Bytes(makeCIDPDF(t, want))
	if err != nil {
		t.Fatal(err)
	}
	if flat := strings.Join(strings.Fields(got), ""); !strings.Contains(flat, want) {
		t.Errorf("extracted %q, want %q", got, want)
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

// makeWordPDF writes each word as its own text object at its place on
// the line, the way some generators lay out a license: the reader's plain
// text then has one word per line.
func makeWordPDF(t testing.TB, paras ...[]string) []byte {
	t.Helper()
	runs := make([][][]string, len(paras))
	for i, lines := range paras {
		for _, line := range lines {
			runs[i] = append(runs[i], strings.Fields(line))
		}
	}
	return layoutPDF(t, runs, " ")
}

// layoutPDF writes paragraphs of lines of runs, one text object per run
// at its place on the line (each run advances by its width and sep's).
func layoutPDF(t testing.TB, paras [][][]string, sep string) []byte {
	t.Helper()
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetFont("Helvetica", "", 11)
	doc.AddPage()
	y := 20.0
	for _, lines := range paras {
		for _, runs := range lines {
			x := 20.0
			for _, r := range runs {
				doc.Text(x, y, r)
				x += doc.GetStringWidth(r + sep)
			}
			y += 5
		}
		y += 12
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTextWordPerLine(t *testing.T) {
	data := makeWordPDF(t,
		[]string{"1. Definitions"},
		[]string{"The Model is released for developer learning and non-commercial use.", "For commercial use, this agreement is not applicable."},
		[]string{"2. Grant of license", "You are granted a free copyright license to use the Model."})
	got, err := Bytes(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"1. Definitions\n\n",
		"The Model is released for developer learning and non-commercial use.\nFor commercial use, this agreement is not applicable.",
		"\n\n2. Grant of license\nYou are granted",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, got)
		}
	}
}

func TestWordPerLine(t *testing.T) {
	words := strings.Repeat("word\n", 30)
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"one word a line", words, true},
		{"lines of words", strings.Repeat("several words on a line\n", 30), false},
		{"too short to tell", "a\nb\nc\n", false},
	} {
		if got := wordPerLine(c.text); got != c.want {
			t.Errorf("%s: wordPerLine = %v, want %v", c.name, got, c.want)
		}
	}
	if !mostlyWide(strings.Repeat("模型\n", 30)) || mostlyWide(words) {
		t.Error("mostlyWide misreads Chinese or English")
	}
}

// makeRunPDF writes each line as the runs a word processor emits: one
// text object per run of a font or field, some holding only the space
// between two words.
func makeRunPDF(t testing.TB, paras ...[][]string) []byte {
	t.Helper()
	return layoutPDF(t, paras, "")
}

// A sentence split into runs stays one sentence: the runs on a baseline
// are one line, a run of one space is the gap between two words (the
// reader's own text made it a blank line, a paragraph break that cut the
// clause in three), and only the gap between paragraphs is a blank line.
func TestTextRuns(t *testing.T) {
	data := makeRunPDF(t,
		[][]string{{"(2) The ", "Licensee", " ", "agrees not to use the ", "Licensed Model", " ", "or any output from "}, {"the ", "Licensed Model", " ", "to improve any other model."}},
		[][]string{{"Article 6: ", "Obligation to Identify"}})
	got, err := Bytes(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"(2) The Licensee agrees not to use the Licensed Model or any output from \nthe Licensed Model to improve any other model.",
		"model.\n\nArticle 6: Obligation to Identify",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("extracted text lacks %q:\n%q", want, got)
		}
	}
}

func TestGlyphWise(t *testing.T) {
	var glyphs, runs []piece
	for _, r := range "Model License Agreement" {
		glyphs = append(glyphs, piece{s: string(r)})
	}
	for _, w := range strings.Fields("The Licensee agrees not to use the Model or any output from the Model to improve any other model at all") {
		runs = append(runs, piece{s: w}, piece{s: " "})
	}
	if !glyphWise(glyphs) || glyphWise(runs) {
		t.Errorf("glyphWise(glyphs) = %v, glyphWise(runs) = %v; want true, false", glyphWise(glyphs), glyphWise(runs))
	}
}
