package sbom

import (
	"cmp"
	"slices"

	"github.com/aibom/aibom/licenses"
)

// ProviderUse is one closed API provider a report's models are called
// through, with what aibom read of its terms and the models using it.
type ProviderUse struct {
	Terms  licenses.ProviderTerms
	Models []string // refs, sorted
}

// Providers collects the provider records of a report's API models, one per
// provider, sorted by provider key: the one list every encoder renders.
func Providers(r *Report) []ProviderUse {
	idx := map[string]int{}
	var out []ProviderUse
	for _, m := range r.Models {
		if m.Provider == nil {
			continue
		}
		i, ok := idx[m.Provider.Key]
		if !ok {
			i = len(out)
			idx[m.Provider.Key] = i
			out = append(out, ProviderUse{Terms: *m.Provider})
		}
		if !slices.Contains(out[i].Models, m.Ref) {
			out[i].Models = append(out[i].Models, m.Ref)
		}
	}
	for i := range out {
		slices.Sort(out[i].Models)
	}
	slices.SortFunc(out, func(a, b ProviderUse) int { return cmp.Compare(a.Terms.Key, b.Terms.Key) })
	return out
}

// ProviderSources numbers the documents a provider's facts cite, in first
// use order, so a rendering can print each source once and tag each fact
// with its number (1-based). Documents no fact cites are left out.
func ProviderSources(p licenses.ProviderTerms) (docs []licenses.ProviderDocument, factSource []int) {
	num := map[string]int{}
	for _, f := range p.Facts {
		n, ok := num[f.URL+"\x00"+f.Document]
		if !ok {
			for _, d := range p.Documents {
				if d.URL == f.URL && d.Title == f.Document {
					docs = append(docs, d)
					break
				}
			}
			if len(docs) == len(num) {
				// A fact whose document is not listed (a hand-edited
				// report): keep its own URL and date.
				docs = append(docs, licenses.ProviderDocument{Title: f.Document, URL: f.URL, Read: f.Retrieved, Version: f.Version})
			}
			n = len(docs)
			num[f.URL+"\x00"+f.Document] = n
		}
		factSource = append(factSource, n)
	}
	return docs, factSource
}
