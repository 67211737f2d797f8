package markdown

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// providers writes what aibom read of each API provider's terms: the facts
// with numbered sources, or "unverified" with the page to read.
func (w *writer) providers(r *sbom.Report, rows int) {
	uses := sbom.Providers(r)
	if len(uses) == 0 {
		return
	}
	w.WriteString("\n<details><summary>API provider terms (" + strconv.Itoa(len(uses)) + ")</summary>\n\n")
	for _, u := range uses {
		p := u.Terms
		var models []string
		for _, m := range u.Models {
			models = append(models, w.esc(m))
		}
		fmt.Fprintf(w, "**%s**: %s (%s)\n\n", w.esc(p.Name), w.status(p), strings.Join(models, ", "))
		docs, src := sbom.ProviderSources(p)
		for i, f := range p.Facts {
			if i == rows {
				w.more(len(p.Facts) - rows)
				break
			}
			label := licenses.TopicLabel(f.Topic)
			if f.Jurisdiction != "" {
				label += " (" + f.Jurisdiction + ")"
			}
			fmt.Fprintf(w, "- %s: %s \\[%d\\]\n", w.esc(label), w.esc(f.Statement), src[i])
		}
		if len(p.Facts) > 0 {
			w.WriteString("\n")
		}
		for i, d := range docs {
			title := d.Title
			if d.Version != "" {
				title += ", " + d.Version
			}
			fmt.Fprintf(w, "\\[%d\\] %s, read %s  \n", i+1, link(w.esc(title), d.URL), w.esc(d.Read))
		}
		if len(docs) > 0 {
			w.WriteString("\n")
		}
		if p.Status != licenses.ProviderVerified {
			read := "Read " + link("the terms page", p.TermsURL)
			if p.ReadHint != "" {
				read += ": " + w.esc(p.ReadHint)
			}
			w.WriteString(read + ".\n\n")
		}
	}
	w.WriteString("</details>\n")
}

func (w *writer) status(p licenses.ProviderTerms) string {
	switch p.Status {
	case licenses.ProviderVerified:
		return "verified"
	case licenses.ProviderPartial:
		var ts []string
		for _, t := range p.NotRead {
			ts = append(ts, licenses.TopicLabel(t))
		}
		return "partial, not read: " + w.esc(strings.Join(ts, ", "))
	}
	return "⚠️ unverified, the terms were not read"
}

// link is a Markdown link to u when u is a plain https URL (reports read
// back from JSON are untrusted), else the escaped text and address.
func link(text, u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || strings.ContainsAny(u, " \t\n()[]<>\"'`\\") {
		return text + " (" + Escape(u, 300) + ")"
	}
	return "[" + text + "](" + u + ")"
}
