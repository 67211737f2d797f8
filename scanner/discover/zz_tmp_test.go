package discover

import (
	"fmt"
	"os"
	"testing"
)

func TestZZAnchors(t *testing.T) {
	tt := trigOnce()
	ls := tt
	for _, l := range ls.lists {
		for _, a := range l {
			_ = a.off
			fmt.Printf("%s:%s ", a.w, a.w[a.off:a.off+3])
		}
	}
	fmt.Println()
}

func BenchmarkZZScan(b *testing.B) {
	for _, f := range []string{"/tmp/dbench/tree/svc001/pkg00/f000001.py", "/tmp/dbench/tree/svc004/pkg00/f000004.yaml", "/tmp/dbench/tree/svc002/pkg00/f000002.ts", "/tmp/dbench/tree/svc007/pkg00/f000007.sh"} {
		src, _ := os.ReadFile(f)
		b.Run(f[len(f)-5:], func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				triggersIn(src, trigLetters)
			}
		})
	}
}

func BenchmarkZZOld(b *testing.B) {
	for _, f := range []string{"/tmp/dbench/tree/svc001/pkg00/f000001.py", "/tmp/dbench/tree/svc004/pkg00/f000004.yaml", "/tmp/dbench/tree/svc002/pkg00/f000002.ts", "/tmp/dbench/tree/svc007/pkg00/f000007.sh"} {
		src, _ := os.ReadFile(f)
		b.Run(f[len(f)-5:], func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				oldTriggers(src)
			}
		})
	}
}
