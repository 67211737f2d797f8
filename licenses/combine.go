package licenses

import (
	"cmp"
	"slices"
	"strings"
)

// Part is one license that binds a model, as Combine reads it: the license's
// terms and where they come from, so the combined terms can say which part
// decided each value.
type Part struct {
	// License names the license in evidence: catalog key, else SPDX id or
	// any other name; "" for a license nothing identifies.
	License string
	// Model is the ref of the model whose license this is.
	Model string
	// Terms are the license's own terms; nil when nothing is known of them
	// (read as unknown, never as allowed).
	Terms *Terms
}

// UnionSeparator joins the values of a string term (attribution text,
// naming rule, use policy, governing law) when the combined parts set
// different ones.
const UnionSeparator = "; "

// Combine returns the terms a model is bound by when every part binds it at
// once: for each term the most restrictive value of any part, with the
// clause of the part that decides it (Clause.License and Clause.Model name
// that part). The orders, most restrictive first:
//
//   - commercial use and redistribution: prohibited, conditional, unknown,
//     allowed (an unknown part keeps allowed from being concluded);
//   - output use: ban, derivative, conditional, unknown, unrestricted;
//   - user caps: the lowest per unit (the monthly one in user_limit, any
//     other unit in other_user_limits);
//   - revenue caps: the lowest per currency and period, the first in
//     revenue_limit and every other in other_revenue_limits;
//   - research-only, evaluation-only and every other flag: set if any part
//     sets it;
//   - attribution text, naming rule, use policy, governing law: every
//     distinct value, in part order, joined by UnionSeparator;
//   - excluded territories: the union.
//
// No parts give the terms of nothing known: commercial use and
// redistribution unknown.
func Combine(parts []Part) Terms {
	out := Terms{CommercialUse: Unknown, Redistribution: Unknown}
	if len(parts) == 0 {
		return out
	}
	if len(parts) == 1 && parts[0].Terms != nil {
		// One license: its own terms, with evidence naming the part.
		out = cloneTerms(*parts[0].Terms)
		out.CommercialUse = cmp.Or(out.CommercialUse, Unknown)
		out.Redistribution = cmp.Or(out.Redistribution, Unknown)
		for k, c := range out.Evidence {
			c.License, c.Model = parts[0].License, parts[0].Model
			out.Evidence[k] = c
		}
		return out
	}
	c := combiner{parts: parts, ev: map[string]Clause{}}

	out.CommercialUse = c.ranked("commercial_use", valueRank, func(t *Terms) string { return cmp.Or(t.CommercialUse, Unknown) })
	out.Redistribution = c.ranked("redistribution", valueRank, func(t *Terms) string { return cmp.Or(t.Redistribution, Unknown) })

	// OutputUse: an unclassified value ("", terms that predate the field)
	// counts as a ban when the coarse flag is set, else as unknown. All
	// unclassified stays unclassified.
	classified := slices.ContainsFunc(parts, func(p Part) bool { return p.Terms != nil && p.Terms.OutputUse != "" })
	if classified {
		out.OutputUse = c.ranked("output_use", outputRank, func(t *Terms) string {
			switch {
			case t.OutputUse != "":
				return t.OutputUse
			case t.OutputRestriction:
				return OutputBan
			}
			return OutputUnknown
		})
	}

	for _, f := range []struct {
		key string
		dst *bool
		get func(*Terms) bool
	}{
		{"research_only", &out.ResearchOnly, func(t *Terms) bool { return t.ResearchOnly }},
		{"evaluation_only", &out.EvaluationOnly, func(t *Terms) bool { return t.EvaluationOnly }},
		{"registration_required", &out.RegistrationRequired, func(t *Terms) bool { return t.RegistrationRequired }},
		{"attribution_required", &out.AttributionRequired, func(t *Terms) bool { return t.AttributionRequired }},
		{"output_restriction", &out.OutputRestriction, func(t *Terms) bool { return t.OutputRestriction }},
		{"use_restrictions", &out.UseRestrictions, func(t *Terms) bool { return t.UseRestrictions }},
		{"share_alike", &out.ShareAlike, func(t *Terms) bool { return t.ShareAlike }},
	} {
		*f.dst = c.any(f.key, f.get)
	}

	for _, f := range []struct {
		key string
		dst **string
		get func(*Terms) *string
	}{
		{"attribution_text", &out.AttributionText, func(t *Terms) *string { return t.AttributionText }},
		{"naming_rule", &out.NamingRule, func(t *Terms) *string { return t.NamingRule }},
		{"use_policy", &out.UsePolicy, func(t *Terms) *string { return t.UsePolicy }},
		{"governing_law", &out.GoverningLaw, func(t *Terms) *string { return t.GoverningLaw }},
	} {
		*f.dst = Str(strings.Join(c.union(f.key, f.get), UnionSeparator))
	}
	out.TerritoryExcluded = c.territories()
	out.UserLimit, out.OtherUserLimits = c.userLimits()
	out.RevenueLimit, out.OtherRevenueLimits = c.revenueLimits()
	if len(c.ev) > 0 {
		out.Evidence = c.ev
	}
	return out
}

