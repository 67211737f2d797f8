package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/aibom/aibom/audit"
	"github.com/aibom/aibom/audit/report"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/formats"
	"github.com/aibom/aibom/scanner"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/httpx"
	hubgithub "github.com/aibom/aibom/scanner/hub/github"
)

// addAuditOutputFlags adds -f and -o for the consolidated report.
func addAuditOutputFlags(fs *pflag.FlagSet) {
	fs.StringP("format", "f", "", "stdout format of the consolidated report: "+strings.Join(formats.Names(formats.Audit), ", ")+" (default markdown on a terminal, else json)")
	fs.StringArrayP("outputs", "o", nil, "also write the consolidated report as FORMAT=FILE (repeatable), e.g. -o html=audit.html")
}

func (a *app) auditCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "audit (--org ORG | --repos FILE) --out DIR",
		Short: "Audit many repositories — a GitHub organisation or a list — into one consolidated report",
		Long: `Audit fetches each repository (a depth-1, size-filtered git fetch; local
paths are scanned in place), scans it, applies the policy, and writes one aibom
JSON report per repository into --out. It then writes the consolidated report
(per model: the repositories using it, their licenses and findings; per
repository: its verdict; totals) to stdout and to each -o FORMAT=FILE.

A rerun with the same --out skips repositories already done. --shard K/N audits
a stable subset (K may be "auto": JOB_COMPLETION_INDEX); 'aibom merge' combines
shard directories into the same consolidated report as an unsharded run.

The policy, product context and fail-on come from flags, AIBOM_* variables
and --config; a repository's own .aibom.yaml does not change them.

Exit codes: 0 every repository passes; 1 a repository fails the policy;
2 usage or configuration error; 3 a repository could not be audited or the
run was interrupted (rerun to continue).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return a.audit(c.Context(), c.Flags()) },
	}
	fs := c.Flags()
	fs.String("org", "", "GitHub organisation whose non-archived repositories to audit")
	fs.String("repos", "", "file listing repositories: owner/name[@ref], git URL[@ref] or local path, one per line")
	fs.String("out", "", "output directory: one report per repository; also what a rerun resumes from")
	fs.String("shard", "", "audit only shard K of N (K/N, 0-based; auto/N takes K from JOB_COMPLETION_INDEX)")
	fs.StringArray("topic", nil, "--org: keep repositories with this topic (repeatable: any of them)")
	fs.String("visibility", "all", "--org: all, public, private or internal")
	fs.StringArray("name", nil, "--org: keep repositories whose name matches this glob (repeatable)")
	fs.Bool("skip-forks", false, "--org: leave forks out")
	fs.Int("jobs", 4, "repositories fetched and scanned at once")
	fs.String("work-dir", "", "where temporary clones go (default: the system temp dir)")
	addAuditOutputFlags(fs)
	addSettingsFlags(fs, scopeAudit)
	return c
}

func (a *app) mergeCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "merge DIR...",
		Short: "Combine audit output directories (shards) into one consolidated report",
		Long: `Merge reads the per-repository reports in each DIR (the --out directories of
'aibom audit' shards) and writes the consolidated report, byte for byte what an
unsharded audit of the same repositories writes.

Each shard's manifest (shard-K-of-N.manifest.json) says which repositories it
was assigned and which are done: a missing, unfinished or duplicated shard is
an error naming it. --partial accepts missing and unfinished shards; the
report then says which are absent and its outcome is incomplete (exit 1).

Exit codes: 0 every repository passes; 1 a repository fails the policy, or
the merge is partial; 2 usage error; 3 a repository could not be audited, a
shard is missing or unfinished, or a file is unreadable.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, dirs []string) error {
			outs, err := a.auditOutputs(c.Flags())
			if err != nil {
				return err
			}
			for _, d := range dirs {
				if st, err := os.Stat(d); err != nil || !st.IsDir() {
					return usagef("%s: not a directory", d)
				}
			}
			failOn, _ := c.Flags().GetString("fail-on")
			if err := checkFailOn(failOn); err != nil {
				return err
			}
			allowPartial, _ := c.Flags().GetBool("partial")
			partial, err := audit.CheckShards(dirs, allowPartial)
			if err != nil {
				return scanError{err}
			}
			entries, readErr := report.ReadDirs(dirs...)
			if readErr != nil {
				for _, e := range strings.Split(readErr.Error(), "\n") {
					fmt.Fprintf(a.stderr, "aibom: warning: %s\n", sbom.Clean(e, 500))
				}
			}
			rep := report.Build(entries, sbom.Tool{Name: "aibom", Version: a.version()})
			rep.Partial = partial
			if err := a.writeAuditOutputs(rep, outs); err != nil {
				return scanError{err}
			}
			if readErr != nil {
				return scanError{errors.New("some files could not be read (see the warnings above)")}
			}
			if partial != nil {
				fmt.Fprintf(a.stderr, "aibom: merge: the report is incomplete: %s (--partial)\n", partial.Text())
			}
			return mergeVerdict(rep, failOn)
		},
	}
	addAuditOutputFlags(c.Flags())
	c.Flags().String("fail-on", "", "exit 1 when a repository has a finding of this severity or higher (error, warning, note, none); default: the verdicts the shards recorded")
	c.Flags().Bool("partial", false, "accept missing or unfinished shards: the report says which are absent and its outcome is incomplete")
	return c
}

