// Package markdown renders an aibom report as a pull-request summary for
// GitHub, signal first (sbom/digest): the verdict, the errors grouped by
// model, the models not judged, the warnings and notes (a rule on many
// models folded into one line), then the findings already in the baseline
// or waived, the models added or removed (when given a diff), the
// obligations the models' licenses put on the product, and the models in
// collapsed tables: those in code, then those only in tests or only in
// documentation.
//
// The output fits a PR comment (65,536 characters) and so also
// GITHUB_STEP_SUMMARY (1 MiB). Every string that comes from a scanned
// project, a model card or a hub is escaped: it cannot open a link, an
// image, HTML, a table cell or a new block, nor mention a user.
package markdown

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/digest"
	"github.com/aibom/aibom/sbom/notice"
)

// MaxChars is the size a summary must fit: GitHub's limit on a comment
// body. GITHUB_STEP_SUMMARY allows 1 MiB per step, so this fits both.
const MaxChars = 65536

// Diff is what changed since a baseline report. The CLI fills it when it
// compares against --baseline; nil leaves the section out.
type Diff struct {
	Added   []DiffModel
	Removed []DiffModel
	// Changed lists models whose license changed.
	Changed []DiffChange
}

// DiffModel is a model that appeared or disappeared.
type DiffModel struct {
	Ref     string
	License string // SPDX id or LicenseRef
}

// DiffChange is a model whose license changed.
type DiffChange struct {
	Ref      string
	From, To string
}

// Options shape the summary.
type Options struct {
	Diff *Diff
	// MaxRows caps each table; 0 means 50. The summary shrinks it further
	// when it would not fit MaxChars.
	MaxRows int
}

// Encoder writes the Markdown summary.
type Encoder struct {
	opts Options
}

// New returns an encoder with the given options.
func New(opts Options) *Encoder { return &Encoder{opts: opts} }

// Encode writes the summary for r.
func (e *Encoder) Encode(w io.Writer, r *sbom.Report) error {
	if r == nil {
		return fmt.Errorf("markdown: nil report")
	}
	if _, err := io.WriteString(w, Render(r, e.opts)); err != nil {
		return fmt.Errorf("markdown: write: %w", err)
	}
	return nil
}

// Render returns the summary, at most MaxChars characters long: it halves
// the table rows and the length of quoted strings until it fits.
func Render(r *sbom.Report, opts Options) string {
	rows := cmp.Or(opts.MaxRows, 50)
	text := 300
	for {
		out := render(r, opts, rows, text)
		if utf8.RuneCountInString(out) <= MaxChars || (rows <= 1 && text <= 20) {
			return out
		}
		rows = max(rows/2, 1)
		text = max(text/2, 20)
	}
}

type writer struct {
	strings.Builder
	text  int    // cap on quoted strings, in runes
	fresh string // " new" when a baseline set some findings aside
}

func (w *writer) esc(s string) string { return Escape(s, w.text) }

