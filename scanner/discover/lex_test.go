package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lexSamples are inputs that exercise every branch of the lexer in both
// languages: prefixes, escapes, triple quotes, templates, regexes,
// comments, line joins and unterminated constructs.
var lexSamples = []string{
	"AutoModel.from_pretrained(\"a1/b\", revision='v1')\n",
	"x = f'{A}/b'\nA='q'\n", "'''unterminated", "\"\\\n\"", "def f(:\n  )))",
	"pipeline('t', model=M)\nM = 'x/y'", "{\"model\": \"gpt-4o\"}",
	"s = r'a\\n' + b'x' + Rb\"y\" + u'z' + fr'{X}' + T'q' + rt'w'\n",
	"'''doc \\''' still\n''' + \"\"\"two\nlines\"\"\"\n",
	"\"\"\"unterminated\\", "'a\\", "'line\nnext'", "x = '\\t\\n\\q\\\\'",
	"a = \\\nb\nc = \\\r\nd\ne = \\\rf\n", "# comment model\nx = 1 # trailing\n",
	"const re = /ab[/]c/gi; const d = a / b / c;\nif (x) /y/.test(z)\nreturn /q/\n",
	"const s = `a ${b + `c ${d}`} }` + `plain` + `x\\`y`;\n",
	"/* block\n comment */ f(/* x */ 1) /* unterminated\n",
	"// line\nlet x = 1;; y = {a: 'b'}\n", "import { a as b, type C } from \"m\"\nconst X = require('y')\n",
	"x == y != z <= w >= v => u ** t // s %= r |= q &= p ?? o ?. n :: m ++ --\n",
	"(\n[\n{\n}\n]\n)\n)))\n", "1.5e3 0x1f 10_000 3j .5\n", "ünïcode = 'wörld'\nπ = \"τ\"\n",
	"\xff\xfe 'x' \x00\n", "f'{{literal}}' + f\"{a!r:>{w}}\"\n", "`\n${\n}\n`\n",
}

func sameTokens(t *testing.T, src []byte, l lang) {
	t.Helper()
	want := refLex(src, l)
	var buf lexed
	got := lex(src, l, &buf)
	n := min(len(got), len(want))
	for i := range n {
		g, w := got[i], want[i]
		gl, gc := g.pos(src)
		wl, wc := w.refPos(src)
		if g.kind != w.kind || g.text(src) != w.text || g.fstr() != w.fstr || g.lineFirst() != w.lineFirst ||
			int(g.off) != w.off || int(g.line) != w.line || int(g.lineStart) != w.lineStart || gl != wl || gc != wc {
			t.Fatalf("lang %d, token %d of %q:\n got  kind=%d text=%q fstr=%v first=%v off=%d line=%d lineStart=%d\n want kind=%d text=%q fstr=%v first=%v off=%d line=%d lineStart=%d",
				l, i, src, g.kind, g.text(src), g.fstr(), g.lineFirst(), g.off, g.line, g.lineStart,
				w.kind, w.text, w.fstr, w.lineFirst, w.off, w.line, w.lineStart)
		}
		gel, gec, gok := g.endPos(src)
		wel, wec, wok := w.refEndPos(src)
		if gel != wel || gec != wec || gok != wok {
			t.Fatalf("lang %d, token %d of %q: end %d:%d (%v), want %d:%d (%v)", l, i, src, gel, gec, gok, wel, wec, wok)
		}
		if g.is(src, w.text) != true {
			t.Fatalf("token %d of %q: is(%q) false", i, src, w.text)
		}
		var wantOp byte
		if w.kind == tOp && len(w.text) == 1 {
			wantOp = w.text[0]
		}
		if g.op() != wantOp {
			t.Fatalf("token %d of %q: op()=%q for %q", i, src, g.op(), w.text)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("lang %d, %q: %d tokens, want %d", l, src, len(got), len(want))
	}
}

// TestLexerMatchesReference holds the span lexer to the token stream of
// the allocating lexer it replaced (lex_ref_test.go): kinds, values, flags
// and positions.
func TestLexerMatchesReference(t *testing.T) {
	for _, s := range lexSamples {
		for _, l := range []lang{langPython, langJS} {
			sameTokens(t, []byte(s), l)
		}
	}
	// Every Python and JS file of the fixture projects and of this package.
	for _, root := range []string{filepath.Join("..", "..", "testdata", "projects"), "."} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, l := range []lang{langPython, langJS} {
				t.Run(fmt.Sprint(p, l), func(t *testing.T) { sameTokens(t, b, l) })
			}
			return nil
		})
	}
}

// TestLexerMatchesReferenceCorpus does the same over a directory of real
// code named by AIBOM_LEX_CORPUS (a checkout of diffusers, say); it is
// skipped when the variable is unset.
func TestLexerMatchesReferenceCorpus(t *testing.T) {
	root := os.Getenv("AIBOM_LEX_CORPUS")
	if root == "" {
		t.Skip("AIBOM_LEX_CORPUS not set")
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var l lang
		switch strings.ToLower(filepath.Ext(p)) {
		case ".py", ".ipynb", ".md":
			l = langPython
		case ".js", ".ts", ".tsx", ".jsx", ".mjs":
			l = langJS
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		sameTokens(t, b, l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files compared", n)
}

func FuzzLexerMatchesReference(f *testing.F) {
	for _, s := range lexSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sameTokens(t, b, langPython)
		sameTokens(t, b, langJS)
	})
}

// BenchmarkLex measures the lexer alone on Python shaped like library code:
// docstrings, comments, calls and keyword arguments.
func BenchmarkLex(b *testing.B) {
	src := []byte(strings.Repeat(`class Block(nn.Module):
    """A residual block.

    Args:
        channels (int): number of channels of the model input.
    """

    def forward(self, x, temb=None):  # noqa: E501
        h = self.norm1(x)
        h = F.silu(h)
        if temb is not None:
            h = h + self.time_emb_proj(temb)[:, :, None, None]
        return self.conv2(h) + x


`, 100))
	b.SetBytes(int64(len(src)))
	var buf lexed
	for b.Loop() {
		lex(src, langPython, &buf)
	}
}
