package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// enclosingOpenWalk is enclosingOpen as it was before markArgKeys built the
// bracket-parent index: walk back from ts[i], counting brackets of any
// kind, to the first opening one not closed on the way. It is the oracle.
func enclosingOpenWalk(ts []token, i int) int {
	depth := 0
	for k := i - 1; k >= 0 && i-k < 4096; k-- {
		switch ts[k].op() {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth == 0 {
				return k
			}
			depth--
		}
	}
	return -1
}

// sameEnclosing compares enclosingOpen with the walk for every token of
// src, in both languages, lexing into one reused buffer as a worker does.
func sameEnclosing(t *testing.T, name string, src []byte, buf *lexed) {
	t.Helper()
	for _, l := range []lang{langPython, langJS} {
		cf := &codeFile{src: src, toks: lex(src, l, buf), marks: buf.marks, strs: buf.strs, lang: l, parentsBuf: buf}
		cf.markArgKeys()
		if len(cf.parents) != len(cf.toks) {
			t.Fatalf("%s (lang %d): %d parents for %d tokens", name, l, len(cf.parents), len(cf.toks))
		}
		for i := range cf.toks {
			if got, want := cf.enclosingOpen(i), enclosingOpenWalk(cf.toks, i); got != want {
				t.Fatalf("%s (lang %d): token %d (%q): enclosingOpen %d, the walk %d", name, l, i, cf.toks[i].text(src), got, want)
			}
		}
	}
}

// enclosingSamples hold unbalanced and mixed brackets, and runs longer than
// the walk's 4096-token window.
var enclosingSamples = []string{
	``,
	`x = f(a, [b, {"c": "d"}], (e,))`,
	`)]} x = ("a", "b"`,
	`f(a]) ["m/n", g(}"x") ]`,
	`{[(` + "\n" + `"a/b" ) ) ) ) "c/d" ( "e/f"`,
	"x = [\n" + strings.Repeat(`"org/model-1", `, 2100) + "\n]\n" + `y = "a/b"`,
	"f(\n" + strings.Repeat("a, ", 2047) + `"m/n")`,
	"f(\n" + strings.Repeat("a, ", 2048) + `"m/n")`,
	"f(" + strings.Repeat("(x) ", 1400) + `"m/n")`,
}

func TestEnclosingOpenMatchesWalk(t *testing.T) {
	var buf lexed
	for i, s := range append(append(append([]string{}, enclosingSamples...), lexSamples...), filterSamples...) {
		sameEnclosing(t, fmt.Sprint("sample ", i), []byte(s), &buf)
	}
	// Every file of the fixture projects and of this package, and the
	// checkout named by AIBOM_LEX_CORPUS when it is set.
	n := 0
	for _, root := range []string{filepath.Join("..", "..", "testdata", "projects"), ".", os.Getenv("AIBOM_LEX_CORPUS")} {
		if root == "" {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".py", ".ipynb", ".md", ".js", ".ts", ".tsx", ".jsx", ".mjs", ".go":
			default:
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			sameEnclosing(t, p, b, &buf)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 20 {
		t.Fatalf("compared %d files: the fixtures are not where the test looks", n)
	}
	t.Logf("%d files compared", n)
}

func FuzzEnclosingOpen(f *testing.F) {
	for _, s := range append(append([]string{}, enclosingSamples[:5]...), lexSamples...) {
		f.Add([]byte(s))
	}
	var buf lexed
	f.Fuzz(func(t *testing.T, b []byte) { sameEnclosing(t, "input", b, &buf) })
}
