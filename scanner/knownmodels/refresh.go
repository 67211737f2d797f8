package knownmodels

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/aibom/aibom/scanner/hub"
)

// refreshConcurrency bounds parallel requests during a refresh: a
// maintainer command that should stay polite to the hubs.
const refreshConcurrency = 4

// Refresh re-reads the given models from the live hubs (clients by hub
// name) and returns a catalog of the answers, each stamped with snapshot
// (the caller's date, e.g. "2026-12-01") and a source naming the hub. It is
// the library side of `aibom catalog refresh`.
//
// A model that cannot be read (no client for its hub, not found, an error)
// is left out of the result and reported in the returned error (all
// failures joined); merge the result into the previous catalog with
// Merge to keep the older facts for those.
func Refresh(ctx context.Context, clients map[string]hub.Client, snapshot string, ids ...ID) (*Catalog, error) {
	if snapshot == "" {
		return nil, errors.New("catalog refresh: a snapshot date is required")
	}
	var (
		mu      sync.Mutex
		entries []Entry
		errs    = make([]error, len(ids))
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(refreshConcurrency)
	for i, id := range ids {
		c, ok := clients[id.Hub]
		if !ok || c == nil {
			errs[i] = fmt.Errorf("refreshing %s:%s: no client for hub %q", id.Hub, id.ID, id.Hub)
			continue
		}
		g.Go(func() error {
			info, err := c.Model(gctx, id.ID, "")
			if err != nil {
				errs[i] = fmt.Errorf("refreshing %s:%s: %w", id.Hub, id.ID, err)
				return nil
			}
			e := entryFromInfo(id, info, snapshot)
			mu.Lock()
			entries = append(entries, e)
			mu.Unlock()
			return nil
		})
	}
	_ = g.Wait() // workers report through errs
	cat, err := New(entries)
	if err != nil {
		return nil, fmt.Errorf("catalog refresh: %w", err)
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, fmt.Errorf("catalog refresh: %w", err))
	}
	return cat, errors.Join(errs...)
}

// entryFromInfo keeps the requested id (not a renamed repo's new id) so
// that scans naming the old id still find the fact.
func entryFromInfo(id ID, info *hub.ModelInfo, snapshot string) Entry {
	gated := info.Gated
	e := Entry{
		Hub:         id.Hub,
		ID:          id.ID,
		License:     info.License,
		LicenseName: info.LicenseName,
		LicenseLink: info.LicenseLink,
		Gated:       &gated,
		Source:      fmt.Sprintf("%s:%s read by aibom catalog refresh (answer source: %s)", id.Hub, id.ID, orUnknown(info.Source)),
		Snapshot:    snapshot,
	}
	rel := ""
	for i, b := range info.BaseModels {
		ref := b.ID
		if b.Hub != "" && b.Hub != id.Hub {
			ref = b.Hub + ":" + b.ID
		}
		e.BaseModels = append(e.BaseModels, ref)
		// The table has one relation per model: keep it only when every
		// base agrees and it is a declared one.
		switch {
		case i == 0:
			rel = b.Relation
		case rel != b.Relation:
			rel = ""
		}
	}
	if relations[rel] {
		e.BaseModelRelation = rel
	}
	return e
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
