package discover

import "sync"

// Prefilter: most files of a large tree name no model. Before any parsing,
// one pass over the bytes finds which groups of trigger words occur
// (case-insensitively); an extractor whose group is absent returns at once.
// One pass with a bigram table replaces dozens of substring searches and
// keeps discovery close to the speed of reading the files.



const (
	oldA triggerSet = 1 << iota
	oldB
	oldC
	oldD
)

// triggerWords are lowercase; matching folds ASCII case.


type oldTrigTable struct {
	fold    [256]byte
	bigram  [1 << 16]uint16 // index+1 into lists, 0 = no word starts with this bigram
	lists   [][]oldTrigWord
	oldAll triggerSet
}

var oldTrigOnce = sync.OnceValue(func() *oldTrigTable {
	t := &oldTrigTable{}
	for i := range t.fold {
		c := byte(i)
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		t.fold[i] = c
	}
	byBigram := map[uint16][]oldTrigWord{}
	var order []uint16
	for _, set := range []triggerSet{trigCode, trigURL, trigConfig, trigShell} {
		t.oldAll |= set
		for _, w := range triggerWords[set] {
			k := uint16(w[0])<<8 | uint16(w[1])
			if _, ok := byBigram[k]; !ok {
				order = append(order, k)
			}
			byBigram[k] = append(byBigram[k], oldTrigWord{w, set})
		}
	}
	// The table is indexed by raw bytes, every case variant of a bigram
	// entered, so the hot loop does one load per byte.
	upper := func(c byte) byte {
		if c >= 'a' && c <= 'z' {
			return c - 32
		}
		return c
	}
	for _, k := range order {
		t.lists = append(t.lists, byBigram[k])
		a, b := byte(k>>8), byte(k)
		for _, x := range []byte{a, upper(a)} {
			for _, y := range []byte{b, upper(b)} {
				t.bigram[uint16(x)<<8|uint16(y)] = uint16(len(t.lists))
			}
		}
	}
	return t
})

// triggers returns the groups whose words occur in src.
func oldTriggers(src []byte) triggerSet {
	t := oldTrigOnce()
	var found triggerSet
	if len(src) < 2 {
		return 0
	}
	fold := &t.fold
	table := &t.bigram
	prev := uint16(src[0])
	for i := 1; i < len(src); i++ {
		cur := uint16(src[i])
		idx := table[prev<<8|cur]
		prev = cur
		if idx == 0 {
			continue
		}
		start := i - 1
		for _, tw := range t.lists[idx-1] {
			if found&tw.set != 0 || len(src)-start < len(tw.w) {
				continue
			}
			ok := true
			for k := 2; k < len(tw.w); k++ {
				if fold[src[start+k]] != tw.w[k] {
					ok = false
					break
				}
			}
			if ok {
				found |= tw.set
				if found == t.oldAll {
					return found
				}
			}
		}
	}
	return found
}

type oldTrigWord struct {
	w   string
	set triggerSet
}

var _ = oldA + oldB + oldC + oldD
