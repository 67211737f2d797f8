package main

import (
	"errors"
	"fmt"
	"io"
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
	fmt.Fprintf(stderr, "aibom: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailed
}
