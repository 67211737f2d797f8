package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

// bigTreeReport is a report from a big tree: many broken JSON files, two
// bad notebooks, one model warning, files not read for three reasons.
func bigTreeReport() *sbom.Report {
	rep := &sbom.Report{}
	for i := range 1200 {
		rep.Warnings = append(rep.Warnings, sbom.Warning{Path: fmt.Sprintf("data/r%04d.json", i), Message: fmt.Sprintf("config: parse json: invalid character 'N' at offset %d", i)})
	}
	rep.Warnings = append(rep.Warnings,
		sbom.Warning{Path: "a.ipynb", Message: "notebook: parse notebook: unexpected end of JSON input"},
		sbom.Warning{Path: "b.ipynb", Message: "notebook: parse notebook: unexpected end of JSON input"},
		sbom.Warning{Model: "hf:acme/x", Message: "lineage cut at depth 8 (max depth)"},
	)
	for i := range 40 {
		rep.Skipped = append(rep.Skipped, sbom.SkippedFile{Path: fmt.Sprintf("big/f%02d.py", i), Reason: sbom.SkipTooLarge, Detail: "3000000 bytes, limit 2097152"})
	}
	rep.Skipped = append(rep.Skipped,
		sbom.SkippedFile{Path: "bin.py", Reason: sbom.SkipBinary, Detail: "NUL byte in the first 8000 bytes"},
		sbom.SkippedFile{Path: "link.py", Reason: sbom.SkipSymlinkOutside, Detail: "target outside the scanned tree"},
	)
	return rep
}

func TestPrintWarningsQuietByDefault(t *testing.T) {
	var buf bytes.Buffer
	a := &app{stderr: &buf, getenv: func(string) string { return "" }}
	a.printWarnings(bigTreeReport())
	want := []string{
		"aibom: warning: a.ipynb: notebook: parse notebook: unexpected end of JSON input",
		"aibom: warning: b.ipynb: notebook: parse notebook: unexpected end of JSON input",
		"aibom: warning: hf:acme/x: lineage cut at depth 8 (max depth)",
		"aibom: warning: 1200 files: config: parse json (first: data/r0000.json: config: parse json: invalid character 'N' at offset 0); the JSON report lists them all, -v prints them",
		"aibom: skipped 42 files not read: 1 binary, 1 symlink-outside, 40 too-large; the JSON report lists them, -v prints them",
	}
	if got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", buf.String(), strings.Join(want, "\n"))
	}
}

func TestPrintWarningsVerbose(t *testing.T) {
	var buf bytes.Buffer
	a := &app{stderr: &buf, verbose: 1, getenv: func(string) string { return "" }}
	a.printWarnings(bigTreeReport())
	out := buf.String()
	if n := strings.Count(out, "\n"); n != 1203+42 {
		t.Errorf("-v printed %d lines, want one per warning and per skipped file (1245)", n)
	}
	for _, s := range []string{
		"aibom: warning: data/r1199.json: config: parse json: invalid character 'N' at offset 1199\n",
		"aibom: skipped: big/f39.py: too-large (3000000 bytes, limit 2097152)\n",
		"aibom: skipped: link.py: symlink-outside (target outside the scanned tree)\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("-v output lacks %q", s)
		}
	}
}

func TestPrintWarningsCleansText(t *testing.T) {
	var buf bytes.Buffer
	a := &app{stderr: &buf, verbose: 1, getenv: func(string) string { return "" }}
	a.printWarnings(&sbom.Report{Skipped: []sbom.SkippedFile{{Path: "evil\x1b[31m.py", Reason: sbom.SkipUnreadable, Detail: "bad\x1b]0;title\x07"}}})
	if strings.ContainsAny(buf.String(), "\x1b\x07") {
		t.Errorf("terminal escapes reach stderr: %q", buf.String())
	}
}

// TestScanReportsSkippedFiles runs a scan over a tree with a file over the
// size limit, a binary file posing as Python and aibom's own cache inside
// it: the JSON report lists the skips with counts, stderr says so in one
// line, and the cache is not scanned. A skipped file whose first bytes
// may name a model makes the verdict incomplete (even with
// --allow-unresolved); one that cannot does not.
func TestScanReportsSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), "from transformers import AutoModel\nAutoModel.from_pretrained('gpt2')\n")
	writeFile(t, filepath.Join(dir, "big.py"), "AutoModel.from_pretrained('acme/hidden-in-big')\n#"+strings.Repeat("x", 3000)+"\n")
	writeFile(t, filepath.Join(dir, "blob.py"), "AutoModel.from_pretrained('acme/hidden-in-blob')\x00\n")
	writeFile(t, filepath.Join(dir, "data.py"), "#"+strings.Repeat("x", 3000)+"\n")
	cache := filepath.Join(dir, ".aibom-cache")
	writeFile(t, filepath.Join(cache, "http", "entry.json"), `{"model_name": "acme/from-the-cache"}`)
	code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "--allow-unresolved", "--max-file-size", "1024", "--cache-dir", cache, "-f", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (incomplete); stderr:\n%s", code, stderr)
	}
	var rep sbom.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := []sbom.SkippedFile{
		{Path: ".aibom-cache", Reason: sbom.SkipOwnCache, Detail: "aibom's cache directory"},
		{Path: "big.py", Reason: sbom.SkipTooLarge, Detail: "3050 bytes, limit 1024", MayNameModel: true},
		{Path: "blob.py", Reason: sbom.SkipBinary, Detail: "NUL byte in the first 8000 bytes", MayNameModel: true},
		{Path: "data.py", Reason: sbom.SkipTooLarge, Detail: "3002 bytes, limit 1024"},
	}
	if !reflect.DeepEqual(rep.Skipped, want) {
		t.Errorf("skipped = %+v, want %+v", rep.Skipped, want)
	}
	if rep.Summary == nil || !reflect.DeepEqual(rep.Summary.Skipped, map[string]int{"aibom-cache": 1, "too-large": 2, "binary": 1}) {
		t.Fatalf("summary = %+v, want skipped counts by reason", rep.Summary)
	}
	if s := rep.Summary; s.Verdict != sbom.VerdictIncomplete || !slices.Equal(s.Unread, []string{"big.py", "blob.py"}) || s.Green() {
		t.Errorf("verdict %s, unread %q: want incomplete on big.py and blob.py", s.Verdict, s.Unread)
	}
	if !strings.Contains(stderr, "verdict incomplete: 2 skipped file(s) may name a model (big.py; and 1 more)") {
		t.Errorf("stderr does not say why the verdict is incomplete:\n%s", stderr)
	}
	for _, m := range rep.Models {
		if strings.HasPrefix(m.ID, "acme/") {
			t.Errorf("model %s found in a file that was not to be read", m.Ref)
		}
	}
	if !strings.Contains(stderr, "aibom: skipped 4 files not read: 1 aibom-cache, 1 binary, 2 too-large;") {
		t.Errorf("stderr lacks the skipped line:\n%s", stderr)
	}
}
