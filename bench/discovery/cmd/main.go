// Command discover runs discovery alone on a directory and prints the
// references as JSON (or only counts with -count). It is the benchmark
// runner for bench/discovery/run.sh and a debugging aid.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/aibom/aibom/scanner/discover"
)

func main() {
	docs := flag.Bool("docs", false, "include documentation")
	count := flag.Bool("count", false, "print counts only")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := flag.String("memprofile", "", "write an allocation profile to this file at the end")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: discover [-docs] [-count] DIR")
		os.Exit(2)
	}
	res, err := discover.Discover(context.Background(), flag.Arg(0), discover.Options{IncludeDocs: *docs})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	if *count {
		fmt.Printf("files=%d skipped=%d references=%d warnings=%d\n", res.Files, len(res.Skipped), len(res.References), len(res.Warnings))
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
}