// valueRank orders commercial_use and redistribution values, most
// restrictive highest. Anything unrecognised reads as unknown.
func valueRank(v string) int {
	switch v {
	case Prohibited:
		return 4
	case Conditional:
		return 3
	case Allowed:
		return 1
	}
	return 2
}

func outputRank(v string) int {
	switch v {
	case OutputBan:
		return 5
	case OutputDerivative:
		return 4
	case OutputConditional:
		return 3
	case OutputUnrestricted:
		return 1
	}
	return 2
}

// CategoryRank orders license categories from the most restrictive
// (non-commercial) to the least (permissive), for listing the licenses
// that bind a model with the one that most limits it first.
func CategoryRank(category string) int {
	switch category {
	case CategoryNonCommercial:
		return 6
	case CategoryProprietary:
		return 5
	case CategoryOpenWeights:
		return 4
	case CategoryCopyleft:
		return 2
	case CategoryPermissive:
		return 1
	}
	return 3 // unknown: between the restrictive and the open ones
}

type combiner struct {
	parts []Part
	ev    map[string]Clause
}

var unknownTerms = Terms{CommercialUse: Unknown, Redistribution: Unknown}

func (c *combiner) terms(i int) *Terms {
	if t := c.parts[i].Terms; t != nil {
		return t
	}
	return &unknownTerms
}

// note records the clause of part i for key: its own quote when it has one,
// else just the part's name, so a reader still learns which license and
// model decided the value.
func (c *combiner) note(key string, i int) {
	p := c.parts[i]
	cl := c.terms(i).Evidence[key]
	cl.License, cl.Model = p.License, p.Model
	c.ev[key] = cl
}

// ranked returns the highest-ranked value and notes the first part that has it.
func (c *combiner) ranked(key string, rank func(string) int, get func(*Terms) string) string {
	best, at := "", -1
	for i := range c.parts {
		v := get(c.terms(i))
		if at < 0 || rank(v) > rank(best) {
			best, at = v, i
		}
	}
	if rank(best) > 1 {
		c.note(key, at)
	}
	return best
}

func (c *combiner) any(key string, get func(*Terms) bool) bool {
	for i := range c.parts {
		if get(c.terms(i)) {
			c.note(key, i)
			return true
		}
	}
	return false
}

func (c *combiner) union(key string, get func(*Terms) *string) []string {
	var vals []string
	for i := range c.parts {
		v := get(c.terms(i))
		if v == nil || strings.TrimSpace(*v) == "" || slices.Contains(vals, *v) {
			continue
		}
		if len(vals) == 0 {
			c.note(key, i)
		}
		vals = append(vals, *v)
	}
	return vals
}

func (c *combiner) territories() []string {
	var out []string
	for i := range c.parts {
		ts := c.terms(i).TerritoryExcluded
		if len(ts) > 0 && len(out) == 0 {
			c.note("territory_excluded", i)
		}
		out = append(out, ts...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// userLimits keeps the lowest cap of each unit: monthly active users first
// (the unit nearly every license uses), the others after it.
func (c *combiner) userLimits() (*UserLimit, []UserLimit) {
	best := map[string]int{} // unit → part index
	for i := range c.parts {
		l := c.terms(i).UserLimit
		if l == nil || l.Count <= 0 {
			continue
		}
		if j, ok := best[l.Unit]; !ok || l.Count < c.terms(j).UserLimit.Count {
			best[l.Unit] = i
		}
	}
	if len(best) == 0 {
		return nil, nil
	}
	units := make([]string, 0, len(best))
	for u := range best {
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b string) int {
		return cmp.Or(cmp.Compare(boolRank(a != MonthlyActiveUsers), boolRank(b != MonthlyActiveUsers)), cmp.Compare(a, b))
	})
	first := *c.terms(best[units[0]]).UserLimit
	c.note("user_limit", best[units[0]])
	var others []UserLimit
	for _, u := range units[1:] {
		others = append(others, *c.terms(best[u]).UserLimit)
	}
	return &first, others
}

// revenueLimits keeps the lowest cap of each currency and period (a higher
// cap in the same currency and period is reached only after the lower one
// has ended the grant); USD and annual caps first.
func (c *combiner) revenueLimits() (*RevenueLimit, []RevenueLimit) {
	type key struct{ cur, period string }
	best := map[key]int{}
	for i := range c.parts {
		l := c.terms(i).RevenueLimit
		if l == nil || l.Amount <= 0 {
			continue
		}
		k := key{strings.ToUpper(cmp.Or(l.Currency, "USD")), cmp.Or(l.Period, "annual")}
		if j, ok := best[k]; !ok || l.Amount < c.terms(j).RevenueLimit.Amount {
			best[k] = i
		}
	}
	if len(best) == 0 {
		return nil, nil
	}
	keys := make([]key, 0, len(best))
	for k := range best {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(boolRank(a.cur != "USD"), boolRank(b.cur != "USD")), cmp.Compare(a.cur, b.cur),
			cmp.Compare(boolRank(a.period != "annual"), boolRank(b.period != "annual")), cmp.Compare(a.period, b.period))
	})
	first := *c.terms(best[keys[0]]).RevenueLimit
	c.note("revenue_limit", best[keys[0]])
	var others []RevenueLimit
	for _, k := range keys[1:] {
		others = append(others, *c.terms(best[k]).RevenueLimit)
	}
	return &first, others
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
