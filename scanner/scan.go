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
	// MaxDepth bounds the ancestry walk (default 8).
	MaxDepth int
	// Concurrency bounds parallel model resolutions (default 8).
	Concurrency int
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

// Scan runs discover, resolve and identify and returns the report without
// findings. The error is non-nil only when the scan as a whole failed; one
// model that cannot be resolved is a status in the report, not an error.
func Scan(ctx context.Context, opts Options) (*sbom.Report, error) {
	if err := checkRoot(opts.Root); err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Licenses == nil {
		opts.Licenses = licenses.Builtin()
	}
	if opts.Known == nil {
		opts.Known = knownmodels.Builtin()
	}

	found, err := discover.Discover(ctx, opts.Root, opts.Discover)
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
	graph, err := resolve.Resolve(ctx, models, resolve.Options{
		Clients:     opts.Clients,
		Catalog:     opts.Known,
		Offline:     opts.Offline,
		MaxDepth:    opts.MaxDepth,
		Concurrency: opts.Concurrency,
		Logger:      opts.Logger,
	})
	if err != nil {
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
		Warnings: append(found.Warnings, graph.Warnings...),
	}
	id := identifier{lic: opts.Licenses}
	var idWarnings []sbom.Warning
	rep.Models, idWarnings = id.models(graph)
	rep.Warnings = append(rep.Warnings, idWarnings...)
	rep.Datasets = collectDatasets(graph, datasets)
	rep.Warnings = append(rep.Warnings, resolveDatasets(ctx, rep.Datasets, opts.Clients, opts.Licenses, opts.Concurrency)...)
	rep.Normalize()
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
