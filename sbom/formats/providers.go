package formats

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// providers writes what aibom read of each API provider's terms: every fact
// with the number of its source and the sources below, or "unverified"
// with the page to read. Report strings go through sbom.Clean.
func (t tableEncoder) providers(bw *bufio.Writer, r *sbom.Report) {
	uses := sbom.Providers(r)
	if len(uses) == 0 {
		return
	}
	fmt.Fprintf(bw, "\n%s\n", t.paint(ansiBold, "API provider terms"))
	for _, u := range uses {
		p := u.Terms
		fmt.Fprintf(bw, "  %s: %s (%s)\n", clean(p.Name), providerStatus(p), clean(strings.Join(u.Models, ", ")))
		docs, src := sbom.ProviderSources(p)
		for i, f := range p.Facts {
			label := licenses.TopicLabel(f.Topic)
			if f.Jurisdiction != "" {
				label += " (" + f.Jurisdiction + ")"
			}
			fmt.Fprintf(bw, "    %s: %s [%d]\n", clean(label), sbom.Clean(f.Statement, 600), src[i])
		}
		for i, d := range docs {
			fmt.Fprintf(bw, "    [%d] %s; read %s: %s\n", i+1, clean(docLabel(d)), clean(d.Read), clean(d.URL))
		}
		if p.Status != licenses.ProviderVerified {
			read := "read " + clean(p.TermsURL)
			if p.ReadHint != "" {
				read += " (" + sbom.Clean(p.ReadHint, 300) + ")"
			}
			fmt.Fprintf(bw, "    %s\n", read)
		}
	}
}

// providerStatus says how far aibom got with a provider's terms.
func providerStatus(p licenses.ProviderTerms) string {
	switch p.Status {
	case licenses.ProviderVerified:
		return "verified"
	case licenses.ProviderPartial:
		var ts []string
		for _, t := range p.NotRead {
			ts = append(ts, licenses.TopicLabel(t))
		}
		return "partial, not read: " + clean(strings.Join(ts, ", "))
	}
	return "unverified, the terms were not read"
}

func docLabel(d licenses.ProviderDocument) string {
	if d.Version != "" {
		return d.Title + ", " + d.Version
	}
	return d.Title
}
