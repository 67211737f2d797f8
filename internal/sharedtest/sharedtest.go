// Package sharedtest locates the team's shared reference material (real
// license texts, model cards, hub recordings, schemas) for tests. The
// material lives beside the repository in ../shared and is read in place,
// never copied in. Outside CI a test that needs it skips when it is absent;
// under CI=true its absence fails the test.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of the shared folder, or skips (fails under
// CI=true) when it cannot be found. AIBOM_SHARED overrides the location.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("AIBOM_SHARED"); d != "" {
		return mustExist(t, d)
	}
	root, err := repoRoot()
	if err == nil {
		d := filepath.Join(filepath.Dir(root), "shared")
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	missing(t, "../shared (beside the repository)")
	return ""
}

// Path returns the absolute path of rel inside the shared folder, with the
// same skip/fail rule when it is missing.
func Path(t testing.TB, rel string) string {
	t.Helper()
	return mustExist(t, filepath.Join(Dir(t), filepath.FromSlash(rel)))
}

// RepoRoot returns the repository root (the folder holding go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatalf("cannot find the repository root: %v", err)
	}
	return root
}

func mustExist(t testing.TB, p string) string {
	t.Helper()
	if _, err := os.Stat(p); err != nil {
		missing(t, p)
	}
	return p
}

// hint says how to point the tests at the material from anywhere.
const hint = "set AIBOM_SHARED to the shared folder, or put it beside the repository as ../shared"

func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared reference material missing under CI: %s (%s)", what, hint)
	}
	t.Skipf("shared reference material not found: %s (%s)", what, hint)
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
