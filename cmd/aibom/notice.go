package main

import (
	"github.com/spf13/cobra"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/formats"
)

// noticeCmd writes the attribution file a team must ship with its product.
func (a *app) noticeCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "notice [PATH]",
		Short: "Write the NOTICE file the product must ship: attributions, display texts, naming rules, license pointers",
		Long: `Notice scans PATH (default .) — or reads a saved report with --report — and
writes, for every model the project uses, the notices, display texts ("Built
with Llama"), naming rules and license copies its licenses require, including
those its ancestors' licenses impose.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var rep *sbom.Report
			if path, _ := c.Flags().GetString("report"); path != "" {
				if len(args) > 0 {
					return usagef("give PATH or --report, not both")
				}
				r, err := readReport(path)
				if err != nil {
					return err
				}
				rep = r
			} else {
				root := "."
				if len(args) == 1 {
					root = args[0]
				}
				r, _, err := a.judgedScan(c.Context(), c.Flags(), root, scopeNotice)
				if err != nil {
					return err
				}
				rep = r
			}
			// The notice format of the one registry, to stdout or --out.
			out, _ := c.Flags().GetString("out")
			f, err := formats.Find("notice", formats.Report)
			if err != nil {
				return err
			}
			if err := a.writeOutputs(rep, []output{{f: f, file: out}}); err != nil {
				return scanError{err}
			}
			return nil
		},
	}
	addSettingsFlags(c.Flags(), scopeNotice)
	c.Flags().String("report", "", "read this aibom JSON report instead of scanning")
	c.Flags().String("out", "", "write the NOTICE here instead of stdout")
	return c
}
