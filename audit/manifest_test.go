package audit

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

// TestCheckShards: the manifests of one audit's shards pass; shards judged
// under different configurations never merge; directories without any
// manifest merge only with --partial, marked unchecked.
func TestCheckShards(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	cfg := &sbom.ScanConfig{Policy: "commercial-saas", FailOn: "error"}
	if err := WriteManifest(a, Shard{Index: 0, Count: 2}, nil, cfg); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(b, Shard{Index: 1, Count: 2}, nil, cfg); err != nil {
		t.Fatal(err)
	}
	if p, err := CheckShards([]string{a, b, a}, false); err != nil || p != nil {
		t.Errorf("complete shards (one directory named twice): %+v, %v", p, err)
	}

	other := t.TempDir()
	if err := WriteManifest(other, Shard{Index: 1, Count: 2}, nil, &sbom.ScanConfig{Policy: "research", FailOn: "error"}); err != nil {
		t.Fatal(err)
	}
	for _, partial := range []bool{false, true} {
		if _, err := CheckShards([]string{a, other}, partial); err == nil || !strings.Contains(err.Error(), "shard 1/2 (") || !strings.Contains(err.Error(), "another policy or settings") {
			t.Errorf("partial=%v, shards of two configurations: %v", partial, err)
		}
	}

	empty := t.TempDir()
	if _, err := CheckShards([]string{empty}, false); err == nil || !strings.Contains(err.Error(), "no shard manifest in") {
		t.Errorf("no manifest: %v", err)
	}
	if p, err := CheckShards([]string{empty}, true); err != nil || p == nil || !p.Unchecked {
		t.Errorf("no manifest, --partial: %+v, %v; want an unchecked partial", p, err)
	}
}
