package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/diff"
)

// Two commits of one project, as the pre-merge gate sees them: the base uses
// a permissive embedding model and a non-commercial translation model; the
// moved head only shifts those references down; the added head also brings
// a second non-commercial model in a new file.
const (
	baseApp = `from transformers import AutoModel, pipeline

embed = AutoModel.from_pretrained("BAAI/bge-small-en-v1.5")
translate = pipeline("translation", model="facebook/nllb-200-distilled-600M")
`
	movedApp = `"""Service entry point."""
from transformers import AutoModel, pipeline


def load():
    translate = pipeline("translation", model="facebook/nllb-200-distilled-600M")
    embed = AutoModel.from_pretrained("BAAI/bge-small-en-v1.5")
    return embed, translate
`
	addedFile = `from transformers import pipeline

# A second translation model.
mt = pipeline("translation", model="facebook/nllb-200-3.3B")
`
)

// scanReport scans dir offline into a JSON report file and returns its path.
func scanReport(t *testing.T, dir, out string, extra ...string) (string, int) {
	t.Helper()
	args := append([]string{"scan", "--offline", "-f", "table", "-o", "json=" + out}, extra...)
	code, _, stderr := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "0"}, append(args, dir)...)
	if code != 0 && code != 1 {
		t.Fatalf("scan %s exited %d: %s", dir, code, stderr)
	}
	return out, code
}

func readDiffReport(t *testing.T, path string) *sbom.Report {
	t.Helper()
	r, err := readReportFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDiffAndBaseline(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base")
	moved := filepath.Join(dir, "moved")
	added := filepath.Join(dir, "added")
	writeFile(t, filepath.Join(base, "app.py"), baseApp)
	writeFile(t, filepath.Join(moved, "app.py"), movedApp)
	writeFile(t, filepath.Join(added, "app.py"), baseApp)
	writeFile(t, filepath.Join(added, "extra.py"), addedFile)

	baseJSON, code := scanReport(t, base, filepath.Join(dir, "base.json"))
	if code != 1 {
		t.Fatalf("the base itself should fail a plain scan (a non-commercial model), exit %d", code)
	}
	baseRep := readDiffReport(t, baseJSON)
	if len(baseRep.Findings) == 0 {
		t.Fatal("base scan has no findings; the fixture no longer exercises the gate")
	}

	t.Run("scan --baseline: moved references are not new", func(t *testing.T) {
		out, code := scanReport(t, moved, filepath.Join(dir, "moved.json"), "--baseline", baseJSON)
		if code != 0 {
			t.Errorf("exit %d, want 0: findings already on the base must not fail the run", code)
		}
		rep := readDiffReport(t, out)
		if len(rep.Findings) == 0 {
			t.Fatal("moved head has no findings")
		}
		for _, f := range rep.Findings {
			if f.New == nil || *f.New {
				t.Errorf("finding %s (%s) should be marked new=false", f.ID, f.Rule)
			}
		}
		if rep.Summary == nil || rep.Summary.Verdict != "pass" {
			t.Errorf("summary = %+v, want verdict pass", rep.Summary)
		}
	})

	t.Run("scan --baseline: an added model fails", func(t *testing.T) {
		out, code := scanReport(t, added, filepath.Join(dir, "added.json"), "--baseline", baseJSON)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		rep := readDiffReport(t, out)
		var fresh []sbom.Finding
		for _, f := range rep.Findings {
			if f.New != nil && *f.New {
				fresh = append(fresh, f)
			}
		}
		if len(fresh) == 0 {
			t.Fatal("no finding marked new")
		}
		for _, f := range fresh {
			if !strings.Contains(f.Model, "nllb-200-3.3B") {
				t.Errorf("only the added model's findings are new; got %s on %s", f.Rule, f.Model)
			}
		}
	})

	movedJSON, _ := scanReport(t, moved, filepath.Join(dir, "moved-plain.json"))
	addedJSON, _ := scanReport(t, added, filepath.Join(dir, "added-plain.json"))

	t.Run("diff of moved references", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, nil, "diff", "-f", "json", baseJSON, movedJSON)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var d diff.Diff
		if err := json.Unmarshal([]byte(stdout), &d); err != nil {
			t.Fatalf("diff JSON: %v\n%s", err, stdout)
		}
		if d.SchemaVersion != 1 || len(d.Findings.New) != 0 || len(d.Findings.Fixed) != 0 ||
			len(d.Findings.Unchanged) != len(baseRep.Findings) || len(d.Models.Added)+len(d.Models.Removed)+len(d.Models.Changed) != 0 {
			t.Errorf("moving references changed something: %+v", d.Summary)
		}
	})

	t.Run("diff of an added model", func(t *testing.T) {
		mdFile := filepath.Join(dir, "summary.md")
		code, stdout, stderr := runCLI(t, nil, "diff", "-f", "github", "-o", "markdown="+mdFile, "--path-prefix", "svc", baseJSON, addedJSON)
		if code != 1 {
			t.Fatalf("exit %d, want 1: %s", code, stderr)
		}
		if !strings.Contains(stdout, "::error file=svc/extra.py,line=4,") {
			t.Errorf("annotation missing or at the wrong place:\n%s", stdout)
		}
		md, err := os.ReadFile(mdFile)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(md), "### Models added") || !strings.Contains(string(md), "nllb-200-3.3B") {
			t.Errorf("summary lacks the added model:\n%s", md)
		}
		// The same diff passes when the gate is off.
		if code, _, _ := runCLI(t, nil, "diff", "-f", "json", "--fail-on", "none", baseJSON, addedJSON); code != 0 {
			t.Errorf("--fail-on none: exit %d", code)
		}
		// And a reversed diff only fixes things.
		if code, _, stderr := runCLI(t, nil, "diff", "-f", "table", addedJSON, baseJSON); code != 0 {
			t.Errorf("reversed diff: exit %d: %s", code, stderr)
		}
	})
}

func TestDiffErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	writeFile(t, good, `{"schema_version": 1, "models": [], "datasets": [], "findings": []}`)
	notJSON := filepath.Join(dir, "broken.json")
	writeFile(t, notJSON, `{"schema_version": 1, "models": [`)
	v2 := filepath.Join(dir, "v2.json")
	writeFile(t, v2, `{"schema_version": 3}`)
	missing := filepath.Join(dir, "missing.json")

	cases := []struct {
		name      string
		args      []string
		code      int
		stderrHas string
	}{
		{"identical", []string{"diff", "-f", "json", good, good}, 0, ""},
		{"missing base", []string{"diff", missing, good}, 2, "missing.json"},
		{"missing head", []string{"diff", good, missing}, 2, "missing.json"},
		{"invalid JSON", []string{"diff", good, notJSON}, 2, "broken.json"},
		{"other schema version", []string{"diff", v2, good}, 2, "v2.json: reading aibom report: schema_version 3"},
		{"one argument", []string{"diff", good}, 2, "accepts 2 arg"},
		{"bad format", []string{"diff", "-f", "sarif", good, good}, 2, `format "sarif" does not render a diff`},
		{"bad output", []string{"diff", "-o", "markdown", good, good}, 2, "FORMAT=FILE"},
		{"bad fail-on", []string{"diff", "--fail-on", "fatal", good, good}, 2, "--fail-on"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if tc.stderrHas != "" && !strings.Contains(stderr, tc.stderrHas) {
				t.Errorf("stderr lacks %q: %s", tc.stderrHas, stderr)
			}
		})
	}
}
