package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aibom/aibom/sbom"
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

// incompleteError says the run completed but some direct models could not
// be judged, which the default gate fails on (exit 1).
type incompleteError struct{ unjudged, unread []string }

func (e incompleteError) Error() string {
	if len(e.unread) > 0 {
		msg := fmt.Sprintf("verdict incomplete: %d skipped file(s) may name a model (%s", len(e.unread), e.unread[0])
		if len(e.unread) > 1 {
			msg += fmt.Sprintf("; and %d more", len(e.unread)-1)
		}
		msg += "): raise --max-file-size to read a large one, or exclude it in the rules if it names none"
		if len(e.unjudged) > 0 {
			msg += fmt.Sprintf("; and %d model(s) not judged", len(e.unjudged))
		}
		return msg
	}
	n := len(e.unjudged)
	noun := "models"
	if n == 1 {
		noun = "model"
	}
	msg := fmt.Sprintf("verdict incomplete: %d %s not judged", n, noun)
	if n > 0 {
		msg += " (" + e.unjudged[0]
		if n > 1 {
			msg += fmt.Sprintf("; and %d more", n-1)
		}
		msg += ")"
	}
	return msg + "; --allow-unresolved accepts them"
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
	var ie incompleteError
	if errors.As(err, &ie) {
		// Unlike findings, which the report lists, say why: a report
		// written to a file would leave a bare exit 1 unexplained.
		fmt.Fprintf(stderr, "aibom: %s\n", sbom.Clean(ie.Error(), 600))
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
