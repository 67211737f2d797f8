package policies

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

// unknownOffline is a model outside the catalog scanned offline: nothing
// about it was read.
func unknownOffline() sbom.Model {
	return sbom.Model{Ref: "hf:acme/in-house-7b", Hub: sbom.HubHuggingFace, ID: "acme/in-house-7b", Direct: true,
		Status: sbom.StatusOffline, Reason: "offline: not in cache or catalog",
		Locations: []sbom.Location{{Path: "serve.py", Line: 4, Via: "from_pretrained"}}}
}

func TestJudgeVerdicts(t *testing.T) {
	apacheOnly := func() sbom.Model { return model("hf:acme/small@"+pin, true, apache) }
	for _, tc := range []struct {
		name     string
		report   func() *sbom.Report
		policy   string // preset or policy source
		opts     JudgeOptions
		verdict  string
		enforced bool
		unjudged int
		label    string
		green    bool
	}{
		{"every model judged, nothing failing: pass", func() *sbom.Report { return report(apacheOnly()) },
			"commercial-saas", JudgeOptions{FailOn: "error"}, sbom.VerdictPass, true, 0, "pass", true},
		{"an unresolved model outside the catalog: incomplete", func() *sbom.Report { return report(apacheOnly(), unknownOffline()) },
			"commercial-saas", JudgeOptions{FailOn: "error"}, sbom.VerdictIncomplete, true, 1, "incomplete: 1 model not judged", false},
		{"--allow-unresolved accepts it, and still lists it", func() *sbom.Report { return report(apacheOnly(), unknownOffline()) },
			"commercial-saas", JudgeOptions{FailOn: "error", AllowUnresolved: true}, sbom.VerdictPass, true, 1,
			"pass (1 model not judged, accepted by allow_unresolved)", false},
		{"the policy's allow_unresolved too", func() *sbom.Report { return report(unknownOffline()) },
			"extends: commercial-saas\nallow_unresolved: true\n", JudgeOptions{FailOn: "error"}, sbom.VerdictPass, true, 1,
			"pass (1 model not judged, accepted by allow_unresolved)", false},
		{"a failing finding outranks incomplete", func() *sbom.Report {
			return report(model("hf:facebook/musicgen-small@"+pin, true, ccByNC), unknownOffline())
		}, "commercial-saas", JudgeOptions{FailOn: "error"}, sbom.VerdictFail, true, 1, "fail", false},
		{"fail-on none: the fail is reported, not enforced", func() *sbom.Report {
			return report(model("hf:facebook/musicgen-small@"+pin, true, ccByNC))
		}, "commercial-saas", JudgeOptions{FailOn: "none"}, sbom.VerdictFail, false, 0, "fail — not enforced", false},
		{"fail-on none on an incomplete scan", func() *sbom.Report { return report(unknownOffline()) },
			"commercial-saas", JudgeOptions{FailOn: "none"}, sbom.VerdictIncomplete, false, 1, "incomplete: 1 model not judged — not enforced", false},
		{"a waived resolve-failed records a judgement", func() *sbom.Report { return report(unknownOffline()) },
			"extends: commercial-saas\nwaivers:\n  - {model: \"hf:acme/in-house-7b\", rule: resolve-failed, reason: reviewed in LEGAL-7, expires: 2099-01-01}\n",
			JudgeOptions{FailOn: "error"}, sbom.VerdictPass, true, 0, "pass", true},
		{"a license nothing identifies: incomplete", func() *sbom.Report {
			m := sbom.Model{Ref: "hf:acme/mystery@" + pin, Hub: sbom.HubHuggingFace, ID: "acme/mystery", Revision: pin, Direct: true,
				Status: sbom.StatusResolved, Declared: &sbom.Declared{License: "other"}}
			conclude(&m, []sbom.LicensePart{{License: sbom.License{SPDXID: sbom.DeclaredRef("other"), HFID: "other", Name: "other", Source: "declared"}, From: []string{m.Ref}}})
			return report(m)
		}, "research", JudgeOptions{FailOn: "error"}, sbom.VerdictPass, true, 1, "pass (1 model not judged, accepted by allow_unresolved)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p *Policy
			if strings.Contains(tc.policy, ":") {
				p = mustParse(t, tc.policy)
			} else {
				p = mustPreset(t, tc.policy)
			}
			r := tc.report()
			tc.opts.Now = now
			if err := Judge(r, p, saas(1000), tc.opts); err != nil {
				t.Fatal(err)
			}
			s := r.Summary
			if s.Verdict != tc.verdict || s.Enforced != tc.enforced || len(s.Unjudged) != tc.unjudged {
				t.Errorf("verdict %q enforced %v unjudged %+v, want %q %v %d", s.Verdict, s.Enforced, s.Unjudged, tc.verdict, tc.enforced, tc.unjudged)
			}
			if got := s.VerdictLabel(); got != tc.label {
				t.Errorf("label %q, want %q", got, tc.label)
			}
			if s.Green() != tc.green {
				t.Errorf("green %v, want %v", s.Green(), tc.green)
			}
			if len(r.Rules) == 0 || r.Rules[0].HelpURI == "" {
				t.Errorf("the judged report carries no rule descriptions: %+v", r.Rules)
			}
		})
	}
}

