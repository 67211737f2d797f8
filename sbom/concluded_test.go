package sbom

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/licenses"
)

func catalogPart(t *testing.T, key, source string, from ...string) LicensePart {
	t.Helper()
	l, ok := licenses.Builtin().Get(key)
	if !ok {
		t.Fatalf("catalog has no %s", key)
	}
	terms := l.Terms
	return LicensePart{License: License{Key: l.Key, SPDXID: l.SPDXID, HFID: l.HFID, Name: l.Name, Source: source, Category: l.Category},
		From: from, Terms: &terms}
}

const (
	ft   = "hf:ruslanmv/Medical-Llama3-8B"
	base = "hf:meta-llama/Meta-Llama-3-8B"
)

func TestConclude(t *testing.T) {
	cases := []struct {
		name  string
		parts func(t *testing.T) []LicensePart
		expr  string
		label string
		keys  []string // part keys in order
	}{
		{"laundered fine-tune: the Llama license first", func(t *testing.T) []LicensePart {
			return []LicensePart{catalogPart(t, "apache-2.0", SourceDeclared, ft), catalogPart(t, "llama3", SourceInherited, base)}
		}, "LicenseRef-aibom-llama3 AND Apache-2.0", "llama3 ← apache-2.0 declared", []string{"llama3", "apache-2.0"}},
		{"a fine-tune declaring its base's license is one part from two models", func(t *testing.T) []LicensePart {
			return []LicensePart{catalogPart(t, "llama3", SourceInherited, base), catalogPart(t, "llama3", SourceDeclared, ft)}
		}, "LicenseRef-aibom-llama3", "llama3", []string{"llama3"}},
		{"nothing declared, inherited only", func(t *testing.T) []LicensePart {
			return []LicensePart{catalogPart(t, "llama3", SourceInherited, base)}
		}, "LicenseRef-aibom-llama3", "llama3 (inherited)", []string{"llama3"}},
		{"a text in the repository against the card", func(t *testing.T) []LicensePart {
			p := catalogPart(t, "llama3", SourceDetected, ft)
			p.File = "LICENSE"
			return []LicensePart{catalogPart(t, "apache-2.0", SourceDeclared, ft), p}
		}, "LicenseRef-aibom-llama3 AND Apache-2.0", "llama3 ← apache-2.0 declared", []string{"llama3", "apache-2.0"}},
		{"a catalog fact", func(t *testing.T) []LicensePart {
			return []LicensePart{catalogPart(t, "gemma", SourceCatalog, ft)}
		}, "LicenseRef-scancode-gemma-tou-2025-03-24", "gemma (catalog)", []string{"gemma"}},
		{"a choice keeps its meaning inside a conjunction", func(t *testing.T) []LicensePart {
			return []LicensePart{{License: License{SPDXID: "Apache-2.0 OR MIT", Name: "Apache-2.0 OR MIT", Source: SourceDeclared, Category: licenses.CategoryPermissive}, From: []string{ft}},
				catalogPart(t, "llama3", SourceInherited, base)}
		}, "LicenseRef-aibom-llama3 AND (Apache-2.0 OR MIT)", "llama3 ← Apache-2.0 OR MIT declared", []string{"llama3", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Conclude(ft, tc.parts(t))
			if c.Expression != tc.expr {
				t.Errorf("expression %q, want %q", c.Expression, tc.expr)
			}
			m := &Model{Ref: ft, License: c}
			if got := LicenseLabel(m); got != tc.label {
				t.Errorf("label %q, want %q", got, tc.label)
			}
			var keys []string
			for _, p := range c.Parts {
				keys = append(keys, p.Key)
				if p.From[0] != ft && p.Source != SourceInherited {
					t.Errorf("part %s from %v: the model's own ref comes first", p.Key, p.From)
				}
			}
			if strings.Join(keys, ",") != strings.Join(tc.keys, ",") {
				t.Errorf("parts %v, want %v", keys, tc.keys)
			}
		})
	}
	if Conclude(ft, nil) != nil {
		t.Error("no parts must give no concluded license")
	}
	if got := LicenseLabel(&Model{Ref: ft}); got != "?" {
		t.Errorf("no license reads %q, want ?", got)
	}
}

func TestCombinedTermsNameThePart(t *testing.T) {
	c := Conclude(ft, []LicensePart{catalogPart(t, "apache-2.0", SourceDeclared, ft), catalogPart(t, "llama3", SourceInherited, base)})
	terms := c.CombinedTerms()
	if got := CommercialLabel(&terms); got != "conditional (<700M MAU)" {
		t.Errorf("commercial %q, want conditional (<700M MAU)", got)
	}
	if ev := terms.Evidence["user_limit"]; ev.License != "llama3" || ev.Model != base {
		t.Errorf("user_limit evidence %+v, want the llama3 part of %s", ev, base)
	}
	var nothing *Concluded
	if got := nothing.CombinedTerms().CommercialUse; got != licenses.Unknown {
		t.Errorf("nothing identified reads %q, want unknown", got)
	}
}

