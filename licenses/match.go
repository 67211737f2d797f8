package licenses

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aibom/aibom/licenses/internal/fingerprint"
)

// Matching thresholds. Coverage is the share of a reference text's
// fingerprints found in the input.
const (
	// MinMatchCoverage is the least coverage for a reference text to be
	// reported among the matches of an input at all.
	MinMatchCoverage = 0.5
	// IdentifyCoverage is the least coverage for the input to be identified
	// as that text (its key, terms and name are reported). Below it the
	// match is shown as a resemblance and the terms come from the clause
	// extractor.
	IdentifyCoverage = 0.8
	// clusterGap is the largest distance, in words, between two hits of
	// one matched region; regionGap joins regions of one document.
	clusterGap = 3 * (fingerprint.K + fingerprint.W)
	regionGap  = 400
	// minClusterHits drops stray hits (a common phrase in a model card)
	// that do not belong to a copy of the text.
	minClusterHits = 3
	maxMatches     = 16
)

// matcher finds known reference texts in an input by fingerprint overlap.
type matcher struct {
	docs  []fingerprint.Doc
	parts []mPart
	index map[uint32][]int32 // fingerprint → parts holding it
	// weight of a fingerprint: 1/(number of documents holding it). Text
	// shared by many versions (Llama 3.1, 3.2, 3.3 share ~93%) counts little;
	// the words that tell the versions apart count fully.
	weight map[uint32]float64
}

type mPart struct {
	doc    int
	name   string
	count  int
	weight float64 // sum of the weights of its fingerprints
}

func newMatcher(d fingerprint.Data) (*matcher, error) {
	// Every scan builds the built-in matcher at start-up, so it is built
	// with few allocations: the maps are sized once (growing them was most
	// of its cost) and the document frequency is read off the index, whose
	// lists hold part numbers in increasing order, so a document's parts
	// are adjacent in them.
	total, nparts := 0, 0
	for _, doc := range d.Docs {
		nparts += len(doc.Parts)
		for _, p := range doc.Parts {
			total += p.Count
		}
	}
	m := &matcher{docs: d.Docs, parts: make([]mPart, 0, nparts), index: make(map[uint32][]int32, total)}
	partFPs := make([][]uint32, 0, nparts)
	for di, doc := range d.Docs {
		for _, p := range doc.Parts {
			fps, err := fingerprint.Decode(p.FPs)
			if err != nil {
				return nil, fmt.Errorf("fingerprints of %s/%s: %w", doc.Key, p.Name, err)
			}
			if len(fps) != p.Count {
				return nil, fmt.Errorf("fingerprints of %s/%s: %d, header says %d", doc.Key, p.Name, len(fps), p.Count)
			}
			pi := int32(len(m.parts))
			m.parts = append(m.parts, mPart{doc: di, name: p.Name, count: len(fps)})
			partFPs = append(partFPs, fps)
			for _, h := range fps {
				m.index[h] = append(m.index[h], pi)
			}
		}
	}
	m.weight = make(map[uint32]float64, len(m.index))
	for h, parts := range m.index {
		n, last := 0, -1
		for _, pi := range parts {
			if di := m.parts[pi].doc; di != last {
				n, last = n+1, di
			}
		}
		m.weight[h] = 1 / float64(n)
	}
	for pi, fps := range partFPs {
		for _, h := range fps {
			m.parts[pi].weight += m.weight[h]
		}
	}
	return m, nil
}

// docMatch is one reference text found in the input.
type docMatch struct {
	key      string
	coverage float64
	spans    [][2]int // byte offsets in the input, in order
	order    int      // rank in which it was chosen (best first)
}

type partHit struct {
	pos []int    // shingle positions in the input
	fps []uint32 // the fingerprint at each position
}

