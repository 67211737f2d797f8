// Package scanner runs aibom's pipeline over a project tree:
// discover → resolve → identify. The evaluate stage (policies) runs on the
// report this package returns, so a saved report can be judged again without
// scanning.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/knownmodels"
	"github.com/aibom/aibom/scanner/resolve"
)

// Options configure one scan.
type Options struct {
	// Root is the project directory to scan.
	Root     string
	Discover discover.Options
	// Offline forbids all network access: the cache and the built-in
	// catalog answer, and what they cannot is reported with status offline.
	Offline bool
	// MaxDepth bounds the ancestry walk: 0 takes the default (8),
	// resolve.NoAncestors follows none.
	MaxDepth int
	// Concurrency bounds parallel model resolutions (default 8).
	Concurrency int
	// Timeout is the scan's overall deadline, counted from the start of
	// Scan (0: none). It ends the network stages: models not answered by
	// then get status timeout and Scan returns the report with an error
	// wrapping ErrTimedOut. Reading the tree is local and bounded by its
	// own limits, so it is never cut short into a partial list.
	Timeout time.Duration
	// ModelTimeout is each model's budget (default
	// resolve.DefaultModelTimeout).
	ModelTimeout time.Duration
	// Sanitizer cleans everything a hub sends before it enters the report
	// (nil: credential shapes are still redacted). Give it every token the
	// process holds.
	Sanitizer *sbom.Sanitizer
	// Progress, when set, hears the models answered and known so far (see
	// resolve.Options.Progress).
	Progress func(done, total int)
	// Clients are the hub clients by hub name; a hub without a client is
	// answered from the built-in catalog only.
	Clients map[string]hub.Client
	// Known is the offline catalog of well-known models (default: built-in).
	Known *knownmodels.Catalog
	// Licenses is the license catalog (default: built-in).
	Licenses *licenses.Catalog
	Logger   *slog.Logger
}

// ErrRoot reports a scan root that does not exist, is not a directory or
// cannot be read. The CLI maps it to a usage error.
var ErrRoot = errors.New("scan root unusable")

// ErrTimedOut is the one error Scan returns with a report: the deadline
// (Options.Timeout, or ctx's own) passed during resolution. The report is
// whole — every model found is listed, the unanswered ones with status
// timeout — and is judged and written like any other.
var ErrTimedOut = errors.New("the scan's deadline passed before every model was resolved")

// Scan runs discover, resolve and identify and returns the report without
// findings. The error is non-nil when the scan as a whole failed (no
// report), or wraps ErrTimedOut (a report with models marked timeout);
// one model that cannot be resolved is a status in the report, not an
// error.
func Scan(ctx context.Context, opts Options) (*sbom.Report, error) {
	start := time.Now()
	if err := checkRoot(opts.Root); err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	// The built-in catalogs take about 20 ms of CPU to decode, and
	// discovery does not read them: they are loaded while the tree is
	// walked instead of before, off the start-up's critical path.
	lic, known := opts.Licenses, opts.Known
	var catalogs sync.WaitGroup
	catalogs.Go(func() {
		if lic == nil {
			lic = licenses.Builtin()
		}
		if known == nil {
			known = knownmodels.Builtin()
		}
	})

	found, err := discover.Discover(ctx, opts.Root, opts.Discover)
	catalogs.Wait()
	opts.Licenses, opts.Known = lic, known
	if err != nil {
		return nil, fmt.Errorf("discovering models in %s: %w", opts.Root, err)
	}
	opts.Logger.Debug("discovered", "references", len(found.References), "files", found.Files)

	var models, datasets []discover.Reference
	for _, ref := range found.References {
		if ref.Kind == discover.KindDataset {
			datasets = append(datasets, ref)
		} else {
			models = append(models, ref)
		}
	}
	netCtx := ctx
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		netCtx, cancel = context.WithDeadline(ctx, start.Add(opts.Timeout))
		defer cancel()
	}
	graph, err := resolve.Resolve(netCtx, models, resolve.Options{
		Clients:      opts.Clients,
		Catalog:      opts.Known,
		Offline:      opts.Offline,
		MaxDepth:     opts.MaxDepth,
		Concurrency:  opts.Concurrency,
		ModelTimeout: opts.ModelTimeout,
		Sanitizer:    opts.Sanitizer,
		Progress:     opts.Progress,
		Logger:       opts.Logger,
	})
	timedOut := errors.Is(err, context.DeadlineExceeded)
	if err != nil && !timedOut {
		return nil, fmt.Errorf("resolving models: %w", err)
	}

	repoPath, revision := gitInfo(opts.Root)
	rep := &sbom.Report{
		SchemaVersion: sbom.SchemaVersion,
		Subject: sbom.Subject{
			Path:     filepath.ToSlash(opts.Root),
			Name:     filepath.Base(absOr(opts.Root)),
			Revision: revision,
			RepoPath: repoPath,
		},
		Warnings:   append(found.Warnings, graph.Warnings...),
		Skipped:    found.Skipped,
		Unresolved: found.Unresolved,
	}
	id := identifier{lic: opts.Licenses}
	var idWarnings []sbom.Warning
	rep.Models, idWarnings = id.models(graph)
	rep.Warnings = append(rep.Warnings, idWarnings...)
	rep.Datasets = collectDatasets(graph, datasets)
	rep.Warnings = append(rep.Warnings, resolveDatasets(netCtx, rep.Datasets, opts.Clients, opts.Licenses, opts.Concurrency, opts.Sanitizer)...)
	if !timedOut && netCtx.Err() != nil && ctx.Err() == nil {
		timedOut = true // the deadline passed while the datasets were asked
	}
	if timedOut {
		models, datasets := 0, 0
		for _, m := range rep.Models {
			if m.Status == sbom.StatusTimeout {
				models++
			}
		}
		for _, d := range rep.Datasets {
			if d.Status == sbom.StatusTimeout {
				datasets++
			}
		}
		what := fmt.Sprintf("%d model(s)", models)
		if datasets > 0 {
			what += fmt.Sprintf(" and %d dataset(s)", datasets)
		}
		rep.Warnings = append(rep.Warnings, sbom.Warning{Message: fmt.Sprintf(
			"the scan's deadline passed: %s not resolved (status timeout); raise --timeout to resolve them", what)})
	}
	rep.Normalize()
	if timedOut {
		return rep, ErrTimedOut
	}
	return rep, nil
}

func checkRoot(root string) error {
	st, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s does not exist", ErrRoot, root)
	case err != nil:
		return fmt.Errorf("%w: %v", ErrRoot, err)
	case !st.IsDir():
		return fmt.Errorf("%w: %s is a file; give the project directory", ErrRoot, root)
	}
	f, err := os.Open(root)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrRoot, err)
	}
	defer f.Close()
	if _, err := f.ReadDir(1); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: cannot read %s: %v", ErrRoot, root, err)
	}
	return nil
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
