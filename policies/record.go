package policies

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// RecordContext is the product context as a report records it (config:
// context as strings, config.approvals whole), so that `aibom check` can
// judge the report again under the same context (ContextFromRecord).
func RecordContext(ctx Context) (map[string]string, []sbom.Approval) {
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
	var approvals []sbom.Approval
	for _, a := range ctx.Approvals {
		approvals = append(approvals, sbom.Approval{License: a.License, Reference: a.Reference, Date: a.Date})
	}
	return m, approvals
}

// ContextFromRecord rebuilds the product context a report records. An
// unknown key or a value of the wrong kind is an error naming it; a report
// written before approvals were kept whole lists their licenses under
// context.approvals, which are read back without reference or date.
func ContextFromRecord(c *sbom.ScanConfig) (Context, error) {
	var ctx Context
	if c == nil {
		return ctx, nil
	}
	var errs []error
	num := func(k, v string) int64 {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("config.context.%s: %q is not a whole number", k, v))
		}
		return n
	}
	for _, k := range slices.Sorted(maps.Keys(c.Context)) {
		v := c.Context[k]
		switch k {
		case "commercial", "builds_models":
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("config.context.%s: %q is not true or false", k, v))
			}
			if k == "commercial" {
				ctx.Commercial = &b
			} else {
				ctx.BuildsModels = b
			}
		case "monthly_active_users":
			ctx.MonthlyActiveUsers = num(k, v)
		case "daily_active_users":
			ctx.DailyActiveUsers = num(k, v)
		case "annual_revenue_usd":
			ctx.AnnualRevenueUSD = num(k, v)
		case "regions":
			for _, r := range strings.Split(v, ",") {
				if r = strings.TrimSpace(r); r != "" {
					ctx.Regions = append(ctx.Regions, r)
				}
			}
		case "distribution":
			ctx.Distribution = v
		case "approvals":
			if len(c.Approvals) == 0 {
				for _, l := range strings.Split(v, ",") {
					if l = strings.TrimSpace(l); l != "" {
						ctx.Approvals = append(ctx.Approvals, Approval{License: l})
					}
				}
			}
		default:
			errs = append(errs, fmt.Errorf("config.context: unknown key %q", k))
		}
	}
	for _, a := range c.Approvals {
		ctx.Approvals = append(ctx.Approvals, Approval{License: a.License, Reference: a.Reference, Date: a.Date})
	}
	if err := errors.Join(errs...); err != nil {
		return ctx, err
	}
	return ctx, ctx.Validate()
}
