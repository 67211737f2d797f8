package formats

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aibom/aibom/sbom"
)

// tableEncoder writes a terminal summary: one row per model, then the
// findings. Every string from a model card or hub is passed through
// sbom.Clean so that a hostile card cannot move the cursor or recolour the
// terminal.
type tableEncoder struct{ color bool }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func (t tableEncoder) paint(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (t tableEncoder) Encode(w io.Writer, r *sbom.Report) error {
	r.Normalize()
	bw := bufio.NewWriter(w)
	direct := 0
	for _, m := range r.Models {
		if m.Direct {
			direct++
		}
	}
	fmt.Fprintf(bw, "%s %s: %d models (%d referenced directly, %d ancestors)\n\n",
		t.paint(ansiBold, "aibom"), clean(r.Subject.Path), len(r.Models), direct, len(r.Models)-direct)
	if len(r.Models) > 0 {
		// tabwriter pads by byte width; colour codes would skew it, so the
		// table body is written plain and only headings are coloured.
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MODEL\tLICENSE\tCOMMERCIAL\tSTATUS\tFOUND AT")
		// Direct references first, then the ancestors they bring in, each
		// group in report order.
		for _, direct := range []bool{true, false} {
			for _, m := range r.Models {
				if m.Direct == direct {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", modelCell(m), licenseCell(m), commercialCell(m), statusCell(m), locationCell(m))
				}
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	t.providers(bw, r)
	if len(r.Findings) > 0 {
		fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, "Findings"))
		for _, f := range r.Findings {
			sev := strings.ToUpper(f.Severity)
			switch f.Severity {
			case sbom.SeverityError:
				sev = t.paint(ansiRed, sev)
			case sbom.SeverityWarning:
				sev = t.paint(ansiYellow, sev)
			default:
				sev = t.paint(ansiCyan, sev)
			}
			extra := ""
			if f.Waived != nil {
				extra = t.paint(ansiDim, " (waived until "+clean(f.Waived.Expires)+")")
			} else if f.New != nil && !*f.New {
				extra = t.paint(ansiDim, " (in baseline)")
			}
			fmt.Fprintf(bw, "  %s %s [%s]%s\n", sev, clean(f.Message), clean(f.Rule), extra)
			if len(f.Locations) > 0 {
				fmt.Fprintf(bw, "    at %s\n", locString(f.Locations[0]))
			}
			if f.Remediation != "" {
				fmt.Fprintf(bw, "    fix: %s\n", clean(f.Remediation))
			}
		}
	}
	if n := len(r.Warnings); n > 0 {
		// The warnings themselves go to stderr as the scan runs.
		fmt.Fprintf(bw, "\n%d warning(s) during the scan (see stderr or the JSON report)\n", n)
	}
	if s := r.Summary; s != nil {
		if len(s.Unjudged) > 0 {
			title := "Not judged"
			if s.AllowUnresolved {
				title += " (accepted by allow_unresolved)"
			}
			fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, title))
			for _, line := range s.UnjudgedText() {
				fmt.Fprintf(bw, "  %s\n", clean(line))
			}
		}
		fmt.Fprintf(bw, "\n%d errors, %d warnings, %d notes: %s\n",
			s.Findings[sbom.SeverityError], s.Findings[sbom.SeverityWarning], s.Findings[sbom.SeverityNote], verdict(t, s))
	}
	return bw.Flush()
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
	s := locString(m.Locations[0])
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
