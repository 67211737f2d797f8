package discover

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// A notebook as Jupyter writes it: one JSON string per source line, a
// Markdown cell, escapes and non-ASCII text before the ids on their lines.
const nbFileLines = `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Fine-tuning \u00e9t\u00e9 \ud83d\ude00\n",
    "Weights: https://huggingface.co/Qwen/Qwen2.5-7B-Instruct\n"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["loading\n"]}],
   "source": [
    "from transformers import AutoModel, AutoTokenizer\n",
    "\n",
    "tok = AutoTokenizer.from_pretrained(\"google-bert/bert-base-uncased\")  # caf\u00e9 \"x\"\n",
    "m = AutoModel.from_pretrained(\t\"mistralai/Mistral-7B-v0.1\")"
   ]
  },
  {
   "cell_type": "code",
   "metadata": {},
   "source": "import torch\nfrom transformers import pipeline\nx = \"\u00e9\\\\\"; p = pipeline(\"text-generation\", model=\"gpt2\")\n"
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`

// TestNotebookFileLines: every notebook reference names the file line
// that holds its id and the column where the id starts there (the raw
// JSON text, escapes as written), and keeps its cell and line in the cell.
func TestNotebookFileLines(t *testing.T) {
	refs, err := parseNotebook([]byte(nbFileLines), "nb.ipynb", true)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(nbFileLines, "\n")
	want := map[string]struct{ cell, cellLine int }{
		"Qwen/Qwen2.5-7B-Instruct":      {1, 2},
		"google-bert/bert-base-uncased": {2, 3},
		"mistralai/Mistral-7B-v0.1":     {2, 4},
		"gpt2":                          {3, 3},
	}
	seen := map[string]bool{}
	for _, r := range refs {
		w, ok := want[r.ID]
		if !ok {
			continue
		}
		seen[r.ID] = true
		l := r.Location
		if l.Cell != w.cell || l.CellLine != w.cellLine {
			t.Errorf("%s: cell %d line %d, want cell %d line %d", r.ID, l.Cell, l.CellLine, w.cell, w.cellLine)
		}
		if l.Line < 1 || l.Line > len(lines) {
			t.Fatalf("%s: line %d outside the file", r.ID, l.Line)
		}
		text := lines[l.Line-1]
		written := r.ID // a URL's location is the URL's
		switch r.ID {
		case "Qwen/Qwen2.5-7B-Instruct":
			written = "https://huggingface.co/" + r.ID
		}
		col := strings.Index(text, written)
		if col < 0 {
			t.Errorf("%s: file line %d does not hold it: %q", r.ID, l.Line, text)
			continue
		}
		if wantCol := utf8.RuneCountInString(text[:col]) + 1; l.Column != wantCol {
			t.Errorf("%s: column %d, want %d on %q", r.ID, l.Column, wantCol, text)
		}
		if l.EndLine != 0 && (l.EndLine != l.Line || l.EndColumn != l.Column+utf8.RuneCountInString(written)) {
			t.Errorf("%s: ends at %d:%d, want %d:%d", r.ID, l.EndLine, l.EndColumn, l.Line, l.Column+utf8.RuneCountInString(written))
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("%s not found; got %+v", id, refs)
		}
	}
}

// FuzzNotebookPositions: for a cell source of any text, written in either
// nbformat form, the file position of every character of the cell holds
// that character (literally or as a JSON escape of it).
func FuzzNotebookPositions(f *testing.F) {
	for _, s := range []string{"a\nb", "x = \"\\u00e9\"\n\ty", "é😀\n\x00\x1f\"\\", "\xff\xfe\n", "\n\n", "\u2028\u2029"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, asList bool) {
		var source any = src
		if asList {
			source = strings.SplitAfter(src, "\n")
		}
		doc := map[string]any{"cells": []any{
			map[string]any{"cell_type": "markdown", "source": "# title\n"},
			map[string]any{"cell_type": "code", "source": source},
		}}
		b, err := json.MarshalIndent(doc, "", " ")
		if err != nil {
			t.Skip()
		}
		var back struct {
			Cells []struct {
				Source json.RawMessage `json:"source"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		decoded, err := cellSource(back.Cells[1].Source)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := newNBPositions(b)
		if !ok {
			t.Fatalf("no positions for %s", b)
		}
		for line, text := range strings.Split(decoded, "\n") {
			col := 1
			for i, r := range text + "\n" {
				if i == len(text) && line == strings.Count(decoded, "\n") {
					break // no newline after the last line
				}
				off, ok := p.offset(2, line+1, col, []byte(decoded))
				if !ok {
					t.Fatalf("%d:%d: no offset", line+1, col)
				}
				if got, ok := charAt(b[off:]); !ok || got != r {
					t.Fatalf("%d:%d maps to %q (%q), want %q\n%s", line+1, col, got, b[off:min(off+12, len(b))], r, b)
				}
				col++
			}
		}
	})
}

// charAt decodes the JSON string character that starts raw.
func charAt(raw []byte) (rune, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	if raw[0] != '\\' {
		r, _ := utf8.DecodeRune(raw)
		return r, true
	}
	for _, n := range []int{12, 6, 2} {
		if n > len(raw) {
			continue
		}
		var s string
		if json.Unmarshal([]byte(`"`+string(raw[:n])+`"`), &s) == nil {
			r, size := utf8.DecodeRuneInString(s)
			if n == 12 && size != len(s) {
				continue // two separate escapes, not a pair
			}
			return r, true
		}
	}
	return 0, false
}

// TestNotebookPositionsFollowDecoder: the cells the token pass finds are
// those encoding/json decodes, also with duplicate and differently cased
// keys; an unusable shape gives no positions rather than wrong ones.
func TestNotebookPositionsFollowDecoder(t *testing.T) {
	for _, tc := range []struct {
		doc   string
		cells int
		first string // the first source string of the last cell
	}{
		{`{"cells":[{"source":"a"}],"cells":[{"source":"b"},{"source":["c","d"]}]}`, 2, "c"},
		{`{"Cells":[{"SOURCE":"x","source":"y"}]}`, 1, "y"},
		{`{"metadata":{"cells":[]},"cells":[{"outputs":[{"source":"no"}],"source":["z"]}]}`, 1, "z"},
	} {
		p, ok := newNBPositions([]byte(tc.doc))
		if !ok || len(p.cells) != tc.cells {
			t.Errorf("%s: %v cells (ok %v), want %d", tc.doc, p, ok, tc.cells)
			continue
		}
		last := p.cells[len(p.cells)-1]
		if got := string(last[0].raw); got != tc.first {
			t.Errorf("%s: last cell starts %q, want %q", tc.doc, got, tc.first)
		}
		var nb notebook
		if err := json.Unmarshal([]byte(tc.doc), &nb); err != nil || len(nb.Cells) != tc.cells {
			t.Errorf("%s: encoding/json reads %d cells (%v)", tc.doc, len(nb.Cells), err)
		}
	}
	for _, doc := range []string{`[]`, `{"cells":{}}`, `{"cells":[{"source":1}]}`, `{"cells":[`} {
		if p, ok := newNBPositions([]byte(doc)); ok {
			t.Errorf("%s: positions %v, want none", doc, fmt.Sprint(p.cells))
		}
	}
}
