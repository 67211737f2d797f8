//go:build pprof

package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles, in a binary built with -tags pprof (for measuring only;
// bench/ uses it), writes a CPU profile of the run to $AIBOM_PPROF_CPU and,
// at the end, the heap profile (allocations and what is in use) to
// $AIBOM_PPROF_HEAP.
func startProfiles() (stop func()) {
	var cpu *os.File
	if p := os.Getenv("AIBOM_PPROF_CPU"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "aibom: cpu profile:", err)
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if p := os.Getenv("AIBOM_PPROF_HEAP"); p != "" {
			runtime.GC()
			f, err := os.Create(p)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "aibom: heap profile:", err)
			}
		}
	}
}
