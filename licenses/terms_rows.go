package licenses

import (
	"fmt"
	"strings"
)

// TermRow is one term of a Terms for display: its JSON field name, its
// value in words, how sure the reading is and the clause behind it.
type TermRow struct {
	Field     string
	Value     string
	Certainty string // Stated, Inferred, Unresolved; "catalog" for a curated term; "" when no clause was recorded
	Clause    Clause
}

// Rows lists the terms of t in a fixed order, every term once, for
// `aibom license`. With curated set (the terms of a catalog entry) every
// certainty is "catalog"; otherwise it is the extractor's, and empty for a
// term no clause decided.
func (t Terms) Rows(curated bool) []TermRow {
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	str := func(p *string) string {
		if p == nil {
			return "-"
		}
		return *p
	}
	users := "-"
	if l := t.UserLimit; l != nil {
		users = fmt.Sprintf("%d %s", l.Count, strings.ReplaceAll(l.Unit, "_", " "))
	}
	revenue := "-"
	if l := t.RevenueLimit; l != nil {
		revenue = strings.TrimSpace(fmt.Sprintf("%d %s %s", l.Amount, l.Currency, l.Period))
	}
	naming := str(t.NamingRule)
	if t.NamingRule != nil {
		naming = cmpOr(t.NamingKind, NamingPrefix) + ": " + naming
	}
	territory := "-"
	if len(t.TerritoryExcluded) > 0 {
		territory = strings.Join(t.TerritoryExcluded, ", ")
	}
	rows := []TermRow{
		{Field: fieldCommercialUse, Value: cmpOr(t.CommercialUse, Unknown)},
		{Field: fieldUserLimit, Value: users},
		{Field: fieldRevenueLimit, Value: revenue},
		{Field: fieldResearchOnly, Value: yes(t.ResearchOnly)},
		{Field: fieldEvaluationOnly, Value: yes(t.EvaluationOnly)},
		{Field: fieldRegistration, Value: yes(t.RegistrationRequired)},
		{Field: fieldAttribution, Value: yes(t.AttributionRequired)},
		{Field: fieldAttribText, Value: str(t.AttributionText)},
		{Field: fieldNamingRule, Value: naming},
		{Field: fieldOutput, Value: yes(t.OutputRestriction)},
		{Field: fieldOutputUse, Value: cmpOr(t.OutputUse, "-")},
		{Field: fieldUseRestrict, Value: yes(t.UseRestrictions)},
		{Field: fieldUsePolicy, Value: str(t.UsePolicy)},
		{Field: fieldRedistribution, Value: cmpOr(t.Redistribution, Unknown)},
		{Field: fieldShareAlike, Value: yes(t.ShareAlike)},
		{Field: fieldTerritory, Value: territory},
		{Field: fieldGoverningLaw, Value: str(t.GoverningLaw)},
	}
	for i := range rows {
		c := t.Evidence[rows[i].Field]
		rows[i].Clause = c
		rows[i].Certainty = c.Certainty
		if curated || c.Certainty == "" && c.Quote != "" {
			rows[i].Certainty = "catalog"
		}
	}
	return rows
}
