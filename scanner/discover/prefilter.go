package discover

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// Prefilter: most files of a large tree name no model. Before any parsing,
// the prefilter finds which groups of trigger words occur in a file
// (case-insensitively); an extractor whose group is absent returns at once.
// Only the groups a file's extractors ask for are computed.
//
// Two searches, each exact (the answer is the same as looking for every
// word with a case-folding substring search; TestTriggers, TestTriggersLong
// and FuzzTriggers hold it to that):
//
//   - Letter words are found through one anchor trigram per word, chosen
//     to be rare in source code and prose. On amd64 with AVX2 a vector
//     scanner (prefilter_amd64.s) rules out 32 positions at a time and
//     leaves a few candidate positions, checked exactly. Elsewhere, and for
//     the last bytes of a file, a 32 KiB table indexed by the case-folded
//     classes of three adjacent bytes says whether a trigram is an anchor;
//     that scan looks at eight positions per branch.
//   - URL words all contain '/', a byte that is the same in both cases. The
//     vector scanner finds the trigrams ending at their first '/'; without
//     it, bytes.IndexByte finds every '/'. A short case-folded comparison
//     around the '/' decides.

type triggerSet uint8

const (
	trigCode triggerSet = 1 << iota
	trigURL
	trigConfig
	trigShell

	trigAll     = trigCode | trigURL | trigConfig | trigShell
	trigLetters = trigCode | trigConfig | trigShell
)

// triggerWords are lowercase; matching folds ASCII case.
var triggerWords = map[triggerSet][]string{
	trigCode: {"model", "pretrained", "pipeline", "download", "dataset", "repo", "checkpoint", "tokenizer", "ollama",
		"completion", "encoder", "transformer", "client", "hub.", "hugging", "llm", "endpoint", "embedding"},
	trigURL:    {"huggingface.co/", "hf.co/", "hf://", "modelscope.cn/", "github.com/"},
	trigConfig: {"model", "repo", "dataset", "checkpoint", "tokenizer", "run", "script", "command", "entrypoint"},
	trigShell: {"download", "ollama", "model", "clone", "wget", "curl", "serve", "repo", "dataset", "checkpoint",
		"tokenizer", "hugging", "-hf"},
}

// letterFreq is the approximate frequency, in percent, of each byte in
// English text and source code (lower is rarer). It only steers which
// trigram of a word is its anchor; any choice gives the same answers.
func letterFreq(c byte) int {
	freq := [26]int{82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1}
	if c >= 'a' && c <= 'z' {
		return freq[c-'a']
	}
	return 30 // punctuation in words ('.', '-'): common in code
}

type anchorWord struct {
	w   string // lowercase word
	off int    // offset of the anchor trigram in w
	set triggerSet
}

type trigTable struct {
	fold  [256]byte
	class [256]uint8 // byte → 1..31 for bytes of letter words (both cases), 0 otherwise
	// anchors maps the classes of three adjacent bytes (5 bits each) to
	// index+1 into lists; 0: no word has this trigram as its anchor.
	anchors [1 << 15]uint8
	lists   [][]anchorWord
	keys    []string // the anchor trigram of each list, lowercase
	url     []string // URL words without their last byte, which is '/'
	// vec holds the vector scanner's tables for each subset of
	// trigLetters; nil without a vector scanner.
	vec    [trigLetters + 1]*vecMasks
	vecURL *vecMasks // anchors: the trigram ending at each URL word's first '/'
}

var trigOnce = sync.OnceValue(func() *trigTable {
	t := &trigTable{}
	for i := range t.fold {
		c := byte(i)
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		t.fold[i] = c
	}
	next := uint8(1)
	index := map[string]int{}
	for _, set := range []triggerSet{trigCode, trigConfig, trigShell} {
		for _, w := range triggerWords[set] {
			if len(w) < 3 {
				panic("prefilter: trigger word shorter than 3 bytes: " + w)
			}
			for k := 0; k < len(w); k++ {
				c := w[k]
				if t.class[c] != 0 {
					continue
				}
				if next > 31 {
					panic("prefilter: more than 31 distinct bytes in trigger words")
				}
				t.class[c] = next
				if c >= 'a' && c <= 'z' {
					t.class[c-32] = next
				}
				next++
			}
			// The anchor is the trigram of the rarest letters.
			best, bestScore := 0, -1
			for k := 0; k+2 < len(w); k++ {
				score := letterFreq(w[k]) * letterFreq(w[k+1]) * letterFreq(w[k+2])
				if bestScore < 0 || score < bestScore {
					best, bestScore = k, score
				}
			}
			key := w[best : best+3]
			i, ok := index[key]
			if !ok {
				i = len(t.lists)
				index[key] = i
				t.lists = append(t.lists, nil)
				t.keys = append(t.keys, key)
				t.anchors[int(t.class[key[0]])<<10|int(t.class[key[1]])<<5|int(t.class[key[2]])] = uint8(i + 1)
			}
			t.lists[i] = append(t.lists[i], anchorWord{w, best, set})
		}
	}
	if len(t.lists) > 255 {
		panic("prefilter: too many anchors")
	}
	var urlKeys []string
	for _, w := range triggerWords[trigURL] {
		if w[len(w)-1] != '/' {
			panic("prefilter: URL trigger word must end in '/': " + w)
		}
		t.url = append(t.url, w[:len(w)-1])
		// The vector scanner's anchor is the trigram ending at the first '/'.
		k := strings.IndexByte(w, '/')
		if k < 2 {
			panic("prefilter: URL trigger word needs two bytes before its first '/': " + w)
		}
		if !slices.Contains(urlKeys, w[k-2:k+1]) {
			urlKeys = append(urlKeys, w[k-2:k+1])
		}
	}
	if haveVector {
		for want := triggerSet(1); want <= trigLetters; want++ {
			if want&trigLetters != want {
				continue
			}
			var keys []string
			for i, key := range t.keys {
				if slices.ContainsFunc(t.lists[i], func(aw anchorWord) bool { return aw.set&want != 0 }) {
					keys = append(keys, key)
				}
			}
			t.vec[want] = buildVec(keys)
		}
		t.vecURL = buildVec(urlKeys)
	}
	return t
})

