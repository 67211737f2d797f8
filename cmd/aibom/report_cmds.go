package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/aibom/aibom/internal/settings"
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
report, field by field replaced where a flag (--mau, --region …), an AIBOM_*
variable or the --config file sets it; check says on stderr which it used.

Exit codes are those of scan: 1 when findings reach --fail-on, or when a
direct model could not be judged (unless --allow-unresolved).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := a.loadConfig(c.Flags(), scopeCheck, "")
			if err != nil {
				return err
			}
			rep, err := readReport(args[0])
			if err != nil {
				return err
			}
			outs, err := a.outputs(cfg)
			if err != nil {
				return err
			}
			ctx, over, err := recordedContext(rep.Config, cfg)
			if err != nil {
				return usagef("report %s: %v", args[0], err)
			}
			cfg.Context = ctx
			judge, err := a.newJudge(cfg, c.Flags())
			if err != nil {
				return err
			}
			if !a.quiet {
				fmt.Fprintf(a.stderr, "aibom: check: product context %s\n", contextSource(rep.Config, over))
			}
			ts, err := a.timestamp()
			if err != nil {
				return err
			}
			offline := rep.Config != nil && rep.Config.Offline
			rep.Config = cfg.audit(judge)
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
	addSettingsFlags(c.Flags(), scopeCheck)
	return c
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
			var cfg Config
			if _, err := settingsTable.Load(&cfg, settings.Input{Scope: scopeConvert, Getenv: a.getenv, Flags: c.Flags()}); err != nil {
				return usageError{err}
			}
			if cfg.Format == "" && stdoutOutputs(cfg.Outputs) == 0 {
				return usagef("convert needs -f FORMAT (or -o FORMAT=FILE, - for stdout)")
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
	addSettingsFlags(c.Flags(), scopeConvert)
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
	var cfg Config
	cfg.CacheDir, _ = fs.GetString("cache-dir")
	clients, err := a.hubClients(cfg, nil, 0)
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
			fmt.Fprintf(a.stderr, "aibom: kept older fact: %s\n", a.sanitizer().Line(line, 300))
		}
	}
	merged := old.Merge(fresh)
	out, _ := fs.GetString("out")
	if out == "" {
		return merged.WriteYAML(a.stdout)
	}
	return writeFileAtomic(out, merged.WriteYAML)
}