func (a *app) auditOutputs(fs *pflag.FlagSet) ([]output, error) {
	format, _ := fs.GetString("format")
	extra, _ := fs.GetStringArray("outputs")
	return a.parseOutputs(formats.Audit, format, "markdown", extra, "")
}

func (a *app) writeAuditOutputs(rep *report.Report, outs []output) error {
	return a.write(outs, func(f formats.Format, w io.Writer, _ formats.Options) error { return f.WriteAudit(w, rep) })
}

// auditVerdict maps the consolidated report to the exit code: repositories
// that could not be audited (3) outrank policy failures (1).
func auditVerdict(rep *report.Report) error {
	if n := rep.Totals.Errored; n > 0 {
		return scanError{fmt.Errorf("%d of %d repositories could not be audited (rerun the audit to retry them)", n, rep.Totals.Repositories)}
	}
	if n := rep.Failing(); n > 0 {
		return findingsError{count: n}
	}
	return nil
}

// mergeVerdict is auditVerdict, with the failing repositories decided by
// failOn over the counted findings when it is set (shards run with
// --fail-on none, for instance, so that a policy failure is not a pod
// failure).
func mergeVerdict(rep *report.Report, failOn string) error {
	partial := 0
	if rep.Partial != nil && failOn != "none" {
		partial = 1 // a partial merge is incomplete, which fails like an incomplete verdict
	}
	if err := checkFailOn(failOn); err != nil {
		return err
	}
	if failOn == "" {
		if err := auditVerdict(rep); err != nil || partial == 0 {
			return err
		}
		return findingsError{count: partial}
	}
	if n := rep.Totals.Errored; n > 0 {
		return auditVerdict(rep)
	}
	failing := 0
	for _, r := range rep.Repositories {
		if failOn != "none" && r.VerdictAt(failOn) != report.VerdictPass {
			failing++
		}
	}
	if failing+partial > 0 {
		return findingsError{count: failing + partial}
	}
	return nil
}

// checkFailOn validates merge's --fail-on ("" keeps the shards' verdicts).
func checkFailOn(failOn string) error {
	switch failOn {
	case "", "none", sbom.SeverityError, sbom.SeverityWarning, sbom.SeverityNote:
		return nil
	}
	return usagef("--fail-on %q: expected error, warning, note or none", failOn)
}

