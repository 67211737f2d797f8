package licenses

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/google/licensecheck"

	"github.com/aibom/aibom/licenses/internal/fingerprint"
	"github.com/aibom/aibom/licenses/pdftext"
)

// MaxLicenseBytes caps the text Identify reads: license files are tens of
// kilobytes; anything past this is not read.
const MaxLicenseBytes = 1 << 20

// ossMinPercent is the least share of a text (in licensecheck's normalised
// words) that must be a known OSS license for the text to be called that
// license, as in syft's licensecheck scanner.
const ossMinPercent = 75

// Identification is what aibom found in one license text: the license it
// is, how sure, where, and its terms. It is also one element of
// `aibom license FILE… -f json`.
type Identification struct {
	File   string `json:"file"`
	Key    string `json:"key"` // "" when the text is not a known license
	SPDXID string `json:"spdx_id"`
	HFID   string `json:"hf_id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	// Confidence is the coverage of the identified license (0 when
	// unknown): the share of its reference fingerprints found in the text.
	Confidence float64 `json:"confidence"`
	// Matches lists every known text found, in input order, including
	// resemblances below the identification threshold and a use policy
	// that follows its license.
	Matches []Match `json:"matches"`
	Terms   Terms   `json:"terms"`
	// TextFrom is "pdf" when the file is a PDF: the text identified (and
	// every offset above) is the one pdftext extracted from it.
	TextFrom string `json:"text_from,omitempty"`
	// Notes say where the text departs from the reference it was
	// identified as: added text with stricter terms, a changed cap. Each
	// departure also lowers Confidence or replaces the catalog's term.
	Notes []string `json:"notes,omitempty"`
}

// Match is one known text found in an input, with byte offsets in the
// original input.
type Match struct {
	Key      string  `json:"key"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Coverage float64 `json:"coverage"`
}

// Identify decides which license text is. Catalog texts are found by
// fingerprint matching (robust to rewrapping, markup, quotes, list
// numbering, added headers, and surrounding model-card text); other OSS
// licenses through google/licensecheck. Catalog terms come from the curated
// catalog, with evidence quoted from text where the clause extractor finds
// the clause; an unknown text gets a content-derived id and extracted terms.
func (c *Catalog) Identify(text []byte) Identification {
	if len(text) > MaxLicenseBytes {
		text = text[:MaxLicenseBytes]
	}
	id := Identification{Matches: []Match{}}
	found := c.m.find(text)
	claimed := make([][2]int, 0, len(found))

	type cand struct {
		key      string
		coverage float64
		order    int
		lic      License
	}
	var cands []cand
	for _, f := range found {
		l, _ := c.Get(f.key)
		cov := round3(f.coverage)
		for _, s := range f.spans {
			id.Matches = append(id.Matches, Match{Key: f.key, Start: s[0], End: s[1], Coverage: cov})
			claimed = append(claimed, s)
		}
		if f.coverage >= IdentifyCoverage {
			cands = append(cands, cand{f.key, cov, f.order, l})
		}
	}

	// OSS licenses outside the catalog texts.
	unclaimedShare := 1 - coveredShare(len(text), claimed)
	var cov licensecheck.Coverage
	if unclaimedShare > 0.1 {
		// Skipped when known texts already explain nearly all of the input.
		cov = licensecheck.Scan(text)
	}
	for _, lm := range cov.Match {
		if lm.IsURL || overlaps(lm.Start, lm.End, claimed) {
			continue
		}
		// licensecheck's percent is over the whole text; rescale it to the
		// text that the catalog matcher left unexplained.
		share := cov.Percent / 100
		if unclaimedShare > 0 {
			share = math.Min(1, share/unclaimedShare)
		}
		if cov.Percent < ossMinPercent && len(found) == 0 {
			continue
		}
		l := c.ossLicense(lm.ID, lm.Type)
		id.Matches = append(id.Matches, Match{Key: l.Key, Start: lm.Start, End: lm.End, Coverage: round3(share)})
		if share*100 >= ossMinPercent {
			cands = append(cands, cand{l.Key, round3(share), len(found) + len(cands), l})
		}
	}
	slices.SortFunc(id.Matches, func(a, b Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return strings.Compare(a.Key, b.Key)
	})

	// The identified license: a license or service terms before a use
	// policy, then the best-scored.
	slices.SortStableFunc(cands, func(a, b cand) int {
		pa, pb := a.lic.Kind == KindUsePolicy, b.lic.Kind == KindUsePolicy
		if pa != pb {
			if pa {
				return 1
			}
			return -1
		}
		return a.order - b.order
	})
	if len(cands) == 0 {
		id.SPDXID = "LicenseRef-aibom-unknown-" + fingerprint.Digest(text)
		id.Terms = Extract(text)
		return id
	}
	best := cands[0].lic
	id.Key, id.SPDXID, id.HFID, id.Name, id.Kind = best.Key, best.SPDXID, best.HFID, best.Name, best.Kind
	id.Confidence = cands[0].coverage
	extracted := Extract(text)
	id.Terms = withTextEvidence(best.Terms, extracted)
	var explained [][2]int
	for _, m := range id.Matches {
		explained = append(explained, [2]int{m.Start, m.End})
	}
	if extra := unexplained(text, explained); len(extra) > 0 {
		// Text no reference explains: the identification is less sure,
		// and what that text says may bind too.
		id.Confidence = round3(id.Confidence * coveredShare(len(text), explained))
		var notes []string
		id.Terms, notes = withAddedTerms(id.Terms, text, extra)
		id.Notes = append(id.Notes, notes...)
	}
	id = withPartialMatch(id, text)
	var notes []string
	id.Terms, notes = withTextCaps(id.Terms, extracted)
	id.Notes = append(id.Notes, notes...)
	return id
}

