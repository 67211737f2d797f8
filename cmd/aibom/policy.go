package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
)

// judge is the evaluate stage as the CLI runs it: a policy, the product
// context, the fail threshold and an optional baseline.
type judge struct {
	policy   *policies.Policy
	ctx      policies.Context
	failOn   string
	baseline map[string]bool // finding ids present in the baseline report
}

func (a *app) newJudge(cfg Config, _ *pflag.FlagSet) (*judge, error) {
	j := &judge{failOn: cfg.FailOn, policy: cfg.policy, ctx: cfg.Context}
	if j.policy == nil {
		return nil, usagef("no policy loaded") // loadConfig always loads one
	}
	if cfg.Baseline != "" {
		f, err := os.Open(cfg.Baseline)
		if err != nil {
			return nil, usagef("--baseline: %v", err)
		}
		defer f.Close()
		base, err := sbom.ReadJSON(f)
		if err != nil {
			return nil, usagef("--baseline %s: %v", cfg.Baseline, err)
		}
		j.baseline = map[string]bool{}
		for _, f := range base.Findings {
			j.baseline[f.ID] = true
		}
	}
	return j, nil
}

// apply evaluates the policy, marks baseline findings, fills the summary and
// returns how many findings fail the run.
func (j *judge) apply(rep *sbom.Report, now time.Time) (int, error) {
	findings, err := policies.Evaluate(rep, j.policy, j.ctx, now)
	if err != nil {
		return 0, scanError{fmt.Errorf("evaluating policy %s: %w", j.policy.Name, err)}
	}
	if j.baseline != nil {
		for i := range findings {
			isNew := !j.baseline[findings[i].ID]
			findings[i].New = &isNew
		}
	}
	rep.Findings = findings
	rep.Normalize()
	failing := 0
	if j.failOn != "none" {
		failing = policies.FailCount(findings, j.failOn)
	}
	rep.Summary = summarize(rep, failing)
	return failing, nil
}

func summarize(rep *sbom.Report, failing int) *sbom.Summary {
	s := &sbom.Summary{Models: len(rep.Models), Findings: map[string]int{
		sbom.SeverityError: 0, sbom.SeverityWarning: 0, sbom.SeverityNote: 0,
	}, Verdict: "pass"}
	for _, m := range rep.Models {
		if m.Direct {
			s.Direct++
		}
	}
	for _, f := range rep.Findings {
		if f.Waived != nil || (f.New != nil && !*f.New) {
			continue
		}
		s.Findings[f.Severity]++
	}
	if failing > 0 {
		s.Verdict = "fail"
	}
	return s
}

// audit records the settings that shaped the report.
func (c Config) audit(j *judge) *sbom.ScanConfig {
	sc := &sbom.ScanConfig{Offline: c.Offline, FailOn: c.FailOn, MaxDepth: c.MaxDepth, NoDocs: !c.IncludeDocs}
	if j != nil && j.policy != nil {
		sc.Policy = j.policy.Name
		if p := j.policy.Name; p != "" && !slices.Contains(policies.Presets(), p) {
			sc.Policy = filepath.ToSlash(p)
		}
		sc.Context = contextStrings(j.ctx)
	}
	return sc
}

func contextStrings(ctx policies.Context) map[string]string {
	m := map[string]string{}
	if ctx.Commercial != nil {
		m["commercial"] = strconv.FormatBool(*ctx.Commercial)
	}
	if ctx.MonthlyActiveUsers > 0 {
		m["monthly_active_users"] = strconv.FormatInt(ctx.MonthlyActiveUsers, 10)
	}
	if ctx.DailyActiveUsers > 0 {
		m["daily_active_users"] = strconv.FormatInt(ctx.DailyActiveUsers, 10)
	}
	if ctx.AnnualRevenueUSD > 0 {
		m["annual_revenue_usd"] = strconv.FormatInt(ctx.AnnualRevenueUSD, 10)
	}
	if len(ctx.Regions) > 0 {
		m["regions"] = strings.Join(ctx.Regions, ",")
	}
	if ctx.Distribution != "" {
		m["distribution"] = ctx.Distribution
	}
	if ctx.BuildsModels {
		m["builds_models"] = "true"
	}
	if len(ctx.Approvals) > 0 {
		var l []string
		for _, a := range ctx.Approvals {
			l = append(l, a.License)
		}
		m["approvals"] = strings.Join(l, ",")
	}
	return m
}
