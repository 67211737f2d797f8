package policies

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

// Each dynamic place is one note at its location, in words a reviewer
// acts on; the rule can be turned off.
func TestUnresolvedReferenceFindings(t *testing.T) {
	r := &sbom.Report{Unresolved: []sbom.UnresolvedReference{
		{Source: "env:MODEL_ID", Location: sbom.Location{Path: "app.py", Line: 12, Column: 40, Via: "env:MODEL_ID"}},
		{Source: "argument:--model_name_or_path", Location: sbom.Location{Path: "train.py", Line: 3, Column: 16, Via: "argument:--model_name_or_path"}},
	}}
	p := mustParse(t, "rules:\n  gated: note\n")
	fs, err := Evaluate(r, p, Context{}, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []sbom.Finding
	for _, f := range fs {
		if f.Rule == RuleUnresolvedReference {
			got = append(got, f)
		}
	}
	if len(got) != 2 {
		t.Fatalf("got %d unresolved-reference findings, want 2: %+v", len(got), fs)
	}
	for _, f := range got {
		if f.Severity != sbom.SeverityNote || len(f.Locations) != 1 || f.Model != "" || !strings.Contains(f.Remediation, "models:") {
			t.Errorf("finding %+v: want a note at one location, no model, a remediation naming models:", f)
		}
	}
	msgs := got[0].Message + "\n" + got[1].Message
	for _, want := range []string{"app.py:12", "environment variable MODEL_ID", "train.py:3", "command-line option --model_name_or_path"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages lack %q:\n%s", want, msgs)
		}
	}
	if got[0].ID == got[1].ID {
		t.Error("two places share a finding id")
	}

	off := mustParse(t, "rules:\n  unresolved-reference: off\n")
	fs, err = Evaluate(r, off, Context{}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Rule == RuleUnresolvedReference {
			t.Errorf("rule off, still %+v", f)
		}
	}
}
