//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package discover

import (
	"io"
	"os"
)

// readRegular reads up to len(b) bytes of the regular file at abs into b
// and returns how many it read.
func readRegular(abs string, b []byte) (int, error) {
	f, err := os.Open(abs)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return n, err
}
