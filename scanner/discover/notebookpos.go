package discover

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A notebook's references are found in each cell's decoded source, so the
// extractors give positions inside the cell. A reviewer, an editor, git
// blame and a SARIF viewer all address the file itself, where each source
// line is a JSON string on a line of its own (nbformat as Jupyter writes
// it) or several lines share one escaped string. nbPositions maps a cell
// position to the file position of the same character: the string token
// that holds it, and the raw bytes of that token up to it, escapes counted
// as written.

// nbString is one JSON string of a cell's source in the file: the offset
// of its first byte after the opening quote, its raw body, and the number
// of bytes it decodes to.
type nbString struct {
	start   int
	raw     []byte
	decoded int
}

type nbPositions struct {
	file  []byte
	cells [][]nbString // per cell, in document order; nil when unknown
	nl    []int        // offsets of the file's newlines
}

// newNBPositions finds the source strings of every cell with a token pass
// over the file. It follows encoding/json's reading of the same bytes
// (the last of duplicate keys wins), so the cells line up with those
// parseNotebook decoded; ok is false when they cannot be found.
func newNBPositions(b []byte) (*nbPositions, bool) {
	p := &nbPositions{file: b}
	dec := json.NewDecoder(bytes.NewReader(b))
	if !p.object(dec, func(key string) (bool, error) {
		if !strings.EqualFold(key, "cells") { // as encoding/json matches keys
			return false, nil
		}
		cells, err := p.cellList(dec)
		p.cells = cells
		return true, err
	}) {
		return nil, false
	}
	for i, c := range b {
		if c == '\n' {
			p.nl = append(p.nl, i)
		}
	}
	return p, true
}

// object reads one JSON object from dec, calling field for each key: it
// either reads the value itself (true) or leaves it to be skipped.
func (p *nbPositions) object(dec *json.Decoder, field func(key string) (bool, error)) bool {
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return false
		}
		read, err := field(key)
		if err != nil {
			return false
		}
		if !read {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
		}
	}
	t, err := dec.Token()
	return err == nil && t == json.Delim('}')
}

func (p *nbPositions) cellList(dec *json.Decoder) ([][]nbString, error) {
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, errNotebookShape
	}
	var cells [][]nbString
	for dec.More() {
		var src []nbString
		ok := p.object(dec, func(key string) (bool, error) {
			if !strings.EqualFold(key, "source") {
				return false, nil
			}
			s, err := p.source(dec)
			src = s
			return true, err
		})
		if !ok {
			return nil, errNotebookShape
		}
		cells = append(cells, src)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, errNotebookShape
	}
	return cells, nil
}

// source reads a cell's source: one string or a list of strings.
func (p *nbPositions) source(dec *json.Decoder) ([]nbString, error) {
	before := dec.InputOffset()
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := t.(type) {
	case string:
		s, ok := p.stringAt(before, dec.InputOffset(), len(v))
		if !ok {
			return nil, errNotebookShape
		}
		return []nbString{s}, nil
	case json.Delim:
		if v != '[' {
			return nil, errNotebookShape
		}
	default:
		return nil, errNotebookShape
	}
	var out []nbString
	for dec.More() {
		before := dec.InputOffset()
		t, err := dec.Token()
		v, ok := t.(string)
		if err != nil || !ok {
			return nil, errNotebookShape
		}
		s, ok := p.stringAt(before, dec.InputOffset(), len(v))
		if !ok {
			return nil, errNotebookShape
		}
		out = append(out, s)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, errNotebookShape
	}
	return out, nil
}

// stringAt locates the string token that ends at end, after the separators
// (whitespace, ',' and ':') that follow from.
func (p *nbPositions) stringAt(from, end int64, decoded int) (nbString, bool) {
	i := int(from)
	for i < int(end) && p.file[i] != '"' {
		i++
	}
	if i >= int(end)-1 || p.file[end-1] != '"' {
		return nbString{}, false
	}
	return nbString{start: i + 1, raw: p.file[i+1 : end-1], decoded: decoded}, true
}

