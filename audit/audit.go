package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aibom/aibom/audit/report"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner"
)

// Options configure one audit run.
type Options struct {
	// Repos are the repositories of this run (already sharded).
	Repos []Repo
	// Shard is the shard Repos are; its manifest (ManifestName) records
	// their state at the start and the end of the run.
	Shard Shard
	// OutDir receives one report per repository; it is also the record of
	// what is done.
	OutDir string
	// Scan is the template for each repository's scan; Root is set per
	// repository and Clients are wrapped by Memo.
	Scan scanner.Options
	// Memo shares hub answers across repositories (default: a new Memo
	// over Scan.Clients). Pass one to read its counters while running.
	Memo *Memo
	// Evaluate applies the policy to a scanned report: it fills Findings
	// and Summary (Summary.Verdict "fail" marks a failing repository) and
	// may stamp Tool and Timestamp.
	Evaluate func(*sbom.Report) error
	// Config is recorded in every report. A stored report whose config
	// differs (another policy, context or fail-on) is not taken as done.
	Config *sbom.ScanConfig
	// Git fetches remote repositories.
	Git Git
	// WorkDir holds the temporary clones (default os.TempDir()).
	WorkDir string
	// Jobs is how many repositories are fetched and scanned at once
	// (default 4).
	Jobs int
	// RepoTimeout bounds one repository's fetch and scan (0: none).
	RepoTimeout time.Duration
	// Progress receives an event as each repository starts and ends; it
	// is called from several goroutines.
	Progress func(Event)
	Logger   *slog.Logger
}

// EventKind says what happened to a repository.
type EventKind int

// Event kinds.
const (
	RepoStarted EventKind = iota
	RepoSkipped           // already done in the output directory
	RepoDone              // scanned and recorded
	RepoFailed            // could not be fetched or scanned; recorded as a failure
)

// Event is one step of the run.
type Event struct {
	Kind    EventKind
	Repo    Repo
	Err     error  // RepoFailed
	Verdict string // RepoDone: pass | fail
	Done    int    // repositories finished (skipped, done or failed) so far
	Total   int
}

// Result counts the run.
type Result struct {
	Total, Skipped, Scanned, Failed int
}

// Run audits the repositories: each one not already done in OutDir is
// fetched (remote) or read in place (local), scanned, judged by Evaluate and
// written to OutDir atomically. One repository's failure is recorded and the
// run goes on; the returned error is for the run as a whole (an unusable
// output directory, or the context ending — in which case the repositories
// finished so far are kept and a rerun skips them).
func Run(ctx context.Context, opts Options) (Result, error) {
	res := Result{Total: len(opts.Repos)}
	if opts.OutDir == "" {
		return res, errors.New("audit: no output directory")
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return res, fmt.Errorf("audit: output directory: %w", err)
	}
	if opts.Evaluate == nil {
		return res, errors.New("audit: no Evaluate function")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Memo == nil {
		opts.Memo = NewMemo(opts.Scan.Clients)
	}
	opts.Scan.Clients = opts.Memo.Clients()
	if opts.Scan.Logger == nil {
		opts.Scan.Logger = opts.Logger
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = 4
	}
	if opts.WorkDir == "" {
		opts.WorkDir = os.TempDir()
	}
	// The manifest is written before any work, so that an interrupted
	// shard is known as unfinished rather than absent, and again at the
	// end, interrupted or not.
	if err := WriteManifest(opts.OutDir, opts.Shard, opts.Repos, opts.Config); err != nil {
		return res, fmt.Errorf("audit: writing the shard manifest: %w", err)
	}

	var (
		mu   sync.Mutex
		done int
	)
	emit := func(kind EventKind, r Repo, verdict string, err error) {
		mu.Lock()
		switch kind {
		case RepoSkipped:
			res.Skipped++
		case RepoDone:
			res.Scanned++
		case RepoFailed:
			res.Failed++
		}
		if kind != RepoStarted {
			done++
		}
		ev := Event{Kind: kind, Repo: r, Err: err, Verdict: verdict, Done: done, Total: res.Total}
		mu.Unlock()
		if opts.Progress != nil {
			opts.Progress(ev)
		}
	}

	work := make(chan Repo)
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for r := range work {
				if ctx.Err() != nil {
					continue
				}
				emit(RepoStarted, r, "", nil)
				verdict, err := auditOne(ctx, opts, r)
				switch {
				case ctx.Err() != nil:
					// Interrupted: nothing recorded, a rerun does it again.
				case err != nil:
					opts.Logger.Warn("audit: repository failed", "repo", r.Name, "err", err)
					if werr := writeFailure(opts.OutDir, r, err); werr != nil {
						opts.Logger.Error("audit: recording failure", "repo", r.Name, "err", werr)
					}
					emit(RepoFailed, r, "", err)
				default:
					emit(RepoDone, r, verdict, nil)
				}
			}
		})
	}
	for _, r := range opts.Repos {
		if ctx.Err() != nil {
			break
		}
		if Done(opts.OutDir, r, opts.Config) {
			emit(RepoSkipped, r, "", nil)
			continue
		}
		select {
		case work <- r:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if err := WriteManifest(opts.OutDir, opts.Shard, opts.Repos, opts.Config); err != nil {
		return res, fmt.Errorf("audit: writing the shard manifest: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("audit interrupted after %d of %d repositories (rerun with the same --out to continue): %w",
			res.Skipped+res.Scanned+res.Failed, res.Total, err)
	}
	return res, nil
}

// Done reports whether the output directory holds a complete report for
// the repository made with config (nil: any config).
func Done(outDir string, r Repo, config *sbom.ScanConfig) bool {
	e, err := report.ReadEntry(filepath.Join(outDir, r.FileName()))
	if err != nil || e.Report == nil || e.Report.Subject.Name != r.Name {
		return false
	}
	return config == nil || sameConfig(e.Report.Config, config)
}

// sameConfig compares configs as they are stored (JSON), so that an empty
// map and an omitted one are the same.
func sameConfig(a, b *sbom.ScanConfig) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// Entries reads the stored outcome of each repository (its report, else its
// failure record); repositories with neither are left out.
func Entries(outDir string, repos []Repo) ([]report.Entry, error) {
	var out []report.Entry
	var errs []error
	for _, r := range repos {
		for _, name := range []string{r.FileName(), r.ErrorFileName()} {
			e, err := report.ReadEntry(filepath.Join(outDir, name))
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, e)
			break
		}
	}
	return out, errors.Join(errs...)
}

