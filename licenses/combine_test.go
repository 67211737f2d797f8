package licenses

import (
	"reflect"
	"testing"
)

func catalogPart(t *testing.T, key, model string) Part {
	t.Helper()
	l, ok := Builtin().Get(key)
	if !ok {
		t.Fatalf("catalog has no %s", key)
	}
	return Part{License: key, Model: model, Terms: &l.Terms}
}

// TestCombineLaunderedFineTune is the headline case: Apache-2.0 declared
// over Meta Llama 3. The Llama terms win every field they restrict, and the
// evidence names the Llama part and the base model it comes through.
func TestCombineLaunderedFineTune(t *testing.T) {
	ft := "hf:ruslanmv/Medical-Llama3-8B"
	base := "hf:meta-llama/Meta-Llama-3-8B"
	got := Combine([]Part{catalogPart(t, "apache-2.0", ft), catalogPart(t, "llama3", base)})
	if got.CommercialUse != Conditional {
		t.Errorf("commercial_use %q, want conditional", got.CommercialUse)
	}
	if got.UserLimit == nil || got.UserLimit.Count != 700_000_000 || got.UserLimit.Unit != MonthlyActiveUsers {
		t.Errorf("user_limit %+v, want 700M MAU", got.UserLimit)
	}
	if got.OutputUse != OutputBan || !got.OutputRestriction || !got.UseRestrictions {
		t.Errorf("output_use %q restriction %v use_restrictions %v, want the Llama 3 ban", got.OutputUse, got.OutputRestriction, got.UseRestrictions)
	}
	if got.NamingRule == nil || *got.NamingRule != "Llama 3" {
		t.Errorf("naming_rule %v, want Llama 3", got.NamingRule)
	}
	for _, k := range []string{"commercial_use", "user_limit", "output_use", "naming_rule"} {
		ev, ok := got.Evidence[k]
		if !ok || ev.License != "llama3" || ev.Model != base {
			t.Errorf("evidence[%s] = %+v, want the llama3 part of %s", k, ev, base)
		}
	}
	if got.Evidence["user_limit"].Quote == "" {
		t.Error("user_limit evidence lost the catalog's clause reference")
	}
}

func str(s string) *string { return &s }

