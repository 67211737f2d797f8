package formats

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/digest"
)

// tableEncoder writes a terminal summary, signal first (sbom/digest): the
// verdict, the errors grouped by model, the models not judged, the
// warnings and notes (a rule on many models is one line with a count
// unless verbose), then the models: those in code, their ancestors, and
// those referenced only in tests or only in documentation. Every string
// from a model card or hub is passed through sbom.Clean so that a hostile
// card cannot move the cursor or recolour the terminal.
type tableEncoder struct {
	color bool
	// verbose lists every finding and model not judged, with where it was
	// found and how to fix it, instead of folding repeated ones.
	verbose bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

// foldHint ends a folded line: where the full list is.
const foldHint = " — the full list is in the JSON report and with -v"

func (t tableEncoder) paint(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (t tableEncoder) Encode(w io.Writer, r *sbom.Report) error {
	r.Normalize()
	fold := 0
	if t.verbose {
		fold = -1
	}
	d := digest.New(r, digest.Options{Fold: fold})
	bw := bufio.NewWriter(w)

	head := t.paint(ansiBold, "aibom") + " " + clean(r.Subject.Path)
	if s := r.Summary; s != nil {
		head += ": " + verdict(t, s) + " (" + counts(s) + ")"
	}
	fmt.Fprintln(bw, head)
	fmt.Fprintln(bw, reachLine(d))

	t.errors(bw, d)
	t.unjudged(bw, d)
	t.groups(bw, "Warnings", d.Warnings)
	t.groups(bw, "Notes", d.Notes)
	t.uncounted(bw, d)
	if n := len(r.Warnings); n > 0 {
		// The warnings themselves go to stderr as the scan runs.
		fmt.Fprintf(bw, "\n%d warning(s) during the scan (see stderr or the JSON report)\n", n)
	}

	if err := t.models(bw, d); err != nil {
		return err
	}
	t.providers(bw, r)
	if s := r.Summary; s != nil {
		fmt.Fprintf(bw, "\n%s: %s\n", counts(s), verdict(t, s))
	}
	return bw.Flush()
}

// counts is the findings that count, by severity.
func counts(s *sbom.Summary) string {
	return plural(s.Findings[sbom.SeverityError], "error") + ", " + plural(s.Findings[sbom.SeverityWarning], "warning") + ", " +
		plural(s.Findings[sbom.SeverityNote], "note")
}

// reachLine says how many models there are and where they were found.
func reachLine(d *digest.Digest) string {
	direct := len(d.Code) + len(d.Tests) + len(d.Docs)
	s := fmt.Sprintf("%s (%d referenced directly, %s)", plural(direct+len(d.Ancestors), "model"), direct, plural(len(d.Ancestors), "ancestor"))
	if len(d.Tests)+len(d.Docs) > 0 {
		s += fmt.Sprintf(": %d in code, %d only in tests, %d only in documentation", len(d.Code), len(d.Tests), len(d.Docs))
	}
	return s
}

func (t tableEncoder) sev(s string) string {
	label := strings.ToUpper(s)
	switch s {
	case sbom.SeverityError:
		return t.paint(ansiRed, label)
	case sbom.SeverityWarning:
		return t.paint(ansiYellow, label)
	}
	return t.paint(ansiCyan, label)
}

// errors lists every counted error, grouped by model: the model and its
// concluded license and where it is referenced on one line, then each rule
// and how to fix it.
func (t tableEncoder) errors(bw *bufio.Writer, d *digest.Digest) {
	if len(d.Errors) == 0 {
		return
	}
	fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, fmt.Sprintf("Errors (%d)", d.ErrorCount())))
	for _, me := range d.Errors {
		who := "the project"
		if me.Model != "" {
			who = clean(me.Model)
			if me.License != "" {
				who += "  license " + clean(me.License)
			}
		}
		if f := me.Findings[0]; len(f.Locations) > 0 {
			who += "  at " + locString(sbom.Primary(f.Locations))
		}
		fmt.Fprintf(bw, "  %s\n", who)
		for _, f := range me.Findings {
			fmt.Fprintf(bw, "    %s %s [%s]\n", t.sev(f.Severity), clean(f.Message), clean(f.Rule))
			if len(f.Locations) > 0 && !sameLocation(sbom.Primary(f.Locations), me.Findings[0].Locations) {
				fmt.Fprintf(bw, "      at %s\n", locString(sbom.Primary(f.Locations)))
			}
			if f.Remediation != "" {
				fmt.Fprintf(bw, "      fix: %s\n", clean(f.Remediation))
			}
		}
	}
}

