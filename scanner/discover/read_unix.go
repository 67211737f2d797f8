//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package discover

import (
	"errors"
	"io/fs"
	"syscall"
)

// readRegular reads up to len(b) bytes of the regular file at abs into b
// and returns how many it read. It goes straight to open/read/close: an
// os.File would also register the descriptor with the runtime poller
// (four fcntl calls and a failing epoll_ctl per file, measured with strace),
// which cost more than the read itself on trees of small files.
// O_NOFOLLOW: the walker saw a regular file here, so a symlink in its place
// now is refused rather than followed.
func readRegular(abs string, b []byte) (int, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(abs, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: abs, Err: err}
	}
	defer syscall.Close(fd)
	n := 0
	for n < len(b) {
		k, err := syscall.Read(fd, b[n:])
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return n, &fs.PathError{Op: "read", Path: abs, Err: err}
		}
		if k == 0 {
			break
		}
		n += k
	}
	return n, nil
}