func auditOne(ctx context.Context, opts Options, r Repo) (string, error) {
	if opts.RepoTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.RepoTimeout)
		defer cancel()
	}
	root := r.Dir
	revision := ""
	if !r.Local() {
		work, err := os.MkdirTemp(opts.WorkDir, "aibom-audit-*")
		if err != nil {
			return "", fmt.Errorf("work directory: %w", err)
		}
		defer os.RemoveAll(work)
		root = filepath.Join(work, "tree")
		co, err := opts.Git.Fetch(ctx, r.Source, r.Ref, work, root)
		if err != nil {
			return "", fmt.Errorf("fetching %s: %w", r.Name, err)
		}
		revision = co.Revision
		opts.Logger.Debug("audit: fetched", "repo", r.Name, "revision", co.Revision, "files", co.Files, "skipped", co.Skipped)
	}
	so := opts.Scan
	so.Root = root
	rep, err := scanner.Scan(ctx, so)
	if err != nil {
		return "", fmt.Errorf("scanning %s: %w", r.Name, err)
	}
	if ctx.Err() != nil {
		// The resolver reports an interrupted lookup as a model status;
		// such a report is not the repository's answer.
		return "", ctx.Err()
	}
	rep.Subject = sbom.Subject{Path: r.Source, Name: r.Name, Revision: revision}
	rep.Config = opts.Config
	if err := opts.Evaluate(rep); err != nil {
		return "", fmt.Errorf("evaluating %s: %w", r.Name, err)
	}
	verdict := rep.Summary.VerdictLabel()
	if err := writeAtomic(filepath.Join(opts.OutDir, r.FileName()), func(w io.Writer) error { return sbom.WriteJSON(w, rep) }); err != nil {
		return "", fmt.Errorf("writing report of %s: %w", r.Name, err)
	}
	_ = os.Remove(filepath.Join(opts.OutDir, r.ErrorFileName()))
	return verdict, nil
}

func writeFailure(outDir string, r Repo, cause error) error {
	f := report.Failure{SchemaVersion: report.SchemaVersion, Repository: r.Name, Source: r.Source,
		Error: sbom.Clean(cause.Error(), 2000)}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	// A stale report of another config must not outvote the failure.
	_ = os.Remove(filepath.Join(outDir, r.FileName()))
	return writeAtomic(filepath.Join(outDir, r.ErrorFileName()), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// writeAtomic writes through a temporary file in the same directory, synced
// and renamed into place: a report file that exists is complete, which is
// what makes it the resumption marker.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".aibom-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
