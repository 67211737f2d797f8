package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
)

func presetList() string { return strings.Join(policies.Presets(), ", ") }

// addContextFlags adds the product-context flags, which override the
// config file's context: section.
func addContextFlags(fs *pflag.FlagSet) {
	fs.Bool("commercial", true, "the product is commercial")
	fs.Int64("mau", 0, "the product's monthly active users")
	fs.Int64("dau", 0, "the product's daily active users")
	fs.Int64("revenue", 0, "the organisation's annual revenue in USD")
	fs.StringSlice("region", nil, "a region the product ships in (repeatable: --region EU --region US)")
	fs.String("distribution", "", "saas, on-prem, internal or redistributes-weights")
	fs.Bool("builds-models", false, "the product trains or distils other models on model outputs")
	fs.Bool("allow-unresolved", false, "accept models that could not be judged (not resolved, or license unknown): they are listed but do not make the verdict incomplete")
}

// judge is the evaluate stage as the CLI runs it: a policy, the product
// context, the fail threshold and an optional baseline.
type judge struct {
	policy          *policies.Policy
	ctx             policies.Context
	failOn          string
	baseline        map[string]bool // finding ids present in the baseline report
	allowUnresolved bool            // --allow-unresolved
}

func (a *app) newJudge(cfg Config, flags *pflag.FlagSet) (*judge, error) {
	return a.newJudgeFrom(cfg, flags, nil)
}

// newJudgeFrom is newJudge starting from a recorded product context (a
// saved report's) instead of none: the config file's context: section, when
// it has one, replaces it, and context flags override either.
func (a *app) newJudgeFrom(cfg Config, flags *pflag.FlagSet, recorded *policies.Context) (*judge, error) {
	j := &judge{failOn: cfg.FailOn}
	if flags != nil && flags.Lookup("allow-unresolved") != nil {
		j.allowUnresolved, _ = flags.GetBool("allow-unresolved")
	}
	pol, err := loadPolicy(cfg.Policy, flags)
	if err != nil {
		return nil, err
	}
	j.policy = pol
	ctx, err := contextFrom(cfg.Context)
	if err != nil {
		return nil, err
	}
	if recorded != nil && len(cfg.Context) == 0 {
		ctx = *recorded
	}
	if err := overrideContext(&ctx, flags); err != nil {
		return nil, err
	}
	if err := ctx.Validate(); err != nil {
		return nil, usagef("product context: %v", err)
	}
	j.ctx = ctx
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

// loadPolicy takes a preset name or a policy file; the default preset when
// none is named. A relative file named in .aibom.yaml is read relative to
// the working directory first, then to the scanned root's config file.
func loadPolicy(name string, _ *pflag.FlagSet) (*policies.Policy, error) {
	if name == "" {
		name = policies.DefaultPreset
	}
	if slices.Contains(policies.Presets(), name) {
		p, err := policies.Preset(name)
		if err != nil {
			return nil, usageError{err}
		}
		return p, nil
	}
	if _, err := os.Stat(name); err != nil {
		return nil, usagef("policy %q is neither a preset (%s) nor a readable file: %v", name, presetList(), err)
	}
	p, err := policies.Load(name)
	if err != nil {
		return nil, usageError{err}
	}
	return p, nil
}

// contextFrom decodes the config file's context: mapping strictly into the
// policy package's Context.
func contextFrom(m map[string]any) (policies.Context, error) {
	var ctx policies.Context
	if len(m) == 0 {
		return ctx, nil
	}
	data, err := yaml.Marshal(m)
	if err != nil {
		return ctx, usagef("context: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&ctx); err != nil {
		msg := strings.ReplaceAll(err.Error(), "yaml: unmarshal errors:\n", "")
		msg = strings.ReplaceAll(msg, "in type policies.Context", "")
		return ctx, usagef("context: %s (keys: commercial, monthly_active_users, daily_active_users, annual_revenue_usd, regions, distribution, builds_models, approvals)", strings.TrimSpace(msg))
	}
	return ctx, nil
}

// contextFlags are the flags that override the product context.
var contextFlags = []string{"commercial", "mau", "dau", "revenue", "region", "distribution", "builds-models"}

// changedContextFlags lists the context flags given on the command line.
func changedContextFlags(flags *pflag.FlagSet) []string {
	var out []string
	for _, n := range contextFlags {
		if f := flags.Lookup(n); f != nil && f.Changed {
			out = append(out, "--"+n)
		}
	}
	return out
}

func overrideContext(ctx *policies.Context, flags *pflag.FlagSet) error {
	if flags == nil {
		return nil
	}
	var errs []error
	if f := flags.Lookup("commercial"); f != nil && f.Changed {
		b, err := strconv.ParseBool(f.Value.String())
		errs = append(errs, err)
		ctx.Commercial = &b
	}
	setInt := func(name string, dst *int64) {
		if f := flags.Lookup(name); f != nil && f.Changed {
			n, err := strconv.ParseInt(f.Value.String(), 10, 64)
			errs = append(errs, err)
			*dst = n
		}
	}
	setInt("mau", &ctx.MonthlyActiveUsers)
	setInt("dau", &ctx.DailyActiveUsers)
	setInt("revenue", &ctx.AnnualRevenueUSD)
	if f := flags.Lookup("region"); f != nil && f.Changed {
		ctx.Regions, _ = flags.GetStringSlice("region")
	}
	if f := flags.Lookup("distribution"); f != nil && f.Changed {
		ctx.Distribution = f.Value.String()
	}
	if f := flags.Lookup("builds-models"); f != nil && f.Changed {
		ctx.BuildsModels, _ = flags.GetBool("builds-models")
	}
	if err := errors.Join(errs...); err != nil {
		return usagef("context flags: %v", err)
	}
	return nil
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
		return incompleteError{unjudged: s.UnjudgedText()}
	}
	return findingsError{count: s.CountAt(s.FailOn)}
}

// audit records the settings that shaped the report.
func (c Config) audit(file string, j *judge) *sbom.ScanConfig {
	sc := &sbom.ScanConfig{Offline: c.Offline, FailOn: c.FailOn, MaxDepth: c.MaxDepth, NoDocs: !c.IncludeDocs}
	if j != nil && j.policy != nil {
		sc.Policy = j.policy.Name
		if p := j.policy.Name; p != "" && !slices.Contains(policies.Presets(), p) {
			sc.Policy = filepath.ToSlash(p)
		}
		sc.Context, sc.Approvals = policies.RecordContext(j.ctx)
		sc.AllowUnresolved = j.allowUnresolved || j.policy.AllowUnresolved
	}
	_ = file
	return sc
}
