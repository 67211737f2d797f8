package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/settings"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/formats"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/resolve"
)

// Config is aibom's effective configuration. Every field but the last
// block is a setting declared once in settingsTable.
type Config struct {
	Quiet      bool
	Verbose    int
	ConfigFile string
	BaseTree   string

	Format      string
	Outputs     []string
	FailOn      string
	Offline     bool
	Policy      string
	CacheDir    string
	MaxDepth    int
	IncludeDocs bool
	// IncludeTests keeps references in test files (tests/, test_*.py …).
	IncludeTests bool
	MaxFileSize  int64
	Exclude      []string
	Concurrency  int
	Timeout      time.Duration
	// ModelTimeout is each model's budget for its hub's answer.
	ModelTimeout time.Duration
	Baseline     string
	// AllowUnresolved accepts direct models that could not be judged.
	AllowUnresolved bool
	// Context is the product context the policy is judged against.
	Context policies.Context
	// Waivers are a project's own, added to the policy's.
	Waivers []policies.Waiver
	// Models is the declared manifest (discovery reads it from the tree;
	// decoded here so that a malformed entry stops the run).
	Models []string

	// Filled while loading, not settings.
	sources  settings.Sources
	policy   *policies.Policy // the policy in force, with Waivers and any config changes
	treeFile string           // the project .aibom.yaml the rules came from, if any
	baseRoot string           // with --base-tree: the scanned tree's directory in the base (may not exist)
	tree     string           // the scanned tree as given, "" when the command scans none
}

// Command scopes: which commands a setting applies to.
const (
	scopeScan    settings.Scope = 1 << iota // scan, config
	scopeCheck                              // check
	scopeAudit                              // audit
	scopeConvert                            // convert
	scopeGlobal                             // every command (persistent flags)
	// scopeNotice is notice: a scan without outputs or a gate (it writes
	// the NOTICE and exits 0), so that -f, -o, --fail-on and --baseline
	// are not flags it would take and ignore.
	scopeNotice
)

const (
	scopeJudge   = scopeScan | scopeCheck | scopeAudit | scopeNotice
	scopeGate    = scopeJudge &^ scopeNotice // the verdict's settings
	scopeScanner = scopeScan | scopeAudit | scopeNotice
	scopeTree    = scopeScan | scopeNotice // commands that read a tree's rules
	scopeOutputs = scopeScan | scopeCheck | scopeConvert
)

