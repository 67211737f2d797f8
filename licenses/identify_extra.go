package licenses

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/aibom/aibom/licenses/internal/fingerprint"
)

// headerWords is the most a stretch of text that no reference explains may
// hold and still count as a header or footer (a title, a copyright line, a
// "see below" sentence). Longer stretches are text the licensor added, and
// may hold terms of their own.
const headerWords = 12

// unexplained lists the stretches of text outside spans (the known texts
// found in it) that hold more than headerWords words.
func unexplained(text []byte, spans [][2]int) [][2]int {
	var out [][2]int
	at := 0
	add := func(lo, hi int) {
		if hi > lo && len(fingerprint.Words(text[lo:hi])) > headerWords {
			out = append(out, [2]int{lo, hi})
		}
	}
	for _, s := range mergeSpans(spans) {
		add(at, s[0])
		at = max(at, s[1])
	}
	add(at, len(text))
	return out
}

// maxLeadIn bounds how far back paragraphStart looks.
const maxLeadIn = 600

// paragraphStart returns the start of the paragraph (after the last blank
// line) that holds text[at], looking back at most maxLeadIn bytes; at
// itself when at starts a paragraph or no blank line is that close.
func paragraphStart(text []byte, at int) int {
	lo := max(0, at-maxLeadIn)
	if i := bytes.LastIndex(text[lo:at], []byte("\n\n")); i >= 0 {
		return lo + i + 2
	}
	if lo == 0 {
		return 0
	}
	return at
}

// commercialRank orders CommercialUse and Redistribution values, the
// stricter higher.
func commercialRank(v string) int {
	switch v {
	case Allowed:
		return 0
	case Conditional:
		return 1
	case Prohibited:
		return 3
	}
	return 2 // unknown
}

// withAddedTerms applies what the clause extractor (Extract, the public
// extractor) reads in text that no reference explains: a term stricter than
// the catalog's wins, with the added text as its evidence, and a note says
// so. A licensor who appends "non-commercial use only" to a known license
// has changed its terms.
func withAddedTerms(t Terms, text []byte, regions [][2]int) (Terms, []string) {
	return withStricterTerms(t, text, regions, func(r [2]int, fields string) string {
		return fmt.Sprintf("text at bytes %d-%d is not part of the known license and adds stricter terms (%s); they apply", r[0], r[1], fields)
	})
}

// withStricterTerms is withAddedTerms with the note's wording given.
func withStricterTerms(t Terms, text []byte, regions [][2]int, note func(r [2]int, fields string) string) (Terms, []string) {
	var notes []string
	for _, r := range regions {
		// A region that starts inside a sentence (the known text ended
		// at "You agree not to use the Model:") is read from the start of
		// its paragraph, so that its items keep the lead-in that gives
		// them their force.
		r[0] = paragraphStart(text, r[0])
		x := Extract(text[r[0]:r[1]])
		changed := []string{}
		evidence := func(field string) {
			if c, ok := x.Evidence[field]; ok {
				if c.Start != 0 || c.End != 0 {
					c.Start, c.End = c.Start+r[0], c.End+r[0]
				}
				if t.Evidence == nil {
					t.Evidence = map[string]Clause{}
				}
				t.Evidence[field] = c
			}
			changed = append(changed, field)
		}
		if commercialRank(x.CommercialUse) > commercialRank(t.CommercialUse) && x.CommercialUse != Unknown {
			t.CommercialUse = x.CommercialUse
			evidence("commercial_use")
		}
		if commercialRank(x.Redistribution) > commercialRank(t.Redistribution) && x.Redistribution != Unknown {
			t.Redistribution = x.Redistribution
			evidence("redistribution")
		}
		for _, f := range []struct {
			name     string
			got, dst *bool
		}{
			{"research_only", &x.ResearchOnly, &t.ResearchOnly},
			{"evaluation_only", &x.EvaluationOnly, &t.EvaluationOnly},
			{"registration_required", &x.RegistrationRequired, &t.RegistrationRequired},
			{"output_restriction", &x.OutputRestriction, &t.OutputRestriction},
			{"use_restrictions", &x.UseRestrictions, &t.UseRestrictions},
		} {
			if *f.got && !*f.dst {
				*f.dst = true
				evidence(f.name)
			}
		}
		if x.UserLimit != nil && (t.UserLimit == nil || t.UserLimit.Unit == x.UserLimit.Unit && x.UserLimit.Count < t.UserLimit.Count) {
			u := *x.UserLimit
			t.UserLimit = &u
			evidence("user_limit")
		}
		if x.RevenueLimit != nil && (t.RevenueLimit == nil || sameRevenueUnit(*t.RevenueLimit, *x.RevenueLimit) && x.RevenueLimit.Amount < t.RevenueLimit.Amount) {
			v := *x.RevenueLimit
			t.RevenueLimit = &v
			evidence("revenue_limit")
		}
		for _, reg := range x.TerritoryExcluded {
			if !containsFold(t.TerritoryExcluded, reg) {
				t.TerritoryExcluded = append(t.TerritoryExcluded, reg)
				evidence("territory_excluded")
			}
		}
		if len(changed) > 0 {
			notes = append(notes, note(r, strings.Join(dedupe(changed), ", ")))
		}
	}
	return t, notes
}

// withTextCaps checks the catalog's caps against the numbers the text
// itself states (extracted from the whole text): a known text with its
// number changed ("7 million" where the reference says 700 million) binds
// by what it says, and a note says the catalog's figure was replaced.
func withTextCaps(t Terms, extracted Terms) (Terms, []string) {
	var notes []string
	if c, x := t.UserLimit, extracted.UserLimit; c != nil && x != nil && c.Unit == x.Unit && c.Count != x.Count {
		notes = append(notes, fmt.Sprintf("the text's user cap (%d %s) differs from the catalog's (%d %s); the text's applies", x.Count, x.Unit, c.Count, c.Unit))
		u := *x
		t.UserLimit = &u
		setEvidence(&t, "user_limit", extracted)
	}
	if c, x := t.RevenueLimit, extracted.RevenueLimit; c != nil && x != nil && sameRevenueUnit(*c, *x) && c.Amount != x.Amount {
		notes = append(notes, fmt.Sprintf("the text's revenue cap (%d %s %s) differs from the catalog's (%d %s %s); the text's applies", x.Amount, x.Currency, x.Period, c.Amount, c.Currency, c.Period))
		v := *x
		t.RevenueLimit = &v
		setEvidence(&t, "revenue_limit", extracted)
	}
	return t, notes
}

func setEvidence(t *Terms, field string, from Terms) {
	if ev, ok := from.Evidence[field]; ok {
		if t.Evidence == nil {
			t.Evidence = map[string]Clause{}
		}
		t.Evidence[field] = ev
	}
}

func sameRevenueUnit(a, b RevenueLimit) bool {
	return strings.EqualFold(a.Currency, b.Currency) && a.Period == b.Period
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func dedupe(s []string) []string {
	var out []string
	for _, x := range s {
		if !containsFold(out, x) {
			out = append(out, x)
		}
	}
	return out
}