func render(r *sbom.Report, opts Options, rows, text int) string {
	w := &writer{text: text}
	d := digest.New(r, digest.Options{})
	// With a baseline the sections hold the new findings only.
	if slices.ContainsFunc(r.Findings, func(f sbom.Finding) bool { return f.New != nil }) {
		w.fresh = " new"
	}
	var fresh []sbom.Finding
	for _, f := range r.Findings {
		if f.Waived == nil && (f.New == nil || *f.New) {
			fresh = append(fresh, f)
		}
	}

	// Signal first: the verdict, the errors by model, what was not judged,
	// then warnings and notes with a rule on many models folded into one
	// line; the rest is detail, most of it collapsed.
	w.WriteString("## AI models: " + verdict(r) + "\n\n")
	w.WriteString(counts(r, d, fresh))
	w.errors(d, rows)
	w.unjudged(d, rows)
	w.groups("Warnings", "🟡", d.Warnings, rows)
	w.groups("Notes", "🔵", d.Notes, rows)
	if len(d.Existing) > 0 {
		w.WriteString("\n<details><summary>Already in the baseline (" + strconv.Itoa(len(d.Existing)) + ")</summary>\n")
		w.findingTable(sorted(d.Existing), rows)
		w.WriteString("\n</details>\n")
	}
	if waived := d.Waived; len(waived) > 0 {
		w.WriteString("\n<details><summary>Waived findings (" + strconv.Itoa(len(waived)) + ")</summary>\n\n")
		w.WriteString("| Rule | Model | Reason | Expires |\n| --- | --- | --- | --- |\n")
		for i, f := range sorted(waived) {
			if i == rows {
				w.more(len(waived) - rows)
				break
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", w.esc(f.Rule), w.esc(f.Model), w.esc(f.Waived.Reason), w.esc(f.Waived.Expires))
		}
		w.WriteString("\n</details>\n")
	}
	if opts.Diff != nil {
		w.diff(opts.Diff, rows)
	}
	w.obligations(r, rows)
	w.providers(r, rows)
	w.models(r, d, rows)
	return w.String()
}

// sorted orders findings by severity, rule, model and id.
func sorted(fs []sbom.Finding) []sbom.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b sbom.Finding) int {
		return cmp.Or(cmp.Compare(rank(b.Severity), rank(a.Severity)),
			strings.Compare(a.Rule, b.Rule), strings.Compare(a.Model, b.Model), strings.Compare(a.ID, b.ID))
	})
	return out
}

// where is a finding's first location, path:line.
func where(f sbom.Finding) string {
	if len(f.Locations) == 0 {
		return ""
	}
	l := sbom.Primary(f.Locations)
	s := l.Path
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
	}
	return s
}

// errors lists every counted error grouped by model: the model, its
// concluded license and where it is referenced on one line, then one item
// per rule with the fix. Errors never fold; only the row cap shortens them.
func (w *writer) errors(d *digest.Digest, rows int) {
	total := d.ErrorCount()
	if total == 0 {
		return
	}
	fmt.Fprintf(w, "\n### Errors (%d%s)\n", total, w.fresh)
	n := 0
	for _, me := range d.Errors {
		if n == rows {
			w.more(total - n)
			return
		}
		head := "the project"
		if me.Model != "" {
			head = w.esc(me.Model)
		}
		line := "\n**" + head + "**"
		if me.License != "" {
			line += " · license " + w.esc(me.License)
		}
		if at := where(me.Findings[0]); at != "" {
			line += " · " + w.esc(at)
		}
		w.WriteString(line + "\n\n")
		for _, f := range me.Findings {
			if n == rows {
				w.more(total - n)
				return
			}
			n++
			item := "- 🔴 " + w.esc(f.Rule) + ": " + w.esc(f.Message)
			if f.Remediation != "" {
				item += " Fix: " + w.esc(f.Remediation)
			}
			w.WriteString(item + "\n")
		}
	}
}

// foldNote ends a folded line: where the full list is.
const foldNote = "; the full list is in the JSON report (`aibom scan -v` prints it)"

// unjudged lists the models that could not be judged, a reason many share
// folded into one line.
func (w *writer) unjudged(d *digest.Digest, rows int) {
	s := d.Summary
	if s == nil || len(d.Unjudged) == 0 {
		return
	}
	title := fmt.Sprintf("Not judged (%d)", d.UnjudgedCount())
	if s.AllowUnresolved {
		title += " (accepted by allow\\_unresolved)"
	}
	w.WriteString("\n### " + title + "\n\n")
	n := 0
	for _, g := range d.Unjudged {
		if n == rows {
			w.more(d.UnjudgedCount() - n)
			return
		}
		if g.Folded {
			n++
			w.WriteString("- " + w.esc(g.Sentence()) + foldNote + "\n")
			continue
		}
		for _, u := range g.Models {
			if n == rows {
				w.more(d.UnjudgedCount() - n)
				return
			}
			n++
			fmt.Fprintf(w, "- %s: %s\n", w.esc(u.Model), w.esc(u.Reason))
		}
	}
}

