// Package formats is aibom's one registry of output formats: every format
// a command can write, each with the kinds of document it renders (a scan
// report, the consolidated audit report, a diff of two reports). The CLI
// takes its -f and -o values, their validation and their help from it, so a
// new format is one entry here.
package formats

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aibom/aibom/audit/report"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/cyclonedx"
	"github.com/aibom/aibom/sbom/diff"
	"github.com/aibom/aibom/sbom/html"
	"github.com/aibom/aibom/sbom/markdown"
	"github.com/aibom/aibom/sbom/notice"
	"github.com/aibom/aibom/sbom/sarif"
	"github.com/aibom/aibom/sbom/spdx"
	"github.com/aibom/aibom/sbom/spdx23"
)

// Kind is a kind of document a format renders.
type Kind int

// Document kinds.
const (
	// Report is an aibom report (scan, check, convert, notice).
	Report Kind = iota
	// Audit is the consolidated report of many repositories (audit, merge).
	Audit
	// Diff compares two reports (diff).
	Diff
)

func (k Kind) String() string {
	switch k {
	case Report:
		return "report"
	case Audit:
		return "audit"
	case Diff:
		return "diff"
	}
	return "unknown"
}

// Options shape the formats that depend on where the output goes.
type Options struct {
	// Color enables ANSI colour in terminal formats.
	Color bool
	// Verbose lists in the table every finding and every model not
	// judged, instead of one line with a count for a rule that fires on
	// many models (-v).
	Verbose bool
	// Diff options (row caps, annotation path prefix) for diff renderings.
	Diff diff.Options
}

// Format is one output format.
type Format struct {
	// ID is the format's name on the command line.
	ID string
	// Aliases are other accepted names (cdx, md …).
	Aliases []string
	// Describe is one line for help.
	Describe string

	report func(w io.Writer, r *sbom.Report, o Options) error
	audit  func(w io.Writer, r *report.Report) error
	diff   func(w io.Writer, d *diff.Diff, o Options) error
}

// Renders reports whether the format can render documents of kind k.
func (f Format) Renders(k Kind) bool {
	switch k {
	case Report:
		return f.report != nil
	case Audit:
		return f.audit != nil
	case Diff:
		return f.diff != nil
	}
	return false
}

// WriteReport renders a judged aibom report. Every encoder is a pure
// function of the report: licenses, terms and the verdict are read from
// it, never recomputed.
func (f Format) WriteReport(w io.Writer, r *sbom.Report, o Options) error {
	if f.report == nil {
		return fmt.Errorf("format %s does not render an aibom report", f.ID)
	}
	return f.report(w, r, o)
}

// WriteAudit renders the consolidated audit report.
func (f Format) WriteAudit(w io.Writer, r *report.Report) error {
	if f.audit == nil {
		return fmt.Errorf("format %s does not render an audit report", f.ID)
	}
	return f.audit(w, r)
}

// WriteDiff renders a diff of two reports.
func (f Format) WriteDiff(w io.Writer, d *diff.Diff, o Options) error {
	if f.diff == nil {
		return fmt.Errorf("format %s does not render a diff", f.ID)
	}
	return f.diff(w, d, o)
}

// registry is every format, sorted by ID.
var registry = []Format{
	{ID: "csv", Describe: "one row per repository and model (audit)",
		audit: report.WriteCSV},
	{ID: "cyclonedx", Aliases: []string{"cyclonedx-json", "cdx"}, Describe: "CycloneDX 1.6 ML-BOM (JSON)",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return cyclonedx.Encoder{}.Encode(w, r) }},
	{ID: "github", Describe: "GitHub workflow commands, one annotation per new finding (diff)",
		diff: func(w io.Writer, d *diff.Diff, o Options) error { return diff.WriteGitHub(w, d, o.Diff) }},
	{ID: "html", Describe: "a self-contained HTML page",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return html.Write(w, r) },
		audit:  report.WriteHTML},
	{ID: "json", Aliases: []string{"aibom-json"}, Describe: "aibom's canonical JSON",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return sbom.WriteJSON(w, r) },
		audit:  report.WriteJSON,
		diff:   func(w io.Writer, d *diff.Diff, _ Options) error { return diff.WriteJSON(w, d) }},
	{ID: "markdown", Aliases: []string{"md"}, Describe: "a pull-request or step summary",
		report: func(w io.Writer, r *sbom.Report, _ Options) error {
			return markdown.New(markdown.Options{}).Encode(w, r)
		},
		audit: report.WriteMarkdown,
		diff:  func(w io.Writer, d *diff.Diff, o Options) error { return diff.WriteMarkdown(w, d, o.Diff) }},
	{ID: "notice", Describe: "the NOTICE file to ship: attributions, display texts, license pointers",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return notice.Write(w, r) }},
	{ID: "sarif", Describe: "SARIF 2.1.0 for GitHub code scanning",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return sarif.New(nil).Encode(w, r) }},
	{ID: "spdx", Aliases: []string{"spdx-json", "spdx3", "spdx-3", "spdx-3.0.1"}, Describe: "SPDX 3.0.1 JSON-LD with the AI and Dataset profiles",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return spdx.Encoder{}.Encode(w, r) }},
	{ID: "spdx-2.3", Aliases: []string{"spdx2", "spdx-2", "spdx23"}, Describe: "SPDX 2.3 JSON, for tools that read SPDX 2 only",
		report: func(w io.Writer, r *sbom.Report, _ Options) error { return spdx23.Encoder{}.Encode(w, r) }},
	{ID: "table", Aliases: []string{"text"}, Describe: "a terminal summary",
		report: func(w io.Writer, r *sbom.Report, o Options) error {
			return tableEncoder{color: o.Color, verbose: o.Verbose}.Encode(w, r)
		},
		diff: func(w io.Writer, d *diff.Diff, o Options) error { return diff.WriteTable(w, d, o.Diff) }},
}

// All returns every format, sorted by ID.
func All() []Format { return slices.Clone(registry) }

// For returns the formats that render documents of kind k, sorted by ID.
func For(k Kind) []Format {
	var out []Format
	for _, f := range registry {
		if f.Renders(k) {
			out = append(out, f)
		}
	}
	return out
}

// Names returns the IDs of the formats of kind k, sorted, for help and
// errors.
func Names(k Kind) []string {
	var out []string
	for _, f := range For(k) {
		out = append(out, f.ID)
	}
	return out
}

// Find returns the format named name (an ID or an alias, case-insensitive)
// that renders kind k.
func Find(name string, k Kind) (Format, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range registry {
		if f.ID != n && !slices.Contains(f.Aliases, n) {
			continue
		}
		if !f.Renders(k) {
			return Format{}, fmt.Errorf("format %q does not render %s (formats for %s: %s)", name, article(k.String()), article(k.String()), strings.Join(Names(k), ", "))
		}
		return f, nil
	}
	return Format{}, fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(Names(k), ", "))
}

// article puts "a" or "an" before a noun ("an audit", "a diff").
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
