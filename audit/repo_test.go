package audit

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestParseRepo(t *testing.T) {
	base := t.TempDir()
	cases := []struct {
		in                string
		name, source, ref string
		local             bool
		err               string
	}{
		{in: "octo/hello", name: "github.com/octo/hello", source: "https://github.com/octo/hello.git"},
		{in: "octo/hello.git@v1.2", name: "github.com/octo/hello@v1.2", source: "https://github.com/octo/hello.git", ref: "v1.2"},
		{in: "octo/hello@release/2024", name: "github.com/octo/hello@release/2024", source: "https://github.com/octo/hello.git", ref: "release/2024"},
		{in: "https://GitLab.example.com/group/sub/proj.git", name: "gitlab.example.com/group/sub/proj", source: "https://GitLab.example.com/group/sub/proj.git"},
		{in: "https://github.com/octo/hello@0123456789abcdef0123456789abcdef01234567", name: "github.com/octo/hello@0123456789abcdef0123456789abcdef01234567",
			source: "https://github.com/octo/hello", ref: "0123456789abcdef0123456789abcdef01234567"},
		{in: "ssh://git@github.com/octo/hello.git", name: "github.com/octo/hello", source: "ssh://git@github.com/octo/hello.git"},
		{in: "git@github.com:octo/hello.git@main", name: "github.com/octo/hello@main", source: "git@github.com:octo/hello.git", ref: "main"},
		{in: "file:///srv/mirror/hello.git", name: "file:///srv/mirror/hello", source: "file:///srv/mirror/hello.git"},
		{in: "./projects/a", name: "projects/a", source: "projects/a", local: true},
		{in: "/abs/dir/", name: "/abs/dir", source: "/abs/dir", local: true},
		{in: "octo", err: "expected owner/name"},
		{in: "octo/hello/extra", err: "expected owner/name"},
		{in: "octo/hello@", err: "bad ref"},
		{in: "octo/hello@-upload-pack=x", err: "bad ref"},
		{in: "octo/hello@a..b", err: "bad ref"},
		{in: "https://user:secret@github.com/octo/hello", err: "credentials in the URL"},
		{in: "ext::sh -c touch% /tmp/pwned", err: "spaces"},
		{in: "ftp://example.com/x", err: "unsupported scheme"},
		{in: "https://github.com/", err: "bad repository path"},
		{in: "https://github.com/../../etc", err: "bad repository path"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r, err := ParseRepo(c.in, ListOptions{BaseDir: base})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("ParseRepo(%q) error = %v, want %q", c.in, err, c.err)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error repeats the credential: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseRepo(%q): %v", c.in, err)
			}
			if r.Name != c.name || r.Source != c.source || r.Ref != c.ref || r.Local() != c.local {
				t.Errorf("ParseRepo(%q) = %+v, want name %q source %q ref %q local %v", c.in, r, c.name, c.source, c.ref, c.local)
			}
			if c.local && !filepath.IsAbs(r.Dir) {
				t.Errorf("local dir %q not absolute", r.Dir)
			}
		})
	}
}

