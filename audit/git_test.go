package audit

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/audit/audittest"
)

// gitRepo is audittest.GitRepo plus a tag v1 on the first commit and a
// second commit on top: depth 1 must bring only the tip.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := audittest.NewGitRepo(t, files)
	audittest.Git(t, dir, "tag", "v1")
	if err := os.WriteFile(filepath.Join(dir, "CHANGELOG"), []byte("second\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	audittest.Git(t, dir, "add", "-A")
	audittest.Git(t, dir, "commit", "-q", "-m", "second")
	return audittest.FileURL(dir)
}

func TestGitFetchWritesOnlySmallRegularFiles(t *testing.T) {
	src := gitRepo(t, map[string]string{
		"app.py":            "model = 'BAAI/bge-small-en-v1.5'\n",
		"deep/dir/conf.yml": "model: facebook/nllb-200-distilled-600M\n",
		"weights.bin":       strings.Repeat("x", 5000),
		"escape":            "symlink:/etc/passwd",
		"same.py":           "model = 'BAAI/bge-small-en-v1.5'\n", // same blob as app.py
	})
	work, dir := t.TempDir(), filepath.Join(t.TempDir(), "tree")
	g := Git{MaxFileSize: 1000, Env: cleanEnv(t)}
	co, err := g.Fetch(context.Background(), src, "", work, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(co.Revision) != 40 {
		t.Errorf("revision %q, want a commit sha", co.Revision)
	}
	for name, want := range map[string]string{
		"app.py":            "model = 'BAAI/bge-small-en-v1.5'\n",
		"same.py":           "model = 'BAAI/bge-small-en-v1.5'\n",
		"deep/dir/conf.yml": "model: facebook/nllb-200-distilled-600M\n",
		"CHANGELOG":         "second\n",
	} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"weights.bin", "escape", ".git"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was written; want it left out", name)
		}
	}
	if co.Files != 4 || co.Skipped != 2 {
		t.Errorf("files %d skipped %d, want 4 and 2", co.Files, co.Skipped)
	}
	// Depth 1: the first commit's objects were not fetched.
	out, err := exec.Command("git", "--git-dir", filepath.Join(work, "git"), "rev-list", "--count", "FETCH_HEAD").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Errorf("history fetched: rev-list count %q, %v", out, err)
	}

	// A ref (here a tag) fetches that commit.
	work2, dir2 := t.TempDir(), filepath.Join(t.TempDir(), "tree")
	co2, err := g.Fetch(context.Background(), src, "v1", work2, dir2)
	if err != nil {
		t.Fatal(err)
	}
	if co2.Revision == co.Revision {
		t.Error("tag v1 fetched the tip")
	}
	if _, err := os.Stat(filepath.Join(dir2, "CHANGELOG")); err == nil {
		t.Error("tag v1 checkout has the second commit's file")
	}
}

func TestGitTokenStaysOutOfArgsAndErrors(t *testing.T) {
	const token = "ghs_abcdefghijklmnopqrstuvwxyz0123456789"
	g := Git{Token: token, TokenHost: "github.com", Env: []string{"PATH=" + os.Getenv("PATH"), "GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=user.name", "GIT_CONFIG_VALUE_0=x"}}
	env := strings.Join(g.environ(), "\n")
	for _, want := range []string{
		"GIT_CONFIG_KEY_1=http.https://github.com/.extraheader",
		"GIT_CONFIG_VALUE_1=AUTHORIZATION: basic " + base64.StdEncoding.EncodeToString([]byte("x-access-token:"+token)),
		"GIT_CONFIG_COUNT=2", "GIT_TERMINAL_PROMPT=0", "GIT_ALLOW_PROTOCOL=https:http:ssh:git:file",
	} {
		if !strings.Contains(env, want) {
			t.Errorf("environment lacks %q", want)
		}
	}
	if strings.Count(env, "GIT_CONFIG_COUNT=") != 1 {
		t.Error("GIT_CONFIG_COUNT set twice")
	}
	cmd := g.command(context.Background(), "fetch", "origin")
	if strings.Contains(strings.Join(cmd.Args, " "), token) {
		t.Error("token on the command line")
	}
	// git's own messages are redacted should they ever echo the header.
	err := g.failure([]string{"fetch"}, exec.ErrNotFound, "fatal: header AUTHORIZATION: basic "+g.basicAuth()+" token "+token)
	if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), g.basicAuth()) {
		t.Errorf("token in error: %v", err)
	}

	// A failed fetch reports git's message, naming no token.
	if _, lerr := exec.LookPath("git"); lerr != nil {
		t.Skip("git not installed")
	}
	g.Env = cleanEnv(t)
	_, err = g.Fetch(context.Background(), "file:///nonexistent/repo", "", t.TempDir(), filepath.Join(t.TempDir(), "t"))
	if err == nil || !strings.Contains(err.Error(), "git fetch") || strings.Contains(err.Error(), token) {
		t.Errorf("fetch of a missing repo: %v", err)
	}
}

func TestSafePath(t *testing.T) {
	for p, want := range map[string]bool{
		"a.py": true, "dir/sub/x.yml": true, ".github/workflows/ci.yml": true,
		"../x": false, "/etc/passwd": false, "a/../../x": false, ".git/config": false, "sub/.GIT/hooks/x": false,
		"a\\b": false, "": false, "a//b": false,
	} {
		if got := safePath(p); got != want {
			t.Errorf("safePath(%q) = %v, want %v", p, got, want)
		}
	}
}

// cleanEnv is an environment for git without the user's configuration.
func cleanEnv(t *testing.T) []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GIT_CONFIG_NOSYSTEM=1"}
}
