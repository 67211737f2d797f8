package main

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/knownmodels"
)

// readReport reads an aibom JSON report, naming the file in every error.
func readReport(path string) (*sbom.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("report %s: %v", path, err)
	}
	defer f.Close()
	rep, err := sbom.ReadJSON(f)
	if err != nil {
		return nil, usagef("report %s: %v", path, err)
	}
	return rep, nil
}

// checkCmd re-judges a saved report against a policy without scanning.
func (a *app) checkCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "check REPORT.json",
		Short: "Evaluate a policy against an existing aibom JSON report, without scanning again",
		Long: `Check applies a policy and product context to a saved aibom JSON report and
writes the judged report. The product context is the one recorded in the
report, unless the --config file has a context: section or context flags
(--mau, --region …) override it; check says on stderr which it used.

Exit codes are those of scan: 1 when findings reach --fail-on, or when a
direct model could not be judged (unless --allow-unresolved).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			rep, err := readReport(args[0])
			if err != nil {
				return err
			}
			explicit, _ := c.Flags().GetString("config")
			cfg, cfgFile, err := loadConfig(c.Flags(), explicit, "")
			if err != nil {
				return err
			}
			outs, err := a.outputs(cfg)
			if err != nil {
				return err
			}
			recorded, err := policies.ContextFromRecord(rep.Config)
			if err != nil {
				return usagef("report %s: %v", args[0], err)
			}
			judge, err := a.newJudgeFrom(cfg, c.Flags(), &recorded)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "aibom: check: product context %s\n", contextSource(rep.Config, cfg, cfgFile, c.Flags()))
			ts, err := a.timestamp()
			if err != nil {
				return err
			}
			offline := rep.Config != nil && rep.Config.Offline
			rep.Config = cfg.audit(cfgFile, judge)
			rep.Config.Offline = offline
			if err := judge.apply(rep, ts); err != nil {
				return err
			}
			if err := a.writeOutputs(rep, outs); err != nil {
				return scanError{err}
			}
			return verdictError(rep)
		},
	}
	fs := c.Flags()
	fs.String("config", "", "config file with policy and context settings")
	fs.StringP("format", "f", "", "stdout format (default table on a terminal, else json)")
	fs.StringArrayP("outputs", "o", nil, "also write FORMAT=FILE (repeatable)")
	fs.String("fail-on", "error", "exit 1 when a finding has this severity or higher: error, warning, note, none")
	fs.String("policy", "", "policy preset ("+presetList()+") or policy file")
	fs.String("baseline", "", "aibom JSON report of the base branch: findings already there are not new")
	addContextFlags(fs)
	return c
}

// contextSource says which product context check judges under: the one
// recorded in the report, the config file's, and which flags changed it.
func contextSource(rec *sbom.ScanConfig, cfg Config, cfgFile string, flags *pflag.FlagSet) string {
	var from string
	switch {
	case len(cfg.Context) > 0:
		from = "from " + cfgFile + " (context:), not the one recorded in the report"
	case rec != nil && (len(rec.Context) > 0 || len(rec.Approvals) > 0):
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(rec.Context)) {
			kv = append(kv, k+"="+rec.Context[k])
		}
		for _, ap := range rec.Approvals {
			kv = append(kv, "approval="+ap.License)
		}
		from = "recorded in the report (" + sbom.Clean(strings.Join(kv, ", "), 300) + ")"
	default:
		from = "none recorded in the report: the defaults (a commercial product, no figures)"
	}
	if ch := changedContextFlags(flags); len(ch) > 0 {
		from += ", overridden by " + strings.Join(ch, ", ")
	}
	return from
}

// convertCmd renders a saved report in another format.
func (a *app) convertCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "convert REPORT.json",
		Short: "Render a saved aibom JSON report in another format",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			rep, err := readReport(args[0])
			if err != nil {
				return err
			}
			cfg := defaultConfig()
			cfg.Format, _ = c.Flags().GetString("format")
			cfg.Outputs, _ = c.Flags().GetStringArray("outputs")
			if cfg.Format == "" {
				return usagef("convert needs -f FORMAT")
			}
			outs, err := a.outputs(cfg)
			if err != nil {
				return err
			}
			if err := a.writeOutputs(rep, outs); err != nil {
				return scanError{err}
			}
			return nil
		},
	}
	c.Flags().StringP("format", "f", "", "output format")
	c.Flags().StringArrayP("outputs", "o", nil, "also write FORMAT=FILE (repeatable)")
	return c
}

// catalogCmd groups maintainer commands for the built-in catalog.
func (a *app) catalogCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "catalog",
		Short: "Maintain aibom's built-in catalog of well-known models",
	}
	refresh := &cobra.Command{
		Use:   "refresh",
		Short: "Re-read every catalog model from the live hubs and print the refreshed table (YAML)",
		Long: `Refresh asks the hubs again about every model in the built-in catalog and
prints the table in the shared corpus format (known-models.yaml), stamped with
today's date (or SOURCE_DATE_EPOCH). Models the hubs cannot answer keep their
older facts and are listed on stderr. Regenerate the embedded table with
go generate ./scanner/knownmodels after reviewing the diff.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.catalogRefresh(c, c.Flags())
		},
	}
	refresh.Flags().String("out", "", "write the YAML here instead of stdout")
	refresh.Flags().String("cache-dir", "", "hub response cache (default: the user cache dir)")
	c.AddCommand(refresh)
	return c
}

func (a *app) catalogRefresh(c *cobra.Command, fs *pflag.FlagSet) error {
	cfg := defaultConfig()
	cfg.CacheDir, _ = fs.GetString("cache-dir")
	clients, err := a.hubClients(cfg, nil)
	if err != nil {
		return err
	}
	ts, err := a.timestamp()
	if err != nil {
		return err
	}
	old := knownmodels.Builtin()
	fresh, rerr := knownmodels.Refresh(c.Context(), clients, ts.Format("2006-01-02"), old.IDs()...)
	if fresh == nil {
		return scanError{rerr}
	}
	if rerr != nil {
		for _, line := range strings.Split(rerr.Error(), "\n") {
			fmt.Fprintf(a.stderr, "aibom: kept older fact: %s\n", sbom.Clean(line, 300))
		}
	}
	merged := old.Merge(fresh)
	out, _ := fs.GetString("out")
	if out == "" {
		return merged.WriteYAML(a.stdout)
	}
	return writeFileAtomic(out, merged.WriteYAML)
}
