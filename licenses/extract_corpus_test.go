package licenses

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/sharedtest"
)

// extLabels is the part of ../shared/corpus/labels.yaml the extractor is
// measured against. Only the fields the extractor derives are read.
type extLabels struct {
	Licenses []struct {
		ID      string   `yaml:"id"`
		Kind    string   `yaml:"kind"`
		File    string   `yaml:"file"`
		Related []string `yaml:"related"`
		Terms   struct {
			CommercialUse *struct {
				Value string `yaml:"value"`
			} `yaml:"commercial_use"`
			UserThreshold *struct {
				Value *int64 `yaml:"value"`
				Unit  string `yaml:"unit"`
			} `yaml:"user_threshold"`
			RevenueThreshold *struct {
				Value    *int64 `yaml:"value"`
				Currency string `yaml:"currency"`
				Period   string `yaml:"period"`
			} `yaml:"revenue_threshold"`
			ResearchOnly *struct {
				Value bool `yaml:"value"`
			} `yaml:"research_only"`
			Attribution *struct {
				NoticeFileText *string `yaml:"notice_file_text"`
				DisplayText    *string `yaml:"display_text"`
				NamingRule     *string `yaml:"naming_rule"`
			} `yaml:"attribution"`
			OutputRestriction *struct {
				Value *string `yaml:"value"`
			} `yaml:"output_restriction"`
			UseRestrictions *struct {
				Present bool `yaml:"present"`
			} `yaml:"use_restrictions"`
			Redistribution *struct {
				Conditions []string `yaml:"conditions"`
			} `yaml:"redistribution"`
			Copyleft *struct {
				Value *bool `yaml:"value"`
			} `yaml:"copyleft_or_sharealike"`
			Geographic *struct {
				Value *string `yaml:"value"`
			} `yaml:"geographic"`
			GoverningLaw *struct {
				Law *string `yaml:"law"`
			} `yaml:"governing_law"`
		} `yaml:"terms"`
	} `yaml:"licenses"`
}

// TestExtractCorpus runs the clause extractor over every real license text in
// ../shared/corpus/licenses (read in place) and compares it with the verified
// labels. The high-stakes fields are asserted: commercial use is never
// "allowed" where the label says prohibited or conditional, and labelled user
// caps are found exactly. Every other field is reported as a measured
// agreement score, since the extractor is built for texts aibom has never seen
// and the curated catalog, not the extractor, answers for these files.
func TestExtractCorpus(t *testing.T) {
	labelsPath := sharedtest.Path(t, "corpus/labels.yaml")
	raw, err := os.ReadFile(labelsPath)
	if err != nil {
		t.Fatal(err)
	}
	var labels extLabels
	if err := yaml.Unmarshal(raw, &labels); err != nil {
		t.Fatalf("parse %s: %v", labelsPath, err)
	}
	if len(labels.Licenses) == 0 {
		t.Fatalf("%s: no licenses", labelsPath)
	}
	type score struct{ agree, total int }
	scores := map[string]*score{}
	var misses []string
	var cur Terms
	tally := func(field, id string, ok bool, got, want any) {
		s := scores[field]
		if s == nil {
			s = &score{}
			scores[field] = s
		}
		s.total++
		if ok {
			s.agree++
		} else {
			misses = append(misses, fmt.Sprintf("%s %s: got %v want %v (evidence %q)", field, id, got, want, cur.Evidence[field].Quote))
		}
	}
	dir := filepath.Dir(labelsPath)
	for _, l := range labels.Licenses {
		text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(l.File)))
		if err != nil {
			t.Errorf("%s: %v", l.ID, err)
			continue
		}
		got := Extract(text)
		cur = got
		checkEvidence(t, l.ID, text, got)
		lt := l.Terms
		if cu := lt.CommercialUse; cu != nil && cu.Value != "" {
			if got.CommercialUse == Allowed && (cu.Value == Prohibited || cu.Value == Conditional) {
				t.Errorf("%s: commercial_use allowed, label %s (evidence %q)", l.ID, cu.Value, got.Evidence[fieldCommercialUse].Quote)
			}
			tally("commercial_use", l.ID, got.CommercialUse == cu.Value, got.CommercialUse, cu.Value)
		}
		if ut := lt.UserThreshold; ut != nil {
			if ut.Value != nil {
				if got.UserLimit == nil || got.UserLimit.Count != *ut.Value || got.UserLimit.Unit != ut.Unit {
					t.Errorf("%s: user_limit %+v, label %d %s", l.ID, got.UserLimit, *ut.Value, ut.Unit)
				}
			}
			tally("user_limit", l.ID, (ut.Value == nil) == (got.UserLimit == nil), got.UserLimit, ut.Value)
		}
		if rt := lt.RevenueThreshold; rt != nil {
			ok := (rt.Value == nil) == (got.RevenueLimit == nil)
			if ok && rt.Value != nil {
				ok = *got.RevenueLimit == RevenueLimit{Amount: *rt.Value, Currency: rt.Currency, Period: rt.Period}
			}
			tally("revenue_limit", l.ID, ok, got.RevenueLimit, rt.Value)
		}
		if ro := lt.ResearchOnly; ro != nil {
			tally("research_only", l.ID, got.ResearchOnly == ro.Value, got.ResearchOnly, ro.Value)
		}
		if a := lt.Attribution; a != nil {
			want := a.NoticeFileText != nil || a.DisplayText != nil
			tally("attribution_required", l.ID, got.AttributionRequired == want, got.AttributionRequired, want)
			if a.DisplayText != nil || got.AttributionText != nil {
				ok := a.DisplayText != nil && got.AttributionText != nil &&
					strings.Contains(strings.ToLower(*a.DisplayText), strings.ToLower(*got.AttributionText))
				tally("attribution_text", l.ID, ok, deref(got.AttributionText), deref(a.DisplayText))
			}
			if a.NamingRule != nil || got.NamingRule != nil {
				// A prefix or a contained name is compared as the quoted
				// name; a no-endorsement rule quotes its clause, and the
				// label's prose names it by the word "endorse".
				ok := a.NamingRule != nil && got.NamingRule != nil &&
					strings.Contains(strings.ToLower(*a.NamingRule), `"`+strings.ToLower(*got.NamingRule)+`"`)
				if a.NamingRule != nil && got.NamingRule != nil && got.NamingKind == NamingEndorse {
					ok = strings.Contains(strings.ToLower(*a.NamingRule), "endorse")
				}
				tally("naming_rule", l.ID, ok, deref(got.NamingRule), deref(a.NamingRule))
			}
		}
		if o := lt.OutputRestriction; o != nil {
			// Labels describe the restriction in prose; one that forbids
			// something starts "May not" or "Outputs may not".
			want := o.Value != nil && strings.Contains(strings.ToLower(*o.Value), "may not")
			tally("output_restriction", l.ID, got.OutputRestriction == want, got.OutputRestriction, want)
		}
		if u := lt.UseRestrictions; u != nil {
			tally("use_restrictions", l.ID, got.UseRestrictions == u.Present, got.UseRestrictions, u.Present)
		}
		if l.Kind == "model_license" {
			want := ""
			for _, r := range l.Related {
				if strings.HasSuffix(r, "-aup") || strings.Contains(r, "policy") {
					want = r
				}
			}
			tally("use_policy", l.ID, deref(got.UsePolicy) == want, deref(got.UsePolicy), want)
		}
		if r := lt.Redistribution; r != nil && len(r.Conditions) > 0 {
			want := Conditional
			if strings.HasPrefix(r.Conditions[0], "NOT allowed") {
				want = Prohibited
			}
			tally("redistribution", l.ID, got.Redistribution == want, got.Redistribution, want)
		}
		if c := lt.Copyleft; c != nil && c.Value != nil {
			tally("share_alike", l.ID, got.ShareAlike == *c.Value, got.ShareAlike, *c.Value)
		}
		if g := lt.Geographic; g != nil {
			var want []string
			if g.Value != nil && strings.HasPrefix(*g.Value, "EU") {
				want = []string{"EU"}
			}
			tally("territory_excluded", l.ID, slices.Equal(got.TerritoryExcluded, want), got.TerritoryExcluded, want)
		}
		if gl := lt.GoverningLaw; gl != nil {
			want := ""
			if gl.Law != nil {
				want = lawCodeOf(*gl.Law)
			}
			tally("governing_law", l.ID, deref(got.GoverningLaw) == want, deref(got.GoverningLaw), want)
		}
	}
	fields := make([]string, 0, len(scores))
	for f := range scores {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		s := scores[f]
		t.Logf("%-22s %2d/%2d agree (%3.0f%%)", f, s.agree, s.total, 100*float64(s.agree)/float64(s.total))
	}
	for _, m := range misses {
		t.Logf("  differs: %s", m)
	}
}

