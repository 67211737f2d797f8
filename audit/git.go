package audit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Git fetches the files of one commit of a remote repository without its
// history: a depth-1 fetch with a blob size filter into a bare repository,
// then only the blobs that arrived (regular files at or under the size cap)
// are written out — no checkout, so git never fetches the filtered blobs
// lazily, never writes a symlink and never runs a hook.
type Git struct {
	// Binary is the git executable (default "git" on PATH).
	Binary string
	// Token, when set, is sent as an HTTP Authorization header to
	// https://TokenHost/ only, through GIT_CONFIG_* environment entries:
	// never on the command line, in .git/config, in URLs or in errors.
	Token     string
	TokenHost string
	// MaxFileSize is the blob size filter and the cap on written files
	// (default 2 MiB, discovery's default).
	MaxFileSize int64
	// MaxFiles caps the files written for one repository (default 100000).
	MaxFiles int
	// Env is the base environment (default os.Environ()).
	Env []string
}

// Checkout is what Fetch wrote.
type Checkout struct {
	Revision string // the commit sha
	Files    int    // files written
	Skipped  int    // blobs left out: over the size cap, symlinks, unsafe paths
}

// Fetch writes the files of src at ref (default: the remote's HEAD) into
// dir, using work (an empty directory) for git's objects.
func (g Git) Fetch(ctx context.Context, src, ref, work, dir string) (Checkout, error) {
	var co Checkout
	if g.MaxFileSize <= 0 {
		g.MaxFileSize = 2 << 20
	}
	if g.MaxFiles <= 0 {
		g.MaxFiles = 100000
	}
	if ref == "" {
		ref = "HEAD"
	}
	if strings.HasPrefix(ref, "-") || strings.HasPrefix(src, "-") {
		return co, fmt.Errorf("bad source or ref")
	}
	gitDir := filepath.Join(work, "git")
	steps := [][]string{
		{"init", "--quiet", "--bare", gitDir},
		{"--git-dir", gitDir, "remote", "add", "origin", src},
		{"--git-dir", gitDir, "fetch", "--quiet", "--depth=1", "--no-tags", "--no-recurse-submodules",
			"--filter=blob:limit=" + strconv.FormatInt(g.MaxFileSize, 10), "origin", ref},
	}
	for _, args := range steps {
		if _, err := g.run(ctx, nil, args...); err != nil {
			return co, err
		}
	}
	out, err := g.run(ctx, nil, "--git-dir", gitDir, "rev-parse", "--verify", "--end-of-options", "FETCH_HEAD^{commit}")
	if err != nil {
		return co, err
	}
	co.Revision = strings.TrimSpace(string(out))

	// Blobs that arrived, with their sizes. --batch-all-objects reads the
	// object store only, so a filtered blob is simply absent.
	out, err = g.run(ctx, nil, "--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype) %(objectsize)")
	if err != nil {
		return co, err
	}
	present := map[string]int64{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[1] == "blob" {
			if n, err := strconv.ParseInt(f[2], 10, 64); err == nil {
				present[f[0]] = n
			}
		}
	}
	out, err = g.run(ctx, nil, "--git-dir", gitDir, "ls-tree", "-r", "-z", "--full-tree", co.Revision)
	if err != nil {
		return co, err
	}
	paths := map[string][]string{} // blob sha → paths
	var order []string
	for _, rec := range strings.Split(string(out), "\x00") {
		if rec == "" {
			continue
		}
		meta, p, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[1] != "blob" {
			continue // submodules (commit entries) and oddities
		}
		size, ok := present[f[2]]
		if (f[0] != "100644" && f[0] != "100755") || !ok || size > g.MaxFileSize || !safePath(p) {
			co.Skipped++
			continue
		}
		if len(paths[f[2]]) == 0 {
			order = append(order, f[2])
		}
		paths[f[2]] = append(paths[f[2]], p)
		co.Files++
		if co.Files >= g.MaxFiles {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return co, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return co, err
	}
	defer root.Close()
	if err := g.writeBlobs(ctx, gitDir, root, order, paths); err != nil {
		return co, err
	}
	return co, nil
}

// writeBlobs streams the blobs through one `git cat-file --batch` and writes
// each to its paths inside root (os.Root refuses to leave it).
func (g Git) writeBlobs(ctx context.Context, gitDir string, root *os.Root, order []string, paths map[string][]string) error {
	if len(order) == 0 {
		return nil
	}
	cmd := g.command(ctx, "--git-dir", gitDir, "cat-file", "--batch")
	var stderr capped
	cmd.Stderr = &stderr
	var in bytes.Buffer
	for _, sha := range order {
		in.WriteString(sha + "\n")
	}
	cmd.Stdin = &in
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	rd := bufio.NewReader(stdout)
	werr := func() error {
		for _, sha := range order {
			header, err := rd.ReadString('\n')
			if err != nil {
				return fmt.Errorf("git cat-file: reading header: %w", err)
			}
			f := strings.Fields(header)
			if len(f) != 3 || f[0] != sha || f[1] != "blob" {
				return fmt.Errorf("git cat-file: unexpected %q", strings.TrimSpace(header))
			}
			n, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil || n < 0 || n > g.MaxFileSize {
				return fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(header))
			}
			data := make([]byte, n+1) // content and the trailing newline
			if _, err := io.ReadFull(rd, data); err != nil {
				return fmt.Errorf("git cat-file: reading %s: %w", sha, err)
			}
			for _, p := range paths[sha] {
				if err := writeIn(root, p, data[:n]); err != nil {
					return err
				}
			}
		}
		return nil
	}()
	if werr != nil {
		_ = cmd.Process.Kill()
	}
	if err := cmd.Wait(); err != nil && werr == nil {
		werr = g.failure([]string{"cat-file", "--batch"}, err, stderr.String())
	}
	return werr
}

