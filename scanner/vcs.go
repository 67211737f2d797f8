package scanner

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// gitInfo finds the git repository holding root (a .git directory, or the
// .git file of a worktree or submodule) and returns root's path inside it,
// with / separators, and the commit HEAD points at. It reads the files
// git keeps rather than running git, and answers "" for what it cannot
// tell: the report is complete without them.
func gitInfo(root string) (repoPath, revision string) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", ""
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	for dir := abs; ; {
		dotgit := filepath.Join(dir, ".git")
		if st, err := os.Stat(dotgit); err == nil {
			gitDir := dotgit
			if !st.IsDir() {
				gitDir = linkedGitDir(dotgit)
			}
			rel, err := filepath.Rel(dir, abs)
			if err != nil {
				return "", ""
			}
			if rel == "." {
				rel = ""
			}
			return filepath.ToSlash(rel), headCommit(gitDir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ""
		}
		dir = parent
	}
}

// linkedGitDir reads a .git file ("gitdir: PATH").
func linkedGitDir(dotgit string) string {
	data, err := os.ReadFile(dotgit)
	if err != nil {
		return ""
	}
	p, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return ""
	}
	p = strings.TrimSpace(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(dotgit), p)
	}
	return p
}

func headCommit(gitDir string) string {
	if gitDir == "" {
		return ""
	}
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return ""
	}
	h := strings.TrimSpace(string(head))
	ref, isRef := strings.CutPrefix(h, "ref:")
	if !isRef {
		return commitOrEmpty(h)
	}
	ref = strings.TrimSpace(ref)
	// A worktree keeps its branches in the main repository (commondir).
	dirs := []string{gitDir}
	if c, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		common := strings.TrimSpace(string(c))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
		dirs = append(dirs, common)
	}
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, filepath.FromSlash(ref))); err == nil {
			return commitOrEmpty(strings.TrimSpace(string(b)))
		}
	}
	for _, d := range dirs {
		packed, err := os.ReadFile(filepath.Join(d, "packed-refs"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(packed))
		for sc.Scan() {
			sha, name, ok := strings.Cut(sc.Text(), " ")
			if ok && name == ref {
				return commitOrEmpty(sha)
			}
		}
	}
	return ""
}

func commitOrEmpty(s string) string {
	if len(s) != 40 && len(s) != 64 {
		return ""
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return ""
		}
	}
	return s
}