func TestParseListReportsEveryBadLine(t *testing.T) {
	list := `# team repositories
octo/one
octo/two   # trailing comment

octo/one
not a repo
https://x.example/a@bad..ref
./local
`
	repos, err := ParseList(strings.NewReader(list), "repos.txt", ListOptions{BaseDir: "/work"})
	if err == nil {
		t.Fatal("want errors for lines 6 and 7")
	}
	for _, want := range []string{"repos.txt:6:", "repos.txt:7:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	var names []string
	for _, r := range repos {
		names = append(names, r.Name)
	}
	if got, want := strings.Join(names, ","), "github.com/octo/one,github.com/octo/two,local"; got != want {
		t.Errorf("repos = %s, want %s (duplicates once, bad lines out)", got, want)
	}
	if repos[2].Dir != filepath.FromSlash("/work/local") {
		t.Errorf("relative path anchored at %q, want the list's directory", repos[2].Dir)
	}
}

func TestParseListGitHubEnterpriseHost(t *testing.T) {
	repos, err := ParseList(strings.NewReader("team/svc\n"), "l", ListOptions{GitHost: GitHost("https://ghe.example.com/api/v3")})
	if err != nil {
		t.Fatal(err)
	}
	if repos[0].Source != "https://ghe.example.com/team/svc.git" {
		t.Errorf("source = %q", repos[0].Source)
	}
}

func TestFileNames(t *testing.T) {
	safe := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*\.(aibom|error)\.json$`)
	seen := map[string]string{}
	for _, name := range []string{"github.com/a/b_c", "github.com/a_b/c", "github.com/a/b@c", "../../etc/passwd",
		"/abs/path", "..", strings.Repeat("x", 500), "ünïcödé/repo", "CON", ".hidden"} {
		r := Repo{Name: name}
		for _, f := range []string{r.FileName(), r.ErrorFileName()} {
			if !safe.MatchString(f) || len(f) > 120 {
				t.Errorf("file name %q for %q is not safe", f, name)
			}
		}
		if other, dup := seen[r.FileName()]; dup {
			t.Errorf("%q and %q share %s", name, other, r.FileName())
		}
		seen[r.FileName()] = name
	}
}

func TestShards(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	for _, c := range []struct {
		in, env string
		want    Shard
		err     bool
	}{
		{in: "0/4", want: Shard{0, 4}},
		{in: "3/4", want: Shard{3, 4}},
		{in: "auto/4", env: "2", want: Shard{2, 4}},
		{in: "auto/4", err: true},
		{in: "auto/4", env: "4", err: true},
		{in: "4/4", err: true},
		{in: "-1/4", err: true},
		{in: "1", err: true},
		{in: "0/0", err: true},
	} {
		got, err := ParseShard(c.in, env(c.env))
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseShard(%q, JOB_COMPLETION_INDEX=%q) = %v, %v", c.in, c.env, got, err)
		}
	}

	// Every repository lands in exactly one shard, whatever N.
	var repos []Repo
	for i := range 200 {
		repos = append(repos, Repo{Name: fmt.Sprintf("github.com/org/repo-%d", i)})
	}
	for _, n := range []int{1, 2, 3, 7} {
		count := map[string]int{}
		sizes := 0
		for k := range n {
			sel := Shard{k, n}.Select(repos)
			sizes += len(sel)
			if n > 1 && (len(sel) == 0 || len(sel) == len(repos)) {
				t.Errorf("shard %d/%d holds %d of %d: not a spread", k, n, len(sel), len(repos))
			}
			for _, r := range sel {
				count[r.Name]++
			}
		}
		if sizes != len(repos) || len(count) != len(repos) {
			t.Errorf("N=%d: shards hold %d repos (%d distinct), want %d once each", n, sizes, len(count), len(repos))
		}
	}
	// Stable: the same name always maps to the same shard (FNV-1a value
	// computed independently for this name).
	if !(Shard{Index: int(0xaf63dc4c8601ec8c % 5), Count: 5}).Has("a") {
		t.Error("shard of \"a\" changed")
	}
}

func FuzzParseRepo(f *testing.F) {
	for _, s := range []string{"octo/hello@v1", "https://github.com/a/b.git@main", "git@host:a/b", "./x", "file:///a", "a/b@..", "https://u@h/p"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRepo(s, ListOptions{BaseDir: "/base"})
		if err != nil {
			return
		}
		if r.Name == "" || r.Source == "" {
			t.Fatalf("ParseRepo(%q) = %+v: empty name or source", s, r)
		}
		if strings.HasPrefix(r.Ref, "-") || strings.HasPrefix(r.Source, "-") {
			t.Fatalf("ParseRepo(%q) = %+v: option-like source or ref", s, r)
		}
		if !r.Local() && strings.Contains(r.Source, "://") {
			if host, _, _ := strings.Cut(strings.SplitN(r.Source, "://", 2)[1], "/"); strings.Contains(host, "@") && !strings.HasPrefix(r.Source, "ssh://") {
				t.Fatalf("ParseRepo(%q) kept userinfo: %q", s, r.Source)
			}
		}
		if _, err := ParseList(strings.NewReader(s+"\n"), "f", ListOptions{BaseDir: "/base"}); err != nil {
			t.Fatalf("ParseList rejects %q that ParseRepo accepts: %v", s, err)
		}
	})
}
