package policies

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// TestExtractedTerms: terms the clause extractor read from a license text
// aibom does not know (no catalog key) are judged as written: commercial
// use it could not decide is a finding, never a pass; a cap in a unit the
// context has no figure for is not compared with monthly active users; a
// naming rule other than a prefix is reported as written.
func TestExtractedTerms(t *testing.T) {
	unknownText := func(terms licenses.Terms) fixtureLicense {
		return fixtureLicense{
			lic:   sbom.License{SPDXID: "LicenseRef-aibom-unknown-0123456789ab", Source: "detected"},
			terms: &terms,
		}
	}
	cases := []struct {
		name    string
		terms   licenses.Terms
		builds  bool
		rule    string // the finding that must be there ("" = none of the rules below)
		message string // a substring of its message
		remedy  string // a substring of its remedy ("" = not checked)
		absent  []string
	}{
		{name: "unresolved commercial use is a finding",
			terms: licenses.Terms{CommercialUse: licenses.Unknown, Redistribution: licenses.Unknown,
				Evidence: map[string]licenses.Clause{"commercial_use": {Quote: "We encourage academic use.", Certainty: licenses.Unresolved}}},
			rule: RuleCommercialUse, message: "do not establish whether commercial use is allowed"},
		{name: "inferred allowed is no commercial-use finding",
			terms: licenses.Terms{CommercialUse: licenses.Allowed, Redistribution: licenses.Allowed,
				Evidence: map[string]licenses.Clause{"commercial_use": {Quote: "royalty-free license to use", Certainty: licenses.Inferred}}},
			absent: []string{RuleCommercialUse}},
		{name: "visits cap is not compared with MAU",
			terms: licenses.Terms{CommercialUse: licenses.Conditional, Redistribution: licenses.Unknown,
				UserLimit: &licenses.UserLimit{Count: 1_000_000, Unit: licenses.VisitsPerMonth}},
			rule: RuleUserLimit, message: "1,000,000 visits per month, which cannot be compared"},
		{name: "naming contains",
			terms: licenses.Terms{CommercialUse: licenses.Allowed, Redistribution: licenses.Allowed,
				NamingRule: licenses.Str("Nova"), NamingKind: licenses.NamingContains},
			builds: true, rule: RuleNamingRule, message: `must have a name containing "Nova"`},
		{name: "naming no endorsement",
			terms: licenses.Terms{CommercialUse: licenses.Allowed, Redistribution: licenses.Allowed,
				NamingRule: licenses.Str("must not imply that a Derivative is an official product"), NamingKind: licenses.NamingEndorse},
			builds: true, rule: RuleNamingRule, message: "must not be presented as official or endorsed by the licensor"},
		// A non-commercial grant that names the way to a commercial
		// license: the extractor reads it as conditional, the corpus
		// labels (and some catalog entries) as prohibited. Either way the
		// user is told to obtain the license from the licensor.
		{name: "nc grant with a path: conditional",
			terms: licenses.Terms{CommercialUse: licenses.Conditional, RegistrationRequired: true, Redistribution: licenses.Unknown,
				Evidence: map[string]licenses.Clause{"commercial_use": {Quote: "If you are commercially using the Materials, you shall request a license from us.", Certainty: licenses.Stated}}},
			rule: RuleRegistrationRequired, message: "requires registration with or written authorization", remedy: "request authorization from the licensor"},
		{name: "nc grant with a path: prohibited",
			terms: licenses.Terms{CommercialUse: licenses.Prohibited, Redistribution: licenses.Unknown},
			rule:  RuleCommercialUse, message: "prohibits commercial use", remedy: "obtain a commercial license from the licensor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ref := "hf:acme/some-model@" + pin
			r := report(model(ref, true, unknownText(c.terms)))
			ctx := Context{Commercial: yes(), MonthlyActiveUsers: 5_000_000, Distribution: DistSaaS, BuildsModels: c.builds}
			fs, err := Evaluate(r, mustPreset(t, "commercial-saas"), ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			found := c.rule == ""
			for _, f := range fs {
				if f.Rule == c.rule && strings.Contains(f.Message, c.message) && strings.Contains(f.Remediation, c.remedy) {
					found = true
				}
				for _, a := range c.absent {
					if f.Rule == a {
						t.Errorf("unexpected %s finding: %s", a, f.Message)
					}
				}
			}
			if !found {
				var got []string
				for _, f := range fs {
					got = append(got, f.Rule+": "+f.Message)
				}
				t.Errorf("no %s finding with %q; findings:\n%s", c.rule, c.message, strings.Join(got, "\n"))
			}
		})
	}
}