// groups lists warnings or notes by rule, a rule on many models folded
// into one line with its count.
func (w *writer) groups(title, mark string, gs []digest.Group, rows int) {
	if len(gs) == 0 {
		return
	}
	total := 0
	for _, g := range gs {
		total += len(g.Findings)
	}
	fmt.Fprintf(w, "\n### %s (%d%s)\n\n", title, total, w.fresh)
	n, lines := 0, 0
	for _, g := range gs {
		if lines == rows {
			w.more(total - n)
			return
		}
		if g.Folded {
			lines++
			n += len(g.Findings)
			w.WriteString("- " + mark + " " + w.esc(g.Sentence()) + " \\(" + w.esc(g.Rule) + "\\)" + foldNote + "\n")
			continue
		}
		for _, f := range g.Findings {
			if lines == rows {
				w.more(total - n)
				return
			}
			lines++
			n++
			item := "- " + mark + " " + w.esc(f.Rule) + ": " + w.esc(f.Message)
			if at := where(f); at != "" {
				item += " · " + w.esc(at)
			}
			w.WriteString(item + "\n")
		}
	}
}

// verdict heads the summary with the judged verdict; a green check only
// for an enforced pass with every direct model judged.
func verdict(r *sbom.Report) string {
	s := r.Summary
	// The label is aibom's own words and counts, nothing from the project.
	label := s.VerdictLabel()
	switch {
	case s == nil || s.Verdict == "":
		return "not judged"
	case s.Green():
		return "✅ " + label
	case s.Verdict == sbom.VerdictFail:
		return "❌ " + label
	case s.Verdict == sbom.VerdictIncomplete:
		return "⚠️ " + label
	}
	return label
}

func counts(r *sbom.Report, d *digest.Digest, fresh []sbom.Finding) string {
	direct := len(d.Code) + len(d.Tests) + len(d.Docs)
	bySev := map[string]int{}
	for _, f := range append(slices.Clone(fresh), d.Existing...) {
		bySev[f.Severity]++
	}
	var parts []string
	for _, s := range []string{sbom.SeverityError, sbom.SeverityWarning, sbom.SeverityNote} {
		if n := bySev[s]; n > 0 {
			parts = append(parts, plural(n, s))
		}
	}
	line := fmt.Sprintf("%s (%d direct) · ", plural(len(r.Models), "model"), direct)
	if len(parts) == 0 {
		line += "no findings"
	} else {
		line += strings.Join(parts, ", ")
	}
	if len(d.Existing) > 0 || slices.ContainsFunc(fresh, func(f sbom.Finding) bool { return f.New != nil }) {
		line += fmt.Sprintf(" · %d new", len(fresh))
	}
	if len(d.Waived) > 0 {
		line += fmt.Sprintf(" · %d waived", len(d.Waived))
	}
	if n := len(d.Tests); n > 0 {
		line += fmt.Sprintf(" · %d only in tests", n)
	}
	if n := len(d.Docs); n > 0 {
		line += fmt.Sprintf(" · %d only in documentation", n)
	}
	return line + "\n"
}