// vecBlock is how many trigram positions the vector scanner tests at once.
const vecBlock = 32

// vecMasks are the vector scanner's tables, in the layout of the Teddy
// matcher (Hyperscan; described in ripgrep's aho-corasick crate,
// https://github.com/BurntSushi/aho-corasick/tree/master/src/packed/teddy):
// each anchor trigram is put in one of eight buckets (a bit of a byte). For
// trigram byte j, lo[j][n] has the bit of every bucket holding a trigram
// whose byte j has low nibble n, hi[j][n] the same for the high nibble. A
// position can start an anchor of bucket b only if its three bytes pass
// both nibble tables for b. Both cases of every letter are entered, so the
// test never misses an anchor; positions that pass are checked exactly
// (checkAnchor, urlAt). Each 16-byte table is stored twice, once per 128-bit lane.
type vecMasks struct {
	tab  [6][32]byte // lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]
	low4 [32]byte    // 0x0f in every byte
}

// buildVec assigns the anchor trigrams (lowercase) to buckets, each to the
// bucket its nibbles widen least (fewer false candidates), and fills the
// tables.
func buildVec(keys []string) *vecMasks {
	var lo, hi [8][3]uint16 // nibble sets per bucket and byte
	variants := func(c byte) []byte {
		if c >= 'a' && c <= 'z' {
			return []byte{c, c - 32}
		}
		return []byte{c}
	}
	for _, key := range keys {
		best, bestCost := 0, -1
		for b := range 8 {
			cost := 0
			for j := range 3 {
				l, h := lo[b][j], hi[b][j]
				for _, c := range variants(key[j]) {
					l |= 1 << (c & 15)
					h |= 1 << (c >> 4)
				}
				cost += bits.OnesCount16(l) * bits.OnesCount16(h)
			}
			if bestCost < 0 || cost < bestCost {
				best, bestCost = b, cost
			}
		}
		for j := range 3 {
			for _, c := range variants(key[j]) {
				lo[best][j] |= 1 << (c & 15)
				hi[best][j] |= 1 << (c >> 4)
			}
		}
	}
	m := &vecMasks{}
	for b := range 8 {
		for j := range 3 {
			for n := range 16 {
				if lo[b][j]&(1<<n) != 0 {
					m.tab[2*j][n] |= 1 << b
					m.tab[2*j][n+16] |= 1 << b
				}
				if hi[b][j]&(1<<n) != 0 {
					m.tab[2*j+1][n] |= 1 << b
					m.tab[2*j+1][n+16] |= 1 << b
				}
			}
		}
	}
	for i := range m.low4 {
		m.low4[i] = 0x0f
	}
	return m
}

// triggers returns the groups whose words occur in src.
func triggers(src []byte) triggerSet { return triggersIn(src, trigAll) }

// triggersIn returns the groups of want whose words occur in src.
func triggersIn(src []byte, want triggerSet) triggerSet {
	t := trigOnce()
	var found triggerSet
	if want&trigURL != 0 && t.hasURLWord(src) {
		found |= trigURL
	}
	if l := want & trigLetters; l != 0 {
		found |= t.scanLetters(src, l)
	}
	return found
}

// hasURLWord reports whether src holds one of the URL words. Each ends in
// '/' ("hf://" has its first '/' after "hf:"), so every occurrence is found
// at one of the '/' bytes: candidates from the vector scanner where there
// is one, then the '/' bytes it did not cover, found with bytes.IndexByte.
func (t *trigTable) hasURLWord(src []byte) bool {
	from := 0
	if m := t.vecURL; m != nil {
		for {
			pos, hits := vectorScan(src, m, from)
			if hits == 0 {
				from = pos
				break
			}
			for hits != 0 {
				k := bits.TrailingZeros32(hits)
				hits &= hits - 1
				if t.urlAt(src, pos+k+2) {
					return true
				}
			}
			from = pos + vecBlock
		}
	}
	// Trigrams starting before from, so slashes before from+2, are done.
	for off := min(from+2, len(src)); ; {
		k := bytes.IndexByte(src[off:], '/')
		if k < 0 {
			return false
		}
		if t.urlAt(src, off+k) {
			return true
		}
		off += k + 1
	}
}