// lawCodeOf maps a label's prose governing law to the extractor's code.
func lawCodeOf(law string) string {
	l := strings.ToLower(law)
	if strings.Contains(l, "licensee's state") {
		return "" // depends on the licensee: no fixed jurisdiction
	}
	for _, c := range lawCodes {
		if strings.Contains(l, c.needle) {
			return c.code
		}
	}
	return law
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// checkEvidence asserts the evidence invariants: every quote is the input's
// own bytes at its offsets, short, and every set term has evidence.
func checkEvidence(t *testing.T, name string, text []byte, got Terms) {
	t.Helper()
	for f, c := range got.Evidence {
		switch c.Certainty {
		case Stated, Inferred:
		case Unresolved:
			if c.Quote == "" && c.Start == 0 && c.End == 0 {
				continue // undecided, and no clause in doubt
			}
		default:
			t.Errorf("%s: %s evidence certainty %q", name, f, c.Certainty)
		}
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
			t.Errorf("%s: %s evidence offsets [%d,%d) outside input of %d bytes", name, f, c.Start, c.End, len(text))
			continue
		}
		if string(text[c.Start:c.End]) != c.Quote {
			t.Errorf("%s: %s quote %q is not input[%d:%d]", name, f, c.Quote, c.Start, c.End)
		}
		if len(c.Quote) > maxQuoteBytes+8 {
			t.Errorf("%s: %s quote is %d bytes", name, f, len(c.Quote))
		}
	}
	need := map[string]bool{
		fieldUserLimit:      got.UserLimit != nil,
		fieldRevenueLimit:   got.RevenueLimit != nil,
		fieldResearchOnly:   got.ResearchOnly,
		fieldAttribText:     got.AttributionText != nil,
		fieldNamingRule:     got.NamingRule != nil,
		fieldOutput:         got.OutputRestriction,
		fieldUsePolicy:      got.UsePolicy != nil,
		fieldShareAlike:     got.ShareAlike,
		fieldTerritory:      len(got.TerritoryExcluded) > 0,
		fieldGoverningLaw:   got.GoverningLaw != nil,
		fieldCommercialUse:  got.CommercialUse != Unknown,
		fieldRedistribution: got.Redistribution != Unknown,
	}
	for f, set := range need {
		if _, ok := got.Evidence[f]; set && !ok {
			t.Errorf("%s: %s set without evidence", name, f)
		}
	}
}