func TestCommercialLabel(t *testing.T) {
	for _, tc := range []struct {
		t    *licenses.Terms
		want string
	}{
		{nil, "unknown"},
		{&licenses.Terms{}, "unknown"},
		{&licenses.Terms{CommercialUse: licenses.Allowed}, "allowed"},
		{&licenses.Terms{CommercialUse: licenses.Prohibited, ResearchOnly: true}, "prohibited (research only)"},
		{&licenses.Terms{CommercialUse: licenses.Conditional, UserLimit: &licenses.UserLimit{Count: 1_000_000, Unit: licenses.DailyActiveUsers}},
			"conditional (<1M DAU)"},
		{&licenses.Terms{CommercialUse: licenses.Conditional, RevenueLimit: &licenses.RevenueLimit{Amount: 1_000_000, Currency: "USD", Period: "annual"}},
			"conditional (<USD 1M/yr revenue)"},
		{&licenses.Terms{CommercialUse: licenses.Conditional, UserLimit: &licenses.UserLimit{Count: 100_000_000, Unit: licenses.MonthlyActiveUsers},
			OtherUserLimits: []licenses.UserLimit{{Count: 1_000_000, Unit: licenses.DailyActiveUsers}}}, "conditional (<100M MAU, <1M DAU)"},
	} {
		if got := CommercialLabel(tc.t); got != tc.want {
			t.Errorf("CommercialLabel(%+v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestVerdictAt(t *testing.T) {
	counts := func(e, w, n int) map[string]int {
		return map[string]int{SeverityError: e, SeverityWarning: w, SeverityNote: n}
	}
	for _, tc := range []struct {
		s      Summary
		failOn string
		want   string
	}{
		{Summary{Findings: counts(0, 2, 1)}, "error", VerdictPass},
		{Summary{Findings: counts(0, 2, 1)}, "warning", VerdictFail},
		{Summary{Findings: counts(1, 0, 0)}, "none", VerdictFail}, // none judges at error
		{Summary{Findings: counts(0, 0, 0), Unjudged: []Unjudged{{Model: "hf:a/b"}}}, "error", VerdictIncomplete},
		{Summary{Findings: counts(0, 0, 0), Unjudged: []Unjudged{{Model: "hf:a/b"}}, AllowUnresolved: true}, "error", VerdictPass},
		{Summary{Findings: counts(1, 0, 0), Unjudged: []Unjudged{{Model: "hf:a/b"}}}, "error", VerdictFail},
	} {
		if got := tc.s.VerdictAt(tc.failOn); got != tc.want {
			t.Errorf("%+v at %s = %s, want %s", tc.s, tc.failOn, got, tc.want)
		}
	}
}

// TestReadJSONVersion1 converts a report written before the concluded
// license: the own license and the effective ones become the parts.
func TestReadJSONVersion1(t *testing.T) {
	v1 := `{"schema_version": 1, "config": {"offline": false, "fail_on": "none"},
  "models": [{"ref": "` + ft + `", "hub": "huggingface", "id": "ruslanmv/Medical-Llama3-8B", "direct": true, "status": "resolved",
    "license": {"key": "apache-2.0", "spdx_id": "Apache-2.0", "name": "Apache License 2.0", "source": "declared", "category": "permissive"},
    "terms": {"commercial_use": "allowed", "redistribution": "allowed"},
    "effective": [
      {"key": "apache-2.0", "spdx_id": "Apache-2.0", "name": "Apache License 2.0", "source": "declared", "from": "` + ft + `", "terms": {"commercial_use": "allowed"}},
      {"key": "llama3", "spdx_id": "LicenseRef-aibom-llama3", "name": "Meta Llama 3 Community License", "source": "declared", "category": "open-weights", "from": "` + base + `",
       "terms": {"commercial_use": "conditional", "user_limit": {"count": 700000000, "unit": "monthly_active_users"}}}],
    "base_models": [{"ref": "` + base + `", "relation": "finetune"}]}],
  "datasets": [], "findings": [], "summary": {"models": 1, "direct": 1, "findings": {"error": 0}, "verdict": "pass"}}`
	r, err := ReadJSON(strings.NewReader(v1))
	if err != nil {
		t.Fatal(err)
	}
	m := r.Models[0]
	if r.SchemaVersion != SchemaVersion || m.License == nil || m.License.Expression != "LicenseRef-aibom-llama3 AND Apache-2.0" {
		t.Fatalf("converted license %+v", m.License)
	}
	if got := CommercialLabel(m.Terms); got != "conditional (<700M MAU)" {
		t.Errorf("converted terms %q", got)
	}
	if r.Summary.Enforced || r.Summary.FailOn != "none" {
		t.Errorf("summary %+v: the recorded fail_on none is not enforced", r.Summary)
	}
}
