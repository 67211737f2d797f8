package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/audit/audittest"
	"github.com/aibom/aibom/audit/report"
)

// Models the offline catalog knows: nllb is CC-BY-NC-4.0 (fails the
// default commercial policy), bge is MIT.
const (
	auditNLLB = "from transformers import pipeline\nt = pipeline('translation', model='facebook/nllb-200-distilled-600M')\n"
	auditBGE  = "from sentence_transformers import SentenceTransformer\nm = SentenceTransformer('BAAI/bge-small-en-v1.5')\n"
)

// auditList writes a repository list of two git repositories and one local
// directory (relative to the list), with comments.
func auditList(t *testing.T) string {
	t.Helper()
	a := audittest.GitRepo(t, map[string]string{"app.py": auditNLLB})
	b := audittest.GitRepo(t, map[string]string{"search/embed.py": auditBGE, "README.md": "# search\n"})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "local", "svc", "main.py"), auditBGE+auditNLLB)
	list := filepath.Join(dir, "repos.txt")
	writeFile(t, list, "# audit list\n"+a+"\n"+b+"   # search service\n\n./local/svc\n")
	return list
}

func readAuditJSON(t *testing.T, s string) *report.Report {
	t.Helper()
	r, err := report.ReadJSON(strings.NewReader(s))
	if err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return r
}

