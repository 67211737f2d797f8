package policies

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// TestOutputUse: a ban on building models from outputs stops a product that
// builds models; a flow-down or conditions only tell it what binds the
// trained model; a product that builds no models hears nothing.
func TestOutputUse(t *testing.T) {
	legacy := llama3
	legacyTerms := *llama3.terms
	legacyTerms.OutputUse = "" // terms written before output_use existed
	legacy.terms = &legacyTerms
	unclassified := gemma
	unknownTerms := *gemma.terms
	unknownTerms.OutputUse = licenses.OutputUnknown
	unclassified.terms = &unknownTerms
	free := apache
	freeTerms := *apache.terms
	freeTerms.OutputUse = licenses.OutputUnrestricted
	free.terms = &freeTerms

	cases := []struct {
		name     string
		lic      fixtureLicense
		builds   bool
		severity string   // "" = no output-restriction finding
		message  []string // substrings of the message
		remedy   []string // substrings of the remediation
		evidence string   // substring of the evidence quote
	}{
		{name: "Llama 2 ban", lic: llama2, builds: true, severity: sbom.SeverityError,
			message: []string{"restricts using its outputs"}, remedy: []string{"do not train or distil other models on outputs of hf:meta-llama/some-model"},
			evidence: "to improve any other large language model"},
		{name: "Llama 2 ban, no models built", lic: llama2, builds: false},
		{name: "Gemma derivative", lic: gemma, builds: true, severity: sbom.SeverityWarning,
			message:  []string{"is a derivative bound by the same terms"},
			remedy:   []string{"as a derivative under Gemma Terms of Use", "distribute it only under Gemma Terms of Use, with its notice", "gemma-prohibited-use-policy"},
			evidence: "synthetic data Outputs by Gemma"},
		{name: "Gemma derivative, no models built", lic: gemma, builds: false},
		{name: "Llama 3.1 conditional", lic: llama31, builds: true, severity: sbom.SeverityWarning,
			message:  []string{"only on conditions", `name beginning with "Llama"`},
			remedy:   []string{`give it a name beginning with "Llama"`, `display "Built with Llama"`, "llama3.1-aup"},
			evidence: "any outputs or results of the Llama Materials"},
		{name: "Llama 3.1 conditional, no models built", lic: llama31, builds: false},
		{name: "unclassified terms read as before", lic: legacy, builds: true, severity: sbom.SeverityError,
			message: []string{"restricts using its outputs"}},
		{name: "unknown kind of limit", lic: unclassified, builds: true, severity: sbom.SeverityWarning,
			message: []string{"could not classify"}, remedy: []string{"read the license's clause on outputs"}},
		{name: "unrestricted", lic: free, builds: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ref := "hf:meta-llama/some-model@" + pin
			r := report(model(ref, true, c.lic))
			ctx := Context{Commercial: yes(), MonthlyActiveUsers: 1000, Distribution: DistSaaS, BuildsModels: c.builds}
			fs, err := Evaluate(r, mustPreset(t, "commercial-saas"), ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			var got []sbom.Finding
			for _, f := range fs {
				if f.Rule == RuleOutputRestriction {
					got = append(got, f)
				}
			}
			if c.severity == "" {
				if len(got) != 0 {
					t.Fatalf("unexpected finding: %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d output-restriction findings, want 1: %+v", len(got), got)
			}
			f := got[0]
			t.Logf("%s: %s | %s", f.Severity, f.Message, f.Remediation)
			if f.Severity != c.severity {
				t.Errorf("severity %s, want %s", f.Severity, c.severity)
			}
			for _, s := range c.message {
				if !strings.Contains(f.Message, s) {
					t.Errorf("message %q lacks %q", f.Message, s)
				}
			}
			for _, s := range c.remedy {
				if !strings.Contains(f.Remediation, s) {
					t.Errorf("remediation %q lacks %q", f.Remediation, s)
				}
			}
			if c.evidence != "" && (f.Evidence == nil || !strings.Contains(f.Evidence.Quote, c.evidence)) {
				t.Errorf("evidence %+v lacks %q", f.Evidence, c.evidence)
			}
		})
	}
}

// TestOutputUseSeverityOverride: a policy may raise or lower the rule, and
// a flow-down or conditions never exceed a warning.
func TestOutputUseSeverityOverride(t *testing.T) {
	p := mustParse(t, "extends: commercial-saas\nrules:\n  output-restriction: note\n")
	ctx := Context{Commercial: yes(), MonthlyActiveUsers: 1000, Distribution: DistSaaS, BuildsModels: true}
	for _, lic := range []fixtureLicense{llama2, gemma, llama31} {
		fs, err := Evaluate(report(model("hf:acme/m@"+pin, true, lic)), p, ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range fs {
			if f.Rule == RuleOutputRestriction {
				n++
				if f.Severity != sbom.SeverityNote {
					t.Errorf("%s: severity %s under a note override", lic.lic.Key, f.Severity)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d output-restriction findings, want 1", lic.lic.Key, n)
		}
	}
}
