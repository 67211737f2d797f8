package discover

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWalker(t *testing.T) {
	code := func(id string) string {
		if _, ok := classify(id, hint{strong: true}); !ok {
			t.Fatalf("test id %q is not a valid id: the case could not fail", id)
		}
		return "AutoModel.from_pretrained(\"" + id + "\")\n"
	}
	outside := writeTree(t, map[string]string{"secret.py": code("outer/side")})
	dir := writeTree(t, map[string]string{
		"keep.py":                        code("keep/root"),
		".gitignore":                     "gen/\n*.tmp.py\n!important.tmp.py\n",
		"gen/x.py":                       code("gen/ignored"),
		"a.tmp.py":                       code("tmpx/ignored"),
		"important.tmp.py":               code("neg/kept"),
		"sub/.gitignore":                 "local.py\n/anchored.py\n",
		"sub/local.py":                   code("sub/ignored"),
		"sub/anchored.py":                code("sub/anchored"),
		"sub/deeper/anchored.py":         code("sub/deeper-kept"),
		"sub/deeper/local.py":            code("sub/deeper-ignored"),
		".aibomignore":                   "fixtures/**/*.py\n",
		"fixtures/a/b/c.py":              code("fixtures/ignored"),
		"node_modules/pkg/index.py":      code("nm/ignored"),
		"vendor/x.py":                    code("vendor/ignored"),
		".git/hooks/x.py":                code("git/ignored"),
		"env1/pyvenv.cfg":                "home = /usr\n",
		"env1/lib/x.py":                  code("venv/ignored"),
		"lib/python3/site-packages/x.py": code("site/ignored"),
		"excluded/x.py":                  code("excluded/ignored"),
		"big.py":                         code("big/ignored") + "#" + strings.Repeat("x", 5000) + "\n",
		"bin.py":                         code("bin/ignored") + "\x00",
	})
	if err := os.Symlink(filepath.Join(outside, "secret.py"), filepath.Join(dir, "link.py")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("keep.py", filepath.Join(dir, "inside_link.py")); err != nil {
		t.Fatal(err)
	}
	res, err := Discover(context.Background(), dir, Options{MaxFileSize: 4096, Exclude: []string{"excluded/"}, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.References {
		got = append(got, r.ID+" "+r.Location.Path)
	}
	want := []string{"keep/root inside_link.py", "keep/root keep.py", "neg/kept important.tmp.py", "sub/deeper-kept sub/deeper/anchored.py"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	var skipped []string
	for _, s := range res.Skipped {
		skipped = append(skipped, s.Path+" "+s.Reason+": "+s.Detail)
	}
	wantSkipped := []string{
		"big.py too-large: 5043 bytes, limit 4096",
		"bin.py binary: NUL byte in the first 8000 bytes",
		"link.py symlink-outside: target outside the scanned tree",
		"linkdir symlink-outside: target outside the scanned tree",
	}
	if !slices.Equal(skipped, wantSkipped) {
		t.Errorf("skipped:\n got  %q\n want %q", skipped, wantSkipped)
	}
}

// TestSkippedNeverSilent: every file an extractor would have read but did
// not is listed with its reason (issue 13), and aibom's own cache inside
// the tree is not scanned.
func TestSkippedNeverSilent(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"app.py":                     "AutoModel.from_pretrained('acme/kept')\n",
		".cache/aibom/http/x.json":   `{"model": "acme/cached-1"}`,
		".cache/aibom/http/notes.md": "https://huggingface.co/acme/cached-2\n",
		"other/.cache/aibom/x.py":    "AutoModel.from_pretrained('acme/not-the-cache')\n",
		"ignored/gone.py":            "",
		".gitignore":                 "ignored/\n*.log\n",
	})
	for name, target := range map[string]string{"broken.py": "missing.py", "ignored/link.py": "/etc/passwd", "x.log": "/etc/passwd", "pic.png": "/etc/passwd", "alias": "other"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	res, err := Discover(context.Background(), dir, Options{OwnDirs: []string{filepath.Join(dir, ".cache", "aibom")}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.References {
		got = append(got, r.ID)
	}
	if want := []string{"acme/kept", "acme/not-the-cache"}; !slices.Equal(got, want) {
		t.Errorf("references %q, want %q (the cache must not be scanned)", got, want)
	}
	var skipped []string
	for _, s := range res.Skipped {
		skipped = append(skipped, s.Path+" "+s.Reason)
	}
	// An ignored link, an ignored name and a link no extractor reads (.png) are not skips.
	if want := []string{".cache/aibom aibom-cache", "alias symlink-dir", "broken.py unreadable"}; !slices.Equal(skipped, want) {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
}

func TestDiscoverBadRoot(t *testing.T) {
	if _, err := Discover(context.Background(), filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Error("missing root: no error")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := Discover(context.Background(), f, Options{}); err == nil {
		t.Error("file root: no error")
	}
}

func TestUnparsableIsWarning(t *testing.T) {
	dir := writeTree(t, map[string]string{"bad.ipynb": "{not json", "ok.py": "AutoModel.from_pretrained(\"ok1/m\")\n"})
	res, err := Discover(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.References) != 1 || len(res.Warnings) != 1 || res.Warnings[0].Path != "bad.ipynb" {
		t.Errorf("refs %d warnings %+v", len(res.References), res.Warnings)
	}
}

func TestIgnoreRules(t *testing.T) {
	r := parseIgnore("# c\n*.log\n!keep.log\nbuild/\n/root.txt\ndocs/**/draft.md\n\\#hash\n")
	for _, tc := range []struct {
		p    string
		dir  bool
		want bool
	}{
		{"a.log", false, true}, {"x/y/a.log", false, true}, {"keep.log", false, false},
		{"build", true, true}, {"build", false, false}, {"x/build", true, true},
		{"root.txt", false, true}, {"x/root.txt", false, false},
		{"docs/a/b/draft.md", false, true}, {"docs/draft.md", false, true}, {"#hash", false, true},
	} {
		if got, _ := r.match(tc.p, tc.dir); got != tc.want {
			t.Errorf("match(%q, dir=%v) = %v, want %v", tc.p, tc.dir, got, tc.want)
		}
	}
}

func checkGlob(t *testing.T, pat, name string) {
	t.Helper()
	if strings.Contains(name, "/") {
		return
	}
	if got, want := compileGlob(pat).match(name), globMatch(pat, name); got != want {
		t.Fatalf("compiled %q on %q = %v, path.Match says %v", pat, name, got, want)
	}
}

// The compiled shapes of ignore patterns answer as path.Match does.
func TestCompileGlob(t *testing.T) {
	for _, pat := range []string{"*.so", "build", "*", "lib*", "*.py[cod]", "a*b", "*$py.class", `\*.x`, "x*", "**", "[", "*.", ".*"} {
		for _, name := range []string{"a.so", "so", ".so", "build", "builds", "lib", "libfoo", "x.pyc", "ab", "axb", "t$py.class", "*.x", "x", "", "."} {
			checkGlob(t, pat, name)
		}
	}
}

func FuzzCompileGlob(f *testing.F) {
	f.Add("*.so", "a.so")
	f.Add("lib*", "libx")
	f.Fuzz(checkGlob)
}

// TestBaseRootRules: under a base tree (--base-tree) the base's ignore
// files decide, the scanned tree's are not honoured, and a file that is
// new or changed inside a skip directory is read; unchanged files there
// (the vendored code the base already had) are not.
func TestBaseRootRules(t *testing.T) {
	code := func(id string) string { return "AutoModel.from_pretrained(\"" + id + "\")\n" }
	shared := map[string]string{
		"app/embed.py":        code("keep/base"),
		".gitignore":          "gen/\n",
		"gen/x.py":            code("gen/base-ignored"),
		"vendor/old.py":       code("vendor/unchanged"),
		"vendor/edit.py":      code("vendor/before"),
		"node_modules/p/a.js": "pipeline('x', {model: 'nm/unchanged'})\n",
		"env/pyvenv.cfg":      "home = /usr\n",
		"env/lib/site.py":     code("venv/unchanged"),
	}
	base := writeTree(t, shared)
	headFiles := map[string]string{
		".aibomignore":     "app/translate.py\n",
		"app/.gitignore":   "t3.py\n",
		"app/translate.py": code("new/aibomignored"),
		"app/t3.py":        code("new/gitignored"),
		"vendor/added.py":  code("vendor/added"),
		"vendor/edit.py":   code("vendor/after"),
		"env/lib/new.py":   code("venv/added"),
		"gen/y.py":         code("gen/still-ignored"),
		".git/hooks/x.py":  code("git/never"),
	}
	for k, v := range shared {
		if _, ok := headFiles[k]; !ok {
			headFiles[k] = v
		}
	}
	head := writeTree(t, headFiles)
	ids := func(res *Result) []string {
		var got []string
		for _, r := range res.References {
			got = append(got, r.ID)
		}
		slices.Sort(got)
		return slices.Compact(got)
	}

	res, err := Discover(context.Background(), head, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"keep/base"}; !slices.Equal(ids(res), want) {
		t.Fatalf("without a base (the premise): %q, want %q", ids(res), want)
	}
	res, err = Discover(context.Background(), head, Options{BaseRoot: base})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"keep/base", "new/aibomignored", "new/gitignored", "vendor/added", "vendor/after", "venv/added"}
	if !slices.Equal(ids(res), want) {
		t.Errorf("with the base: %q\nwant %q", ids(res), want)
	}

	// A scanned tree the base does not have: no base rules, every file new.
	res, err = Discover(context.Background(), head, Options{BaseRoot: filepath.Join(base, "missing")})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Contains(got, "gen/still-ignored") || !slices.Contains(got, "vendor/unchanged") || slices.Contains(got, "git/never") {
		t.Errorf("new tree: %q", got)
	}
}

// TestNotebookWarnings: a notebook of the wrong shape is one line saying
// where and what, in the notebook's terms: no Go type names.
func TestNotebookWarnings(t *testing.T) {
	for nb, want := range map[string]string{
		`{"cells":[{"cell_type":"code","source":5}]}`: "notebook: cell 1: source: a number, expected a string or a list of strings",
		`{"cells":[5]}`: "notebook: parse notebook: cells is a number where nbformat has an object (offset 11)",
		`{"cells":{}}`:  "notebook: parse notebook: cells is an object where nbformat has a list (offset 10)",
		`{"cells":[`:    "notebook: parse notebook: not valid JSON at offset 10",
	} {
		dir := writeTree(t, map[string]string{"n.ipynb": nb})
		res, err := Discover(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Message != want {
			t.Errorf("%s: warnings %+v, want %q", nb, res.Warnings, want)
		}
	}
}
