package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes, mapped in one place (exitCode) from typed errors.
const (
	exitOK       = 0 // no finding at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // bad flag, unreadable config or policy, missing root
	exitFailed   = 3 // the scan itself failed
)

// usageError is a mistake in how aibom was called or configured.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// findingsError says the run completed and found what --fail-on fails on.
type findingsError struct{ count int }

func (e findingsError) Error() string {
	return fmt.Sprintf("%d finding(s) at or above the --fail-on severity", e.count)
}

// exitCode maps an error returned by a command to the process exit code and
// prints it. Findings are already in the report, so they print nothing more.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var fe findingsError
	if errors.As(err, &fe) {
		return exitFindings
	}
	// Each problem is one line of its own, naming its source; several
	// (a config file with two bad keys) print one after another.
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "aibom: %s\n", line)
	}
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailed
}
