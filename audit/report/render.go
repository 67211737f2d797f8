package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// WriteJSON writes the report as indented JSON with a trailing newline.
func WriteJSON(w io.Writer, r *Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encoding audit report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// ReadJSON reads a consolidated report, refusing other schema versions.
func ReadJSON(rd io.Reader) (*Report, error) {
	var r Report
	if err := json.NewDecoder(io.LimitReader(rd, maxStored)).Decode(&r); err != nil {
		return nil, fmt.Errorf("reading audit report: %w", err)
	}
	if r.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("reading audit report: schema_version %d, this aibom reads %d", r.SchemaVersion, SchemaVersion)
	}
	return &r, nil
}

// md makes an untrusted string safe inside a Markdown table cell: no
// control characters or line breaks, and the characters that would end the
// cell, start markup or raw HTML escaped.
func md(s string) string {
	s = sbom.Clean(s, 300)
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '|', '\\', '`', '*', '_', '[', ']', '<', '>', '#', '!', '~', '&':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func sevCounts(m map[string]int) string {
	return fmt.Sprintf("%d / %d / %d", m[sbom.SeverityError], m[sbom.SeverityWarning], m[sbom.SeverityNote])
}

// WriteMarkdown writes a summary for people, signal first: the outcome,
// totals, each repository that does not pass with its errors, then every
// repository (those needing attention first), the models (those with
// findings first) and the licenses.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b bytes.Buffer
	t := r.Totals
	fmt.Fprintf(&b, "# AI model audit\n\n")
	head, green := r.Headline()
	mark := "❌ "
	switch {
	case green:
		mark = "✅ "
	case t.Failed == 0 && t.Errored == 0:
		mark = "⚠️ "
	}
	fmt.Fprintf(&b, "**%s%s**\n\n", mark, md(head))
	if r.Generated != "" {
		fmt.Fprintf(&b, "Generated %s by %s %s.\n\n", md(r.Generated), md(r.Tool.Name), md(r.Tool.Version))
	}
	fmt.Fprintf(&b, "| repositories | pass | fail | incomplete | error | models | direct models | findings (error / warning / note) |\n")
	fmt.Fprintf(&b, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d | %s |\n\n", t.Repositories, t.Passed, t.Failed, t.Incomplete, t.Errored, t.Models, t.DirectModels, sevCounts(t.Findings))
	if t.NotEnforced > 0 {
		fmt.Fprintf(&b, "%d of the repositories were judged with fail_on none: their verdicts are reported, not enforced.\n\n", t.NotEnforced)
	}
	if p := r.Partial; p != nil {
		fmt.Fprintf(&b, "This report was merged with --partial: %s. Repositories of those shards are not in it.\n\n", md(p.Text()))
	}

	if att := r.Attention(); len(att) > 0 {
		fmt.Fprintf(&b, "## Needs attention (%d)\n\n", len(att))
		for _, a := range att {
			fmt.Fprintf(&b, "**%s** · %s", md(a.Name), verdictMark(a.Repository))
			if a.Revision != "" {
				fmt.Fprintf(&b, " · %s", md(short(a.Revision)))
			}
			b.WriteString("\n\n")
			switch {
			case a.Error != "":
				fmt.Fprintf(&b, "- could not be audited: %s\n", md(a.Error))
			default:
				for _, e := range a.Errors {
					lic := ""
					if e.License != "" {
						lic = " (" + md(e.License) + ")"
					}
					fmt.Fprintf(&b, "- 🔴 %s%s: %s: %s\n", md(e.Model), lic, md(e.Rule), md(e.Message))
				}
				if a.Unjudged > 0 && !a.AllowUnresolved {
					fmt.Fprintf(&b, "- %d model(s) not judged (see %s)\n", a.Unjudged, md(a.Report))
				}
			}
			b.WriteString("\n")
		}
	}

	fmt.Fprintf(&b, "## Repositories\n\n")
	if len(r.Repositories) == 0 {
		b.WriteString("No repositories.\n\n")
	} else {
		b.WriteString("| repository | verdict | revision | models | direct | findings (error / warning / note) | note |\n")
		b.WriteString("| --- | --- | --- | ---: | ---: | --- | --- |\n")
		for _, repo := range r.RepositoriesByAttention() {
			note := ""
			if repo.Error != "" {
				note = md(repo.Error)
			} else if repo.Warnings > 0 {
				note = fmt.Sprintf("%d warning(s)", repo.Warnings)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %s | %s |\n", md(repo.Name), verdictMark(repo), md(short(repo.Revision)),
				repo.Models, repo.Direct, sevCounts(repo.Findings), note)
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "## Models\n\n")
	if len(r.Models) == 0 {
		b.WriteString("No models.\n\n")
	} else {
		b.WriteString("| model | license | repositories | findings |\n| --- | --- | ---: | --- |\n")
		for _, m := range r.ModelsBySeverity() {
			var names []string
			for _, u := range m.Repositories {
				n := md(u.Repository)
				if !u.Direct {
					n += " (ancestor)"
				}
				names = append(names, n)
			}
			if len(names) > 20 {
				names = append(names[:20], fmt.Sprintf("… %d more", len(names)-20))
			}
			var fs []string
			for _, f := range m.Findings {
				fs = append(fs, fmt.Sprintf("%s %s (%d)", md(f.Severity), md(f.Rule), len(f.Repositories)))
			}
			fmt.Fprintf(&b, "| %s | %s | %d: %s | %s |\n", md(m.Ref), md(strings.Join(m.Licenses, ", ")),
				len(m.Repositories), strings.Join(names, ", "), strings.Join(fs, "; "))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "## Licenses\n\n")
	if len(r.Licenses) == 0 {
		b.WriteString("No identified licenses.\n")
	} else {
		b.WriteString("| license | SPDX | category | models | repositories |\n| --- | --- | --- | ---: | ---: |\n")
		for _, l := range r.Licenses {
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %d |\n", md(l.Key), md(l.SPDXID), md(l.Category), l.Models, l.Repositories)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// short is a revision's first 12 characters.
func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// verdictMark writes a repository's verdict; one judged with fail_on none
// says so, so that no unenforced fail reads as settled.
func verdictMark(repo Repository) string {
	v := repo.Verdict
	switch v {
	case VerdictFail, VerdictIncomplete, VerdictError:
		v = "**" + v + "**"
	}
	if repo.Verdict != VerdictError && !repo.Enforced {
		v += " (not enforced)"
	}
	return v
}

// CSVHeader is the CSV's first row: one row follows per (repository,
// model) use, and one row with empty model columns for a repository
// without models or that could not be audited.
var CSVHeader = []string{"repository", "verdict", "revision", "model", "direct", "status", "license", "findings", "max_severity", "paths", "error"}

// WriteCSV writes one row per repository and model it uses.
func WriteCSV(w io.Writer, r *Report) error {
	type use struct {
		m Model
		u Usage
	}
	byRepo := map[string][]use{}
	for _, m := range r.Models {
		for _, u := range m.Repositories {
			byRepo[u.Repository] = append(byRepo[u.Repository], use{m, u})
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, repo := range r.Repositories {
		uses := byRepo[repo.Name]
		if len(uses) == 0 {
			if err := cw.Write(cells(repo.Name, repo.Verdict, repo.Revision, "", "", "", "", "", "", "", repo.Error)); err != nil {
				return err
			}
			continue
		}
		for _, x := range uses {
			worst := ""
			for _, f := range x.m.Findings {
				if slices.Contains(f.Repositories, repo.Name) && sbom.SeverityRank(f.Severity) > sbom.SeverityRank(worst) {
					worst = f.Severity
				}
			}
			if err := cw.Write(cells(repo.Name, repo.Verdict, repo.Revision, x.m.Ref, strconv.FormatBool(x.u.Direct), x.u.Status,
				x.u.License, strings.Join(x.u.Findings, ";"), worst, strings.Join(x.u.Paths, ";"), "")); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// cells neutralises spreadsheet formulas: a cell an application would
// evaluate (=, +, -, @, tab, CR at the start) gets a leading apostrophe.
func cells(vals ...string) []string {
	for i, v := range vals {
		v = sbom.Clean(v, 2000)
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		vals[i] = v
	}
	return vals
}

//go:embed report.html.tmpl
var htmlTemplate string

//go:embed sort.js
var sortScript string

var pageTemplate = template.Must(template.New("audit").Funcs(template.FuncMap{
	"short": short,
	"sev":   func(m map[string]int, s string) int { return m[s] },
	"join":  strings.Join,
}).Parse(htmlTemplate))

// WriteHTML writes one self-contained page: inline style and a small inline
// sorting script (allowed by hash in the page's Content-Security-Policy,
// which forbids everything else), every value escaped by html/template.
func WriteHTML(w io.Writer, r *Report) error {
	sum := sha256.Sum256([]byte(sortScript))
	head, green := r.Headline()
	class := "fail"
	switch {
	case green:
		class = "pass"
	case r.Totals.Failed == 0 && r.Totals.Errored == 0:
		class = "incomplete"
	}
	data := struct {
		*Report
		Headline, HeadlineClass string
		Attention               []Attention
		RepositoryRows          []Repository
		ModelRows               []Model
		Script                  template.JS
		CSP                     string
	}{
		Report:         r,
		Headline:       head,
		HeadlineClass:  class,
		Attention:      r.Attention(),
		RepositoryRows: r.RepositoriesByAttention(),
		ModelRows:      r.ModelsBySeverity(),
		Script:         template.JS(sortScript),
		CSP: "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" +
			base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, data); err != nil {
		return fmt.Errorf("rendering audit HTML: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
