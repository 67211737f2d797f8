package discover

import (
	"context"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// stringValue evaluates a string literal or a concatenation of them.
func stringValue(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != gotoken.STRING {
			return "", false
		}
		v, err := strconv.Unquote(e.Value)
		return v, err == nil
	case *ast.BinaryExpr:
		if e.Op != gotoken.ADD {
			return "", false
		}
		x, ok1 := stringValue(e.X)
		y, ok2 := stringValue(e.Y)
		return x + y, ok1 && ok2
	case *ast.ParenExpr:
		return stringValue(e.X)
	}
	return "", false
}

// corpusCase is one file of the test corpus.
type corpusCase struct {
	name, file, src string
}

// sourceCases reads the (name, file, src) of every TestSources case from
// discover_test.go, so that every source and decoy written there is also
// run through the prefilter equivalence test without a second copy.
func sourceCases(t *testing.T) []corpusCase {
	t.Helper()
	fset := gotoken.NewFileSet()
	f, err := parser.ParseFile(fset, "discover_test.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusCase
	var cases *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if fn, ok := n.(*ast.FuncDecl); ok && fn.Name.Name == "TestSources" {
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == 1 && len(a.Rhs) == 1 {
					if id, ok := a.Lhs[0].(*ast.Ident); ok && id.Name == "cases" {
						cases, _ = a.Rhs[0].(*ast.CompositeLit)
					}
				}
				return cases == nil
			})
		}
		return cases == nil
	})
	if cases == nil || len(cases.Elts) == 0 {
		t.Fatal("TestSources cases not found in discover_test.go")
	}
	for _, e := range cases.Elts {
		cl, ok := e.(*ast.CompositeLit)
		if !ok || len(cl.Elts) < 3 {
			t.Fatalf("unexpected TestSources case at %s", fset.Position(e.Pos()))
		}
		var s [3]string
		for i := range s {
			v, ok := stringValue(cl.Elts[i])
			if !ok {
				t.Fatalf("TestSources case at %s: field %d is not a constant string", fset.Position(e.Pos()), i)
			}
			s[i] = v
		}
		out = append(out, corpusCase{s[0], s[1], strings.TrimPrefix(s[2], "\n")})
	}
	return out
}

// TestPrefilterExact runs every extractor with and without the prefilter
// over the test corpus (every TestSources case, the benchmark inputs and
// the fixture projects under testdata) and requires identical results: the
// prefilter may only skip files that cannot produce a reference.
func TestPrefilterExact(t *testing.T) {
	var roots []string
	for _, c := range sourceCases(t) {
		roots = append(roots, writeTree(t, map[string]string{c.file: c.src}))
	}
	bench := map[string]string{}
	for _, in := range benchInputs {
		bench[in.path] = in.src
	}
	roots = append(roots, writeTree(t, bench))
	projects, err := filepath.Glob(filepath.Join("..", "..", "testdata", "projects", "*"))
	if err != nil || len(projects) == 0 {
		t.Fatalf("no fixture projects: %v", err)
	}
	roots = append(roots, projects...)

	total := 0
	for _, root := range roots {
		for _, docs := range []bool{false, true} {
			with, err := discoverWith(context.Background(), root, Options{IncludeDocs: docs}, Extractors())
			if err != nil {
				t.Fatal(err)
			}
			without, err := discoverWith(context.Background(), root, Options{IncludeDocs: docs, noPrefilter: true}, Extractors())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(with.References, without.References) {
				t.Errorf("%s (docs %v): references differ with the prefilter\nwith:    %v\nwithout: %v", root, docs, with.References, without.References)
			}
			if with.Files != without.Files || !reflect.DeepEqual(with.Skipped, without.Skipped) {
				t.Errorf("%s: counts differ: %d/%v vs %d/%v", root, with.Files, with.Skipped, without.Files, without.Skipped)
			}
			total += len(with.References)
		}
	}
	if total < 100 {
		t.Errorf("corpus produced only %d references; the comparison would prove little", total)
	}
}

// FuzzPrefilterExact checks single files of every kind: each extractor
// gives the same references with and without the prefilter.
func FuzzPrefilterExact(f *testing.F) {
	names := []string{"a.py", "a.ts", "conf.yaml", "conf.json", "pyproject.toml", ".env", "run.sh", "Dockerfile",
		"README.md", "index.rst", "page.html", "n.ipynb", "Modelfile", "notes.txt", "main.go"}
	for i, name := range names {
		f.Add(uint8(i), "model: "+name)
	}
	f.Add(uint8(0), "AutoModel.from_pretrained(\"a1/b\")\n")
	f.Add(uint8(8), "```python\nAutoModel.from_pretrained(\"a1/b\")\n```\nhttps://HF.co/a1/c\n")
	f.Add(uint8(6), "HF download a1/b\n")
	for i, u := range []string{"https://huggingface.co/a1/b", "https://hf.co/a1/b", "hf://a1/b", "https://modelscope.cn/models/a1/b",
		"https://github.com/a1/b/releases/download/v1/m.gguf", "https://HF.co/a1/b", "hf.Co/a1/b:Q4", "HTTPS://Huggingface.co/a1/b",
		"HF://datasets/a1/b@r", "https://ModelScope.cn/models/a1/b", "https://GitHub.COM/a1/b/releases/download/v1/m.pt"} {
		f.Add(uint8(14), "// "+u+"\n")
		f.Add(uint8(8), "see "+u+"\n")
		f.Add(uint8(i), "x = \""+u+"\"\n")
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, kind uint8, src string) {
		name := names[int(kind)%len(names)]
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, docs := range []bool{false, true} {
			with, err := discoverWith(ctx, dir, Options{IncludeDocs: docs}, Extractors())
			if err != nil {
				t.Fatal(err)
			}
			without, err := discoverWith(ctx, dir, Options{IncludeDocs: docs, noPrefilter: true}, Extractors())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(with.References, without.References) {
				t.Errorf("%s %q: with prefilter %v, without %v", name, src, with.References, without.References)
			}
		}
	})
}
