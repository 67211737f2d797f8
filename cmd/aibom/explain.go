package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
)

// explainCmd says what a policy rule checks or what a license's terms are.
func (a *app) explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE|LICENSE",
		Short: "Explain a policy rule, or a license's terms and the clause behind each",
		Long: `Explain prints what a policy rule checks (a rule id such as license-mismatch,
as it appears in findings) or the terms aibom records for a license, named by
catalog key, SPDX id, Hugging Face id, license name or URL (llama3.1, gemma,
Apache-2.0, "Apache License 2.0", https://mistral.ai/licences/MNPL-0.1.md).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			name := strings.TrimSpace(args[0])
			for _, r := range policies.Rules() {
				if r.ID == name {
					return explainRule(a.stdout, r)
				}
			}
			cat := licenses.Builtin()
			if l, ok := cat.Lookup(name); ok {
				return explainLicense(a.stdout, cat, l)
			}
			if l, ok := cat.Provider(name); ok {
				return explainLicense(a.stdout, cat, l)
			}
			return usagef("%q is neither a policy rule nor a license aibom knows (rules: aibom explain <rule>, see docs/policies.md; licenses: docs/licenses.md)", name)
		},
	}
}

func explainRule(w io.Writer, r policies.RuleInfo) error {
	fmt.Fprintf(w, "%s (default severity: %s)\n\n%s\n\n%s\n\nMore: %s\n", r.ID, r.DefaultSeverity, r.Short, r.Full, r.HelpURI())
	return nil
}

func explainLicense(w io.Writer, cat *licenses.Catalog, l licenses.License) error {
	fmt.Fprintf(w, "%s\n", l.Name)
	fmt.Fprintf(w, "  key:       %s\n  SPDX id:   %s\n", l.Key, l.SPDXID)
	if l.HFID != "" {
		fmt.Fprintf(w, "  Hub id:    %s\n", l.HFID)
	}
	fmt.Fprintf(w, "  kind:      %s\n  category:  %s\n", l.Kind, l.Category)
	if l.VersionDate != "" {
		fmt.Fprintf(w, "  version:   %s\n", l.VersionDate)
	}
	if l.URL != "" {
		fmt.Fprintf(w, "  text:      %s\n", l.URL)
	}
	for _, r := range l.Related {
		if rel, ok := cat.Get(r); ok {
			fmt.Fprintf(w, "  related:   %s (%s)\n", rel.Key, rel.Name)
		}
	}
	t := l.Terms
	fmt.Fprintln(w, "\nTerms")
	row := func(term, value, field string) {
		fmt.Fprintf(w, "  %-22s %s\n", term, value)
		if ev, ok := t.Evidence[field]; ok {
			src := ""
			if ev.Source != "" && ev.Source != l.Key {
				src = " (" + ev.Source + ")"
			}
			fmt.Fprintf(w, "  %-22s   ↳ %s%s\n", "", sbom.Clean(ev.Quote, 300), src)
		}
	}
	row("commercial use", orUnknown(t.CommercialUse), "commercial_use")
	if t.UserLimit != nil {
		row("user limit", fmt.Sprintf("%d %s", t.UserLimit.Count, strings.ReplaceAll(t.UserLimit.Unit, "_", " ")), "user_limit")
	}
	if t.RevenueLimit != nil {
		row("revenue limit", fmt.Sprintf("%d %s (%s)", t.RevenueLimit.Amount, t.RevenueLimit.Currency, t.RevenueLimit.Period), "revenue_limit")
	}
	flags := []struct {
		on          bool
		term, field string
	}{
		{t.ResearchOnly, "research only", "research_only"},
		{t.EvaluationOnly, "evaluation only", "evaluation_only"},
		{t.RegistrationRequired, "registration required", "registration_required"},
		{t.AttributionRequired, "attribution required", "attribution_required"},
		{t.OutputRestriction, "output restriction", "output_restriction"},
		{t.UseRestrictions, "use restrictions", "use_restrictions"},
		{t.ShareAlike, "share-alike", "share_alike"},
	}
	for _, f := range flags {
		if f.on {
			row(f.term, "yes", f.field)
		}
	}
	if t.AttributionText != nil {
		row("display", fmt.Sprintf("%q", *t.AttributionText), "attribution_text")
	}
	if t.NamingRule != nil {
		row("naming rule", "derivative names begin with "+fmt.Sprintf("%q", *t.NamingRule), "naming_rule")
	}
	if t.UsePolicy != nil {
		row("use policy", *t.UsePolicy, "use_policy")
	}
	row("redistribution", orUnknown(t.Redistribution), "redistribution")
	if len(t.TerritoryExcluded) > 0 {
		ex := append([]string(nil), t.TerritoryExcluded...)
		sort.Strings(ex)
		row("territory excluded", strings.Join(ex, ", "), "territory_excluded")
	}
	if t.GoverningLaw != nil {
		row("governing law", *t.GoverningLaw, "governing_law")
	}
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return licenses.Unknown
	}
	return s
}
