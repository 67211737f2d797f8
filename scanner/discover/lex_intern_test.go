package discover

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLexedTextInterns compares lexed.text with token.text for every token
// of the lexer samples, the fixture projects and this package, through one
// table shared by all files as a worker's is (so values are found again in
// later files and the table is emptied when full), and checks its bound.
func TestLexedTextInterns(t *testing.T) {
	var srcs [][]byte
	for _, s := range lexSamples {
		srcs = append(srcs, []byte(s))
	}
	for _, root := range []string{filepath.Join("..", "..", "testdata", "projects"), "."} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".ts")) {
				return err
			}
			b, err := os.ReadFile(p)
			srcs = append(srcs, b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var buf, shared lexed
	var nilBuf *lexed
	for round := range 2 {
		for _, src := range srcs {
			for _, l := range []lang{langPython, langJS} {
				for _, tok := range lex(src, l, &buf) {
					want := tok.text(src)
					if got := shared.text(tok, src); got != want {
						t.Fatalf("round %d: interned %q, token.text %q", round, got, want)
					}
					if got := nilBuf.text(tok, src); got != want {
						t.Fatalf("nil lexed: %q, token.text %q", got, want)
					}
					if len(shared.texts) > textTableMax {
						t.Fatalf("table holds %d values, bound %d", len(shared.texts), textTableMax)
					}
				}
			}
		}
	}
}
