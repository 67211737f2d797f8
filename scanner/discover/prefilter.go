package discover

import (
	"bytes"
	"encoding/binary"
	"sync"
)

// Prefilter: most files of a large tree name no model. Before any parsing,
// the prefilter finds which groups of trigger words occur in a file
// (case-insensitively); an extractor whose group is absent returns at once.
// Only the groups a file's extractors ask for are computed.
//
// Two searches, each exact (the answer is the same as looking for every
// word with a case-folding substring search; TestTriggers and
// FuzzTriggers hold it to that):
//
//   - URL words all contain '/', a byte that is the same in both cases, so
//     they are found with bytes.IndexByte (SIMD in the Go runtime) and a
//     short case-folded comparison around each '/'.
//   - Letter words are found through one anchor bigram per word, chosen to
//     be rare in source code and prose. A 1 KiB table indexed by the
//     case-folded classes of two adjacent bytes says whether a bigram is an
//     anchor; the scan looks at eight positions per branch, so text without
//     anchors (nearly all of it) costs a few loads per byte and no
//     mispredicted branches.

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
// bigram of a word is its anchor; any choice gives the same answers.
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
	url     []string // URL words without their last byte, which is '/'
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
				t.anchors[int(t.class[key[0]])<<10|int(t.class[key[1]])<<5|int(t.class[key[2]])] = uint8(i + 1)
			}
			t.lists[i] = append(t.lists[i], anchorWord{w, best, set})
		}
	}
	if len(t.lists) > 255 {
		panic("prefilter: too many anchors")
	}
	for _, w := range triggerWords[trigURL] {
		if w[len(w)-1] != '/' {
			panic("prefilter: URL trigger word must end in '/': " + w)
		}
		t.url = append(t.url, w[:len(w)-1])
	}
	return t
})

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
// at one of the '/' bytes.
func (t *trigTable) hasURLWord(src []byte) bool {
	for off := 0; ; {
		k := bytes.IndexByte(src[off:], '/')
		if k < 0 {
			return false
		}
		p := off + k // src[p] == '/'
		off = p + 1
		for _, w := range t.url {
			if w == "hf:/" {
				// "hf://" seen at its first slash.
				if p >= 3 && p+1 < len(src) && src[p+1] == '/' && t.foldEq(src[p-3:p], "hf:") {
					return true
				}
				continue
			}
			if p >= len(w) && t.foldEq(src[p-len(w):p], w) {
				return true
			}
		}
	}
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
func (t *trigTable) scanLetters(src []byte, want triggerSet) triggerSet {
	var found triggerSet
	if len(src) < 3 {
		return 0
	}
	cls := &t.class
	tab := &t.anchors
	p2, p1 := uint(cls[src[0]]), uint(cls[src[1]])
	i := 2
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
			for _, aw := range t.lists[idx-1] {
				start := i - 2 - aw.off
				if aw.set&want&^found == 0 || start < 0 || start+len(aw.w) > len(src) {
					continue
				}
				if t.foldEq(src[start:start+len(aw.w)], aw.w) {
					found |= aw.set
					if found&want == want {
						return want
					}
				}
			}
		}
	}
	return found & want
}
