package policies

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aibom/aibom/sbom"
)

// Distribution models a product can have (Context.Distribution).
const (
	DistSaaS         = "saas"
	DistOnPrem       = "on-prem"
	DistInternal     = "internal"
	DistRedistribute = "redistributes-weights"
)

var distributions = []string{DistSaaS, DistOnPrem, DistInternal, DistRedistribute}

// Context describes the product a policy is evaluated for. A license term is
// only a violation relative to a product: a 700M-user cap is irrelevant to an
// internal tool and fatal to a large consumer app. Zero numbers mean "not
// stated"; a nil Commercial is read as commercial, the conservative reading.
type Context struct {
	Commercial         *bool      `yaml:"commercial" mapstructure:"commercial" json:"commercial,omitempty"`
	MonthlyActiveUsers int64      `yaml:"monthly_active_users" mapstructure:"monthly_active_users" json:"monthly_active_users,omitempty"`
	DailyActiveUsers   int64      `yaml:"daily_active_users" mapstructure:"daily_active_users" json:"daily_active_users,omitempty"`
	AnnualRevenueUSD   int64      `yaml:"annual_revenue_usd" mapstructure:"annual_revenue_usd" json:"annual_revenue_usd,omitempty"`
	Regions            []string   `yaml:"regions" mapstructure:"regions" json:"regions,omitempty"`
	Distribution       string     `yaml:"distribution" mapstructure:"distribution" json:"distribution,omitempty"` // saas | on-prem | internal | redistributes-weights
	BuildsModels       bool       `yaml:"builds_models" mapstructure:"builds_models" json:"builds_models,omitempty"`
	Approvals          []Approval `yaml:"approvals" mapstructure:"approvals" json:"approvals,omitempty"`
}

// Approval records that the organisation holds a registration, a separate
// license or a written authorization for a license (e.g. a Qwen commercial
// license above 100M MAU). License is matched like an allow-list entry: key,
// SPDX id or Hugging Face id, globs allowed.
type Approval struct {
	License   string `yaml:"license" mapstructure:"license" json:"license"`
	Reference string `yaml:"reference" mapstructure:"reference" json:"reference,omitempty"`
	Date      string `yaml:"date" mapstructure:"date" json:"date,omitempty"`
}

// commercial reports whether the product is commercial; unset counts as yes.
func (c Context) commercial() bool { return c.Commercial == nil || *c.Commercial }

// Validate rejects impossible values, naming every problem found.
func (c Context) Validate() error {
	var errs []error
	if c.MonthlyActiveUsers < 0 {
		errs = append(errs, fmt.Errorf("context.monthly_active_users: %d is negative", c.MonthlyActiveUsers))
	}
	if c.DailyActiveUsers < 0 {
		errs = append(errs, fmt.Errorf("context.daily_active_users: %d is negative", c.DailyActiveUsers))
	}
	if c.AnnualRevenueUSD < 0 {
		errs = append(errs, fmt.Errorf("context.annual_revenue_usd: %d is negative", c.AnnualRevenueUSD))
	}
	if c.DailyActiveUsers > 0 && c.MonthlyActiveUsers > 0 && c.DailyActiveUsers > c.MonthlyActiveUsers {
		errs = append(errs, fmt.Errorf("context.daily_active_users (%d) exceeds monthly_active_users (%d)", c.DailyActiveUsers, c.MonthlyActiveUsers))
	}
	if c.Distribution != "" && !slices.Contains(distributions, c.Distribution) {
		errs = append(errs, fmt.Errorf("context.distribution: %q is not one of %s", c.Distribution, strings.Join(distributions, ", ")))
	}
	for i, r := range c.Regions {
		switch {
		case strings.TrimSpace(r) == "":
			errs = append(errs, fmt.Errorf("context.regions[%d]: empty region", i))
		case !ValidRegion(r):
			errs = append(errs, fmt.Errorf("context.regions[%d]: %s is not %s", i, strconv.Quote(sbom.Clean(r, 40)), RegionHint))
		}
	}
	for i, a := range c.Approvals {
		if strings.TrimSpace(a.License) == "" {
			errs = append(errs, fmt.Errorf("context.approvals[%d]: license is required", i))
		}
		if a.Date != "" {
			if _, err := time.Parse(time.DateOnly, a.Date); err != nil {
				errs = append(errs, fmt.Errorf("context.approvals[%d].date: %q is not YYYY-MM-DD", i, a.Date))
			}
		}
	}
	return errors.Join(errs...)
}
