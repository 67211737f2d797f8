package digest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
)

func TestDigest(t *testing.T) {
	d := New(reporttest.Noisy(), Options{})

	// Errors: the project's first, then by model, each with its license.
	var errs []string
	for _, me := range d.Errors {
		var rules []string
		for _, f := range me.Findings {
			rules = append(rules, f.Rule)
		}
		errs = append(errs, me.Model+" ["+me.License+"] "+strings.Join(rules, ","))
	}
	if want := []string{" [] config-change", "hf:acme/nc [cc-by-nc-4.0] commercial-use,license-denied"}; !slices.Equal(errs, want) {
		t.Errorf("errors by model %q, want %q", errs, want)
	}
	if d.ErrorCount() != 3 {
		t.Errorf("ErrorCount %d, want 3 (the baseline finding does not count)", d.ErrorCount())
	}

	// Warnings: a rule on 6 models folds into one line with a count.
	var warns []string
	for _, g := range d.Warnings {
		warns = append(warns, fmt.Sprintf("%s folded=%v %s", g.Rule, g.Folded, g.Sentence()))
	}
	if want := []string{
		"unpinned-revision folded=true 6 models are not pinned to a revision",
	}; !slices.Equal(warns, want) {
		t.Errorf("warnings %q, want %q", warns, want)
	}
	if len(d.Notes) != 1 || d.Notes[0].Folded {
		t.Errorf("notes %+v, want one group, not folded", d.Notes)
	}
	if len(d.Existing) != 1 || len(d.Waived) != 1 {
		t.Errorf("existing %d, waived %d; want 1 and 1", len(d.Existing), len(d.Waived))
	}

	// Not judged: grouped by reason without its details, with the status.
	var unj []string
	for _, g := range d.Unjudged {
		unj = append(unj, fmt.Sprintf("folded=%v %s", g.Folded, g.Sentence()))
	}
	if want := []string{
		"folded=true 8 models could not be resolved (offline)",
		"folded=false 1 model: its ancestor hf:acme/base could not be resolved",
	}; !slices.Equal(unj, want) {
		t.Errorf("unjudged %q, want %q", unj, want)
	}

	// Models by reach.
	refs := func(ms []sbom.Model) (out []string) {
		for _, m := range ms {
			out = append(out, m.Ref)
		}
		return out
	}
	for name, tc := range map[string]struct{ got, want []string }{
		"code":      {refs(d.Code), []string{"hf:acme/m0", "hf:acme/m1", "hf:acme/m2", "hf:acme/m3", "hf:acme/m4", "hf:acme/m5", "hf:acme/nc"}},
		"tests":     {refs(d.Tests), []string{"hf:acme/tiny-random"}},
		"docs":      {refs(d.Docs), []string{"hf:acme/readme-only"}},
		"ancestors": {refs(d.Ancestors), []string{"hf:acme/base"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s models %q, want %q", name, tc.got, tc.want)
		}
	}

	// Verbose: nothing folds.
	v := New(reporttest.Noisy(), Options{Fold: -1})
	for _, g := range append(v.Warnings, v.Notes...) {
		if g.Folded {
			t.Errorf("-v: %s folded", g.Rule)
		}
	}
	for _, g := range v.Unjudged {
		if g.Folded {
			t.Errorf("-v: unjudged %q folded", g.Reason)
		}
	}
}

// TestPhrases: every rule of the policy stage has the phrase a folded line
// uses, and a rule without one still reads as its description.
func TestPhrases(t *testing.T) {
	for _, r := range policies.Rules() {
		if _, ok := phrases[r.ID]; !ok {
			t.Errorf("rule %s has no phrase", r.ID)
		}
	}
	for id := range phrases {
		if !slices.ContainsFunc(policies.Rules(), func(r policies.RuleInfo) bool { return r.ID == id }) {
			t.Errorf("phrase for %s, which is no rule", id)
		}
	}
	g := Group{Rule: "new-rule", short: "The model does a new thing.", Findings: []sbom.Finding{{Model: "a"}, {Model: "b"}}}
	if got, want := g.Sentence(), "2 models: the model does a new thing"; got != want {
		t.Errorf("fallback %q, want %q", got, want)
	}
	g = Group{Rule: "config-change", Findings: []sbom.Finding{{}, {}, {}, {}}}
	if got, want := g.Sentence(), "4 changes edit the rules they are judged by"; got != want {
		t.Errorf("project-wide %q, want %q", got, want)
	}
}

// TestErrorLicense: an error's model line names its concluded license, or
// says it was not identified; a finding on a model the report does not
// describe has none.
func TestErrorLicense(t *testing.T) {
	r := reporttest.Noisy()
	r.Findings = append(r.Findings,
		sbom.Finding{Rule: "license-unknown", Severity: sbom.SeverityError, Model: "hf:acme/m0"},
		sbom.Finding{Rule: "license-unknown", Severity: sbom.SeverityError, Model: "hf:elsewhere/x"})
	got := map[string]string{}
	for _, me := range New(r, Options{}).Errors {
		got[me.Model] = me.License
	}
	for ref, want := range map[string]string{"hf:acme/nc": "cc-by-nc-4.0", "hf:acme/m0": "not identified", "hf:elsewhere/x": "", "": ""} {
		if l, ok := got[ref]; !ok || l != want {
			t.Errorf("%q: license %q (present %v), want %q", ref, l, ok, want)
		}
	}
}