func TestAuditListResumes(t *testing.T) {
	list := auditList(t)
	out := filepath.Join(t.TempDir(), "out")
	files := t.TempDir()
	args := []string{"audit", "--repos", list, "--out", out, "--offline", "-f", "json",
		"-o", "html=" + filepath.Join(files, "audit.html"), "-o", "csv=" + filepath.Join(files, "audit.csv"),
		"-o", "markdown=" + filepath.Join(files, "audit.md")}
	code, stdout, stderr := runCLI(t, nil, args...)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 (a repository fails the policy)\n%s", code, stderr)
	}
	rep := readAuditJSON(t, stdout)
	if rep.Totals.Repositories != 3 || rep.Totals.Failed != 2 || rep.Totals.Passed != 1 || rep.Totals.Models != 2 {
		t.Errorf("totals %+v", rep.Totals)
	}
	for _, r := range rep.Repositories {
		if r.Name == "local/svc" && r.Verdict != "fail" {
			t.Errorf("local/svc verdict %q", r.Verdict)
		}
		if strings.HasPrefix(r.Name, "file://") && len(r.Revision) != 40 {
			t.Errorf("%s: revision %q", r.Name, r.Revision)
		}
	}
	for _, f := range []string{"audit.html", "audit.csv", "audit.md"} {
		if st, err := os.Stat(filepath.Join(files, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	stored, _ := filepath.Glob(filepath.Join(out, "*.aibom.json"))
	if len(stored) != 3 {
		t.Errorf("%d per-repository reports, want 3", len(stored))
	}
	if !strings.Contains(stderr, "[3/3]") {
		t.Errorf("no progress lines on stderr:\n%s", stderr)
	}

	// Rerun: everything is done already, the report is the same bytes.
	code2, stdout2, stderr2 := runCLI(t, nil, args...)
	if code2 != exitFindings || stdout2 != stdout {
		t.Errorf("rerun: exit %d, report changed: %v", code2, stdout2 != stdout)
	}
	if strings.Count(stderr2, "already done, skipped") != 3 {
		t.Errorf("rerun did not skip every repository:\n%s", stderr2)
	}

	// Another policy redoes the repositories (their stored config differs).
	_, _, stderr3 := runCLI(t, nil, "audit", "--repos", list, "--out", out, "--offline", "-f", "json", "--policy", "research")
	if strings.Contains(stderr3, "already done, skipped") {
		t.Errorf("reports of another policy were reused:\n%s", stderr3)
	}
}

func TestAuditShardsMergeEqualsUnsharded(t *testing.T) {
	list := auditList(t)
	base := t.TempDir()
	code, whole, stderr := runCLI(t, nil, "audit", "--repos", list, "--out", filepath.Join(base, "all"), "--offline", "-f", "json")
	if code != exitFindings {
		t.Fatalf("unsharded: exit %d\n%s", code, stderr)
	}
	s0, s1 := filepath.Join(base, "s0"), filepath.Join(base, "s1")
	if code, _, stderr := runCLI(t, nil, "audit", "--repos", list, "--out", s0, "--offline", "--shard", "0/2", "-f", "json"); code == exitUsage || code == exitFailed {
		t.Fatalf("shard 0: exit %d\n%s", code, stderr)
	}
	// K from JOB_COMPLETION_INDEX, as in a Kubernetes Indexed Job.
	if code, _, stderr := runCLI(t, map[string]string{"JOB_COMPLETION_INDEX": "1"}, "audit", "--repos", list, "--out", s1, "--offline", "--shard", "auto/2", "-f", "json"); code == exitUsage || code == exitFailed {
		t.Fatalf("shard 1: exit %d\n%s", code, stderr)
	}
	n0, _ := filepath.Glob(filepath.Join(s0, "*.aibom.json"))
	n1, _ := filepath.Glob(filepath.Join(s1, "*.aibom.json"))
	if len(n0)+len(n1) != 3 {
		t.Fatalf("shards hold %d + %d reports, want 3 in all", len(n0), len(n1))
	}
	mfile := filepath.Join(base, "merged.md")
	code, merged, stderr := runCLI(t, nil, "merge", s0, s1, "-f", "json", "-o", "md="+mfile)
	if code != exitFindings {
		t.Fatalf("merge: exit %d\n%s", code, stderr)
	}
	if merged != whole {
		t.Errorf("merged shards differ from the unsharded audit:\n%s\nwant\n%s", merged, whole)
	}
	if _, err := os.Stat(mfile); err != nil {
		t.Error(err)
	}
	// --fail-on re-decides the verdict from the counted findings.
	if code, _, _ := runCLI(t, nil, "merge", s0, s1, "-f", "json", "--fail-on", "none"); code != exitOK {
		t.Errorf("merge --fail-on none: exit %d, want 0", code)
	}
	if code, _, _ := runCLI(t, nil, "merge", s0, s1, "-f", "json", "--fail-on", "warning"); code != exitFindings {
		t.Errorf("merge --fail-on warning: exit %d, want 1", code)
	}
	if code, _, _ := runCLI(t, nil, "merge", s0, "--fail-on", "fatal"); code != exitUsage {
		t.Errorf("merge --fail-on fatal: exit %d, want 2", code)
	}
}

// TestMergeChecksShards: each shard's manifest lets merge refuse one of two
// shards, a shard given twice and shards of two splits, each in one line
// naming the shard; --partial accepts the missing shard and says so in the
// report, whose outcome is then incomplete.
func TestMergeChecksShards(t *testing.T) {
	list := auditList(t)
	base := t.TempDir()
	s0, s1, all := filepath.Join(base, "s0"), filepath.Join(base, "s1"), filepath.Join(base, "all")
	for _, run := range [][]string{{"--out", s0, "--shard", "0/2"}, {"--out", s1, "--shard", "1/2"}, {"--out", all}} {
		if code, _, stderr := runCLI(t, nil, append([]string{"audit", "--repos", list, "--offline", "-f", "json"}, run...)...); code == exitUsage || code == exitFailed {
			t.Fatalf("audit %v: exit %d\n%s", run, code, stderr)
		}
	}
	copyDir := filepath.Join(base, "s0-copy")
	if err := os.CopyFS(copyDir, os.DirFS(s0)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"one of two", []string{s0}, "aibom: shard 1/2 is missing: no directory given holds shard-1-of-2.manifest.json (merge all 2 shards, or pass --partial to accept an incomplete report)\n"},
		{"twice", []string{s0, s1, copyDir}, "aibom: shard 0/2 is given twice: "},
		{"two splits", []string{all, s1}, "is shard 1/2, but "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, nil, append([]string{"merge", "-f", "json"}, tc.dirs...)...)
			if code != exitFailed || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("exit %d, stdout %d bytes, stderr %q; want 3, no report, and %q", code, len(stdout), stderr, tc.want)
			}
		})
	}

	code, stdout, stderr := runCLI(t, nil, "merge", "-f", "json", "--partial", s0)
	if code != exitFindings || !strings.Contains(stderr, "aibom: merge: the report is incomplete: shard 1/2 missing (--partial)") {
		t.Errorf("--partial: exit %d, stderr %q; want 1 and the missing shard named", code, stderr)
	}
	var rep struct {
		Partial struct {
			Count   int   `json:"count"`
			Missing []int `json:"missing"`
		} `json:"partial"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Partial.Count != 2 || len(rep.Partial.Missing) != 1 || rep.Partial.Missing[0] != 1 {
		t.Errorf("--partial report: %+v, %v; want partial {count 2, missing [1]}", rep.Partial, err)
	}
	_, md, _ := runCLI(t, nil, "merge", "-f", "markdown", "--partial", s0)
	if !strings.Contains(md, "incomplete: shard 1/2 missing") || strings.Contains(md, "✅") {
		t.Errorf("--partial Markdown does not say it is incomplete:\n%s", md)
	}
	if code, _, _ := runCLI(t, nil, "merge", "-f", "json", "--partial", "--fail-on", "none", s0); code != exitOK {
		t.Errorf("--partial --fail-on none: exit %d, want 0", code)
	}
}

func TestAuditOrg(t *testing.T) {
	a := audittest.GitRepo(t, map[string]string{"app.py": auditBGE})
	b := audittest.GitRepo(t, map[string]string{"nb/translate.py": auditNLLB})
	c := audittest.GitRepo(t, map[string]string{"main.go": "package main\n"})
	org := audittest.NewOrg(t, "acme", []audittest.OrgRepo{
		{Name: "embed", CloneURL: a, Topics: []string{"ml"}},
		{Name: "translate", CloneURL: b, Topics: []string{"ml"}},
		{Name: "old", CloneURL: b, Archived: true, Topics: []string{"ml"}},
		{Name: "site", CloneURL: c},
	}, map[int][]audittest.Fault{1: {audittest.SecondaryRetryAfter}, 2: {audittest.TooManyRetryAfter}})
	env := map[string]string{"GITHUB_API_URL": org.URL, "GITHUB_TOKEN": "ghs_secret_token_value"}
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, env, "audit", "--org", "acme", "--topic", "ml", "--out", out, "--offline", "-f", "json")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	rep := readAuditJSON(t, stdout)
	var names []string
	for _, r := range rep.Repositories {
		names = append(names, r.Name)
	}
	host := strings.TrimPrefix(org.URL, "http://")
	if got, want := strings.Join(names, " "), host+"/acme/embed "+host+"/acme/translate"; got != want {
		t.Errorf("repositories %q, want %q (topic ml, archived left out)", got, want)
	}
	if !strings.Contains(stderr, "rate-limit waits: 2") && !strings.Contains(stderr, "2 rate-limit waits") {
		t.Errorf("rate-limit waits not reported:\n%s", stderr)
	}
	if strings.Contains(stdout+stderr, "ghs_secret_token_value") {
		t.Error("token in output")
	}
	for _, f := range mustGlob(t, filepath.Join(out, "*")) {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), "ghs_secret_token_value") {
			t.Errorf("token in %s", f)
		}
	}
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAuditUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	writeFile(t, bad, "octo/ok\nnot a repo\nhttps://user:pw@github.com/a/b\n")
	good := filepath.Join(dir, "good.txt")
	writeFile(t, good, "./x\n")
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"neither source", nil, []string{"audit", "--out", dir}, "exactly one of --org"},
		{"both sources", nil, []string{"audit", "--org", "a", "--repos", good, "--out", dir}, "exactly one of --org"},
		{"no out", nil, []string{"audit", "--repos", good}, "--out DIR is required"},
		{"bad lines", nil, []string{"audit", "--repos", bad, "--out", dir}, "bad.txt:2:"},
		{"credentials", nil, []string{"audit", "--repos", bad, "--out", dir}, "bad.txt:3: https://…: credentials"},
		{"missing list", nil, []string{"audit", "--repos", filepath.Join(dir, "nope.txt"), "--out", dir}, "--repos"},
		{"bad shard", nil, []string{"audit", "--repos", good, "--out", dir, "--shard", "2/2"}, "shard"},
		{"auto shard without index", nil, []string{"audit", "--repos", good, "--out", dir, "--shard", "auto/3"}, "JOB_COMPLETION_INDEX"},
		{"bad format", nil, []string{"audit", "--repos", good, "--out", dir, "-f", "sarif"}, "--format"},
		{"bad output", nil, []string{"audit", "--repos", good, "--out", dir, "-o", "pdf=x.pdf"}, "unknown format"},
		{"bad visibility", nil, []string{"audit", "--org", "acme", "--out", dir, "--visibility", "secret"}, "visibility"},
		{"bad endpoint", map[string]string{"GITHUB_API_URL": "ftp://x"}, []string{"audit", "--org", "acme", "--out", dir}, "GITHUB_API_URL"},
		{"merge no dir", nil, []string{"merge", good}, "not a directory"},
		{"merge no args", nil, []string{"merge"}, "arg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, c.env, c.args...)
			if code != exitUsage || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
		})
	}
}

func TestMergeReportsUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "x.aibom.json"), "{not json")
	// No shard manifest either: --partial merges the directory unchecked.
	code, stdout, stderr := runCLI(t, nil, "merge", dir, "-f", "json", "--partial")
	if code != exitFailed || !strings.Contains(stderr, "x.aibom.json") {
		t.Errorf("exit %d, stderr %q; want 3 naming the file", code, stderr)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Errorf("no report written for the readable rest: %v", err)
	}
}
