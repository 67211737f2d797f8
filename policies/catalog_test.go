package policies

import (
	"testing"
	"time"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// fromCatalog builds a fixture license from the built-in catalog entry, so
// the issue's cases also run against the curated terms the scanner uses.
func fromCatalog(t *testing.T, key string) fixtureLicense {
	t.Helper()
	l, ok := licenses.Builtin().Get(key)
	if !ok {
		t.Fatalf("catalog has no %s", key)
	}
	terms := l.Terms
	return fixtureLicense{
		lic:   sbom.License{Key: l.Key, SPDXID: l.SPDXID, HFID: l.HFID, Name: l.Name, Source: "catalog", Category: l.Category, URL: l.URL},
		terms: &terms,
		file:  key,
	}
}

func TestIssueCasesWithCatalogTerms(t *testing.T) {
	yesterday := now.AddDate(0, 0, -1).Format(time.DateOnly)
	l31, l32, l3 := fromCatalog(t, "llama3.1"), fromCatalog(t, "llama3.2"), fromCatalog(t, "llama3")
	nc, gem, ap := fromCatalog(t, "cc-by-nc-4.0"), fromCatalog(t, "gemma"), fromCatalog(t, "apache-2.0")

	ft := model("hf:acme/support-assistant-8b@"+pin, true, l31, anc(baseRef, l31))
	vision := model(visionRef, true, l32)
	vision.Task = "image-text-to-text"
	text32 := model("hf:meta-llama/Llama-3.2-1B-Instruct@"+pin, true, l32)
	text32.Task = "text-generation"
	gguf := model("hf:someone/Meta-Llama-3-8B-Instruct-GGUF@"+pin, true, ap, anc("hf:meta-llama/Meta-Llama-3-8B-Instruct", l3))
	gguf.BaseModels[0].Relation = "quantized"
	gemmaM := model("hf:google/gemma-2-9b@"+pin, true, gem)

	expired := mustParse(t, "extends: commercial-saas\nwaivers:\n  - {model: \"acme/*\", rule: user-limit, reason: negotiating, expires: "+yesterday+"}\n")
	saasEU := Context{Commercial: yes(), MonthlyActiveUsers: 1000, Distribution: DistSaaS, Regions: []string{"EU"}}

	for _, tc := range []struct {
		name   string
		r      *sbom.Report
		p      *Policy
		ctx    Context
		want   []want
		absent []string
		maxSev string
	}{
		{"fine-tune at 800M MAU", report(ft), mustPreset(t, "commercial-saas"), saas(800_000_000),
			[]want{{RuleUserLimit, "error", ft.Ref, false}}, nil, "error"},
		{"fine-tune at 10M MAU", report(ft), mustPreset(t, "commercial-saas"), saas(10_000_000),
			[]want{{RuleAttribution, "note", ft.Ref, false}, {RuleNamingRule, "note", ft.Ref, false}}, []string{RuleUserLimit}, "note"},
		{"CC-BY-NC in commercial SaaS", report(model("hf:facebook/musicgen-small@"+pin, true, nc)), mustPreset(t, "commercial-saas"), saas(1000),
			[]want{{RuleCommercialUse, "error", "", false}}, nil, "error"},
		{"Llama 3.2 vision in the EU", report(vision), mustPreset(t, "commercial-saas"), saasEU,
			[]want{{RuleTerritory, "error", visionRef, false}}, nil, "error"},
		{"Llama 3.2 text model in the EU", report(text32), mustPreset(t, "commercial-saas"), saasEU,
			nil, []string{RuleTerritory}, "note"},
		{"Gemma in a research repo", report(gemmaM), mustPreset(t, "research"), Context{Commercial: no(), Distribution: DistInternal},
			[]want{{RuleUsePolicy, "note", gemmaM.Ref, false}}, nil, "note"},
		{"Apache-2.0 GGUF of Llama 3", report(gguf), mustPreset(t, "commercial-saas"), saas(1000),
			[]want{{RuleLicenseMismatch, "error", gguf.Ref, false}}, nil, "error"},
		{"expired waiver", report(ft), expired, saas(800_000_000),
			[]want{{RuleUserLimit, "error", ft.Ref, false}, {RuleWaiverExpired, "note", "", false}}, nil, "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Evaluate(tc.r, tc.p, tc.ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !hasFinding(got, w) {
					t.Errorf("missing %+v in\n%s", w, dump(got))
				}
			}
			for _, r := range tc.absent {
				if find(got, r) != nil {
					t.Errorf("unexpected %s:\n%s", r, dump(got))
				}
			}
			max := ""
			for _, f := range got {
				if f.Waived == nil && severityRank(f.Severity) > severityRank(max) {
					max = f.Severity
				}
			}
			if max != tc.maxSev {
				t.Errorf("most severe = %q, want %q\n%s", max, tc.maxSev, dump(got))
			}
			checkWellFormed(t, got)
		})
	}
}
