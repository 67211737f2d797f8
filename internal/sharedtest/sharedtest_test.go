package sharedtest

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records the skip or failure message.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Skipf(format string, args ...any)  { r.msg = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.msg = fmt.Sprintf(format, args...) }

// TestMissingSaysHowToFix: the skip (and the failure under CI) names
// AIBOM_SHARED, the way to point the tests at the material.
func TestMissingSaysHowToFix(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		missing(r, "../shared (beside the repository)")
		if !strings.Contains(r.msg, "AIBOM_SHARED") {
			t.Errorf("CI=%q: %q does not mention AIBOM_SHARED", ci, r.msg)
		}
	}
}