// partialMatch is the confidence below which an identified text is read
// as a license of its own built on the known one.
const partialMatch = 0.9

// withPartialMatch reads a text identified with a confidence below
// partialMatch as a license of its own built on the known one (a RAIL text
// on Apache's frame): much of it differs from the reference, so a term the
// text itself states anywhere that is stricter than the catalog's applies,
// and a note says so.
func withPartialMatch(id Identification, text []byte) Identification {
	if id.Key == "" || id.Confidence >= partialMatch {
		return id
	}
	var notes []string
	id.Terms, notes = withStricterTerms(id.Terms, text, [][2]int{{0, len(text)}}, func(_ [2]int, fields string) string {
		return fmt.Sprintf("the text matches %s only in part (confidence %.3g) and states stricter terms (%s); they apply", id.Key, id.Confidence, fields)
	})
	id.Notes = append(id.Notes, notes...)
	return id
}

// ossLicense returns the catalog entry for a licensecheck id, or an entry
// made from licensecheck's obligation bits for ids the catalog lacks.
func (c *Catalog) ossLicense(id string, typ licensecheck.Type) License {
	if l, ok := c.Lookup(id); ok {
		return l
	}
	l := License{Key: strings.ToLower(id), SPDXID: id, Name: id, Kind: KindLicense, Category: CategoryUnknown}
	t := Terms{CommercialUse: Unknown, Redistribution: Unknown}
	switch {
	case typ&licensecheck.NonCommercial != 0:
		t.CommercialUse, t.Redistribution, l.Category = Prohibited, Conditional, CategoryNonCommercial
	case typ&(licensecheck.ShareChanges|licensecheck.ShareProgram|licensecheck.ShareServer) != 0:
		t.CommercialUse, t.Redistribution, t.ShareAlike, l.Category = Allowed, Conditional, true, CategoryCopyleft
	case typ&(licensecheck.Unrestricted|licensecheck.Notice) != 0:
		t.CommercialUse, t.Redistribution, l.Category = Allowed, Allowed, CategoryPermissive
	}
	t.AttributionRequired = typ&licensecheck.Notice != 0
	l.Terms = t
	return l
}

