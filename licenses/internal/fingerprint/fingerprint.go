// Package fingerprint turns license text into word tokens and winnowed
// shingle fingerprints. It is shared by the catalog generator (which
// fingerprints the reference texts) and the matcher (which fingerprints the
// input), so both sides normalise text in exactly the same way.
//
// Normalisation keeps only letters and digits: every other rune (spaces,
// punctuation, smart quotes, Markdown and HTML markup) separates words, so
// rewrapping, re-quoting and reformatting do not change the word sequence.
// CJK characters are one word each, since Chinese text has no spaces.
//
// Fingerprints are 32-bit hashes of K consecutive words, thinned by winnowing
// (Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document
// fingerprinting", SIGMOD 2003): of every W consecutive shingle hashes the
// minimum is kept. Any common run of at least K+W-1 words therefore shares at
// least one fingerprint, while only about 2/(W+1) of the hashes are stored.
package fingerprint

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Shingle sizes used by the catalog. Changing them requires regenerating
// the catalog data (go generate ./licenses).
const (
	K = 5 // words per shingle
	W = 6 // winnowing window, in shingles
)

// Word is one normalised word of an input with its byte offsets.
type Word struct {
	Hash       uint64 // FNV-1a of the lower-cased word
	Start, End int    // byte offsets in the original input
	CJK        bool   // a single Han, kana or Hangul character
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Words splits text into normalised words. It never fails: invalid UTF-8
// bytes are separators.
func Words(text []byte) []Word {
	words := make([]Word, 0, len(text)/5)
	var (
		h     uint64 = fnvOffset
		start        = -1
	)
	flush := func(end int) {
		if start >= 0 {
			words = append(words, Word{Hash: h, Start: start, End: end})
			start, h = -1, fnvOffset
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '<':
			if n := tagLen(text[i:]); n > 0 {
				flush(i)
				i += n
				continue
			}
		case c == '&':
			if n := entityLen(text[i:]); n > 0 {
				flush(i)
				i += n
				continue
			}
		case c == '\\' && i+1 < len(text) && (text[i+1] == 'n' || text[i+1] == 't' || text[i+1] == 'r'):
			// An escaped newline inside a quoted YAML or JSON string (a
			// license pasted into extra_gated_prompt) is whitespace.
			flush(i)
			i += 2
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size <= 1 {
			flush(i)
			i++
			continue
		}
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII forms
			r -= 0xFEE0
		}
		switch {
		case isCJK(r):
			flush(i)
			words = append(words, Word{Hash: hashRune(fnvOffset, r), Start: i, End: i + size, CJK: true})
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				if n := markerLen(text, i); n > 0 {
					// List and section numbers ("1.", "a)", "(iv)", "2.1.")
					// are renumbered and re-marked freely between copies.
					i += n
					continue
				}
				start = i
			}
			h = hashRune(h, unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r) && start >= 0:
			// combining marks stay inside their word
		default:
			flush(i)
		}
		i += size
	}
	flush(len(text))
	return words
}

// markerLen returns the length of a list or section marker starting at
// text[i] (an ASCII letter or digit), or 0. A marker is 1-3 digits, one
// letter or a short roman numeral, ended by '.' or ')' (optionally escaped
// as in Markdown "1\."), standing where a list item begins: at the start of
// a line, after '(', or after a sentence or clause end (. : ;) or Markdown
// markup. "Llama 3.1" or "Section 2." keep their numbers.
func markerLen(text []byte, i int) int {
	j := i
	for j < len(text) && j-i < 5 && isASCIIAlnum(text[j]) {
		j++
	}
	tok := text[i:j]
	if !isMarkerToken(tok) || j >= len(text) {
		return 0
	}
	end := j
	if text[end] == '\\' && end+1 < len(text) {
		end++
	}
	switch text[end] {
	case '.', ')':
	default:
		return 0
	}
	end++
	if end < len(text) {
		next := text[end]
		isSpace := next == ' ' || next == '\t' || next == '\n' || next == '\r'
		if !isSpace && !(next >= '0' && next <= '9' && tok[0] >= '0' && tok[0] <= '9') && next != '*' && next != '_' {
			return 0
		}
	}
	// What stands before the marker?
	k := i - 1
	for k >= 0 && (text[k] == ' ' || text[k] == '\t') {
		k--
	}
	if k < 0 || text[k] == '\n' || text[k] == '\r' {
		return end - i
	}
	if k > 0 && text[k-1] == '\\' && (text[k] == 'n' || text[k] == 'r' || text[k] == 't') {
		return end - i // an escaped line break in a quoted YAML/JSON string
	}
	switch text[k] {
	case '.', ':', ';', '(', '#', '*', '>', '-', '|', '_':
		return end - i
	}
	return 0
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

func isMarkerToken(tok []byte) bool {
	switch {
	case len(tok) == 0:
		return false
	case tok[0] >= '0' && tok[0] <= '9':
		if len(tok) > 3 {
			return false
		}
		for _, c := range tok {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	case len(tok) == 1:
		return true
	}
	if len(tok) > 4 {
		return false
	}
	for _, c := range tok {
		switch c | 0x20 {
		case 'i', 'v', 'x':
		default:
			return false
		}
	}
	return true
}

func hashRune(h uint64, r rune) uint64 {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		h ^= uint64(b)
		h *= fnvPrime
	}
	return h
}

func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
}