func (w *writer) findingTable(fs []sbom.Finding, rows int) {
	w.WriteString("\n")
	w.WriteString("| | Rule | Model | Where | Finding |\n| --- | --- | --- | --- | --- |\n")
	for i, f := range fs {
		if i == rows {
			w.more(len(fs) - rows)
			break
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", icon(f.Severity), w.esc(f.Rule), w.esc(f.Model), w.esc(where(f)), w.esc(f.Message))
	}
}

func (w *writer) more(n int) {
	fmt.Fprintf(w, "\n…and %d more (see the full report).\n", n)
}

func (w *writer) diff(d *Diff, rows int) {
	if len(d.Added)+len(d.Removed)+len(d.Changed) == 0 {
		w.WriteString("\n### Model changes\n\nNo models added or removed.\n")
		return
	}
	w.WriteString("\n### Model changes\n\n| | Model | License |\n| --- | --- | --- |\n")
	n := 0
	row := func(mark, ref, lic string) bool {
		if n == rows {
			return false
		}
		n++
		fmt.Fprintf(w, "| %s | %s | %s |\n", mark, w.esc(ref), lic)
		return true
	}
	total := len(d.Added) + len(d.Removed) + len(d.Changed)
	for _, m := range sortedDiff(d.Added) {
		if !row("added", m.Ref, w.esc(m.License)) {
			w.more(total - n)
			return
		}
	}
	for _, m := range sortedDiff(d.Removed) {
		if !row("removed", m.Ref, w.esc(m.License)) {
			w.more(total - n)
			return
		}
	}
	changed := slices.Clone(d.Changed)
	slices.SortFunc(changed, func(a, b DiffChange) int { return strings.Compare(a.Ref, b.Ref) })
	for _, c := range changed {
		if !row("license changed", c.Ref, w.esc(c.From)+" → "+w.esc(c.To)) {
			w.more(total - n)
			return
		}
	}
}

func sortedDiff(in []DiffModel) []DiffModel {
	out := slices.Clone(in)
	slices.SortFunc(out, func(a, b DiffModel) int { return strings.Compare(a.Ref, b.Ref) })
	return out
}

func (w *writer) obligations(r *sbom.Report, rows int) {
	var lines []string
	for _, e := range notice.Entries(r) {
		for _, d := range e.Licenses {
			if !d.Obligation() {
				continue
			}
			var what []string
			if d.DisplayText != "" {
				what = append(what, "display “"+w.esc(d.DisplayText)+"”")
			} else if d.Attribution {
				what = append(what, "attribution")
			}
			if d.NamingRule != "" {
				what = append(what, "naming: "+w.esc(d.NamingRule))
			}
			if d.UsePolicy != "" {
				what = append(what, "use policy "+w.esc(d.UsePolicy))
			}
			if d.ShareAlike {
				what = append(what, "share-alike")
			}
			lines = append(lines, "- "+w.esc(e.ID)+" ("+w.esc(cmp.Or(d.SPDXID, d.Name))+"): "+strings.Join(what, "; "))
		}
	}
	if len(lines) == 0 {
		return
	}
	w.WriteString("\n### Obligations\n\n")
	for i, l := range lines {
		if i == rows {
			w.more(len(lines) - rows)
			break
		}
		w.WriteString(l + "\n")
	}
	w.WriteString("\n`aibom notice` writes the attribution file to ship.\n")
}

// models writes the collapsed model tables: the models in code and their
// ancestors, then those referenced only in tests, then only in
// documentation, each with the setting that leaves them out.
func (w *writer) models(r *sbom.Report, d *digest.Digest, rows int) {
	if len(r.Models) == 0 {
		return
	}
	byRef := func(ms []sbom.Model) []sbom.Model {
		out := slices.Clone(ms)
		slices.SortStableFunc(out, func(a, b sbom.Model) int { return strings.Compare(a.Ref, b.Ref) })
		return out
	}
	code := append(byRef(d.Code), byRef(d.Ancestors)...)
	w.modelTable("Models ("+strconv.Itoa(len(code))+")", "", code, rows)
	w.modelTable("Only in tests ("+strconv.Itoa(len(d.Tests))+")", "`--include-tests=false` leaves them out.", byRef(d.Tests), rows)
	w.modelTable("Only in documentation ("+strconv.Itoa(len(d.Docs))+")", "`--include-docs=false` leaves them out.", byRef(d.Docs), rows)
	w.parts(byRef(append(append(slices.Clone(d.Code), d.Tests...), d.Docs...)), rows)
}

func (w *writer) modelTable(title, note string, ms []sbom.Model, rows int) {
	if len(ms) == 0 {
		return
	}
	w.WriteString("\n<details><summary>" + title + "</summary>\n\n")
	if note != "" {
		w.WriteString(note + "\n\n")
	}
	w.WriteString("| Model | Direct | License | Commercial use | Status |\n| --- | --- | --- | --- | --- |\n")
	for i, m := range ms {
		if i == rows {
			w.more(len(ms) - rows)
			break
		}
		lic, commercial := sbom.LicenseLabel(&m), sbom.CommercialLabel(m.Terms)
		if m.Provider != nil && (m.Terms == nil || cmp.Or(m.Terms.CommercialUse, licenses.Unknown) == licenses.Unknown) {
			commercial = "unverified" // the provider's terms were not read
		}
		direct := "ancestor"
		if m.Direct {
			direct = "yes"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", w.esc(m.Ref), direct, w.esc(lic), w.esc(commercial), w.esc(m.Status))
	}
	w.WriteString("\n</details>\n")
}

// parts lists, for each direct model bound by more than one license, every
// license of its concluded license with where it comes from and its own
// commercial terms: the detail behind the combined headline.
func (w *writer) parts(ms []sbom.Model, rows int) {
	var lines []string
	for _, m := range ms {
		if !m.Direct || m.License == nil || len(m.License.Parts) < 2 {
			continue
		}
		var ps []string
		for _, p := range m.License.Parts {
			ps = append(ps, w.esc(p.Label())+" ("+w.esc(partOrigin(m.Ref, p))+"): "+w.esc(sbom.CommercialLabel(p.Terms)))
		}
		lines = append(lines, "- "+w.esc(m.Ref)+" = "+w.esc(m.License.Expression)+": "+strings.Join(ps, "; "))
	}
	if len(lines) == 0 {
		return
	}
	w.WriteString("\n<details><summary>Licenses that bind each model (" + strconv.Itoa(len(lines)) + ")</summary>\n\n")
	for i, l := range lines {
		if i == rows {
			w.more(len(lines) - rows)
			break
		}
		w.WriteString(l + "\n")
	}
	w.WriteString("\n</details>\n")
}

// partOrigin says where a part of the concluded license comes from.
func partOrigin(ref string, p sbom.LicensePart) string {
	var anc []string
	own := false
	for _, f := range p.From {
		if f == ref {
			own = true
		} else {
			anc = append(anc, f)
		}
	}
	src := p.Source
	if p.File != "" {
		src += " in " + p.File
	}
	switch {
	case own && len(anc) > 0:
		return src + ", also " + strings.Join(anc, ", ")
	case own:
		return src
	}
	return "inherited from " + strings.Join(anc, ", ")
}

// Escape makes s inert inline Markdown for a GitHub comment or a table
// cell, at most max runes long (0: no cap):
//   - whitespace and control characters become single spaces (no new
//     block, no broken table row) and bidirectional controls are dropped;
//   - &, < and > become entities (no HTML);
//   - Markdown punctuation is backslash-escaped (no code span, emphasis,
//     link, image, table cell, heading or strikethrough);
//   - @ and # at a word start are followed by a word joiner, so no user
//     or team is mentioned and no issue linked.
func Escape(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	prev := ' '
	for _, r := range s {
		if max > 0 && n >= max {
			b.WriteString("…")
			break
		}
		switch {
		case isBidi(r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError:
			if !space {
				b.WriteByte(' ')
				n++
			}
			space = true
			prev = ' '
			continue
		}
		space = false
		n++
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '!', '|', '~', '$', ':':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@', '#':
			b.WriteRune(r)
			// GitHub links @user and #123 only at a word start; a word
			// joiner there keeps the text and drops the link.
			if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
				b.WriteRune('\u2060')
			}
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return strings.TrimSpace(b.String())
}

func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

func rank(sev string) int {
	switch sev {
	case sbom.SeverityError:
		return 3
	case sbom.SeverityWarning:
		return 2
	case sbom.SeverityNote:
		return 1
	}
	return 0
}

func icon(sev string) string {
	switch sev {
	case sbom.SeverityError:
		return "🔴 error"
	case sbom.SeverityWarning:
		return "🟡 warning"
	case sbom.SeverityNote:
		return "🔵 note"
	}
	return Escape(sev, 20)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "s") {
		return strconv.Itoa(n) + " " + word + "es"
	}
	return strconv.Itoa(n) + " " + word + "s"
}
