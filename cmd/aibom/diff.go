package main

import (
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/diff"
	"github.com/aibom/aibom/sbom/formats"
)

func (a *app) diffCmd() *cobra.Command {
	var (
		format, failOn, pathPrefix string
		outs                       []string
	)
	c := &cobra.Command{
		Use:   "diff BASE.json HEAD.json",
		Short: "Compare two aibom JSON reports: models added, removed and changed, findings new and fixed",
		Long: `Diff compares the aibom JSON report of a base (e.g. the target branch of a
pull request) with that of a head. Models are matched by hub and id and
reported as added, removed or changed (license, revision, base models, direct
use). Findings are matched by id, which leaves out line numbers, so a change
that only moves a reference brings no new finding.

Formats: table, markdown (a pull-request summary), json (docs/github-action.md)
and github (one ::error/::warning/::notice workflow command per new finding).

Exit codes: 0 no new finding at or above --fail-on; 1 new findings at or
above it (waived ones never count); 2 a report is unreadable or invalid, or a
flag is wrong.`,
		Args: cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.diff(args[0], args[1], format, outs, failOn, pathPrefix)
		},
	}
	fs := c.Flags()
	fs.StringVarP(&format, "format", "f", "", "stdout format: "+strings.Join(formats.Names(formats.Diff), ", ")+" (default table on a terminal, else json)")
	fs.StringArrayVarP(&outs, "outputs", "o", nil, "also write FORMAT=FILE (repeatable)")
	fs.StringVar(&failOn, "fail-on", sbom.SeverityError, "exit 1 when a new finding has this severity or higher: error, warning, note, none")
	fs.StringVar(&pathPrefix, "path-prefix", "", "github format: directory of the scanned root within the repository, prepended to annotation paths")
	return c
}

func (a *app) diff(basePath, headPath, format string, outs []string, failOn, pathPrefix string) error {
	if failOn != "none" && !sbom.ValidSeverity(failOn) {
		return usagef("--fail-on %q: expected error, warning, note or none", failOn)
	}
	targets, err := a.parseOutputs(formats.Diff, format, "table", outs, "")
	if err != nil {
		return err
	}
	base, err := readReportFile(basePath)
	if err != nil {
		return err
	}
	head, err := readReportFile(headPath)
	if err != nil {
		return err
	}

	d := diff.Compare(base, head)
	opts := diff.Options{PathPrefix: pathPrefix}
	err = a.write(targets, func(f formats.Format, w io.Writer, o formats.Options) error {
		o.Diff = opts
		return f.WriteDiff(w, d, o)
	})
	if err != nil {
		return scanError{err}
	}
	if n := d.Failing(failOn); n > 0 {
		return findingsError{count: n}
	}
	return nil
}

// readReportFile reads an aibom JSON report; any failure is a usage error
// (exit 2) naming the file.
func readReportFile(path string) (*sbom.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("reading report %s: %v", path, err)
	}
	defer f.Close()
	r, err := sbom.ReadJSON(f)
	if err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	return r, nil
}
