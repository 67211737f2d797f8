package scanner

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// resolveDatasets asks the dataset's hub for its license, concurrently and
// bounded. A dataset the hub cannot answer keeps a status and a warning; it
// never fails the scan. Offline, the HTTP layer answers from its cache or
// returns hub.ErrOffline.
func resolveDatasets(ctx context.Context, ds []sbom.Dataset, clients map[string]hub.Client, lic *licenses.Catalog, concurrency int, san *sbom.Sanitizer) []sbom.Warning {
	if concurrency <= 0 {
		concurrency = 8
	}
	warnings := make([]sbom.Warning, len(ds))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i := range ds {
		d := &ds[i]
		dc, ok := clients[d.Hub].(hub.DatasetClient)
		if !ok {
			d.Status = sbom.StatusOffline
			if clients[d.Hub] != nil {
				d.Status = sbom.StatusError
			}
			continue
		}
		g.Go(func() error {
			info, err := dc.Dataset(gctx, d.ID, "")
			switch {
			case err != nil && ctx.Err() != nil:
				d.Status = sbom.StatusError
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					d.Status = sbom.StatusTimeout
				}
				return nil
			case err == nil:
			case errors.Is(err, hub.ErrOffline):
				d.Status = sbom.StatusOffline
				return nil
			case errors.Is(err, hub.ErrNotFound):
				d.Status = sbom.StatusNotFound
				warnings[i] = sbom.Warning{Model: d.Ref, Message: "dataset not found on the hub"}
				return nil
			case errors.Is(err, hub.ErrGated):
				d.Status = sbom.StatusGated
				return nil
			default:
				d.Status = sbom.StatusError
				warnings[i] = sbom.Warning{Model: d.Ref, Message: san.Line(fmt.Sprintf("dataset could not be resolved: %v", err), 1000)}
				return nil
			}
			d.Status = sbom.StatusResolved
			if info.Gated {
				d.Status = sbom.StatusGated
			}
			d.License = datasetLicense(lic, cleanDataset(san, info))
			return nil
		})
	}
	_ = g.Wait() // workers record their own errors
	var out []sbom.Warning
	for _, w := range warnings {
		if w.Message != "" {
			out = append(out, w)
		}
	}
	return out
}

// datasetLicense names a dataset's declared license from the catalog when
// it knows it, else as declared.
func datasetLicense(c *licenses.Catalog, info *hub.DatasetInfo) *sbom.License {
	declared := info.License
	tries := []string{info.License, info.LicenseName, info.LicenseLink}
	if strings.EqualFold(declared, "other") {
		tries = tries[1:]
	}
	for _, t := range tries {
		if t == "" {
			continue
		}
		if l, ok := c.Lookup(t); ok {
			return licenseOf(l, "declared")
		}
	}
	if declared == "" && info.LicenseName == "" {
		return nil
	}
	name := info.LicenseName
	if name == "" {
		name = declared
	}
	return &sbom.License{HFID: declared, Name: name, Source: "declared", URL: info.LicenseLink, Category: licenses.CategoryUnknown}
}

// cleanDataset passes a dataset answer's strings through the sanitiser, as
// the resolver does for models.
func cleanDataset(san *sbom.Sanitizer, in *hub.DatasetInfo) *hub.DatasetInfo {
	out := *in
	for _, f := range []*string{&out.Hub, &out.ID, &out.Revision, &out.License, &out.LicenseName, &out.Source} {
		*f = san.Line(*f, 300)
	}
	out.LicenseLink = san.Line(out.LicenseLink, 2000)
	return &out
}
