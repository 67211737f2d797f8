//go:build amd64 && !purego

package discover

import "golang.org/x/sys/cpu"

// haveVector: the vector scanner needs AVX2 (VPSHUFB on 32 bytes).
var haveVector = cpu.X86.HasAVX2

// vectorScan tests the trigram positions from, from+1, … of src against
// m, 32 at a time, while the three bytes of all 32 trigrams are inside src.
// At the first block with candidates it returns the block's first position
// and the candidates as a bit mask (bit k: position pos+k); when no block
// has any it returns the first position not tested and 0.
//
//go:noescape
func vectorScan(src []byte, m *vecMasks, from int) (pos int, hits uint32)