// settingsTable declares every setting once: the flags, the AIBOM_*
// variables, the config-file decoder and `aibom config` are generated from
// it. Who says which sources may set it: the scanned tree's own .aibom.yaml
// (settings.Tree) may only say what a project says about itself.
var settingsTable = settings.Table[Config]{
	{Key: "quiet", Flag: "quiet", Short: "q", Env: "AIBOM_QUIET", Who: settings.CommandLine, Scope: scopeGlobal,
		Help:  "print only errors on stderr: no warnings, no progress (reports are unchanged)",
		Field: func(c *Config) any { return &c.Quiet }},
	{Key: "verbose", Flag: "verbose", Short: "v", Env: "AIBOM_VERBOSE", Who: settings.CommandLine, Scope: scopeGlobal, Count: true,
		Help:  "more diagnostics on stderr: -v progress details, -vv every hub request and cache use",
		Field: func(c *Config) any { return &c.Verbose }},
	{Key: "config", Flag: "config", Env: "AIBOM_CONFIG", Who: settings.CommandLine, Scope: scopeJudge,
		Help:  "config file (trusted: it may set every key); the scanned tree's own .aibom.yaml is read too, for what a project may say about itself",
		Field: func(c *Config) any { return &c.ConfigFile }},
	{Key: "base_tree", Flag: "base-tree", Env: "AIBOM_BASE_TREE", Who: settings.CommandLine, Scope: scopeTree,
		Help:  "checkout of the base revision of the repository being scanned: the rules (.aibom.yaml, policy and config files in the repository) are read from there, and the scanned tree's differing versions are config-change findings",
		Field: func(c *Config) any { return &c.BaseTree }},

	{Key: "format", Flag: "format", Short: "f", Env: "AIBOM_FORMAT", Who: settings.Trusted, Scope: scopeOutputs,
		Help:  "stdout format: " + strings.Join(formats.Names(formats.Report), ", ") + " (default table on a terminal, else json)",
		Check: checkFormat, Want: "one of " + strings.Join(formats.Names(formats.Report), ", "),
		Field: func(c *Config) any { return &c.Format }},
	{Key: "outputs", Flag: "outputs", Short: "o", Env: "AIBOM_OUTPUTS", Who: settings.Trusted, Scope: scopeOutputs,
		Help:  "also write FORMAT=FILE (repeatable; FILE - is stdout)",
		Check: checkOutputs, Want: "FORMAT=FILE, e.g. cyclonedx=bom.json",
		Field: func(c *Config) any { return &c.Outputs }},
	{Key: "fail_on", Flag: "fail-on", Env: "AIBOM_FAIL_ON", Who: settings.Trusted, Scope: scopeGate, Default: "error",
		Help:  "exit 1 when a finding has this severity or higher: error, warning, note, none",
		Check: oneOf("error", "warning", "note", "none"), Want: "error, warning, note or none",
		Field: func(c *Config) any { return &c.FailOn }},
	{Key: "offline", Flag: "offline", Env: "AIBOM_OFFLINE", Who: settings.Trusted, Scope: scopeScanner,
		Help:  "no network: answer from the cache and the built-in catalog only",
		Field: func(c *Config) any { return &c.Offline }},
	{Key: "policy", Flag: "policy", Env: "AIBOM_POLICY", Who: settings.Tree, Scope: scopeJudge,
		Help:  "policy preset (" + presetList() + ") or policy file; from the scanned tree's .aibom.yaml, a preset or a file inside the tree",
		Check: checkPolicyName, Want: "a preset (" + presetList() + ") or a file inside the scanned tree",
		Field: func(c *Config) any { return &c.Policy }},
	{Key: "cache_dir", Flag: "cache-dir", Env: "AIBOM_CACHE_DIR", Who: settings.Trusted, Scope: scopeScanner,
		Help:  "hub response cache (default: the user cache dir)",
		Field: func(c *Config) any { return &c.CacheDir }},
	{Key: "max_depth", Flag: "max-depth", Env: "AIBOM_MAX_DEPTH", Who: settings.Trusted, Scope: scopeScanner, Default: 8,
		Help:  "how many ancestors to follow (0: none; the declared bases are listed as not followed)",
		Check: atLeast(0), Want: "a whole number, 0 or more",
		Field: func(c *Config) any { return &c.MaxDepth }},
	{Key: "include_docs", Flag: "include-docs", Env: "AIBOM_INCLUDE_DOCS", Who: settings.Trusted, Scope: scopeScanner, Default: true,
		Help:  "take hub URLs and code blocks from documentation (Markdown, rst, HTML)",
		Field: func(c *Config) any { return &c.IncludeDocs }},
	{Key: "include_tests", Flag: "include-tests", Env: "AIBOM_INCLUDE_TESTS", Who: settings.Trusted, Scope: scopeScanner, Default: true,
		Help:  "take references from tests (tests/, test_*.py, *_test.go, *.spec.ts, conftest.py …); they are marked and listed after code references",
		Field: func(c *Config) any { return &c.IncludeTests }},
	{Key: "max_file_size", Flag: "max-file-size", Env: "AIBOM_MAX_FILE_SIZE", Who: settings.Trusted, Scope: scopeScanner, Default: int64(2 << 20),
		Help:  "skip files larger than this many bytes (audit: also the fetch's blob filter)",
		Check: atLeast(1), Want: "a whole number of bytes, 1 or more (0 would read no file)",
		Field: func(c *Config) any { return &c.MaxFileSize }},
	{Key: "exclude", Flag: "exclude", Env: "AIBOM_EXCLUDE", Who: settings.Tree, Scope: scopeScanner,
		Help:  "gitignore-style pattern to leave out (repeatable)",
		Field: func(c *Config) any { return &c.Exclude }},
	{Key: "concurrency", Flag: "concurrency", Env: "AIBOM_CONCURRENCY", Who: settings.Trusted, Scope: scopeScanner, Default: 8,
		Help:  "models resolved at once, and requests in flight to one hub (audit: models per repository)",
		Check: atLeast(1), Want: "a whole number, 1 or more",
		Field: func(c *Config) any { return &c.Concurrency }},
	{Key: "timeout", Flag: "timeout", Env: "AIBOM_TIMEOUT", Who: settings.Trusted, Scope: scopeScanner, Default: 5 * time.Minute,
		Help:  "deadline for the scan: models not resolved by then are reported with status timeout and every output is still written (audit: for each repository's fetch and scan); 0 for none",
		Check: atLeast(0), Want: "a duration such as 90s or 5m, 0 or more",
		Field: func(c *Config) any { return &c.Timeout }},
	{Key: "model_timeout", Flag: "model-timeout", Env: "AIBOM_MODEL_TIMEOUT", Who: settings.Trusted, Scope: scopeScanner, Default: resolve.DefaultModelTimeout,
		Help:  "how long one model's hub may take to answer before the model is reported as an error while the others go on",
		Check: atLeast(1), Want: "a duration such as 20s, more than 0",
		Field: func(c *Config) any { return &c.ModelTimeout }},
	{Key: "baseline", Flag: "baseline", Env: "AIBOM_BASELINE", Who: settings.Trusted, Scope: scopeScan | scopeCheck,
		Help:  "aibom JSON report of the base branch: findings already there are not new",
		Field: func(c *Config) any { return &c.Baseline }},

	{Key: "allow_unresolved", Flag: "allow-unresolved", Env: "AIBOM_ALLOW_UNRESOLVED", Who: settings.Trusted, Scope: scopeGate,
		Help:  "accept models that could not be judged (not resolved, or license unknown): they are listed but do not make the verdict incomplete",
		Field: func(c *Config) any { return &c.AllowUnresolved }},

	{Key: "context.commercial", Flag: "commercial", Env: "AIBOM_CONTEXT_COMMERCIAL", Who: settings.Tree, Scope: scopeJudge,
		Help:  "the product is commercial (unset counts as true)",
		Field: func(c *Config) any { return &c.Context.Commercial }},
	{Key: "context.monthly_active_users", Flag: "mau", Env: "AIBOM_CONTEXT_MONTHLY_ACTIVE_USERS", Who: settings.Tree, Scope: scopeJudge,
		Help: "the product's monthly active users", Check: atLeast(0), Want: "a whole number, 0 or more",
		Field: func(c *Config) any { return &c.Context.MonthlyActiveUsers }},
	{Key: "context.daily_active_users", Flag: "dau", Env: "AIBOM_CONTEXT_DAILY_ACTIVE_USERS", Who: settings.Tree, Scope: scopeJudge,
		Help: "the product's daily active users", Check: atLeast(0), Want: "a whole number, 0 or more",
		Field: func(c *Config) any { return &c.Context.DailyActiveUsers }},
	{Key: "context.annual_revenue_usd", Flag: "revenue", Env: "AIBOM_CONTEXT_ANNUAL_REVENUE_USD", Who: settings.Tree, Scope: scopeJudge,
		Help: "the organisation's annual revenue in USD", Check: atLeast(0), Want: "a whole number, 0 or more",
		Field: func(c *Config) any { return &c.Context.AnnualRevenueUSD }},
	{Key: "context.regions", Flag: "region", Env: "AIBOM_CONTEXT_REGIONS", Who: settings.Tree, Scope: scopeJudge, Comma: true,
		Help: "a region the product ships in: an ISO 3166-1 alpha-2 code, EU or EEA (repeatable: --region EU --region US)", Check: checkRegions,
		Field: func(c *Config) any { return &c.Context.Regions }},
	{Key: "context.distribution", Flag: "distribution", Env: "AIBOM_CONTEXT_DISTRIBUTION", Who: settings.Tree, Scope: scopeJudge,
		Help:  "saas, on-prem, internal or redistributes-weights",
		Check: oneOf("", policies.DistSaaS, policies.DistOnPrem, policies.DistInternal, policies.DistRedistribute),
		Want:  "saas, on-prem, internal or redistributes-weights",
		Field: func(c *Config) any { return &c.Context.Distribution }},
	{Key: "context.builds_models", Flag: "builds-models", Env: "AIBOM_CONTEXT_BUILDS_MODELS", Who: settings.Tree, Scope: scopeJudge,
		Help:  "the product trains or distils other models on model outputs",
		Field: func(c *Config) any { return &c.Context.BuildsModels }},
	{Key: "context.approvals", Who: settings.Tree, Scope: scopeJudge,
		Help:  "registrations, licenses or written authorizations held: a list of {license, reference, date}",
		Check: checkApprovals,
		Field: func(c *Config) any { return &c.Context.Approvals }},
	{Key: "waivers", Who: settings.Tree, Scope: scopeJudge,
		Help:   "waivers added to the policy's, as in a policy file: a list of {model, rule, reason, expires}",
		Decode: decodeWaivers,
		Field:  func(c *Config) any { return &c.Waivers }},
	{Key: "models", Who: settings.TreeOnly, Scope: scopeTree,
		Help:   "models chosen at deploy time, invisible in code: a list of hub:id[@revision] (or {ref: …})",
		Decode: decodeModels,
		Field:  func(c *Config) any { return &c.Models }},
}

