package policies

import (
	"fmt"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// providerRules judge what aibom read of an API provider's terms: a
// provider whose terms were not read is never silent, and a regulation its
// terms name fires only for a product offered where that regulation
// applies.
func (e *evaluator) providerRules(m *sbom.Model) {
	p := m.Provider
	prov := strings.ToLower(m.Hub)
	if p == nil {
		// A report written before provider records existed, or built by
		// hand: the catalog knows the provider all the same.
		if rec, ok := licenses.ProviderByKey(licenses.ProviderForHub(prov)); ok {
			p = &rec
		}
	}
	switch {
	case p == nil:
		e.add(draft{rule: RuleProviderUnverified, model: m, subject: prov,
			message: fmt.Sprintf("%s is called through %s, a provider aibom has no record of, so its terms on commercial use, outputs, training on inputs, regions and governing law were not read.", m.Ref, prov),
			remedy:  fmt.Sprintf("read %s's service terms and API terms and record the outcome as an approval or a waiver", prov)})
		return
	case p.Status == licenses.ProviderUnverified:
		e.add(draft{rule: RuleProviderUnverified, model: m, subject: p.Key,
			message: fmt.Sprintf("%s is called through %s, whose terms aibom could not read: its terms on commercial use, outputs, training on inputs, regions and governing law are unverified (not read, which is not the same as unrestricted).", m.Ref, p.Name),
			remedy:  "read " + readWhat(p) + " and record the outcome as an approval or a waiver",
			ev:      &sbom.Evidence{Document: p.TermsURL}})
	case p.Status == licenses.ProviderPartial:
		var topics []string
		for _, t := range p.NotRead {
			topics = append(topics, licenses.TopicLabel(t))
		}
		e.add(draft{rule: RuleProviderUnverified, model: m, subject: p.Key, cap: sbom.SeverityNote,
			message: fmt.Sprintf("%s is called through %s, whose terms were read only in part: %s not read.", m.Ref, p.Name, strings.Join(topics, ", ")),
			remedy:  "read " + readWhat(p) + " for " + strings.Join(topics, ", "),
			ev:      &sbom.Evidence{Document: p.TermsURL}})
	}
	for _, f := range p.Facts {
		if f.Topic != licenses.TopicRegulation || f.Jurisdiction == "" {
			continue
		}
		for _, r := range e.ctx.Regions {
			r = strings.ToUpper(strings.TrimSpace(r))
			if !regionsOverlap(r, f.Jurisdiction) {
				continue
			}
			e.add(draft{rule: RuleProviderRegulation, model: m, subject: p.Key + ":" + f.Jurisdiction,
				message: fmt.Sprintf("%s is called through %s, whose terms tie the service to %s rules, and the product's regions include %s: %s", m.Ref, p.Name, f.Jurisdiction, r, f.Statement),
				remedy:  fmt.Sprintf("check the product's own duties under %s rules with the provider's documentation (%s, %s)", f.Jurisdiction, f.Document, f.URL),
				ev:      &sbom.Evidence{Document: f.URL}})
			break
		}
	}
}

// readWhat names the page to read and, when recorded, what to look for.
func readWhat(p *licenses.ProviderTerms) string {
	if p.ReadHint != "" {
		return p.TermsURL + " (" + p.ReadHint + ")"
	}
	return p.TermsURL
}
