// Package html renders an aibom report as one self-contained HTML page, in
// the same signal-first order as the table and the Markdown summary
// (sbom/digest): the verdict, the errors grouped by model, the models not
// judged, the warnings and notes (a rule on many models folded into one
// line that opens to the full list), then the models in code and those
// referenced only in tests or only in documentation.
//
// The page loads nothing: its style is inline and its Content-Security-
// Policy forbids everything else, scripts included. Every string from the
// report is reduced to one printable line (sbom.Clean: no terminal escapes
// or bidirectional controls) and escaped by html/template; nothing from the
// report becomes a link.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/digest"
)

//go:embed report.html.tmpl
var pageText string

var pageTemplate = template.Must(template.New("report").Parse(pageText))

// csp forbids every fetch and script; only the inline style applies.
const csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

// Write renders the judged report r.
func Write(w io.Writer, r *sbom.Report) error {
	r.Normalize()
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, build(r)); err != nil {
		return fmt.Errorf("rendering HTML report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// page is what the template shows, every string already cleaned.
type page struct {
	CSP          string
	Subject      string
	Tool         string
	Timestamp    string
	Verdict      string
	VerdictClass string // pass, fail, incomplete or none: the colour
	Counts       string
	Reach        string
	Errors       []errorGroup
	ErrorCount   int
	Unjudged     []fold
	UnjudgedN    int
	Accepted     bool // unjudged models accepted by allow_unresolved
	Warnings     []fold
	WarningN     int
	Notes        []fold
	NoteN        int
	Uncounted    []item
	Sections     []section
	Providers    []provider
}

// provider is what aibom read of one API provider's terms.
type provider struct {
	Name, Status, Models, Read string
	Facts, Sources             []string
}

type errorGroup struct {
	Model, License, At string
	Items              []item
}

// item is one finding or one model not judged.
type item struct {
	Severity, Rule, Text, At, Fix, Extra string
}

// fold is one line: a single item, or a folded group that opens to its
// items.
type fold struct {
	Severity, Summary string
	Items             []item
}

type section struct {
	Title string
	Flag  string // the setting that leaves the section's models out
	Rows  []row
}

type row struct {
	Model, License, Commercial, Status, At string
}

func clean(s string) string { return sbom.Clean(s, 400) }

func build(r *sbom.Report) page {
	d := digest.New(r, digest.Options{})
	p := page{CSP: csp, Subject: clean(r.Subject.Path), Tool: clean(r.Tool.Name + " " + r.Tool.Version), Timestamp: clean(r.Timestamp),
		Verdict: "not judged", VerdictClass: "none"}
	if s := r.Summary; s != nil && s.Verdict != "" {
		p.Verdict = s.VerdictLabel()
		switch {
		case s.Green():
			p.VerdictClass = "pass"
		case s.Verdict == sbom.VerdictFail:
			p.VerdictClass = "fail"
		default:
			p.VerdictClass = "incomplete"
		}
		p.Counts = fmt.Sprintf("%s, %s, %s", plural(s.Findings[sbom.SeverityError], "error"),
			plural(s.Findings[sbom.SeverityWarning], "warning"), plural(s.Findings[sbom.SeverityNote], "note"))
		p.Accepted = s.AllowUnresolved
	}
	direct := len(d.Code) + len(d.Tests) + len(d.Docs)
	p.Reach = fmt.Sprintf("%s (%d referenced directly, %s)", plural(direct+len(d.Ancestors), "model"), direct, plural(len(d.Ancestors), "ancestor"))
	if len(d.Tests)+len(d.Docs) > 0 {
		p.Reach += fmt.Sprintf(": %d in code, %d only in tests, %d only in documentation", len(d.Code), len(d.Tests), len(d.Docs))
	}

	for _, me := range d.Errors {
		g := errorGroup{Model: "the project", License: clean(me.License)}
		if me.Model != "" {
			g.Model = clean(me.Model)
		}
		g.At = where(me.Findings[0])
		for _, f := range me.Findings {
			g.Items = append(g.Items, findingItem(f))
		}
		p.Errors = append(p.Errors, g)
	}
	p.ErrorCount = d.ErrorCount()

	for _, g := range d.Unjudged {
		var items []item
		for _, u := range g.Models {
			items = append(items, item{Text: clean(u.Model + ": " + u.Reason)})
		}
		if g.Folded {
			p.Unjudged = append(p.Unjudged, fold{Summary: clean(g.Sentence()), Items: items})
			continue
		}
		for _, it := range items {
			p.Unjudged = append(p.Unjudged, fold{Summary: it.Text})
		}
	}
	p.UnjudgedN = d.UnjudgedCount()
	p.Warnings, p.WarningN = folds(d.Warnings)
	p.Notes, p.NoteN = folds(d.Notes)
	for _, f := range d.Existing {
		it := findingItem(f)
		it.Extra = "in the baseline"
		p.Uncounted = append(p.Uncounted, it)
	}
	for _, f := range d.Waived {
		it := findingItem(f)
		it.Extra = clean("waived until " + f.Waived.Expires + ": " + f.Waived.Reason)
		p.Uncounted = append(p.Uncounted, it)
	}

	p.Sections = append(p.Sections,
		section{Title: "Models", Rows: rows(append(append([]sbom.Model{}, d.Code...), d.Ancestors...))},
		section{Title: fmt.Sprintf("Only in tests (%d)", len(d.Tests)), Flag: "--include-tests=false", Rows: rows(d.Tests)},
		section{Title: fmt.Sprintf("Only in documentation (%d)", len(d.Docs)), Flag: "--include-docs=false", Rows: rows(d.Docs)},
	)
	p.Providers = providers(r)
	return p
}

// providers lists each API provider's facts with the number of their
// source, the sources, and for terms not read, the page to read. URLs are
// text, not links.
func providers(r *sbom.Report) []provider {
	var out []provider
	for _, u := range sbom.Providers(r) {
		t := u.Terms
		pv := provider{Name: clean(t.Name), Status: clean(t.Status), Models: clean(strings.Join(u.Models, ", "))}
		docs, src := sbom.ProviderSources(t)
		for i, f := range t.Facts {
			label := licenses.TopicLabel(f.Topic)
			if f.Jurisdiction != "" {
				label += " (" + f.Jurisdiction + ")"
			}
			pv.Facts = append(pv.Facts, sbom.Clean(fmt.Sprintf("%s: %s [%d]", label, f.Statement, src[i]), 800))
		}
		for i, d := range docs {
			title := d.Title
			if d.Version != "" {
				title += ", " + d.Version
			}
			pv.Sources = append(pv.Sources, clean(fmt.Sprintf("[%d] %s; read %s: %s", i+1, title, d.Read, d.URL)))
		}
		if t.Status != licenses.ProviderVerified {
			pv.Read = clean(strings.TrimSpace("read " + t.TermsURL + " " + t.ReadHint))
		}
		out = append(out, pv)
	}
	return out
}

func folds(gs []digest.Group) ([]fold, int) {
	var out []fold
	n := 0
	for _, g := range gs {
		n += len(g.Findings)
		var items []item
		for _, f := range g.Findings {
			items = append(items, findingItem(f))
		}
		if g.Folded {
			out = append(out, fold{Severity: clean(g.Severity), Summary: clean(g.Sentence() + " (" + g.Rule + ")"), Items: items})
			continue
		}
		for _, it := range items {
			out = append(out, fold{Severity: it.Severity, Items: []item{it}})
		}
	}
	return out, n
}

func findingItem(f sbom.Finding) item {
	return item{Severity: clean(f.Severity), Rule: clean(f.Rule), Text: clean(f.Message), At: where(f), Fix: clean(f.Remediation)}
}

func where(f sbom.Finding) string {
	if len(f.Locations) == 0 {
		return ""
	}
	return location(sbom.Primary(f.Locations))
}

func location(l sbom.Location) string {
	s := l.Path
	if l.Cell > 0 {
		s += fmt.Sprintf("[cell %d]", l.Cell)
	}
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	return clean(s)
}

func rows(ms []sbom.Model) []row {
	var out []row
	for _, m := range ms {
		ref := m.Ref
		if !m.Direct {
			ref = "ancestor " + ref
		}
		at := ""
		switch {
		case len(m.Locations) > 0:
			at = location(sbom.Primary(m.Locations))
			if n := len(m.Locations) - 1; n > 0 {
				at += fmt.Sprintf(" (+%d)", n)
			}
		case len(m.Via) > 0:
			at = clean("via " + m.Via[0])
		}
		commercial := sbom.CommercialLabel(m.Terms)
		if m.Provider != nil && (m.Terms == nil || m.Terms.CommercialUse == "" || m.Terms.CommercialUse == "unknown") {
			commercial = "unverified" // the provider's terms were not read
		}
		out = append(out, row{Model: clean(ref), License: clean(sbom.LicenseLabel(&m)), Commercial: clean(commercial), Status: clean(m.Status), At: at})
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