func presetList() string { return strings.Join(policies.Presets(), ", ") }

func oneOf(vals ...string) func(any, settings.Source) error {
	return func(v any, _ settings.Source) error {
		if slices.Contains(vals, v.(string)) {
			return nil
		}
		return settings.ErrExpected
	}
}

func atLeast(n int64) func(any, settings.Source) error {
	return func(v any, _ settings.Source) error {
		var x int64
		switch v := v.(type) {
		case int:
			x = int64(v)
		case int64:
			x = v
		case time.Duration:
			x = int64(v)
		}
		if x < n {
			return settings.ErrExpected
		}
		return nil
	}
}

func checkFormat(v any, _ settings.Source) error {
	if s := v.(string); s != "" {
		if _, err := formats.Find(s, formats.Report); err != nil {
			return settings.ErrExpected
		}
	}
	return nil
}

func checkOutputs(v any, _ settings.Source) error {
	for _, o := range v.([]string) {
		name, file, ok := strings.Cut(o, "=")
		if !ok || name == "" || file == "" {
			return fmt.Errorf("%q: expected FORMAT=FILE, e.g. cyclonedx=bom.json (FILE - is stdout)", o)
		}
		if _, err := formats.Find(name, formats.Report); err != nil {
			return fmt.Errorf("%q: %v", o, err)
		}
	}
	return nil
}

