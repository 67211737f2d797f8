package main

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/aibom/aibom/internal/settings"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
)

// judge is the evaluate stage as the CLI runs it: a policy, the product
// context, the fail threshold and an optional baseline.
type judge struct {
	policy          *policies.Policy
	ctx             policies.Context
	failOn          string
	baseline        map[string]bool // finding ids present in the baseline report
	allowUnresolved bool            // --allow-unresolved
}

func (a *app) newJudge(cfg Config, _ *pflag.FlagSet) (*judge, error) {
	// Commands without a gate (notice) load no fail_on: judged at error.
	j := &judge{failOn: cmp.Or(cfg.FailOn, sbom.SeverityError), policy: cfg.policy, ctx: cfg.Context, allowUnresolved: cfg.AllowUnresolved}
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

// apply is the policy stage: policies.Judge fills the findings, the
// summary and the verdict, which every output then renders.
func (j *judge) apply(rep *sbom.Report, now time.Time) error {
	err := policies.Judge(rep, j.policy, j.ctx, policies.JudgeOptions{
		Now: now, FailOn: j.failOn, Baseline: j.baseline, AllowUnresolved: j.allowUnresolved,
	})
	if err != nil {
		return scanError{fmt.Errorf("evaluating policy %s: %w", j.policy.Name, err)}
	}
	return nil
}

// verdictError maps the judged report to the exit code: nil unless the
// verdict is enforced and is not pass.
func verdictError(rep *sbom.Report) error {
	s := rep.Summary
	if !s.Failing() {
		return nil
	}
	if s.Verdict == sbom.VerdictIncomplete {
		ie := incompleteError{unread: s.Unread}
		if !s.AllowUnresolved {
			ie.unjudged = s.UnjudgedText()
		}
		return ie
	}
	return findingsError{count: s.CountAt(s.FailOn)}
}

// recordedContext is the product context `aibom check` judges a saved
// report under: the one the report records, each field replaced where a
// flag, an AIBOM_* variable or the --config file sets it. It returns the
// sources that replaced fields, for check to say which context it used.
func recordedContext(rec *sbom.ScanConfig, cfg Config) (policies.Context, []string, error) {
	ctx, err := policies.ContextFromRecord(rec)
	if err != nil {
		return ctx, nil, err
	}
	var over []string
	set := func(key string, apply func()) {
		if src, ok := cfg.sources[key]; ok && src.Kind != settings.FromDefault {
			apply()
			over = append(over, src.String())
		}
	}
	c := cfg.Context
	set("context.commercial", func() { ctx.Commercial = c.Commercial })
	set("context.monthly_active_users", func() { ctx.MonthlyActiveUsers = c.MonthlyActiveUsers })
	set("context.daily_active_users", func() { ctx.DailyActiveUsers = c.DailyActiveUsers })
	set("context.annual_revenue_usd", func() { ctx.AnnualRevenueUSD = c.AnnualRevenueUSD })
	set("context.regions", func() { ctx.Regions = c.Regions })
	set("context.distribution", func() { ctx.Distribution = c.Distribution })
	set("context.builds_models", func() { ctx.BuildsModels = c.BuildsModels })
	set("context.approvals", func() { ctx.Approvals = c.Approvals })
	slices.Sort(over)
	return ctx, slices.Compact(over), ctx.Validate()
}

// contextSource says which product context check judged under.
func contextSource(rec *sbom.ScanConfig, over []string) string {
	var from string
	if rec != nil && (len(rec.Context) > 0 || len(rec.Approvals) > 0) {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(rec.Context)) {
			kv = append(kv, k+"="+rec.Context[k])
		}
		for _, ap := range rec.Approvals {
			kv = append(kv, "approval="+ap.License)
		}
		from = "recorded in the report (" + sbom.Clean(strings.Join(kv, ", "), 300) + ")"
	} else {
		from = "none recorded in the report: the defaults (a commercial product, no figures)"
	}
	if len(over) > 0 {
		from += ", overridden by " + strings.Join(over, ", ")
	}
	return from
}

// audit records the settings that shaped the report.
func (c Config) audit(j *judge) *sbom.ScanConfig {
	sc := &sbom.ScanConfig{Offline: c.Offline, FailOn: c.FailOn, MaxDepth: c.MaxDepth, NoDocs: !c.IncludeDocs, NoTests: !c.IncludeTests}
	if j != nil && j.policy != nil {
		sc.Policy = j.policy.Name
		if p := j.policy.Name; p != "" && !slices.Contains(policies.Presets(), p) {
			sc.Policy = filepath.ToSlash(p)
		}
		sc.Context, sc.Approvals = policies.RecordContext(j.ctx)
		sc.AllowUnresolved = j.allowUnresolved || j.policy.AllowUnresolved
	}
	return sc
}
