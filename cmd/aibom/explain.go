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
	c := &cobra.Command{
		Use:   "explain RULE|LICENSE | explain --report REPORT.json MODEL",
		Short: "Explain a policy rule, a license's terms, or a model's concluded license",
		Long: `Explain prints what a policy rule checks (a rule id such as license-mismatch,
as it appears in findings) or the terms aibom records for a license, named by
catalog key, SPDX id, Hugging Face id, license name or URL (llama3.1, gemma,
Apache-2.0, "Apache License 2.0", https://mistral.ai/licences/MNPL-0.1.md).

With --report, it explains a model of a saved report (its ref, with or
without the revision, or its id): every license that binds it, where each
comes from and its terms, then the combined terms with the license and model
that decide each.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			name := strings.TrimSpace(args[0])
			if path, _ := c.Flags().GetString("report"); path != "" {
				rep, err := readReport(path)
				if err != nil {
					return err
				}
				m := findModel(rep, name)
				if m == nil {
					return usagef("report %s has no model %q", path, name)
				}
				return explainModel(a.stdout, m)
			}
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
			if _, _, _, err := sbom.ParseRef(name); err == nil && strings.Contains(name, ":") {
				return usagef("%q looks like a model: explain a model of a saved report with aibom explain --report REPORT.json %s", name, name)
			}
			return usagef("%q is neither a policy rule nor a license aibom knows (rules: aibom explain <rule>, see docs/policies.md; licenses: docs/licenses.md; a model: --report REPORT.json)", name)
		},
	}
	c.Flags().String("report", "", "explain a model of this aibom JSON report")
	return c
}

// findModel finds a model by ref, by ref without its revision, or by id.
func findModel(rep *sbom.Report, name string) *sbom.Model {
	for i := range rep.Models {
		m := &rep.Models[i]
		bare := strings.TrimSuffix(m.Ref, "@"+m.Revision)
		if strings.EqualFold(m.Ref, name) || strings.EqualFold(bare, name) || strings.EqualFold(m.ID, name) {
			return m
		}
	}
	return nil
}

// explainModel prints a model's concluded license part by part, then the
// combined terms.
func explainModel(w io.Writer, m *sbom.Model) error {
	fmt.Fprintf(w, "%s\n  license:   %s\n", sbom.Clean(m.Ref, 300), sbom.Clean(sbom.LicenseLabel(m), 300))
	if m.License != nil {
		fmt.Fprintf(w, "  concluded: %s\n", sbom.Clean(m.License.Expression, 300))
	}
	if d := m.Declared; d != nil {
		fmt.Fprintf(w, "  declared:  %s\n", sbom.Clean(strings.TrimSpace(d.License+" "+d.Name), 300))
	}
	if m.License != nil {
		for _, p := range m.License.Parts {
			origin := p.Source
			if p.File != "" {
				origin += " in " + p.File
			}
			fmt.Fprintf(w, "\n%s (%s)\n  %s, from %s\n", sbom.Clean(p.Name, 200), sbom.Clean(p.SPDXID, 200), origin, sbom.Clean(strings.Join(p.From, ", "), 500))
			if p.Terms == nil {
				fmt.Fprintln(w, "  terms unknown")
				continue
			}
			explainTerms(w, *p.Terms, p.Key)
		}
	}
	if m.Terms != nil {
		fmt.Fprintln(w, "\nCombined (the most restrictive of every license above)")
		explainTerms(w, *m.Terms, "")
	}
	return nil
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
	fmt.Fprintln(w, "\nTerms")
	explainTerms(w, l.Terms, l.Key)
	return nil
}

// explainTerms prints terms with the clause behind each; self is the key of
// the license the terms are of (its own clauses need no source). In
// combined terms each clause also names the license and model deciding it.
func explainTerms(w io.Writer, t licenses.Terms, self string) {
	row := func(term, value, field string) {
		fmt.Fprintf(w, "  %-22s %s\n", term, value)
		if ev, ok := t.Evidence[field]; ok {
			src := ""
			if ev.Source != "" && ev.Source != self {
				src = " (" + ev.Source + ")"
			}
			if ev.License != "" || ev.Model != "" {
				src += " [" + strings.TrimSpace(ev.License+" via "+ev.Model) + "]"
			}
			if q := strings.TrimSpace(ev.Quote + src); q != "" {
				fmt.Fprintf(w, "  %-22s   ↳ %s\n", "", sbom.Clean(q, 400))
			}
		}
	}
	row("commercial use", orUnknown(t.CommercialUse), "commercial_use")
	if t.UserLimit != nil {
		row("user limit", fmt.Sprintf("%d %s", t.UserLimit.Count, strings.ReplaceAll(t.UserLimit.Unit, "_", " ")), "user_limit")
	}
	for _, l := range t.OtherUserLimits {
		row("user limit", fmt.Sprintf("%d %s", l.Count, strings.ReplaceAll(l.Unit, "_", " ")), "")
	}
	if t.RevenueLimit != nil {
		row("revenue limit", fmt.Sprintf("%d %s (%s)", t.RevenueLimit.Amount, t.RevenueLimit.Currency, t.RevenueLimit.Period), "revenue_limit")
	}
	for _, l := range t.OtherRevenueLimits {
		row("revenue limit", fmt.Sprintf("%d %s (%s)", l.Amount, l.Currency, l.Period), "")
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
}

func orUnknown(s string) string {
	if s == "" {
		return licenses.Unknown
	}
	return s
}