// TestCombineFields checks each field's order row by row, on hand-written
// terms so that each row isolates one rule.
func TestCombineFields(t *testing.T) {
	mau := func(n int64) *UserLimit { return &UserLimit{Count: n, Unit: MonthlyActiveUsers} }
	dau := func(n int64) *UserLimit { return &UserLimit{Count: n, Unit: DailyActiveUsers} }
	rev := func(n int64, cur, period string) *RevenueLimit {
		return &RevenueLimit{Amount: n, Currency: cur, Period: period}
	}
	cases := []struct {
		name  string
		parts []*Terms // nil element: a license nothing is known of
		check func(t *testing.T, got Terms)
	}{
		{"no parts is unknown", nil, func(t *testing.T, got Terms) {
			if got.CommercialUse != Unknown || got.Redistribution != Unknown {
				t.Errorf("%q/%q, want unknown/unknown", got.CommercialUse, got.Redistribution)
			}
		}},
		{"prohibited beats conditional", []*Terms{{CommercialUse: Conditional}, {CommercialUse: Prohibited}}, func(t *testing.T, got Terms) {
			if got.CommercialUse != Prohibited || got.Evidence["commercial_use"].Model != "m1" {
				t.Errorf("%q from %q, want prohibited from m1", got.CommercialUse, got.Evidence["commercial_use"].Model)
			}
		}},
		{"conditional beats unknown", []*Terms{{CommercialUse: Unknown}, {CommercialUse: Conditional}}, func(t *testing.T, got Terms) {
			if got.CommercialUse != Conditional {
				t.Errorf("%q, want conditional", got.CommercialUse)
			}
		}},
		{"unknown never becomes allowed", []*Terms{{CommercialUse: Allowed, Redistribution: Allowed}, nil}, func(t *testing.T, got Terms) {
			if got.CommercialUse != Unknown || got.Redistribution != Unknown {
				t.Errorf("%q/%q, want unknown/unknown", got.CommercialUse, got.Redistribution)
			}
			if got.Evidence["commercial_use"].Model != "m1" {
				t.Errorf("evidence %+v, want the unknown part m1", got.Evidence["commercial_use"])
			}
		}},
		{"empty commercial_use reads as unknown", []*Terms{{CommercialUse: Allowed}, {}}, func(t *testing.T, got Terms) {
			if got.CommercialUse != Unknown {
				t.Errorf("%q, want unknown", got.CommercialUse)
			}
		}},
		{"all allowed is allowed, with no evidence", []*Terms{{CommercialUse: Allowed, Redistribution: Allowed}, {CommercialUse: Allowed, Redistribution: Allowed}}, func(t *testing.T, got Terms) {
			if got.CommercialUse != Allowed || got.Redistribution != Allowed || got.Evidence != nil {
				t.Errorf("%q/%q evidence %v, want allowed/allowed and none", got.CommercialUse, got.Redistribution, got.Evidence)
			}
		}},
		{"lowest user cap per unit", []*Terms{{UserLimit: mau(700_000_000)}, {UserLimit: dau(1_000_000)}, {UserLimit: mau(100_000_000)}}, func(t *testing.T, got Terms) {
			if !reflect.DeepEqual(got.UserLimit, mau(100_000_000)) || !reflect.DeepEqual(got.OtherUserLimits, []UserLimit{*dau(1_000_000)}) {
				t.Errorf("user_limit %+v others %+v, want 100M MAU and 1M DAU", got.UserLimit, got.OtherUserLimits)
			}
			if got.Evidence["user_limit"].Model != "m2" {
				t.Errorf("user_limit evidence from %q, want m2", got.Evidence["user_limit"].Model)
			}
		}},
		{"every revenue cap, lowest per currency and period", []*Terms{
			{RevenueLimit: rev(20_000_000, "USD", "monthly")}, {RevenueLimit: rev(1_000_000, "USD", "annual")}, {RevenueLimit: rev(5_000_000, "USD", "annual")},
		}, func(t *testing.T, got Terms) {
			if !reflect.DeepEqual(got.RevenueLimit, rev(1_000_000, "USD", "annual")) ||
				!reflect.DeepEqual(got.OtherRevenueLimits, []RevenueLimit{*rev(20_000_000, "USD", "monthly")}) {
				t.Errorf("revenue_limit %+v others %+v", got.RevenueLimit, got.OtherRevenueLimits)
			}
		}},
		{"research and evaluation only if any", []*Terms{{ResearchOnly: true}, {EvaluationOnly: true}, {}}, func(t *testing.T, got Terms) {
			if !got.ResearchOnly || !got.EvaluationOnly || got.Evidence["evaluation_only"].Model != "m1" {
				t.Errorf("research %v evaluation %v", got.ResearchOnly, got.EvaluationOnly)
			}
		}},
		{"union of attribution texts and naming rules", []*Terms{
			{AttributionText: str("Built with Llama"), NamingRule: str("Llama")},
			{AttributionText: str("Built with Qwen"), NamingRule: str("Llama")},
		}, func(t *testing.T, got Terms) {
			if got.AttributionText == nil || *got.AttributionText != "Built with Llama; Built with Qwen" {
				t.Errorf("attribution_text %v", got.AttributionText)
			}
			if got.NamingRule == nil || *got.NamingRule != "Llama" {
				t.Errorf("naming_rule %v, want one Llama", got.NamingRule)
			}
		}},
		{"union of use policies and territories", []*Terms{
			{UsePolicy: str("llama3.2-aup"), TerritoryExcluded: []string{"EU"}},
			{UsePolicy: str("gemma-prohibited-use-policy"), TerritoryExcluded: []string{"CN", "EU"}},
		}, func(t *testing.T, got Terms) {
			if got.UsePolicy == nil || *got.UsePolicy != "llama3.2-aup; gemma-prohibited-use-policy" {
				t.Errorf("use_policy %v", got.UsePolicy)
			}
			if !reflect.DeepEqual(got.TerritoryExcluded, []string{"CN", "EU"}) {
				t.Errorf("territory_excluded %v", got.TerritoryExcluded)
			}
		}},
		{"output ban beats derivative beats conditional", []*Terms{
			{OutputUse: OutputConditional}, {OutputUse: OutputDerivative}, {OutputUse: OutputBan, OutputRestriction: true},
		}, func(t *testing.T, got Terms) {
			if got.OutputUse != OutputBan || !got.OutputRestriction || got.Evidence["output_use"].Model != "m2" {
				t.Errorf("output_use %q restriction %v", got.OutputUse, got.OutputRestriction)
			}
		}},
		{"unknown output use beats unrestricted", []*Terms{{OutputUse: OutputUnrestricted}, {OutputUse: OutputUnknown}}, func(t *testing.T, got Terms) {
			if got.OutputUse != OutputUnknown {
				t.Errorf("output_use %q, want unknown", got.OutputUse)
			}
		}},
		{"an unclassified restriction reads as a ban", []*Terms{{OutputUse: OutputConditional}, {OutputRestriction: true}}, func(t *testing.T, got Terms) {
			if got.OutputUse != OutputBan {
				t.Errorf("output_use %q, want ban", got.OutputUse)
			}
		}},
		{"redistribution prohibited wins", []*Terms{{Redistribution: Allowed}, {Redistribution: Prohibited}}, func(t *testing.T, got Terms) {
			if got.Redistribution != Prohibited {
				t.Errorf("redistribution %q", got.Redistribution)
			}
		}},
		{"share-alike and registration if any", []*Terms{{ShareAlike: true}, {RegistrationRequired: true}}, func(t *testing.T, got Terms) {
			if !got.ShareAlike || !got.RegistrationRequired {
				t.Errorf("share_alike %v registration %v", got.ShareAlike, got.RegistrationRequired)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var parts []Part
			for i, p := range tc.parts {
				parts = append(parts, Part{License: "l" + string(rune('0'+i)), Model: "m" + string(rune('0'+i)), Terms: p})
			}
			tc.check(t, Combine(parts))
		})
	}
}

// TestCombineOnePart keeps a single license's terms as they are, its
// evidence naming the part, and never aliases the caller's maps.
func TestCombineOnePart(t *testing.T) {
	p := catalogPart(t, "llama3", "hf:meta-llama/Meta-Llama-3-8B")
	got := Combine([]Part{p})
	if got.CommercialUse != Conditional || got.Evidence["user_limit"].License != "llama3" {
		t.Errorf("got %q, evidence %+v", got.CommercialUse, got.Evidence["user_limit"])
	}
	if p.Terms.Evidence["user_limit"].License != "" {
		t.Error("Combine changed the part's own evidence")
	}
}

func TestCategoryRank(t *testing.T) {
	order := []string{CategoryNonCommercial, CategoryProprietary, CategoryOpenWeights, CategoryUnknown, CategoryCopyleft, CategoryPermissive}
	for i := 1; i < len(order); i++ {
		if CategoryRank(order[i-1]) <= CategoryRank(order[i]) {
			t.Errorf("%s should rank above %s", order[i-1], order[i])
		}
	}
}