func writeIn(root *os.Root, p string, data []byte) error {
	rel := filepath.FromSlash(p)
	if d := filepath.Dir(rel); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	if err := root.WriteFile(rel, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}

// safePath accepts a tree path that stays inside the checkout and names no
// .git directory.
func safePath(p string) bool {
	if p == "" || strings.ContainsAny(p, "\x00\\") || !filepath.IsLocal(filepath.FromSlash(p)) {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." || strings.EqualFold(part, ".git") {
			return false
		}
	}
	return true
}

func (g Git) command(ctx context.Context, args ...string) *exec.Cmd {
	bin := g.Binary
	if bin == "" {
		bin = "git"
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = g.environ()
	return cmd
}

func (g Git) run(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := g.command(ctx, args...)
	cmd.Stdin = stdin
	var stdout bytes.Buffer
	var stderr capped
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, g.failure(args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// failure describes a failed git command by its subcommand and git's last
// message lines, with the token (and its encoded header) blanked out.
func (g Git) failure(args []string, err error, stderr string) error {
	sub := ""
	for i, a := range args {
		if a == "--git-dir" {
			continue
		}
		if i > 0 && args[i-1] == "--git-dir" {
			continue
		}
		sub = a
		break
	}
	msg := strings.TrimSpace(stderr)
	if lines := strings.Split(msg, "\n"); len(lines) > 3 {
		msg = strings.Join(lines[len(lines)-3:], "\n")
	}
	msg = g.redact(msg)
	if msg == "" {
		return fmt.Errorf("git %s: %w", sub, err)
	}
	return fmt.Errorf("git %s: %w: %s", sub, err, msg)
}

func (g Git) redact(s string) string {
	if g.Token == "" {
		return s
	}
	s = strings.ReplaceAll(s, g.Token, "***")
	return strings.ReplaceAll(s, g.basicAuth(), "***")
}

func (g Git) basicAuth() string {
	return base64.StdEncoding.EncodeToString([]byte("x-access-token:" + g.Token))
}

// environ is the git environment: never prompt, only network protocols
// aibom means to use (no ext::), C messages, and the token as an
// Authorization header scoped to https://TokenHost/ through GIT_CONFIG_*
// entries appended to any the caller set.
func (g Git) environ() []string {
	base := g.Env
	if base == nil {
		base = os.Environ()
	}
	env := make([]string, 0, len(base)+8)
	count := 0
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_TERMINAL_PROMPT", "GIT_ALLOW_PROTOCOL", "LC_ALL", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_DIR", "GIT_WORK_TREE":
			continue
		case "GIT_CONFIG_COUNT":
			count, _ = strconv.Atoi(v)
		}
		env = append(env, kv)
	}
	env = append(env, "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=", "SSH_ASKPASS=", "LC_ALL=C",
		"GIT_ALLOW_PROTOCOL=https:http:ssh:git:file")
	if g.Token != "" && g.TokenHost != "" {
		key := "http." + (&url.URL{Scheme: "https", Host: g.TokenHost, Path: "/"}).String() + ".extraheader"
		env = append(env,
			fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", count, key),
			fmt.Sprintf("GIT_CONFIG_VALUE_%d=AUTHORIZATION: basic %s", count, g.basicAuth()))
		count++
	}
	if count > 0 {
		env = deleteEnv(env, "GIT_CONFIG_COUNT")
		env = append(env, "GIT_CONFIG_COUNT="+strconv.Itoa(count))
	}
	return env
}

func deleteEnv(env []string, key string) []string {
	out := env[:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// capped keeps the first 16 KiB written to it (git's stderr).
type capped struct{ b bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if room := 16<<10 - c.b.Len(); room > 0 {
		c.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (c *capped) String() string { return c.b.String() }

var errNoGit = errors.New("git not found on PATH")

// CheckGit reports whether the git binary can be run.
func (g Git) CheckGit() error {
	bin := g.Binary
	if bin == "" {
		bin = "git"
	}
	if _, err := exec.LookPath(bin); err != nil {
		return fmt.Errorf("%w: audits of remote repositories need git", errNoGit)
	}
	return nil
}
