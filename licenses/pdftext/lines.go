package pdftext

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// lineText returns the text of a page with a line break where the text
// moves to another baseline and a blank line (a paragraph break) where it
// moves down by more than two lines, read from the text-positioning
// operators of the content stream.
//
// The reader's GetPlainText starts a new line at every text object instead.
// Word processors write a sentence as many objects, one per run of a font
// or a field ("Licensee", " ", "agrees not to use the "), so in its text no
// sentence survives on one line and the objects that hold a single space
// become blank lines: every phrase a paragraph of its own, and clauses cut
// in the middle. The glyph positions the reader offers (Content) cannot
// repair this: for such documents their count differs from the text's and
// their x coordinates do not advance.
//
// Objects on one baseline are joined with a space, as the old line break
// read (a word split over two objects stays split, as before), except
// where one side already has the space or both are ideographs. Inside a
// TJ array a gap wider than a third of an em is a space too: generators
// that space words by positioning write no space character.
func lineText(p pdf.Page) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("pdf: malformed content: %v", r)
		}
	}()
	if p.V.IsNull() || p.V.Key("Contents").Kind() == pdf.Null {
		return "", nil
	}
	fonts := map[string]pdf.TextEncoding{}
	for _, name := range p.Fonts() {
		f := p.Font(name)
		fonts[name] = f.Encoder()
	}
	var (
		pieces []piece
		enc    pdf.TextEncoding = rawEncoding{}
		// tm is the text matrix [a b c d e f], lm the line matrix.
		tm, lm        = identity, identity
		size          = 1.0 // font size set by Tf
		leading       = 0.0 // TL
		joinNext bool       // the next show continues the last one (same object, no move)
	)
	show := func(s string) {
		if s == "" {
			return
		}
		h := math.Max(size*math.Hypot(tm[2], tm[3]), 1)
		pieces = append(pieces, piece{s: s, y: tm[5], h: h, cont: joinNext})
		joinNext = true
	}
	move := func(tx, ty float64) {
		lm[4] += tx*lm[0] + ty*lm[2]
		lm[5] += tx*lm[1] + ty*lm[3]
		tm = lm
		joinNext = false
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "BT":
			tm, lm = identity, identity
			joinNext = false
		case "Tf":
			if len(args) == 2 {
				if e, ok := fonts[args[0].Name()]; ok {
					enc = e
				} else {
					enc = rawEncoding{}
				}
				size = math.Abs(args[1].Float64())
			}
		case "TL":
			if len(args) == 1 {
				leading = args[0].Float64()
			}
		case "Tm":
			if len(args) == 6 {
				for i := range lm {
					lm[i] = args[i].Float64()
				}
				tm = lm
				joinNext = false
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					leading = -args[1].Float64()
				}
				move(args[0].Float64(), args[1].Float64())
			}
		case "T*":
			move(0, -leading)
		case "'", "\"":
			move(0, -leading)
			if len(args) > 0 {
				show(enc.Decode(args[len(args)-1].RawString()))
			}
		case "Tj":
			if len(args) == 1 {
				show(enc.Decode(args[0].RawString()))
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			// One piece for the whole array: its strings are kerned parts
			// of one run. An offset is in thousandths of an em, subtracted
			// from the advance: a large negative one moves right by a
			// space.
			var run strings.Builder
			v := args[0]
			for i := 0; i < v.Len(); i++ {
				x := v.Index(i)
				switch x.Kind() {
				case pdf.String:
					run.WriteString(enc.Decode(x.RawString()))
				case pdf.Integer, pdf.Real:
					if x.Float64() < -333 && run.Len() > 0 && !strings.HasSuffix(run.String(), " ") {
						run.WriteByte(' ')
					}
				}
			}
			show(run.String())
		}
	})
	if glyphWise(pieces) {
		return "", errGlyphWise
	}
	return render(pieces), nil
}

// errGlyphWise reports a page whose text is placed glyph by glyph: without
// the glyphs' widths the gaps between words cannot be told from the
// advance of a letter, so the page is left to the reader's own text.
var errGlyphWise = errors.New("pdf: text placed glyph by glyph")

// glyphWise reports pages on which most pieces are one character.
func glyphWise(ps []piece) bool {
	n, one := 0, 0
	for _, p := range ps {
		switch utf8.RuneCountInString(strings.TrimSpace(p.s)) {
		case 0: // a space of its own separates words; it places no glyph
		case 1:
			n++
			one++
		default:
			n++
		}
	}
	return n >= 20 && one*2 >= n
}

// piece is one string shown on the page, where it was shown.
type piece struct {
	s    string
	y, h float64 // baseline and line height, in text space
	cont bool    // shown right after the previous one, with no move
}

// render writes the pieces in order: a blank line where the text moves
// down by clearly more than the page's usual line pitch (or up, to a new
// column), a line break where it moves down by a line, else on one line.
func render(ps []piece) string {
	pitch := linePitch(ps)
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			q := ps[i-1]
			h := math.Max(p.h, q.h)
			switch dy := q.y - p.y; {
			case dy < -h/2 || dy > h/2 && dy > 1.4*pitch:
				b.WriteString("\n\n")
			case dy > h/2:
				b.WriteByte('\n')
			case p.cont:
			default:
				space(&b, p.s)
			}
		}
		b.WriteString(p.s)
	}
	return b.String()
}

// linePitch is the usual distance from one line to the next on the page:
// the median of the downward moves between a line's height and four.
func linePitch(ps []piece) float64 {
	var d []float64
	for i := 1; i < len(ps); i++ {
		h := math.Max(ps[i].h, ps[i-1].h)
		if dy := ps[i-1].y - ps[i].y; dy > h/2 && dy < 4*h {
			d = append(d, dy)
		}
	}
	if len(d) == 0 {
		return math.Inf(1)
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// identity is the identity matrix of PDF text space.
var identity = [6]float64{1, 0, 0, 1, 0, 0}

// space writes a space before next unless the text already ends with one,
// next starts with one, or both sides are ideographs.
func space(b *strings.Builder, next string) {
	s := b.String()
	if s == "" || strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n") || strings.HasPrefix(next, " ") {
		return
	}
	if r, _ := utf8.DecodeLastRuneInString(s); next != "" && wide(string(r)) && wide(next) {
		return
	}
	b.WriteByte(' ')
}

// rawEncoding passes the bytes through: a font the page does not declare.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }
