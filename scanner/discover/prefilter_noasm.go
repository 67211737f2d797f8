//go:build !amd64 || purego

package discover

// haveVector is false: there is no vector scanner on this platform, and
// scanLetters uses the scalar scan alone.
const haveVector = false

func vectorScan([]byte, *vecMasks, int) (int, uint32) {
	panic("discover: no vector scanner on this platform")
}