// checkPolicyName keeps a project's .aibom.yaml to presets and files inside
// its own tree: a path outside it would read a file the tree does not own
// (and a bad one would be quoted in an error).
func checkPolicyName(v any, at settings.Source) error {
	name := v.(string)
	if name == "" || slices.Contains(policies.Presets(), name) || at.Kind != settings.FromTree {
		return nil
	}
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("expected a preset (%s) or a file inside the scanned tree; name a file elsewhere with --policy, AIBOM_POLICY or a --config FILE", presetList())
	}
	return nil
}

func checkRegions(v any, _ settings.Source) error {
	for _, r := range v.([]string) {
		switch {
		case strings.TrimSpace(r) == "":
			return errors.New("empty region")
		case !policies.ValidRegion(r):
			return fmt.Errorf("region %s is not %s", strconv.Quote(sbom.Clean(r, 40)), policies.RegionHint)
		}
	}
	return nil
}

func checkApprovals(v any, _ settings.Source) error {
	var errs []string
	for i, a := range v.([]policies.Approval) {
		if strings.TrimSpace(a.License) == "" {
			errs = append(errs, fmt.Sprintf("[%d]: license is required", i))
		}
		if a.Date != "" {
			if _, err := time.Parse(time.DateOnly, a.Date); err != nil {
				errs = append(errs, fmt.Sprintf("[%d].date: %q: expected a date YYYY-MM-DD", i, a.Date))
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

func decodeWaivers(n *yaml.Node, file string) (any, error) {
	return policies.ParseWaivers(n, file)
}

func decodeModels(n *yaml.Node, file string) (any, error) {
	refs, errs := discover.ManifestEntries(n, file)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := []string{}
	for _, r := range refs {
		ref := r.Hub + ":" + r.ID
		if r.Revision != "" {
			ref += "@" + r.Revision
		}
		out = append(out, ref)
	}
	return out, nil
}

// addSettingsFlags declares the flags of the settings of a command scope.
func addSettingsFlags(fs *pflag.FlagSet, scope settings.Scope) {
	settingsTable.AddFlags(fs, scope)
}

// loadConfig layers defaults < the scanned tree's .aibom.yaml (root; ""
// for none) < --config FILE < AIBOM_* < flags for a command scope, then
// reads the policy in force. With --base-tree the rules files are read
// from the base revision and compared with root's (see rules.go).
func (a *app) loadConfig(flags *pflag.FlagSet, scope settings.Scope, root string) (Config, error) {
	// The command-line-only settings say which files to read.
	var pre Config
	if _, err := settingsTable.Load(&pre, settings.Input{Scope: scope, Getenv: a.getenv, Flags: flags}); err != nil {
		return Config{}, usageError{err}
	}
	rules, err := newRuleSet(root, pre.BaseTree)
	if err != nil {
		return Config{}, err
	}
	var layers []settings.Layer
	if root != "" {
		l, err := rules.treeConfig()
		if err != nil {
			return Config{}, err
		}
		if l != nil {
			layers = append(layers, *l)
		}
	}
	if pre.ConfigFile != "" {
		l, err := rules.trustedFile(pre.ConfigFile, "--config")
		if err != nil {
			return Config{}, err
		}
		layers = append(layers, settings.Layer{Kind: settings.FromConfigFile, Name: l.name, Data: l.data})
	}
	var cfg Config
	src, err := settingsTable.Load(&cfg, settings.Input{Scope: scope, Layers: layers, Getenv: a.getenv, Flags: flags})
	if err != nil {
		return Config{}, usageError{err}
	}
	cfg.sources = src
	cfg.tree = root
	for _, l := range layers {
		if l.Kind == settings.FromTree {
			cfg.treeFile = l.Name
		}
	}
	if err := cfg.Context.Validate(); err != nil {
		return Config{}, usagef("product context: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if root != "" && scope&scopeTree != 0 {
		if err := rules.checkScannedTree(); err != nil {
			return Config{}, err
		}
	}
	pol, err := rules.policy(cfg.Policy, src["policy"])
	if err != nil {
		return Config{}, err
	}
	pol.Waivers = append(pol.Waivers, cfg.Waivers...)
	if root != "" && rules.base != "" && scope&scopeTree != 0 {
		cfg.baseRoot = rules.baseRoot()
		if err := rules.ignoreChanges(); err != nil {
			return Config{}, err
		}
	}
	pol.ConfigChanges = rules.changes
	cfg.policy = pol
	return cfg, nil
}

// stdoutOutputs counts the outputs that go to stdout ("-").
func stdoutOutputs(outs []string) int {
	n := 0
	for _, o := range outs {
		if _, file, _ := strings.Cut(o, "="); file == "-" {
			n++
		}
	}
	return n
}
