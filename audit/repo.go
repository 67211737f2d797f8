// Package audit runs aibom over many repositories — a GitHub organisation or
// a list — and keeps one aibom JSON report per repository in an output
// directory. The directory is the audit's state: a repository whose report
// is there is done (resumption), shards of one audit write separate
// directories that merge into the same consolidated report
// (audit/report), and hub lookups are shared by every repository of a run.
package audit

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/aibom/aibom/audit/report"
)

// Repo is one repository to audit.
type Repo struct {
	// Name is the canonical name: host/owner/name[@ref] for a remote
	// repository, the path as written (slash-separated, cleaned) for a local
	// directory. It keys the repository everywhere: file names, shards,
	// resumption and the consolidated report.
	Name string
	// Source is the clone URL, or the local path as written.
	Source string
	// Ref is the branch, tag or commit to scan; empty for the default branch.
	Ref string
	// Dir is set for a local directory: the absolute path scanned in place.
	Dir string
}

// Local reports whether the repository is a local directory scanned in place.
func (r Repo) Local() bool { return r.Dir != "" }

// FileName is the repository's report file in the output directory: a
// readable, filesystem-safe rendering of Name plus a hash of Name so that
// names differing only in replaced characters never share a file.
func (r Repo) FileName() string { return fileStem(r.Name) + report.ReportSuffix }

// ErrorFileName is where a failed attempt is recorded (not a completion
// marker: the repository is tried again on the next run).
func (r Repo) ErrorFileName() string { return fileStem(r.Name) + report.ErrorSuffix }

func fileStem(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 80 {
			break
		}
	}
	stem := strings.TrimLeft(b.String(), ".-_")
	sum := sha256.Sum256([]byte(name))
	if stem == "" {
		return hex.EncodeToString(sum[:6])
	}
	return stem + "-" + hex.EncodeToString(sum[:6])
}

// Shard selects a stable subset of repositories: those whose canonical name
// hashes (FNV-1a, 64 bit) to Index modulo Count. The zero Shard selects all.
type Shard struct {
	Index, Count int
}

// ParseShard reads "K/N" (0 ≤ K < N). K may be "auto": it is then read from
// JOB_COMPLETION_INDEX through getenv, which Kubernetes sets (0-based) in
// every pod of an Indexed Job.
func ParseShard(s string, getenv func(string) string) (Shard, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: expected K/N, e.g. 0/4, or auto/N", s)
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 1 {
		return Shard{}, fmt.Errorf("shard %q: N must be a whole number of 1 or more", s)
	}
	if k == "auto" {
		k = strings.TrimSpace(getenv("JOB_COMPLETION_INDEX"))
		if k == "" {
			return Shard{}, fmt.Errorf("shard %q: JOB_COMPLETION_INDEX is not set (it is set in Kubernetes Indexed Jobs)", s)
		}
	}
	index, err := strconv.Atoi(k)
	if err != nil || index < 0 || index >= count {
		return Shard{}, fmt.Errorf("shard %q: K=%q must be a whole number from 0 to %d", s, k, count-1)
	}
	return Shard{Index: index, Count: count}, nil
}