// sameLocation reports whether l is the first of locs.
func sameLocation(l sbom.Location, locs []sbom.Location) bool {
	return len(locs) > 0 && sbom.Primary(locs) == l
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// finding writes one finding; detail adds where it was found and the fix.
func (t tableEncoder) finding(bw *bufio.Writer, indent string, f sbom.Finding, detail bool) {
	extra := ""
	if f.Waived != nil {
		extra = t.paint(ansiDim, " (waived until "+clean(f.Waived.Expires)+")")
	} else if f.New != nil && !*f.New {
		extra = t.paint(ansiDim, " (in baseline)")
	}
	at := ""
	if !detail && len(f.Locations) > 0 {
		at = " at " + locString(sbom.Primary(f.Locations))
	}
	fmt.Fprintf(bw, "%s%s %s [%s]%s%s\n", indent, t.sev(f.Severity), clean(f.Message), clean(f.Rule), at, extra)
	if !detail {
		return
	}
	if len(f.Locations) > 0 {
		fmt.Fprintf(bw, "%s  at %s\n", indent, locString(sbom.Primary(f.Locations)))
	}
	if f.Remediation != "" {
		fmt.Fprintf(bw, "%s  fix: %s\n", indent, clean(f.Remediation))
	}
}

// unjudged lists the models that could not be judged, the reasons many
// share folded into one line each.
func (t tableEncoder) unjudged(bw *bufio.Writer, d *digest.Digest) {
	s := d.Summary
	if s == nil || len(d.Unjudged) == 0 {
		return
	}
	title := fmt.Sprintf("Not judged (%d)", d.UnjudgedCount())
	if s.AllowUnresolved {
		title += " (accepted by allow_unresolved)"
	}
	fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, title))
	for _, g := range d.Unjudged {
		if g.Folded {
			fmt.Fprintf(bw, "  %s%s\n", clean(g.Sentence()), foldHint)
			continue
		}
		for _, u := range g.Models {
			fmt.Fprintf(bw, "  %s\n", clean(strings.TrimSpace(u.Model+": "+u.Reason)))
		}
	}
}

// groups lists warnings or notes by rule: a folded rule is one line with
// its count, the others one line per finding (with detail when verbose).
func (t tableEncoder) groups(bw *bufio.Writer, title string, gs []digest.Group) {
	if len(gs) == 0 {
		return
	}
	n := 0
	for _, g := range gs {
		n += len(g.Findings)
	}
	fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, fmt.Sprintf("%s (%d)", title, n)))
	for _, g := range gs {
		if g.Folded {
			fmt.Fprintf(bw, "  %s %s [%s]%s\n", t.sev(g.Severity), clean(g.Sentence()), clean(g.Rule), foldHint)
			continue
		}
		for _, f := range g.Findings {
			t.finding(bw, "  ", f, t.verbose)
		}
	}
}

// uncounted says how many findings the baseline and waivers set aside;
// verbose lists them.
func (t tableEncoder) uncounted(bw *bufio.Writer, d *digest.Digest) {
	if len(d.Existing)+len(d.Waived) == 0 {
		return
	}
	if !t.verbose {
		fmt.Fprintf(bw, "\n%d finding(s) already in the baseline and %d waived are not counted (listed with -v and in the JSON report)\n",
			len(d.Existing), len(d.Waived))
		return
	}
	fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, "Not counted (in the baseline or waived)"))
	for _, f := range append(append([]sbom.Finding{}, d.Existing...), d.Waived...) {
		t.finding(bw, "  ", f, true)
	}
}

// models writes the model tables: code references and their ancestors,
// then the models referenced only in tests, then only in documentation,
// each with the setting that leaves them out.
func (t tableEncoder) models(bw *bufio.Writer, d *digest.Digest) error {
	sections := []struct {
		title  string
		models []sbom.Model
	}{
		{"Models", append(append([]sbom.Model{}, d.Code...), d.Ancestors...)},
		{fmt.Sprintf("Only in tests (%d): --include-tests=false leaves them out", len(d.Tests)), d.Tests},
		{fmt.Sprintf("Only in documentation (%d): --include-docs=false leaves them out", len(d.Docs)), d.Docs},
	}
	for _, sec := range sections {
		if len(sec.models) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, sec.title))
		// tabwriter pads by byte width; colour codes would skew it, so the
		// table body is written plain and only headings are coloured.
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MODEL\tLICENSE\tCOMMERCIAL\tSTATUS\tFOUND AT")
		for _, m := range sec.models {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", modelCell(m), licenseCell(m), commercialCell(m), statusCell(m), locationCell(m))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// verdict writes the judged verdict in capitals; only an enforced pass of
// a fully judged report reads PASS plainly, anything short of it is
// coloured.
func verdict(t tableEncoder, s *sbom.Summary) string {
	label := s.VerdictLabel()
	if v := s.Verdict; strings.HasPrefix(label, v) {
		label = strings.ToUpper(v) + label[len(v):]
	}
	switch {
	case s.Green():
		return label
	case s.Verdict == sbom.VerdictFail:
		return t.paint(ansiRed, label)
	}
	return t.paint(ansiYellow, label)
}

func clean(s string) string { return sbom.Clean(s, 200) }

func modelCell(m sbom.Model) string {
	s := clean(m.Ref)
	if !m.Direct {
		s = "ancestor " + s
	}
	return s
}

func licenseCell(m sbom.Model) string { return clean(sbom.LicenseLabel(&m)) }

func commercialCell(m sbom.Model) string {
	if m.Provider != nil && (m.Terms == nil || m.Terms.CommercialUse == "" || m.Terms.CommercialUse == "unknown") {
		return "unverified" // the provider's terms were not read: see API provider terms
	}
	return sbom.CommercialLabel(m.Terms)
}

func statusCell(m sbom.Model) string {
	return clean(m.Status)
}

func locationCell(m sbom.Model) string {
	if len(m.Locations) == 0 {
		if len(m.Via) > 0 {
			s := "via " + clean(m.Via[0])
			if n := len(m.Via) - 1; n > 0 {
				s += fmt.Sprintf(" (+%d)", n)
			}
			return s
		}
		return ""
	}
	s := locString(sbom.Primary(m.Locations))
	if n := len(m.Locations) - 1; n > 0 {
		s += fmt.Sprintf(" (+%d)", n)
	}
	return s
}

func locString(l sbom.Location) string {
	s := clean(l.Path)
	if l.Cell > 0 {
		s += fmt.Sprintf("[cell %d]", l.Cell)
	}
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	return s
}