// withTextEvidence keeps the curated terms and, for each term the clause
// extractor read the same way from the text, replaces the catalog's clause
// reference with the extractor's quote and offsets in the input.
func withTextEvidence(curated, extracted Terms) Terms {
	out := cloneTerms(curated)
	if len(extracted.Evidence) == 0 {
		return out
	}
	cv, ev := termValues(curated), termValues(extracted)
	for field, clause := range extracted.Evidence {
		want, ok := cv[field]
		if !ok || !reflect.DeepEqual(want, ev[field]) || isZeroTerm(want) {
			continue
		}
		if out.Evidence == nil {
			out.Evidence = map[string]Clause{}
		}
		// The value is the catalog's; the clause only locates it.
		clause.Certainty = ""
		out.Evidence[field] = clause
	}
	return out
}

// termValues returns each term of t by its JSON field name.
func termValues(t Terms) map[string]any {
	t.Evidence = nil
	b, err := json.Marshal(t)
	if err != nil {
		return nil
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	return m
}

func isZeroTerm(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == "" || x == Unknown
	case []any:
		return len(x) == 0
	}
	return false
}

func overlaps(start, end int, spans [][2]int) bool {
	for _, s := range spans {
		lo, hi := max(start, s[0]), min(end, s[1])
		if hi > lo && 2*(hi-lo) > end-start {
			return true
		}
	}
	return false
}

func coveredShare(n int, spans [][2]int) float64 {
	if n == 0 {
		return 0
	}
	total := 0
	for _, s := range mergeSpans(slices.Clone(spans)) {
		total += s[1] - s[0]
	}
	return math.Min(1, float64(total)/float64(n))
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// IdentifyFiles identifies each file with the built-in catalog. A file
// that cannot be read is reported in the errors and skipped; the others
// are identified in the order given.
func IdentifyFiles(paths []string) ([]Identification, []error) {
	c := Builtin()
	var (
		ids  []Identification
		errs []error
	)
	for _, p := range paths {
		b, err := readCapped(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		from := ""
		if pdftext.IsPDF(b) {
			// A license published as a PDF is identified from its text.
			t, err := pdftext.Bytes(b)
			if err != nil {
				errs = append(errs, fmt.Errorf("license %s: %w", p, err))
				continue
			}
			b, from = []byte(t), "pdf"
		}
		id := c.Identify(b)
		id.File = p
		id.TextFrom = from
		ids = append(ids, id)
	}
	return ids, errs
}

// errTooLarge marks a file larger than MaxLicenseBytes.
var errTooLarge = errors.New("larger than the license size cap")

func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("license %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("license %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("license %s: not a regular file", path)
	}
	// A PDF may be larger than the text it holds: it gets pdftext's bound.
	b, err := io.ReadAll(io.LimitReader(f, max(MaxLicenseBytes, pdftext.MaxBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("license %s: %w", path, err)
	}
	limit := MaxLicenseBytes
	if pdftext.IsPDF(b) {
		limit = pdftext.MaxBytes
	}
	if len(b) > limit {
		return nil, fmt.Errorf("license %s: %w (%d bytes)", path, errTooLarge, limit)
	}
	return b, nil
}

// WriteIdentificationsJSON writes ids as an indented JSON array (an empty
// array when there are none).
func WriteIdentificationsJSON(w io.Writer, ids []Identification) error {
	if ids == nil {
		ids = []Identification{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ids); err != nil {
		return fmt.Errorf("encode identifications: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteIdentificationsTable writes one line per file: the license, its
// SPDX id, confidence, the commercial-use verdict and the other texts found.
func WriteIdentificationsTable(w io.Writer, ids []Identification) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tLICENSE\tSPDX ID\tCONFIDENCE\tCOMMERCIAL USE\tALSO FOUND")
	for _, id := range ids {
		key := id.Key
		if key == "" {
			key = "(unknown)"
		}
		var also []string
		seen := map[string]bool{id.Key: true}
		for _, m := range id.Matches {
			if !seen[m.Key] {
				seen[m.Key] = true
				also = append(also, fmt.Sprintf("%s (%.0f%%)", m.Key, m.Coverage*100))
			}
		}
		alsoS := strings.Join(also, ", ")
		if alsoS == "" {
			alsoS = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f%%\t%s\t%s\n", id.File, key, id.SPDXID, id.Confidence*100, cmpOr(id.Terms.CommercialUse, Unknown), alsoS)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write identification table: %w", err)
	}
	return nil
}
