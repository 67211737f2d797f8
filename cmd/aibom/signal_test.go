package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

// signalProject is a project with four unpinned models in code, one only in
// a test and one only in its README.
func signalProject(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "proj")
	var app strings.Builder
	app.WriteString("from transformers import AutoModel\n")
	for _, id := range []string{"acme/one", "acme/two", "acme/three", "acme/four"} {
		app.WriteString("AutoModel.from_pretrained(\"" + id + "\")\n")
	}
	writeFile(t, filepath.Join(dir, "app.py"), app.String())
	writeFile(t, filepath.Join(dir, "tests", "test_app.py"), "from transformers import AutoModel\nAutoModel.from_pretrained(\"acme/tiny-random\")\n")
	writeFile(t, filepath.Join(dir, "README.md"), "Try https://huggingface.co/acme/readme-model for a bigger one.\n")
	return dir
}

// TestSignalEndToEnd: one rule on four models is one line of the table,
// each of them with -v and in the JSON report; the models found only in a
// test or the README are marked in the JSON, listed after the code in the
// table, and --include-tests=false drops the test's.
func TestSignalEndToEnd(t *testing.T) {
	dir := signalProject(t)
	env := map[string]string{"SOURCE_DATE_EPOCH": "0"}
	_, table, _ := runCLI(t, env, "scan", "--offline", "-f", "table", dir)
	if n := strings.Count(table, "[unpinned-revision]"); n != 1 || !strings.Contains(table, "WARNING 6 models are not pinned to a revision [unpinned-revision] — the full list is in the JSON report and with -v") {
		t.Errorf("table: %d unpinned-revision lines, want the one folded line:\n%s", n, table)
	}
	code := strings.Index(table, "\nModels\n")
	tests := strings.Index(table, "\nOnly in tests (1): --include-tests=false leaves them out\n")
	docs := strings.Index(table, "\nOnly in documentation (1): --include-docs=false leaves them out\n")
	if code < 0 || tests < code || docs < tests || !strings.Contains(table[tests:docs], "hf:acme/tiny-random") || !strings.Contains(table[docs:], "hf:acme/readme-model") {
		t.Errorf("table does not list code, then tests, then documentation:\n%s", table)
	}

	_, verbose, _ := runCLI(t, env, "scan", "--offline", "-f", "table", "-v", dir)
	if n := strings.Count(verbose, "[unpinned-revision]"); n != 6 {
		t.Errorf("-v table: %d unpinned-revision lines, want 6:\n%s", n, verbose)
	}

	_, out, _ := runCLI(t, env, "scan", "--offline", "-f", "json", dir)
	var rep sbom.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.Rule == "unpinned-revision" {
			n++
		}
	}
	reach := map[string]string{}
	for _, m := range rep.Models {
		reach[m.Ref] = m.Reach()
	}
	if n != 6 || reach["hf:acme/tiny-random"] != sbom.ReachTests || reach["hf:acme/readme-model"] != sbom.ReachDocs || reach["hf:acme/one"] != sbom.ReachCode {
		t.Errorf("JSON: %d unpinned-revision findings (want 6), reach %v", n, reach)
	}

	_, out, _ = runCLI(t, env, "scan", "--offline", "-f", "json", "--include-tests=false", dir)
	rep = sbom.Report{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Models {
		if m.Ref == "hf:acme/tiny-random" {
			t.Error("--include-tests=false kept the test's model")
		}
	}
	if rep.Config == nil || !rep.Config.NoTests {
		t.Errorf("config %+v does not record no_tests", rep.Config)
	}
}
