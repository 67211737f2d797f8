package diff

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/markdown"
)

// Options shape the renderings.
type Options struct {
	// MaxRows caps each Markdown and table list; the rest is counted in a
	// final row. 0 means DefaultMaxRows. A GitHub step summary holds at most
	// 1 MiB, so a diff of a huge repository must not be listed in full.
	MaxRows int
	// PathPrefix is prepended (with /) to report paths in GitHub
	// annotations, when the scanned root is a sub-directory of the
	// repository: annotations name files relative to the repository root.
	PathPrefix string
}

// DefaultMaxRows is the row cap when Options.MaxRows is 0.
const DefaultMaxRows = 100

func (o Options) maxRows() int {
	if o.MaxRows > 0 {
		return o.MaxRows
	}
	return DefaultMaxRows
}

// WriteJSON writes d as indented JSON with a trailing newline.
func WriteJSON(w io.Writer, d *Diff) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("encoding diff: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// clean makes an untrusted string safe for a terminal line.
func clean(s string) string { return sbom.Clean(s, 300) }

// firstLocation formats a finding's or model's first location as
// path:line (path#cell:line in a notebook), with a count of the rest.
func firstLocation(ls []sbom.Location) string {
	if len(ls) == 0 {
		return ""
	}
	l := ls[0]
	s := l.Path
	if l.Cell > 0 {
		s += "#cell" + strconv.Itoa(l.Cell)
	}
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
	}
	if len(ls) > 1 {
		s += fmt.Sprintf(" (+%d)", len(ls)-1)
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// WriteTable writes a terminal view of d. Every string from a report is
// cleaned of control characters.
func WriteTable(w io.Writer, d *Diff, opts Options) error {
	bw := bufio.NewWriter(w)
	s := d.Summary
	fmt.Fprintf(bw, "aibom diff: %d new finding(s), %d fixed, %d unchanged; models %d added, %d removed, %d changed\n",
		s.NewFindings, s.FixedFindings, s.UnchangedFindings, s.ModelsAdded, s.ModelsRemoved, s.ModelsChanged)
	if s.NewWaived > 0 {
		fmt.Fprintf(bw, "(%d new finding(s) waived)\n", s.NewWaived)
	}
	limit := opts.maxRows()
	findings := func(title string, fs []sbom.Finding) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s\n", title)
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SEVERITY\tRULE\tMODEL\tLOCATION\tMESSAGE")
		for i, f := range fs {
			if i == limit {
				fmt.Fprintf(tw, "…\t%d more\t\t\t\n", len(fs)-limit)
				break
			}
			sev := strings.ToUpper(clean(f.Severity))
			if f.Waived != nil {
				sev += " (waived)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sev, clean(f.Rule), orDash(clean(f.Model)),
				orDash(clean(firstLocation(f.Locations))), clean(f.Message))
		}
		tw.Flush()
	}
	findings("New findings", d.Findings.New)
	if len(d.Unjudged) > 0 {
		fmt.Fprintf(bw, "\nNot judged (new in this change%s)\n", acceptedNote(d))
		for i, u := range d.Unjudged {
			if i == limit {
				fmt.Fprintf(bw, "  … %d more\n", len(d.Unjudged)-limit)
				break
			}
			fmt.Fprintf(bw, "  %s: %s\n", clean(u.Model), clean(u.Reason))
		}
	}
	findings("Fixed findings", d.Findings.Fixed)

	models := func(title string, ms []ModelEntry) {
		if len(ms) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s\n", title)
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MODEL\tLICENSE\tDIRECT\tLOCATION")
		for i, m := range ms {
			if i == limit {
				fmt.Fprintf(tw, "… %d more\t\t\t\n", len(ms)-limit)
				break
			}
			fmt.Fprintf(tw, "%s\t%s\t%t\t%s\n", clean(m.Ref), orDash(clean(m.License)), m.Direct, orDash(clean(firstLocation(m.Locations))))
		}
		tw.Flush()
	}
	models("Models added", d.Models.Added)
	models("Models removed", d.Models.Removed)
	if len(d.Models.Changed) > 0 {
		fmt.Fprintf(bw, "\nModels changed\n")
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MODEL\tFIELD\tBASE\tHEAD")
		for i, m := range d.Models.Changed {
			if i == limit {
				fmt.Fprintf(tw, "… %d more\t\t\t\n", len(d.Models.Changed)-limit)
				break
			}
			for _, c := range m.Changes {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", clean(m.Ref), c.Field, orDash(clean(c.Base)), orDash(clean(c.Head)))
			}
		}
		tw.Flush()
	}
	return bw.Flush()
}

// acceptedNote says when the head accepted unjudged models, which then do
// not gate.
func acceptedNote(d *Diff) string {
	if d.allowUnresolved {
		return "; accepted by allow_unresolved, not gating"
	}
	return ""
}

// md escapes an untrusted string for a Markdown table cell with the
// summary encoder's own escaping (after sbom.Clean drops terminal escape
// sequences whole), so both renderings agree.
func md(s string) string { return markdown.Escape(sbom.Clean(s, 0), 300) }

// WriteMarkdown writes d as a pull-request summary (GitHub-flavoured
// Markdown). Every string from a report is escaped with markdown.Escape.
func WriteMarkdown(w io.Writer, d *Diff, opts Options) error {
	bw := bufio.NewWriter(w)
	s := d.Summary
	limit := opts.maxRows()
	fmt.Fprintf(bw, "## aibom: AI models in this change\n\n")
	switch {
	case s.NewFindings > 0:
		fmt.Fprintf(bw, "**%d new finding(s)** (%d error, %d warning, %d note)", s.NewFindings,
			s.NewBySeverity[sbom.SeverityError], s.NewBySeverity[sbom.SeverityWarning], s.NewBySeverity[sbom.SeverityNote])
	default:
		fmt.Fprintf(bw, "No new findings")
	}
	fmt.Fprintf(bw, "; %d fixed, %d already on the base branch.", s.FixedFindings, s.UnchangedFindings)
	if s.NewWaived > 0 {
		fmt.Fprintf(bw, " %d new finding(s) waived.", s.NewWaived)
	}
	fmt.Fprintf(bw, " Models: %d added, %d removed, %d changed.\n", s.ModelsAdded, s.ModelsRemoved, s.ModelsChanged)

	findingTable := func(fs []sbom.Finding) {
		fmt.Fprintf(bw, "| severity | rule | model | location | message |\n| --- | --- | --- | --- | --- |\n")
		for i, f := range fs {
			if i == limit {
				fmt.Fprintf(bw, "| … | %d more | | | |\n", len(fs)-limit)
				break
			}
			sev := md(f.Severity)
			if f.Waived != nil {
				sev += " (waived until " + md(f.Waived.Expires) + ")"
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", sev, md(f.Rule), md(f.Model), md(firstLocation(f.Locations)), md(f.Message))
		}
	}
	if len(d.Findings.New) > 0 {
		fmt.Fprintf(bw, "\n### New findings\n\n")
		findingTable(d.Findings.New)
	}
	if len(d.Unjudged) > 0 {
		fmt.Fprintf(bw, "\n### Models not judged%s\n\n", acceptedNote(d))
		for i, u := range d.Unjudged {
			if i == limit {
				fmt.Fprintf(bw, "- … %d more\n", len(d.Unjudged)-limit)
				break
			}
			fmt.Fprintf(bw, "- %s: %s\n", md(u.Model), md(u.Reason))
		}
	}
	modelTable := func(ms []ModelEntry) {
		fmt.Fprintf(bw, "| model | license | direct | location |\n| --- | --- | --- | --- |\n")
		for i, m := range ms {
			if i == limit {
				fmt.Fprintf(bw, "| … %d more | | | |\n", len(ms)-limit)
				break
			}
			fmt.Fprintf(bw, "| %s | %s | %t | %s |\n", md(m.Ref), md(orDash(m.License)), m.Direct, md(firstLocation(m.Locations)))
		}
	}
	if len(d.Models.Added) > 0 {
		fmt.Fprintf(bw, "\n### Models added\n\n")
		modelTable(d.Models.Added)
	}
	if len(d.Models.Removed) > 0 {
		fmt.Fprintf(bw, "\n### Models removed\n\n")
		modelTable(d.Models.Removed)
	}
	if len(d.Models.Changed) > 0 {
		fmt.Fprintf(bw, "\n### Models changed\n\n| model | field | base | head |\n| --- | --- | --- | --- |\n")
		for i, m := range d.Models.Changed {
			if i == limit {
				fmt.Fprintf(bw, "| … %d more | | | |\n", len(d.Models.Changed)-limit)
				break
			}
			for _, c := range m.Changes {
				fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", md(m.Ref), md(c.Field), md(orDash(c.Base)), md(orDash(c.Head)))
			}
		}
	}
	if len(d.Findings.Fixed) > 0 {
		fmt.Fprintf(bw, "\n### Fixed findings\n\n")
		findingTable(d.Findings.Fixed)
	}
	if len(d.Findings.Unchanged) > 0 {
		// Reported, not gating: collapsed so that the new ones stand out.
		fmt.Fprintf(bw, "\n<details><summary>%d finding(s) already on the base branch (not gating)</summary>\n\n", len(d.Findings.Unchanged))
		findingTable(d.Findings.Unchanged)
		fmt.Fprintf(bw, "\n</details>\n")
	}
	return bw.Flush()
}

// GitHub workflow-command escaping
// (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions;
// the rules are those of @actions/core's command.ts): in the message % CR
// LF are percent-encoded; in a property value also : and ,.
func escapeData(s string) string {
	s = strings.ReplaceAll(s, "%", "%25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

func escapeProperty(s string) string {
	s = escapeData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}

// annotationLevel maps a severity to a workflow command.
func annotationLevel(sev string) string {
	switch sev {
	case sbom.SeverityError:
		return "error"
	case sbom.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// WriteGitHub writes workflow commands (::error, ::warning or ::notice)
// for the new, unwaived findings: one per place in the code, so that a line
// that brings a model with several findings gets one annotation listing
// them all (GitHub also shows only the first few annotations of each level
// per step). The level is that of the most severe finding; findings without
// a location share one annotation without a file. Paths get
// opts.PathPrefix; a reference inside a notebook cell is annotated on the
// file only, because its line counts within the cell. Text keeps its
// words but loses control characters; newlines are encoded as the command
// syntax requires.
func WriteGitHub(w io.Writer, d *Diff, opts Options) error {
	type group struct {
		loc      *sbom.Location
		findings []sbom.Finding
	}
	var groups []*group
	index := map[string]*group{}
	for _, f := range d.Gating() { // report order: most severe first
		key := "\x00"
		var loc *sbom.Location
		if len(f.Locations) > 0 {
			l := sbom.Primary(f.Locations)
			loc = &l
			key = l.Path + "\x00" + strconv.Itoa(l.Cell) + "\x00" + strconv.Itoa(l.Line)
		}
		g := index[key]
		if g == nil {
			g = &group{loc: loc}
			index[key] = g
			groups = append(groups, g)
		}
		g.findings = append(g.findings, f)
	}

	bw := bufio.NewWriter(w)
	for _, g := range groups {
		var props []string
		if l := g.loc; l != nil {
			p := l.Path
			if opts.PathPrefix != "" && opts.PathPrefix != "." {
				p = path.Join(strings.TrimSuffix(opts.PathPrefix, "/"), p)
			}
			props = append(props, "file="+escapeProperty(p))
			if l.Cell == 0 && l.Line > 0 {
				props = append(props, "line="+strconv.Itoa(l.Line))
				if l.Column > 0 {
					props = append(props, "col="+strconv.Itoa(l.Column))
				}
			}
		}
		var models []string
		for _, f := range g.findings {
			if f.Model != "" && !slices.Contains(models, f.Model) {
				models = append(models, f.Model)
			}
		}
		title := fmt.Sprintf("aibom: %d new finding(s)", len(g.findings))
		if len(models) > 0 {
			title += " for " + strings.Join(models, ", ")
		}
		props = append(props, "title="+escapeProperty(sbom.Clean(title, 200)))
		var lines []string
		for _, f := range g.findings {
			line := f.Severity + " " + f.Rule
			if len(models) > 1 && f.Model != "" {
				line += " (" + f.Model + ")"
			}
			line += ": " + f.Message
			if f.Remediation != "" {
				line += " Fix: " + f.Remediation
			}
			lines = append(lines, sbom.Clean(line, 1000))
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", annotationLevel(g.findings[0].Severity), strings.Join(props, ","), escapeData(strings.Join(lines, "\n")))
	}
	if len(d.Unjudged) > 0 && !d.allowUnresolved {
		// Models the change leaves unjudged gate like an error: say which.
		var lines []string
		for _, u := range d.Unjudged {
			lines = append(lines, sbom.Clean(u.Model+": "+u.Reason, 1000))
		}
		title := fmt.Sprintf("aibom: %d model(s) not judged", len(d.Unjudged))
		fmt.Fprintf(bw, "::error title=%s::%s\n", escapeProperty(title), escapeData(strings.Join(lines, "\n")))
	}
	return bw.Flush()
}

// ForMarkdown converts d into the report summary's diff section
// (markdown.Options.Diff): models added and removed, and the models whose
// license changed.
func (d *Diff) ForMarkdown() *markdown.Diff {
	md := &markdown.Diff{}
	for _, m := range d.Models.Added {
		md.Added = append(md.Added, markdown.DiffModel{Ref: m.Ref, License: m.License})
	}
	for _, m := range d.Models.Removed {
		md.Removed = append(md.Removed, markdown.DiffModel{Ref: m.Ref, License: m.License})
	}
	for _, m := range d.Models.Changed {
		for _, c := range m.Changes {
			if c.Field == FieldLicense {
				md.Changed = append(md.Changed, markdown.DiffChange{Ref: m.Ref, From: c.Base, To: c.Head})
			}
		}
	}
	return md
}
