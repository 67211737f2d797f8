package scanner

import (
	"context"
	"fmt"
	"testing"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// fakeDatasets answers for datasets of our own invention.
type fakeDatasets struct{ answers map[string]*hub.DatasetInfo }

func (f fakeDatasets) Name() string { return sbom.HubHuggingFace }
func (f fakeDatasets) Model(context.Context, string, string) (*hub.ModelInfo, error) {
	return nil, hub.ErrNotFound
}
func (f fakeDatasets) Dataset(_ context.Context, id, _ string) (*hub.DatasetInfo, error) {
	switch id {
	case "acme/offline":
		return nil, fmt.Errorf("GET …: %w", hub.ErrOffline)
	case "acme/broken":
		return nil, fmt.Errorf("invalid metadata JSON")
	}
	if a, ok := f.answers[id]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("huggingface dataset %s: %w", id, hub.ErrNotFound)
}

func TestResolveDatasets(t *testing.T) {
	ds := []sbom.Dataset{
		{Ref: "hf-dataset:acme/captions", Hub: sbom.HubHuggingFace, ID: "acme/captions"},
		{Ref: "hf-dataset:acme/custom", Hub: sbom.HubHuggingFace, ID: "acme/custom"},
		{Ref: "hf-dataset:acme/missing", Hub: sbom.HubHuggingFace, ID: "acme/missing"},
		{Ref: "hf-dataset:acme/offline", Hub: sbom.HubHuggingFace, ID: "acme/offline"},
		{Ref: "hf-dataset:acme/broken", Hub: sbom.HubHuggingFace, ID: "acme/broken"},
		{Ref: "modelscope-dataset:acme/x", Hub: sbom.HubModelScope, ID: "acme/x"},
	}
	clients := map[string]hub.Client{sbom.HubHuggingFace: fakeDatasets{answers: map[string]*hub.DatasetInfo{
		"acme/captions": {ID: "acme/captions", License: "cc-by-nc-4.0"},
		"acme/custom":   {ID: "acme/custom", License: "other", LicenseName: "acme-data-license", Gated: true},
	}}}
	warns := resolveDatasets(context.Background(), ds, clients, licenses.Builtin(), 2, nil)
	want := []struct {
		status, spdx, name string
	}{
		{sbom.StatusResolved, "CC-BY-NC-4.0", ""},
		{sbom.StatusGated, "", "acme-data-license"},
		{sbom.StatusNotFound, "", ""},
		{sbom.StatusOffline, "", ""},
		{sbom.StatusError, "", ""},
		{sbom.StatusOffline, "", ""}, // no client for the hub: nothing asked
	}
	for i, w := range want {
		d := ds[i]
		if d.Status != w.status {
			t.Errorf("%s: status %q, want %q", d.Ref, d.Status, w.status)
		}
		switch {
		case w.spdx != "":
			if d.License == nil || d.License.SPDXID != w.spdx {
				t.Errorf("%s: license %+v, want %s", d.Ref, d.License, w.spdx)
			}
		case w.name != "":
			if d.License == nil || d.License.Name != w.name {
				t.Errorf("%s: license %+v, want name %s", d.Ref, d.License, w.name)
			}
		default:
			if d.License != nil {
				t.Errorf("%s: license %+v, want none", d.Ref, d.License)
			}
		}
	}
	if len(warns) != 2 {
		t.Errorf("warnings %+v, want one for the missing and one for the broken dataset", warns)
	}
}
