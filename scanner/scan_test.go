package scanner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// slowHub answers "fast/" models at once and holds the others until the
// caller gives up.
type slowHub struct{}

func (slowHub) Name() string { return sbom.HubHuggingFace }
func (slowHub) Model(ctx context.Context, id, _ string) (*hub.ModelInfo, error) {
	if len(id) > 5 && id[:5] == "fast/" {
		return &hub.ModelInfo{ID: id, License: "mit"}, nil
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestScanTimeoutReturnsReport: Options.Timeout cuts resolution, not the
// scan: the report lists both models, the unanswered one as timeout, and
// the error says so with ErrTimedOut.
func TestScanTimeoutReturnsReport(t *testing.T) {
	root := t.TempDir()
	src := "from transformers import AutoModel\na = AutoModel.from_pretrained(\"fast/model\")\nb = AutoModel.from_pretrained(\"slow/model\")\n"
	if err := os.WriteFile(filepath.Join(root, "app.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Scan(context.Background(), Options{Root: root, Timeout: 300 * time.Millisecond,
		Clients: map[string]hub.Client{sbom.HubHuggingFace: slowHub{}}})
	if !errors.Is(err, ErrTimedOut) || rep == nil {
		t.Fatalf("rep %v, err %v: want a report and ErrTimedOut", rep != nil, err)
	}
	status := map[string]string{}
	for _, m := range rep.Models {
		status[m.Ref] = m.Status
	}
	if status["hf:fast/model"] != sbom.StatusResolved || status["hf:slow/model"] != sbom.StatusTimeout {
		t.Errorf("statuses %v", status)
	}
	// Cancelling is not a deadline: no report.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rep, err := Scan(ctx, Options{Root: root, Clients: map[string]hub.Client{sbom.HubHuggingFace: slowHub{}}}); err == nil || errors.Is(err, ErrTimedOut) || rep != nil {
		t.Errorf("cancelled scan: rep %v err %v", rep != nil, err)
	}
}

// TestScanCarriesUnresolvedReferences: a model chosen from the environment
// reaches the report as an unresolved reference, not as a model.
func TestScanCarriesUnresolvedReferences(t *testing.T) {
	root := t.TempDir()
	src := "import os\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained(os.getenv(\"MODEL_ID\"))\n"
	if err := os.WriteFile(filepath.Join(root, "app.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Scan(context.Background(), Options{Root: root, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Models) != 0 {
		t.Errorf("models %v: the environment chose none", rep.Models)
	}
	if len(rep.Unresolved) != 1 || rep.Unresolved[0].Source != "env:MODEL_ID" || rep.Unresolved[0].Location.Path != "app.py" || rep.Unresolved[0].Location.Line != 3 {
		t.Errorf("unresolved %+v, want env:MODEL_ID at app.py:3", rep.Unresolved)
	}
}
