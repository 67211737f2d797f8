package formats

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/audit/report"
	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/diff"
)

// TestRegistry: one table answers every command's -f and -o: which names
// exist for each kind of document, aliases, and a clear refusal of a
// format that does not render that kind.
func TestRegistry(t *testing.T) {
	for k, want := range map[Kind][]string{
		Report: {"cyclonedx", "html", "json", "markdown", "notice", "sarif", "spdx", "spdx-2.3", "table"},
		Audit:  {"csv", "html", "json", "markdown"},
		Diff:   {"github", "json", "markdown", "table"},
	} {
		if got := Names(k); !slices.Equal(got, want) {
			t.Errorf("%s formats %v, want %v", k, got, want)
		}
	}
	for name, id := range map[string]string{"cdx": "cyclonedx", "MD": "markdown", "spdx3": "spdx", "spdx-3": "spdx", "spdx2": "spdx-2.3", "SPDX23": "spdx-2.3", "text": "table", "aibom-json": "json"} {
		if f, err := Find(name, Report); err != nil || f.ID != id {
			t.Errorf("Find(%q) = %q, %v; want %s", name, f.ID, err, id)
		}
	}
	if _, err := Find("sarif", Diff); err == nil || !strings.Contains(err.Error(), "does not render a diff") || !strings.Contains(err.Error(), "github, json, markdown, table") {
		t.Errorf("sarif for a diff: %v", err)
	}
	if _, err := Find("xml", Audit); err == nil || !strings.Contains(err.Error(), "csv, html, json, markdown") {
		t.Errorf("unknown format: %v", err)
	}
}

// TestEveryFormatRenders writes each kind of document in each of its
// formats.
func TestEveryFormatRenders(t *testing.T) {
	rep := reporttest.Rich(t)
	for _, f := range For(Report) {
		var b bytes.Buffer
		if err := f.WriteReport(&b, rep, Options{}); err != nil || b.Len() == 0 {
			t.Errorf("%s: %v (%d bytes)", f.ID, err, b.Len())
		}
	}
	audit := report.Build([]report.Entry{{File: "a.aibom.json", Report: rep}}, sbom.Tool{Name: "aibom"})
	for _, f := range For(Audit) {
		var b bytes.Buffer
		if err := f.WriteAudit(&b, audit); err != nil || b.Len() == 0 {
			t.Errorf("%s: %v", f.ID, err)
		}
	}
	d := diff.Compare(&sbom.Report{}, rep)
	for _, f := range For(Diff) {
		var b bytes.Buffer
		if err := f.WriteDiff(&b, d, Options{}); err != nil {
			t.Errorf("%s: %v", f.ID, err)
		}
	}
}

// TestTableVerdict: the terminal summary ends with the judged verdict and
// lists the models that were not judged; only an enforced, complete pass
// reads PASS.
func TestTableVerdict(t *testing.T) {
	for _, tc := range []struct {
		s          sbom.Summary
		want, deny string
	}{
		{sbom.Summary{Verdict: "pass", Enforced: true}, ": PASS\n", ""},
		{sbom.Summary{Verdict: "fail", Enforced: false, Findings: map[string]int{"error": 2}}, "2 errors, 0 warnings, 0 notes: FAIL — not enforced", "PASS"},
		{sbom.Summary{Verdict: "incomplete", Enforced: true, Unjudged: []sbom.Unjudged{{Model: "hf:a/b", Reason: "it could not be resolved (offline)"}}},
			"Not judged (1)\n  hf:a/b: it could not be resolved (offline)\n\n0 errors, 0 warnings, 0 notes: INCOMPLETE: 1 model not judged", "PASS"},
	} {
		var b bytes.Buffer
		s := tc.s
		if err := (tableEncoder{}).Encode(&b, &sbom.Report{Summary: &s}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) || (tc.deny != "" && strings.Contains(b.String(), tc.deny)) {
			t.Errorf("table:\n%s\nwant %q", b.String(), tc.want)
		}
	}
}

func TestArticle(t *testing.T) {
	for noun, want := range map[string]string{"audit": "an audit", "report": "a report", "diff": "a diff"} {
		if got := article(noun); got != want {
			t.Errorf("article(%q) = %q, want %q", noun, got, want)
		}
	}
}
