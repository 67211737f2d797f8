package resolve

import (
	"cmp"
	"container/heap"
)

// queued is a node waiting for a worker, with its depth when queued.
type queued struct {
	key   string
	depth int
}

// keyHeap orders waiting nodes nearest a direct reference first, then by
// key: direct models are asked before ancestors, and the order of asking
// never depends on the order of the input.
type keyHeap []queued

func (h keyHeap) Len() int { return len(h) }
func (h keyHeap) Less(i, j int) bool {
	return cmp.Or(cmp.Compare(h[i].depth, h[j].depth), cmp.Compare(h[i].key, h[j].key)) < 0
}
func (h keyHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *keyHeap) Push(x any)   { *h = append(*h, x.(queued)) }
func (h *keyHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *keyHeap) push(key string, depth int) { heap.Push(h, queued{key: key, depth: depth}) }