func (a *app) audit(ctx context.Context, fs *pflag.FlagSet) error {
	org, _ := fs.GetString("org")
	list, _ := fs.GetString("repos")
	outDir, _ := fs.GetString("out")
	switch {
	case (org == "") == (list == ""):
		return usagef("give exactly one of --org ORG or --repos FILE")
	case outDir == "":
		return usagef("--out DIR is required: it holds one report per repository and lets a rerun resume")
	}
	outs, err := a.auditOutputs(fs)
	if err != nil {
		return err
	}
	cfg, err := a.loadConfig(fs, scopeAudit, "")
	if err != nil {
		return err
	}
	cfg.Baseline = "" // a baseline is one project's; it has no meaning across an audit
	judge, err := a.newJudge(cfg, fs)
	if err != nil {
		return err
	}
	if _, err := a.timestamp(); err != nil {
		return err
	}
	var shard audit.Shard
	if s, _ := fs.GetString("shard"); s != "" {
		if shard, err = audit.ParseShard(s, a.getenv); err != nil {
			return usageError{err}
		}
	}
	ghOpts := hubgithub.OptionsFromEnv(a.getenv)
	waits := new(atomic.Int64)
	clients, err := a.hubClients(cfg, audit.CountRateLimits(pooledTransport(), waits), -1)
	if err != nil {
		return err
	}

	var repos []audit.Repo
	if org != "" {
		repos, err = a.listOrg(ctx, fs, org, ghOpts, waits)
		if err != nil {
			return err
		}
	} else {
		repos, err = readRepoList(list, audit.GitHost(ghOpts.APIURL))
		if err != nil {
			return err
		}
	}
	all := len(repos)
	repos = shard.Select(repos)
	jobs, _ := fs.GetInt("jobs")
	workDir, _ := fs.GetString("work-dir")
	git := audit.Git{Token: ghOpts.Token, TokenHost: audit.GitHost(ghOpts.APIURL), MaxFileSize: cfg.MaxFileSize}
	for _, r := range repos {
		if !r.Local() {
			if err := git.CheckGit(); err != nil {
				return usageError{err}
			}
			break
		}
	}
	// -q: no progress or tallies on stderr, only errors.
	status := a.stderr
	if a.quiet {
		status = io.Discard
	}
	if shard.Count > 1 {
		fmt.Fprintf(status, "aibom: audit: shard %s: %d of %d repositories, into %s\n", shard, len(repos), all, outDir)
	} else {
		fmt.Fprintf(status, "aibom: audit: %d repositories, into %s\n", len(repos), outDir)
	}

	memo := audit.NewMemo(clients)
	progress := audit.NewProgress(status, !a.quiet && isTerminal(a.stderr), memo, waits)
	var judgeMu sync.Mutex
	scanConfig := cfg.audit(judge)
	res, runErr := audit.Run(ctx, audit.Options{
		Repos:  repos,
		Shard:  shard,
		OutDir: outDir,
		Scan: scanner.Options{
			Discover:     discover.Options{MaxFileSize: cfg.MaxFileSize, IncludeDocs: cfg.IncludeDocs, ExcludeTests: !cfg.IncludeTests, Exclude: cfg.Exclude},
			Offline:      cfg.Offline,
			MaxDepth:     maxDepth(cfg.MaxDepth),
			Concurrency:  cfg.Concurrency,
			ModelTimeout: cfg.ModelTimeout,
			Sanitizer:    a.sanitizer(),
		},
		Memo: memo,
		Evaluate: func(rep *sbom.Report) error {
			ts, err := a.timestamp()
			if err != nil {
				return err
			}
			rep.Tool = sbom.Tool{Name: "aibom", Version: a.version()}
			rep.Timestamp = ts.Format("2006-01-02T15:04:05Z")
			judgeMu.Lock()
			defer judgeMu.Unlock()
			return judge.apply(rep, ts)
		},
		Config:      scanConfig,
		Git:         git,
		WorkDir:     workDir,
		Jobs:        jobs,
		RepoTimeout: cfg.Timeout,
		Progress:    progress.Event,
		Logger:      a.logger(),
	})
	progress.Close()
	if runErr != nil {
		return scanError{runErr}
	}
	fmt.Fprintf(status, "aibom: audit: %d scanned, %d already done, %d failed; %d distinct models resolved, %d rate-limit waits\n",
		res.Scanned, res.Skipped, res.Failed, memo.Resolved(), waits.Load())
	entries, err := audit.Entries(outDir, repos)
	if err != nil {
		return scanError{err}
	}
	rep := report.Build(entries, sbom.Tool{Name: "aibom", Version: a.version()})
	if err := a.writeAuditOutputs(rep, outs); err != nil {
		return scanError{err}
	}
	return auditVerdict(rep)
}

func readRepoList(path, gitHost string) ([]audit.Repo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("--repos: %v", err)
	}
	defer f.Close()
	repos, err := audit.ParseList(f, path, audit.ListOptions{GitHost: gitHost, BaseDir: filepath.Dir(path)})
	if err != nil {
		return nil, usageError{err}
	}
	if len(repos) == 0 {
		return nil, usagef("--repos %s: no repositories listed", path)
	}
	return repos, nil
}

func (a *app) listOrg(ctx context.Context, fs *pflag.FlagSet, org string, opts hubgithub.Options, waits *atomic.Int64) ([]audit.Repo, error) {
	f := audit.OrgFilter{}
	f.Topics, _ = fs.GetStringArray("topic")
	f.Visibility, _ = fs.GetString("visibility")
	f.Names, _ = fs.GetStringArray("name")
	f.SkipForks, _ = fs.GetBool("skip-forks")
	if err := f.Validate(); err != nil {
		return nil, usageError{err}
	}
	// No disk cache for listings: they must be current, and pagination
	// needs the Link header the cache does not keep.
	h := httpx.New(httpx.Config{NoCache: true, UserAgent: "aibom/" + a.version(), Logger: a.logger(),
		Transport: audit.CountRateLimits(pooledTransport(), waits)})
	l, err := audit.NewLister(h, opts)
	if err != nil {
		return nil, usageError{err}
	}
	l.Waits = waits
	repos, err := l.ListOrg(ctx, org, f)
	if err != nil {
		return nil, scanError{err}
	}
	if len(repos) == 0 {
		return nil, usagef("organisation %s: no repositories match", org)
	}
	return repos, nil
}

func pooledTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}