// tagLen returns the length of an HTML tag or comment starting at b[0]=='<',
// or 0 when b does not start one. Tags longer than 512 bytes are not tags.
func tagLen(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	c := b[1]
	if !(c == '/' || c == '!' || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
		return 0
	}
	limit := min(len(b), 512)
	for j := 2; j < limit; j++ {
		switch b[j] {
		case '>':
			return j + 1
		case '<':
			return 0
		}
	}
	return 0
}

// entityLen returns the length of an HTML character reference (&amp;,
// &#39;, &#x2019;) starting at b[0]=='&', or 0.
func entityLen(b []byte) int {
	for j := 1; j < len(b) && j < 12; j++ {
		c := b[j]
		switch {
		case c == ';':
			if j > 1 {
				return j + 1
			}
			return 0
		case c == '#' && j == 1, c >= '0' && c <= '9', c|0x20 >= 'a' && c|0x20 <= 'z':
		default:
			return 0
		}
	}
	return 0
}

// Shingles returns the hash of every run of K consecutive words; element i
// covers words[i:i+K].
func Shingles(words []Word) []uint32 {
	if len(words) < K {
		return nil
	}
	out := make([]uint32, len(words)-K+1)
	for i := range out {
		var h uint64 = fnvOffset
		for _, w := range words[i : i+K] {
			h ^= w.Hash
			h *= fnvPrime
			h ^= h >> 29
		}
		out[i] = uint32(h ^ h>>32)
	}
	return out
}

// Winnow returns the indexes of the shingles selected by robust winnowing
// with window W: the minimum of each window, the rightmost on ties, each
// index once, in increasing order. Texts shorter than one window keep
// their minimum.
func Winnow(hashes []uint32) []int {
	if len(hashes) == 0 {
		return nil
	}
	if len(hashes) <= W {
		return []int{minIndex(hashes, 0, len(hashes))}
	}
	var sel []int
	last := -1
	for s := 0; s+W <= len(hashes); s++ {
		m := minIndex(hashes, s, s+W)
		if m != last {
			sel = append(sel, m)
			last = m
		}
	}
	return sel
}

func minIndex(h []uint32, from, to int) int {
	m := from
	for i := from + 1; i < to; i++ {
		if h[i] <= h[m] {
			m = i
		}
	}
	return m
}

// Encode packs a set of fingerprints as sorted, de-duplicated, delta-coded
// uvarints in standard base64.
func Encode(fps []uint32) string {
	s := slices.Clone(fps)
	slices.Sort(s)
	s = slices.Compact(s)
	buf := make([]byte, 0, len(s)*4)
	var prev uint32
	for _, v := range s {
		buf = binary.AppendUvarint(buf, uint64(v-prev))
		prev = v
	}
	return base64.StdEncoding.EncodeToString(buf)
}

// Decode reverses Encode.
func Decode(s string) ([]uint32, error) {
	buf, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("decode fingerprints: %w", err)
	}
	var (
		out  []uint32
		prev uint64
	)
	for len(buf) > 0 {
		d, n := binary.Uvarint(buf)
		if n <= 0 {
			return nil, errors.New("decode fingerprints: bad varint")
		}
		prev += d
		if prev > 0xFFFFFFFF {
			return nil, errors.New("decode fingerprints: value out of range")
		}
		out = append(out, uint32(prev))
		buf = buf[n:]
	}
	return out, nil
}