// TestJudgeUnjudgedReasons names the model and why, for itself and for an
// ancestor that could not be resolved.
func TestJudgeUnjudgedReasons(t *testing.T) {
	ft := model("hf:acme/ft@"+pin, true, apache)
	ft.BaseModels = []sbom.BaseModel{{Ref: "hf:acme/private-base", Relation: "finetune"}}
	base := sbom.Model{Ref: "hf:acme/private-base", Hub: sbom.HubHuggingFace, ID: "acme/private-base",
		Status: sbom.StatusNotFound, Reason: "hub answered 404", Via: []string{ft.Ref}}
	r := &sbom.Report{Models: []sbom.Model{ft, base, unknownOffline()}}
	if err := Judge(r, mustPreset(t, "commercial-saas"), saas(10), JudgeOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(r.Summary.UnjudgedText(), "\n")
	for _, want := range []string{
		"hf:acme/ft@" + pin + ": its ancestor hf:acme/private-base could not be resolved (hub answered 404)",
		"hf:acme/in-house-7b: it could not be resolved (offline: not in cache or catalog)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("unjudged:\n%s\nwant a line %q", got, want)
		}
	}
}

func TestRecordContextRoundTrip(t *testing.T) {
	ctx := Context{Commercial: yes(), MonthlyActiveUsers: 800_000_000, AnnualRevenueUSD: 5, Regions: []string{"EU", "US"},
		Distribution: DistSaaS, BuildsModels: true,
		Approvals: []Approval{{License: "llama3.1", Reference: "META-2026-0042", Date: "2026-10-01"}}}
	m, ap := RecordContext(ctx)
	back, err := ContextFromRecord(&sbom.ScanConfig{Context: m, Approvals: ap})
	if err != nil {
		t.Fatal(err)
	}
	m2, ap2 := RecordContext(back)
	if len(m2) != len(m) || len(ap2) != 1 || ap2[0] != ap[0] || back.MonthlyActiveUsers != ctx.MonthlyActiveUsers || !back.BuildsModels {
		t.Errorf("round trip changed the context: %+v → %+v", ctx, back)
	}
	if _, err := ContextFromRecord(&sbom.ScanConfig{Context: map[string]string{"monthly_active_users": "many"}}); err == nil ||
		!strings.Contains(err.Error(), "config.context.monthly_active_users") {
		t.Errorf("bad recorded value: %v", err)
	}
}

func TestValidRegion(t *testing.T) {
	for r, want := range map[string]bool{
		"DE": true, "de": true, " us ": true, "EU": true, "eu": true, "EEA": true, "GB": true, "UK": true, "EL": true,
		"Europe": true, "United States": true, "CN": true, "PRC": true,
		"Germany": false, "Mars": false, "": false, "XX": false, "\u202eUE": false, "E U": false, "USA1": false,
	} {
		if got := ValidRegion(r); got != want {
			t.Errorf("ValidRegion(%q) = %v, want %v", r, got, want)
		}
	}
	if len(iso3166) != 249 {
		t.Errorf("%d ISO 3166-1 codes, want the 249 assigned", len(iso3166))
	}
}

// TestYAMLErrorLine: a syntax error on a policy's first line names line 1
// (yaml.v3 leaves that line's number out).
func TestYAMLErrorLine(t *testing.T) {
	_, err := Parse([]byte("rules: `x`\n"), "p.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "p.yaml:1: ") {
		t.Errorf("error %v, want it to start with p.yaml:1:", err)
	}
}
