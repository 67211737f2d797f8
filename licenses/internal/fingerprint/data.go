package fingerprint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FormatVersion is bumped whenever Data, Words or Shingles change meaning.
const FormatVersion = 1

// Data is the generated matching data for a set of reference texts. It holds
// hashes, counts and structure only, never the texts.
type Data struct {
	Format  int   `json:"format"`
	Shingle int   `json:"shingle"`
	Window  int   `json:"window"`
	Docs    []Doc `json:"docs"`
}

// Doc is one reference text.
type Doc struct {
	Key string `json:"key"`
	// Words is the length of the normalised text, in words.
	Words int `json:"words"`
	// Digest is the first 12 hex digits of the SHA-256 of the normalised
	// text: an exact copy of the reference hashes to the same value.
	Digest string `json:"digest"`
	// Contains lists other reference texts this one embeds whole (a license
	// file that ends with its use policy). Their fingerprints are left out
	// of Parts, so the embedded document is reported on its own and a copy
	// without it still matches fully.
	Contains []string `json:"contains,omitempty"`
	// Parts partitions the fingerprints. Bilingual texts get one part per
	// script ("zh", "en") so that a translation alone still matches fully;
	// other texts have one part, "main".
	Parts []Part `json:"parts"`
}

// Part is a set of fingerprints of one document.
type Part struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
	FPs   string `json:"fps"` // Encode()d
}

// Thresholds used by Build, fixed here so the output is reproducible.
const (
	appendixMinShare = 0.5 // share of a use policy's fingerprints found in one run of a license
	appendixMaxGap   = 60  // words between two hits of one run
	langMinShare     = 0.15
	langMinPartCount = 30
)

type docFP struct {
	key   string
	words int
	dig   string
	fps   []uint32       // sorted, unique
	pos   map[uint32]int // first shingle index of each fingerprint
	cjk   map[uint32]bool
}

// Build fingerprints the given texts (key → text) and returns the data in
// key order. policies names the keys that are use policies: when one of
// them appears inside another text (a license file that ends with its
// acceptable-use policy), that region is left out of the other text's
// fingerprints and recorded in Contains, so that both documents are
// reported and a license copied without its policy still matches fully.
func Build(texts map[string][]byte, policies map[string]bool) Data {
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	docs := make([]docFP, len(keys))
	for i, k := range keys {
		words := Words(texts[k])
		sh := Shingles(words)
		d := docFP{key: k, words: len(words), dig: Digest(texts[k]), pos: map[uint32]int{}, cjk: map[uint32]bool{}}
		for _, j := range Winnow(sh) {
			h := sh[j]
			if _, seen := d.pos[h]; !seen {
				n := 0
				for _, w := range words[j : j+K] {
					if w.CJK {
						n++
					}
				}
				d.pos[h] = j
				d.cjk[h] = n*2 > K
				d.fps = append(d.fps, h)
			}
		}
		slices.Sort(d.fps)
		docs[i] = d
	}
	out := Data{Format: FormatVersion, Shingle: K, Window: W}
	for i, a := range docs {
		excluded := map[uint32]bool{}
		var contains []string
		for j, b := range docs {
			if i == j || policies[a.key] || !policies[b.key] || len(b.fps) == 0 {
				continue
			}
			lo, hi, n := densestRun(a, b.fps)
			if float64(n) < appendixMinShare*float64(len(b.fps)) {
				continue
			}
			contains = append(contains, b.key)
			for _, h := range a.fps {
				if p := a.pos[h]; p >= lo && p <= hi {
					excluded[h] = true
				}
			}
		}
		var zh, en []uint32
		for _, h := range a.fps {
			if excluded[h] {
				continue
			}
			if a.cjk[h] {
				zh = append(zh, h)
			} else {
				en = append(en, h)
			}
		}
		doc := Doc{Key: a.key, Words: a.words, Digest: a.dig, Contains: contains}
		total := len(zh) + len(en)
		if len(zh) >= langMinPartCount && len(en) >= langMinPartCount &&
			float64(len(zh)) >= langMinShare*float64(total) && float64(len(en)) >= langMinShare*float64(total) {
			doc.Parts = []Part{
				{Name: "en", Count: len(en), FPs: Encode(en)},
				{Name: "zh", Count: len(zh), FPs: Encode(zh)},
			}
		} else {
			all := append(zh, en...)
			doc.Parts = []Part{{Name: "main", Count: len(all), FPs: Encode(all)}}
		}
		out.Docs = append(out.Docs, doc)
	}
	return out
}

// densestRun finds the run of a's shingle positions holding fingerprints of
// set b (hits no more than appendixMaxGap apart) with the most hits; it
// returns the run's first and last shingle index and its hit count.
func densestRun(a docFP, b []uint32) (lo, hi, n int) {
	var hits []int
	for _, h := range b {
		if p, ok := a.pos[h]; ok {
			hits = append(hits, p)
		}
	}
	slices.Sort(hits)
	for s := 0; s < len(hits); {
		e := s
		for e+1 < len(hits) && hits[e+1]-hits[e] <= appendixMaxGap {
			e++
		}
		if e-s+1 > n {
			lo, hi, n = hits[s], hits[e], e-s+1
		}
		s = e + 1
	}
	return lo, hi, n
}

// Marshal renders data as indented JSON with a trailing newline; the output
// is a pure function of the data.
func Marshal(d Data) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("marshal fingerprint data: %w", err)
	}
	return buf.Bytes(), nil
}

// Unmarshal parses data written by Marshal and checks its format.
func Unmarshal(b []byte) (Data, error) {
	var d Data
	if err := json.Unmarshal(b, &d); err != nil {
		return d, fmt.Errorf("parse fingerprint data: %w", err)
	}
	if d.Format != FormatVersion || d.Shingle != K || d.Window != W {
		return d, fmt.Errorf("fingerprint data format %d/%d/%d, want %d/%d/%d: run go generate ./licenses",
			d.Format, d.Shingle, d.Window, FormatVersion, K, W)
	}
	return d, nil
}

// Normalized returns the normalised text: the lower-cased words joined by
// single spaces.
func Normalized(text []byte) string {
	var sb strings.Builder
	for i, w := range Words(text) {
		if i > 0 {
			sb.WriteByte(' ')
		}
		for _, r := range string(text[w.Start:w.End]) {
			if r >= 0xFF01 && r <= 0xFF5E {
				r -= 0xFEE0
			}
			if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
				continue // an escape or tag cannot sit inside a word, but be safe
			}
			sb.WriteRune(unicode.ToLower(r))
		}
	}
	return sb.String()
}

// Digest returns the first 12 hex digits of the SHA-256 of the normalised
// text.
func Digest(text []byte) string {
	sum := sha256.Sum256([]byte(Normalized(text)))
	return hex.EncodeToString(sum[:])[:12]
}