// find returns the reference texts found in text, best first. It chooses
// greedily: the part explaining most of the input (weighted matched
// fingerprints × weighted coverage) wins, claims the words it covers, and the
// remaining parts are scored again on the unclaimed words only, so a
// near-identical older version cannot also claim the same passage, while a
// use policy appended to its license is still reported.
func (m *matcher) find(text []byte) []docMatch {
	words := fingerprint.Words(text)
	sh := fingerprint.Shingles(words)
	hits := map[int32]*partHit{}
	for i, h := range sh {
		for _, pi := range m.index[h] {
			ph := hits[pi]
			if ph == nil {
				ph = &partHit{}
				hits[pi] = ph
			}
			ph.pos = append(ph.pos, i)
			ph.fps = append(ph.fps, h)
		}
	}
	claimed := make([]bool, len(sh))
	type partResult struct {
		part     int32
		coverage float64
		matched  int
		regions  [][2]int // word index ranges [first, last]
		order    int
	}
	var results []partResult
	for len(results) < maxMatches {
		best := int32(-1)
		var bestScore, bestCov float64
		for pi, ph := range hits {
			matched, wm := m.score(ph, claimed)
			p := m.parts[pi]
			cov := float64(matched) / float64(p.count)
			if cov < MinMatchCoverage || matched == 0 {
				continue
			}
			wcov := wm / p.weight
			score := wm * wcov
			key := m.docs[p.doc].Key
			if best < 0 || score > bestScore ||
				(score == bestScore && (cov > bestCov || (cov == bestCov && (key < m.docs[m.parts[best].doc].Key ||
					(key == m.docs[m.parts[best].doc].Key && pi < best))))) {
				best, bestScore, bestCov = pi, score, cov
			}
		}
		if best < 0 {
			break
		}
		ph := hits[best]
		regions, matched := m.regions(ph, claimed)
		delete(hits, best)
		if len(regions) == 0 {
			continue
		}
		p := m.parts[best]
		results = append(results, partResult{part: best, coverage: float64(matched) / float64(p.count), matched: matched, regions: regions, order: len(results)})
		for _, r := range regions {
			for i := max(0, r[0]-fingerprint.K+1); i <= r[1] && i < len(claimed); i++ {
				claimed[i] = true
			}
		}
	}
	// Merge the parts of one document (the English and Chinese halves of a
	// bilingual license) into one match.
	byDoc := map[int]*docMatch{}
	var matched, total = map[int]int{}, map[int]int{}
	var out []*docMatch
	for _, r := range results {
		p := m.parts[r.part]
		dm := byDoc[p.doc]
		if dm == nil {
			dm = &docMatch{key: m.docs[p.doc].Key, order: r.order}
			byDoc[p.doc] = dm
			out = append(out, dm)
		}
		matched[p.doc] += r.matched
		total[p.doc] += p.count
		for _, reg := range r.regions {
			last := min(reg[1]+fingerprint.K-1, len(words)-1)
			dm.spans = append(dm.spans, [2]int{words[reg[0]].Start, words[last].End})
		}
	}
	res := make([]docMatch, 0, len(out))
	for _, dm := range out {
		for di, d := range byDoc {
			if d == dm {
				dm.coverage = float64(matched[di]) / float64(total[di])
			}
		}
		dm.spans = joinAdjacent(text, mergeSpans(dm.spans))
		res = append(res, *dm)
	}
	return res
}

// score counts the distinct fingerprints of a part found at unclaimed
// positions, and their weight.
func (m *matcher) score(ph *partHit, claimed []bool) (int, float64) {
	seen := make(map[uint32]bool, len(ph.fps))
	var w float64
	for i, pos := range ph.pos {
		h := ph.fps[i]
		if claimed[pos] || seen[h] {
			continue
		}
		seen[h] = true
		w += m.weight[h]
	}
	return len(seen), w
}

// regions groups a part's unclaimed hits into word ranges, dropping stray
// clusters, and returns them with the number of distinct fingerprints they
// hold.
func (m *matcher) regions(ph *partHit, claimed []bool) ([][2]int, int) {
	type hitAt struct {
		pos int
		h   uint32
	}
	var hs []hitAt
	for i, pos := range ph.pos {
		if !claimed[pos] {
			hs = append(hs, hitAt{pos, ph.fps[i]})
		}
	}
	slices.SortFunc(hs, func(a, b hitAt) int { return cmp.Compare(a.pos, b.pos) })
	var clusters [][2]int // index ranges into hs
	for s := 0; s < len(hs); {
		e := s
		for e+1 < len(hs) && hs[e+1].pos-hs[e].pos <= clusterGap {
			e++
		}
		if e-s+1 >= minClusterHits {
			clusters = append(clusters, [2]int{s, e})
		}
		s = e + 1
	}
	var regions [][2]int
	seen := map[uint32]bool{}
	for _, c := range clusters {
		for _, x := range hs[c[0] : c[1]+1] {
			seen[x.h] = true
		}
		r := [2]int{hs[c[0]].pos, hs[c[1]].pos}
		if n := len(regions); n > 0 && r[0]-regions[n-1][1] <= regionGap {
			regions[n-1][1] = r[1]
		} else {
			regions = append(regions, r)
		}
	}
	return regions, len(seen)
}

func mergeSpans(s [][2]int) [][2]int {
	slices.SortFunc(s, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	var out [][2]int
	for _, x := range s {
		if n := len(out); n > 0 && x[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}

// joinAdjacent joins consecutive spans with no word between them (the two
// halves of a bilingual license).
func joinAdjacent(text []byte, s [][2]int) [][2]int {
	var out [][2]int
	for _, x := range s {
		if n := len(out); n > 0 && len(fingerprint.Words(text[out[n-1][1]:x[0]])) == 0 {
			out[n-1][1] = x[1]
			continue
		}
		out = append(out, x)
	}
	return out
}