var errNotebookShape = io.ErrUnexpectedEOF

// at maps a 1-based (line, rune column) inside cell's decoded source to
// the 1-based line and rune column of the same character in the file.
func (p *nbPositions) at(cell, line, col int, src []byte) (int, int, bool) {
	off, ok := p.offset(cell, line, col, src)
	if !ok {
		return 0, 0, false
	}
	return p.lineCol(off)
}

// offset is the file offset of the character at (line, col) of cell.
func (p *nbPositions) offset(cell, line, col int, src []byte) (int, bool) {
	if cell < 1 || cell > len(p.cells) || line < 1 || col < 1 {
		return 0, false
	}
	// The decoded offset of the position.
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(src); c++ {
		_, n := utf8.DecodeRune(src[off:])
		off += n
	}
	// The string holding it, and the raw offset in the file.
	strs := p.cells[cell-1]
	if len(strs) == 0 {
		return 0, false
	}
	for i, s := range strs {
		if off < s.decoded || i == len(strs)-1 {
			return s.start + rawOffset(s.raw, off), true
		}
		off -= s.decoded
	}
	return 0, false
}

// lineCol is the 1-based line and rune column of a file offset.
func (p *nbPositions) lineCol(off int) (int, int, bool) {
	n := sort.SearchInts(p.nl, off) // newlines before off
	start := 0
	if n > 0 {
		start = p.nl[n-1] + 1
	}
	return n + 1, utf8.RuneCount(p.file[start:off]) + 1, true
}

// rawOffset is how many raw bytes of a JSON string body decode to the
// first k bytes of its value, as encoding/json decodes them: escapes,
// surrogate pairs, and invalid UTF-8 as U+FFFD (three bytes).
func rawOffset(raw []byte, k int) int {
	j, d := 0, 0
	for j < len(raw) {
		rawN, decN := 1, 1
		switch c := raw[j]; {
		case c == '\\' && j+1 < len(raw) && raw[j+1] == 'u' && j+6 <= len(raw):
			rawN, decN = 6, 3
			if r, err := strconv.ParseUint(string(raw[j+2:j+6]), 16, 32); err == nil {
				decN = utf8.RuneLen(rune(r))
				if utf16.IsSurrogate(rune(r)) {
					decN = 3
					if j+12 <= len(raw) && raw[j+6] == '\\' && raw[j+7] == 'u' {
						if r2, err := strconv.ParseUint(string(raw[j+8:j+12]), 16, 32); err == nil {
							if dr := utf16.DecodeRune(rune(r), rune(r2)); dr != utf8.RuneError {
								rawN, decN = 12, utf8.RuneLen(dr)
							}
						}
					}
				}
				if decN < 0 {
					decN = 3
				}
			}
		case c == '\\':
			rawN = 2
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[j:])
			rawN, decN = n, n
			if r == utf8.RuneError && n == 1 {
				decN = 3
			}
		}
		if d+decN > k {
			break
		}
		j, d = j+rawN, d+decN
	}
	return j
}

// toFile moves the references found in cell (1-based) from cell positions
// to file positions, keeping the cell's line as CellLine.
func (p *nbPositions) toFile(refs []Reference, cell int, src []byte) {
	for i := range refs {
		l := &refs[i].Location
		if l.Line == 0 {
			continue
		}
		line, col, ok := p.at(cell, l.Line, max(l.Column, 1), src)
		if !ok {
			continue
		}
		cellLine := l.Line
		if l.EndLine > 0 {
			if el, ec, ok := p.at(cell, l.EndLine, max(l.EndColumn, 1), src); ok {
				l.EndLine, l.EndColumn = el, ec
			} else {
				l.EndLine, l.EndColumn = 0, 0
			}
		}
		l.CellLine = cellLine
		l.Line = line
		if l.Column > 0 {
			l.Column = col
		}
	}
}
