package discover

import (
	"bytes"
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
	off int    // offset of the anchor bigram in w
	set triggerSet
}

// letterScanner finds the letter words of some groups.
type letterScanner struct {
	sets  triggerSet
	tab   [1024]uint8 // class pair → index+1 into lists; 0: not an anchor
	lists [][]anchorWord
}

type trigTable struct {
	fold  [256]byte
	class [256]uint8 // case-folded byte → 1..31 for bytes in letter words, 0 otherwise
	// scanners[s] finds the letter words of the groups in s (s ⊆ trigLetters).
	scanners [trigAll + 1]*letterScanner
	url      []string // URL words without their last byte, which is '/'
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
	for _, set := range []triggerSet{trigCode, trigConfig, trigShell} {
		for _, w := range triggerWords[set] {
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
		}
	}
	for _, w := range triggerWords[trigURL] {
		if w[len(w)-1] != '/' {
			panic("prefilter: URL trigger word must end in '/': " + w)
		}
		t.url = append(t.url, w[:len(w)-1])
	}
	for s := triggerSet(1); s <= trigAll; s++ {
		if s&trigLetters == s {
			t.scanners[s] = t.newLetterScanner(s)
		}
	}
	return t
})

func (t *trigTable) newLetterScanner(sets triggerSet) *letterScanner {
	ls := &letterScanner{sets: sets}
	index := map[[2]byte]int{}
	for _, set := range []triggerSet{trigCode, trigConfig, trigShell} {
		if sets&set == 0 {
			continue
		}
		for _, w := range triggerWords[set] {
			best, bestScore := 0, -1
			for k := 0; k+1 < len(w); k++ {
				score := letterFreq(w[k]) * letterFreq(w[k+1])
				if bestScore < 0 || score < bestScore {
					best, bestScore = k, score
				}
			}
			key := [2]byte{w[best], w[best+1]}
			i, ok := index[key]
			if !ok {
				i = len(ls.lists)
				index[key] = i
				ls.lists = append(ls.lists, nil)
				ls.tab[int(t.class[key[0]])<<5|int(t.class[key[1]])] = uint8(i + 1)
			}
			ls.lists[i] = append(ls.lists[i], anchorWord{w, best, set})
		}
	}
	if len(ls.lists) > 255 {
		panic("prefilter: too many anchors")
	}
	return ls
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
		found |= t.scanners[l].scan(t, src)
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

// scan returns the groups of ls.sets whose words occur in src.
func (ls *letterScanner) scan(t *trigTable, src []byte) triggerSet {
	var found triggerSet
	if len(src) < 2 {
		return 0
	}
	cls := &t.class
	tab := &ls.tab
	prev := uint(cls[src[0]])
	i := 1
	for i < len(src) {
		if len(src)-i >= 8 {
			b := src[i : i+8 : i+8]
			c0, c1, c2, c3 := uint(cls[b[0]]), uint(cls[b[1]]), uint(cls[b[2]]), uint(cls[b[3]])
			c4, c5, c6, c7 := uint(cls[b[4]]), uint(cls[b[5]]), uint(cls[b[6]]), uint(cls[b[7]])
			hit := tab[(prev<<5|c0)&1023] | tab[(c0<<5|c1)&1023] | tab[(c1<<5|c2)&1023] | tab[(c2<<5|c3)&1023] |
				tab[(c3<<5|c4)&1023] | tab[(c4<<5|c5)&1023] | tab[(c5<<5|c6)&1023] | tab[(c6<<5|c7)&1023]
			if hit == 0 {
				prev = c7
				i += 8
				continue
			}
		}
		// Some anchor in the next eight bigrams (or the tail): check each.
		end := min(i+8, len(src))
		for ; i < end; i++ {
			c := uint(cls[src[i]])
			idx := tab[(prev<<5|c)&1023]
			prev = c
			if idx == 0 {
				continue
			}
			for _, aw := range ls.lists[idx-1] {
				start := i - 1 - aw.off
				if found&aw.set != 0 || start < 0 || start+len(aw.w) > len(src) {
					continue
				}
				if t.foldEq(src[start:start+len(aw.w)], aw.w) {
					found |= aw.set
					if found == ls.sets {
						return found
					}
				}
			}
		}
	}
	return found
}