// Has reports whether the shard takes the repository named name.
func (s Shard) Has(name string) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	io.WriteString(h, name)
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// Select returns the repositories of the shard, in order.
func (s Shard) Select(repos []Repo) []Repo {
	var out []Repo
	for _, r := range repos {
		if s.Has(r.Name) {
			out = append(out, r)
		}
	}
	return out
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// ListOptions tell ParseList how to read owner/name lines and relative paths.
type ListOptions struct {
	// GitHost is the host owner/name lines are cloned from (default
	// github.com; GitHub Enterprise: its host).
	GitHost string
	// BaseDir anchors relative local paths (the list file's directory).
	BaseDir string
}

const maxListLine = 4096

var (
	reOwnerName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)
	reSCP       = regexp.MustCompile(`^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(.+)$`)
	reRef       = regexp.MustCompile(`^[A-Za-z0-9._/+-]{1,250}$`)
	reHost      = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]{1,5})?$`)
)

// ParseList reads a repository list: one owner/name[@ref], git URL[@ref]
// or local path per line; blank lines and # comments are skipped. Every
// bad line is reported as name:line; duplicates are kept once.
func ParseList(r io.Reader, name string, opts ListOptions) ([]Repo, error) {
	if opts.GitHost == "" {
		opts.GitHost = "github.com"
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1024), maxListLine)
	var (
		repos []Repo
		errs  []error
		seen  = map[string]bool{}
		line  int
	)
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.Index(text, "#"); i == 0 || (i > 0 && (text[i-1] == ' ' || text[i-1] == '\t')) {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		repo, err := ParseRepo(text, opts)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		if seen[repo.Name] {
			continue
		}
		seen[repo.Name] = true
		repos = append(repos, repo)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes", maxListLine)
		}
		errs = append(errs, fmt.Errorf("%s:%d: %w", name, line+1, err))
	}
	return repos, errors.Join(errs...)
}

// ParseRepo reads one entry of a repository list.
func ParseRepo(s string, opts ListOptions) (Repo, error) {
	if opts.GitHost == "" {
		opts.GitHost = "github.com"
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == ' ' || c == '\t' {
			return Repo{}, fmt.Errorf("%q: spaces and control characters are not allowed", s)
		}
	}
	switch {
	case strings.Contains(s, "://"):
		return parseURL(s)
	case isLocalPath(s):
		return parseLocal(s, opts.BaseDir)
	case reSCP.MatchString(s):
		m := reSCP.FindStringSubmatch(s)
		path, ref, err := splitRef(m[3], s)
		if err != nil {
			return Repo{}, err
		}
		if strings.HasPrefix(path, "-") || strings.Contains(path, "..") {
			return Repo{}, fmt.Errorf("%q: bad repository path", s)
		}
		src := m[1] + "@" + m[2] + ":" + path
		return remote(strings.ToLower(m[2])+"/"+trimGit(path), src, ref), nil
	}
	path, ref, err := splitRef(s, s)
	if err != nil {
		return Repo{}, err
	}
	if !reOwnerName.MatchString(path) {
		return Repo{}, fmt.Errorf("%q: expected owner/name[@ref], a git URL (https://, ssh://, file://, git@host:path) or a local path (./dir, ../dir, /dir)", s)
	}
	path = trimGit(path)
	host := strings.ToLower(opts.GitHost)
	return remote(host+"/"+path, "https://"+host+"/"+path+".git", ref), nil
}

func isLocalPath(s string) bool {
	return s == "." || s == ".." || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") ||
		strings.HasPrefix(s, "../") || filepath.IsAbs(s)
}

func parseLocal(s, base string) (Repo, error) {
	p := filepath.Clean(filepath.FromSlash(s))
	dir := p
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(base, dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Repo{}, fmt.Errorf("%q: %w", s, err)
	}
	name := filepath.ToSlash(p)
	return Repo{Name: name, Source: name, Dir: abs}, nil
}

func parseURL(s string) (Repo, error) {
	scheme, rest, _ := strings.Cut(s, "://")
	scheme = strings.ToLower(scheme)
	switch scheme {
	case "https", "http", "ssh", "git", "file":
	default:
		return Repo{}, fmt.Errorf("%q: unsupported scheme %q (https, http, ssh, git or file)", s, scheme)
	}
	hostPart, path, ok := strings.Cut(rest, "/")
	if !ok && scheme != "file" {
		return Repo{}, fmt.Errorf("%q: no repository path", s)
	}
	if strings.Contains(hostPart, "@") && scheme != "ssh" {
		// https://user:token@host/… would put a credential in reports
		// and logs; tokens come from GITHUB_TOKEN.
		return Repo{}, fmt.Errorf("%s://…: credentials in the URL are not allowed; set GITHUB_TOKEN instead", scheme)
	}
	if scheme != "file" && !reHost.MatchString(strings.TrimPrefix(hostPart, userOf(hostPart))) {
		return Repo{}, fmt.Errorf("%q: bad host", s)
	}
	path, ref, err := splitRef(path, s)
	if err != nil {
		return Repo{}, err
	}
	if strings.Trim(path, "/") == "" || strings.Contains("/"+path+"/", "/../") {
		return Repo{}, fmt.Errorf("%q: bad repository path", s)
	}
	src := scheme + "://" + hostPart + "/" + path
	if _, err := url.Parse(src); err != nil {
		return Repo{}, fmt.Errorf("%q: %w", s, err)
	}
	if scheme == "file" {
		return remote("file:///"+strings.TrimLeft(trimGit(path), "/"), src, ref), nil
	}
	host := strings.ToLower(strings.TrimPrefix(hostPart, userOf(hostPart)))
	return remote(host+"/"+trimGit(strings.Trim(path, "/")), src, ref), nil
}

// userOf returns the "user@" prefix of an ssh host part, or "".
func userOf(hostPart string) string {
	if i := strings.LastIndex(hostPart, "@"); i >= 0 {
		return hostPart[:i+1]
	}
	return ""
}

// splitRef splits "path@ref"; the ref must look like a git ref name.
func splitRef(s, whole string) (path, ref string, err error) {
	path, ref, ok := strings.Cut(s, "@")
	if !ok {
		return s, "", nil
	}
	if !reRef.MatchString(ref) || strings.HasPrefix(ref, "-") || strings.Contains(ref, "..") ||
		strings.HasSuffix(ref, "/") || strings.HasSuffix(ref, ".lock") {
		return "", "", fmt.Errorf("%q: bad ref %q", whole, ref)
	}
	return path, ref, nil
}

func trimGit(p string) string { return strings.TrimSuffix(strings.TrimRight(p, "/"), ".git") }

func remote(name, src, ref string) Repo {
	if ref != "" {
		name += "@" + ref
	}
	return Repo{Name: name, Source: src, Ref: ref}
}
