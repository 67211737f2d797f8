package audit

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aibom/aibom/audit/audittest"
	"github.com/aibom/aibom/audit/report"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner"
)

// Models the built-in catalog knows, so that scans answer offline:
// nllb-200-distilled-600M is CC-BY-NC-4.0 (fails a commercial policy),
// bge-small-en-v1.5 is MIT.
const (
	nllb = "from transformers import pipeline\nt = pipeline('translation', model='facebook/nllb-200-distilled-600M')\n"
	bge  = "from sentence_transformers import SentenceTransformer\nm = SentenceTransformer('BAAI/bge-small-en-v1.5')\n"
)

// testRepos builds a mixed audit: three git repositories, one local
// directory and one source that cannot be fetched.
func testRepos(t *testing.T) []Repo {
	t.Helper()
	var repos []Repo
	for _, files := range []map[string]string{
		{"translate/app.py": nllb},
		{"embed.py": bge, "README.md": "# search\n"},
		{"both.py": nllb + bge},
	} {
		r, err := ParseRepo(audittest.GitRepo(t, files), ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		repos = append(repos, r)
	}
	local := t.TempDir()
	if err := os.WriteFile(filepath.Join(local, "svc.py"), []byte(bge), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := ParseRepo(local, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	missing, _ := ParseRepo("file://"+filepath.ToSlash(filepath.Join(t.TempDir(), "gone")), ListOptions{})
	return append(repos, r, missing)
}

// evaluate applies the commercial-saas preset for a commercial product,
// with a fixed clock, as the CLI's judge does.
func evaluate(t *testing.T) func(*sbom.Report) error {
	t.Helper()
	pol, err := policies.Preset("commercial-saas")
	if err != nil {
		t.Fatal(err)
	}
	commercial := true
	pctx := policies.Context{Commercial: &commercial}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	return func(rep *sbom.Report) error {
		rep.Tool = sbom.Tool{Name: "aibom", Version: "test"}
		rep.Timestamp = now.Format(time.RFC3339)
		f, err := policies.Evaluate(rep, pol, pctx, now)
		if err != nil {
			return err
		}
		rep.Findings = f
		rep.Summary = &sbom.Summary{Models: len(rep.Models), Verdict: "pass"}
		if policies.FailCount(f, sbom.SeverityError) > 0 {
			rep.Summary.Verdict = "fail"
		}
		return nil
	}
}

func baseOptions(t *testing.T, repos []Repo, out string) Options {
	return Options{
		Repos:    repos,
		OutDir:   out,
		Scan:     scanner.Options{Offline: true},
		Evaluate: evaluate(t),
		Config:   &sbom.ScanConfig{Offline: true, Policy: "commercial-saas", FailOn: "error"},
		Git:      Git{Env: cleanEnv(t)},
		WorkDir:  t.TempDir(),
		Jobs:     2,
	}
}

func consolidated(t *testing.T, entries []report.Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, report.Build(entries, sbom.Tool{Name: "aibom", Version: "test"})); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRunRecordsEachRepository(t *testing.T) {
	repos := testRepos(t)
	out := t.TempDir()
	res, err := Run(context.Background(), baseOptions(t, repos, out))
	if err != nil {
		t.Fatal(err)
	}
	if res.Scanned != 4 || res.Failed != 1 || res.Skipped != 0 {
		t.Errorf("result %+v, want 4 scanned and 1 failed", res)
	}
	entries, err := Entries(out, repos)
	if err != nil {
		t.Fatal(err)
	}
	rep := report.Build(entries, sbom.Tool{Name: "aibom"})
	verdicts := map[string]string{}
	for _, r := range rep.Repositories {
		verdicts[r.Name] = r.Verdict
	}
	for i, want := range []string{"fail", "pass", "fail", "pass", "error"} {
		if got := verdicts[repos[i].Name]; got != want {
			t.Errorf("%s: verdict %q, want %q", repos[i].Name, got, want)
		}
	}
	// Per model: the repositories that use it, under its license.
	byRef := map[string]report.Model{}
	for _, m := range rep.Models {
		byRef[m.Ref] = m
	}
	nl := byRef["hf:facebook/nllb-200-distilled-600M"]
	if len(nl.Repositories) != 2 || strings.Join(nl.Licenses, ",") != "cc-by-nc-4.0" || len(nl.Findings) == 0 {
		t.Errorf("nllb: %+v", nl)
	}
	if b := byRef["hf:BAAI/bge-small-en-v1.5"]; len(b.Repositories) != 3 || strings.Join(b.Licenses, ",") != "mit" {
		t.Errorf("bge: %+v", b)
	}
	if rep.Totals.Repositories != 5 || rep.Totals.Failed != 2 || rep.Totals.Passed != 2 || rep.Totals.Errored != 1 || rep.Totals.Models != 2 {
		t.Errorf("totals %+v", rep.Totals)
	}
	// The per-repository report is an aibom report naming the repository
	// and the commit scanned.
	e, err := report.ReadEntry(filepath.Join(out, repos[0].FileName()))
	if err != nil {
		t.Fatal(err)
	}
	if e.Report.Subject.Name != repos[0].Name || len(e.Report.Subject.Revision) != 40 || e.Report.Subject.Path != repos[0].Source {
		t.Errorf("subject %+v", e.Report.Subject)
	}
	// The failure names the source and is not a completion marker.
	if Done(out, repos[4], nil) {
		t.Error("a failed repository counts as done")
	}
	if _, err := os.Stat(filepath.Join(out, repos[4].ErrorFileName())); err != nil {
		t.Errorf("failure not recorded: %v", err)
	}
}

func TestInterruptedRunResumes(t *testing.T) {
	repos := testRepos(t)

	// The reference: one uninterrupted run.
	full := t.TempDir()
	if _, err := Run(context.Background(), baseOptions(t, repos, full)); err != nil {
		t.Fatal(err)
	}
	entries, err := Entries(full, repos)
	if err != nil {
		t.Fatal(err)
	}
	want := consolidated(t, entries)

	// Interrupted after the first repository.
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	opts := baseOptions(t, repos, out)
	opts.Jobs = 1
	var first string
	opts.Progress = func(e Event) {
		if e.Kind == RepoDone && first == "" {
			first = e.Repo.Name
			cancel()
		}
	}
	_, err = Run(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v, want context.Canceled", err)
	}
	stored, _ := filepath.Glob(filepath.Join(out, "*.aibom.json"))
	if len(stored) != 1 {
		t.Fatalf("after the interruption %d reports are stored, want 1: %v", len(stored), stored)
	}
	// The manifest says the shard is unfinished, so a merge refuses it.
	if _, err := CheckShards([]string{out}, false); err == nil || !strings.Contains(err.Error(), "shard 0/1 is unfinished: 1 of 5 repositories done") {
		t.Errorf("merge check of the interrupted run: %v", err)
	}

	// Rerun: the finished repository is skipped, the rest are done.
	opts = baseOptions(t, repos, out)
	var mu sync.Mutex
	var skipped []string
	opts.Progress = func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.Kind == RepoSkipped {
			skipped = append(skipped, e.Repo.Name)
		}
	}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || skipped[0] != first || res.Skipped != 1 || res.Scanned+res.Failed != len(repos)-1 {
		t.Errorf("rerun skipped %v (result %+v), want only %s", skipped, res, first)
	}
	entries, err = Entries(out, repos)
	if err != nil {
		t.Fatal(err)
	}
	if got := consolidated(t, entries); !bytes.Equal(got, want) {
		t.Errorf("resumed audit differs from an uninterrupted one:\n%s\nwant\n%s", got, want)
	}

	// A different policy does not reuse the stored reports.
	opts = baseOptions(t, repos, out)
	opts.Config = &sbom.ScanConfig{Offline: true, Policy: "permissive-only", FailOn: "error"}
	res, err = Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped != 0 {
		t.Errorf("reports of another config were taken as done: %+v", res)
	}
}

func TestShardsMergeToTheUnshardedReport(t *testing.T) {
	repos := testRepos(t)
	full := t.TempDir()
	if _, err := Run(context.Background(), baseOptions(t, repos, full)); err != nil {
		t.Fatal(err)
	}
	entries, err := Entries(full, repos)
	if err != nil {
		t.Fatal(err)
	}
	want := consolidated(t, entries)

	const n = 3
	var dirs []string
	total := 0
	for k := range n {
		dir := t.TempDir()
		sel := Shard{Index: k, Count: n}.Select(repos)
		total += len(sel)
		if _, err := Run(context.Background(), baseOptions(t, sel, dir)); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	if total != len(repos) {
		t.Fatalf("shards hold %d repositories, want %d", total, len(repos))
	}
	merged, err := report.ReadDirs(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if got := consolidated(t, merged); !bytes.Equal(got, want) {
		t.Errorf("merged shards differ from the unsharded audit:\n%s\nwant\n%s", got, want)
	}
	// Merging the full run's directory too changes nothing: duplicates
	// collapse.
	merged, err = report.ReadDirs(append(dirs, full)...)
	if err != nil {
		t.Fatal(err)
	}
	if got := consolidated(t, merged); !bytes.Equal(got, want) {
		t.Error("merging a directory twice changed the report")
	}
}
