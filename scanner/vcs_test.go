package scanner

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestGitInfo(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	sub := filepath.Join(repo, "services", "api")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(sub, "a.py"), []byte("x = 1\n"), 0o644)
	git(t, repo, "init", "-q", "-b", "main")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "one")
	head := git(t, repo, "rev-parse", "HEAD")

	if p, rev := gitInfo(sub); p != "services/api" || rev != head {
		t.Errorf("subdirectory: %q %q, want services/api %s", p, rev, head)
	}
	if p, rev := gitInfo(repo); p != "" || rev != head {
		t.Errorf("root: %q %q", p, rev)
	}
	// Packed refs and a worktree (whose .git is a file) are read too.
	git(t, repo, "pack-refs", "--all")
	wt := filepath.Join(t.TempDir(), "wt")
	git(t, repo, "worktree", "add", "-q", "-b", "side", wt)
	if p, rev := gitInfo(filepath.Join(wt, "services")); p != "services" || rev != head {
		t.Errorf("worktree: %q %q, want services %s", p, rev, head)
	}
	if p, rev := gitInfo(t.TempDir()); p != "" || rev != "" {
		t.Errorf("outside a repository: %q %q", p, rev)
	}
}
