package licenses

import (
	"maps"
	"slices"
	"testing"

	"github.com/aibom/aibom/licenses/internal/fingerprint"
)

// newMatcherRef is newMatcher as first written (a seen set per document
// and a document-frequency map), kept as the oracle for the faster build.
func newMatcherRef(t *testing.T, d fingerprint.Data) *matcher {
	t.Helper()
	m := &matcher{docs: d.Docs, index: map[uint32][]int32{}, weight: map[uint32]float64{}}
	df := map[uint32]int{}
	partFPs := [][]uint32{}
	for di, doc := range d.Docs {
		seen := map[uint32]bool{}
		for _, p := range doc.Parts {
			fps, err := fingerprint.Decode(p.FPs)
			if err != nil {
				t.Fatal(err)
			}
			pi := int32(len(m.parts))
			m.parts = append(m.parts, mPart{doc: di, name: p.Name, count: len(fps)})
			partFPs = append(partFPs, fps)
			for _, h := range fps {
				m.index[h] = append(m.index[h], pi)
				if !seen[h] {
					seen[h] = true
					df[h]++
				}
			}
		}
	}
	for h, n := range df {
		m.weight[h] = 1 / float64(n)
	}
	for pi, fps := range partFPs {
		for _, h := range fps {
			m.parts[pi].weight += m.weight[h]
		}
	}
	return m
}

// TestNewMatcherMatchesReference compares the matcher, field by field
// (weights bit for bit), with the reference build: on the built-in
// fingerprints, and on documents whose parts share fingerprints with each
// other and with other documents (a fingerprint counts once per document).
func TestNewMatcherMatchesReference(t *testing.T) {
	builtin, err := fingerprint.Unmarshal(fingerprintsJSON)
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string, fps ...uint32) fingerprint.Part {
		return fingerprint.Part{Name: name, Count: len(fps), FPs: fingerprint.Encode(fps)}
	}
	shared := fingerprint.Data{Docs: []fingerprint.Doc{
		{Key: "a", Parts: []fingerprint.Part{part("a1", 1, 2, 3), part("a2", 2, 3, 4)}},
		{Key: "b", Parts: []fingerprint.Part{part("b1", 3, 4, 5)}},
		{Key: "c", Parts: []fingerprint.Part{part("c1", 9), part("c2", 3), part("c3", 3, 9)}},
		{Key: "d"},
	}}
	for name, d := range map[string]fingerprint.Data{"builtin": builtin, "shared": shared} {
		t.Run(name, func(t *testing.T) {
			got, err := newMatcher(d)
			if err != nil {
				t.Fatal(err)
			}
			want := newMatcherRef(t, d)
			if !slices.Equal(got.parts, want.parts) {
				t.Errorf("parts differ:\n got %v\nwant %v", got.parts, want.parts)
			}
			if !maps.EqualFunc(got.index, want.index, slices.Equal[[]int32]) {
				t.Errorf("index differs:\n got %v\nwant %v", got.index, want.index)
			}
			if !maps.Equal(got.weight, want.weight) {
				t.Errorf("weights differ:\n got %v\nwant %v", got.weight, want.weight)
			}
		})
	}
}
