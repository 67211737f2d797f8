//go:build !pprof

package main

// startProfiles is a no-op in the released binary; build with -tags pprof
// for CPU and heap profiles of a run (profile_pprof.go).
func startProfiles() (stop func()) { return func() {} }