// urlAt reports whether src[p] is '/' and a URL word ends there (for
// "hf://", its first '/').
func (t *trigTable) urlAt(src []byte, p int) bool {
	if src[p] != '/' {
		return false
	}
	for _, w := range t.url {
		if w == "hf:/" {
			if p >= 3 && p+1 < len(src) && src[p+1] == '/' && t.foldEq(src[p-3:p], "hf:") {
				return true
			}
			continue
		}
		if p >= len(w) && t.foldEq(src[p-len(w):p], w) {
			return true
		}
	}
	return false
}

// foldEq reports whether b equals the lowercase w, folding ASCII case.
func (t *trigTable) foldEq(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := range len(w) {
		if t.fold[b[i]] != w[i] {
			return false
		}
	}
	return true
}

// scanLetters returns the groups of want whose letter words occur in src.
// With a vector scanner (vectorScan, amd64 with AVX2) blocks of 32
// trigram positions are ruled out at once and only candidate positions are
// checked; the scalar scan does the rest of the file (the last bytes, or
// all of it without the vector scanner).
func (t *trigTable) scanLetters(src []byte, want triggerSet) triggerSet {
	var found triggerSet
	from := 0
	if m := t.vec[want]; m != nil {
		for {
			pos, hits := vectorScan(src, m, from)
			if hits == 0 {
				from = pos
				break
			}
			for hits != 0 {
				k := bits.TrailingZeros32(hits)
				hits &= hits - 1
				if found = t.checkAnchor(src, pos+k, want, found); found&want == want {
					return want
				}
			}
			from = pos + vecBlock
		}
	}
	return t.scanScalar(src, from, want, found)
}

// checkAnchor looks for the words anchored at the trigram starting at s
// and adds the groups of want it finds to found.
func (t *trigTable) checkAnchor(src []byte, s int, want, found triggerSet) triggerSet {
	cls := &t.class
	idx := t.anchors[int(cls[src[s]])<<10|int(cls[src[s+1]])<<5|int(cls[src[s+2]])]
	if idx == 0 {
		return found
	}
	for _, aw := range t.lists[idx-1] {
		start := s - aw.off
		if aw.set&want&^found == 0 || start < 0 || start+len(aw.w) > len(src) {
			continue
		}
		if t.foldEq(src[start:start+len(aw.w)], aw.w) {
			found |= aw.set
		}
	}
	return found
}

// scanScalar checks every trigram starting at from or later, eight at a
// time through the anchor table.
func (t *trigTable) scanScalar(src []byte, from int, want, found triggerSet) triggerSet {
	if len(src)-from < 3 {
		return found & want
	}
	cls := &t.class
	tab := &t.anchors
	p2, p1 := uint(cls[src[from]]), uint(cls[src[from+1]])
	i := from + 2
	for i < len(src) {
		if len(src)-i >= 8 {
			// One 8-byte load instead of eight: loads, not arithmetic,
			// bound this loop.
			x := binary.LittleEndian.Uint64(src[i:])
			c0, c1, c2, c3 := uint(cls[byte(x)]), uint(cls[byte(x>>8)]), uint(cls[byte(x>>16)]), uint(cls[byte(x>>24)])
			c4, c5, c6, c7 := uint(cls[byte(x>>32)]), uint(cls[byte(x>>40)]), uint(cls[byte(x>>48)]), uint(cls[byte(x>>56)])
			hit := tab[(p2<<10|p1<<5|c0)&0x7fff] | tab[(p1<<10|c0<<5|c1)&0x7fff] |
				tab[(c0<<10|c1<<5|c2)&0x7fff] | tab[(c1<<10|c2<<5|c3)&0x7fff] |
				tab[(c2<<10|c3<<5|c4)&0x7fff] | tab[(c3<<10|c4<<5|c5)&0x7fff] |
				tab[(c4<<10|c5<<5|c6)&0x7fff] | tab[(c5<<10|c6<<5|c7)&0x7fff]
			if hit == 0 {
				p2, p1 = c6, c7
				i += 8
				continue
			}
		}
		// An anchor among the next eight trigrams (or the tail): check each.
		end := min(i+8, len(src))
		for ; i < end; i++ {
			c := uint(cls[src[i]])
			idx := tab[(p2<<10|p1<<5|c)&0x7fff]
			p2, p1 = p1, c
			if idx == 0 {
				continue
			}
			if found = t.checkAnchor(src, i-2, want, found); found&want == want {
				return want
			}
		}
	}
	return found & want
}
