package knownmodels

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/scanner/hub"
)

// TestGeneratedUpToDate proves models.gen.json is exactly what the
// generator makes from the shared research file.
func TestGeneratedUpToDate(t *testing.T) {
	data, err := os.ReadFile(sharedtest.Path(t, "corpus/known-models.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := ParseYAML(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseEstablished(EstablishedYAML)
	if err != nil {
		t.Fatal(err)
	}
	lic := licenses.Builtin()
	if cat, err = cat.WithEstablished(rows, func(id string) bool { _, ok := lic.Lookup(id); return ok }); err != nil {
		t.Fatal(err)
	}
	got, err := cat.EncodeJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, builtinJSON) {
		t.Fatalf("models.gen.json is stale: run `go generate ./scanner/knownmodels` (regenerated %d bytes, embedded %d)", len(got), len(builtinJSON))
	}
	if cat.Len() != 262 {
		t.Errorf("research file holds %d models, want the 262 verified rows", cat.Len())
	}
}

func TestBuiltinLookup(t *testing.T) {
	c := Builtin()
	if c != Builtin() {
		t.Fatal("Builtin must return the same catalog")
	}
	tests := []struct {
		hub, id     string
		ok          bool
		license     string
		licenseName string
		bases       []string
		relation    string
		gated       string // "true", "false", "nil"
	}{
		{hub: "huggingface", id: "meta-llama/Meta-Llama-3-8B", ok: true, license: "other", licenseName: "llama3", gated: "true"},
		{hub: "huggingface", id: "META-LLAMA/meta-llama-3-8b", ok: true, license: "other", licenseName: "llama3", gated: "true"},
		{hub: "huggingface", id: "Qwen/Qwen2.5-3B-Instruct", ok: true, license: "other", licenseName: "qwen-research", bases: []string{"Qwen/Qwen2.5-3B"}, relation: "unknown", gated: "false"},
		{hub: "huggingface", id: "lmstudio-community/DeepSeek-R1-0528-GGUF", ok: true, license: "mit", bases: []string{"deepseek-ai/DeepSeek-R1-0528"}, relation: "quantized", gated: "false"},
		{hub: "huggingface", id: "mistralai/Mistral-7B-Instruct-v0.2", ok: true, license: "apache-2.0", gated: "nil"},
		{hub: "modelscope", id: "iic/speech_paraformer_asr_nat-zh-cn-8k-common-vocab8358-tensorflow1", ok: true, license: "Apache License 2.0", gated: "nil"},
		{hub: "modelscope", id: "meta-llama/Meta-Llama-3-8B", ok: false},
		{hub: "huggingface", id: "nobody/nothing", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.hub+":"+tt.id, func(t *testing.T) {
			e, ok := c.Lookup(tt.hub, tt.id)
			if ok != tt.ok {
				t.Fatalf("Lookup ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if e.License != tt.license || e.LicenseName != tt.licenseName {
				t.Errorf("license = %q/%q, want %q/%q", e.License, e.LicenseName, tt.license, tt.licenseName)
			}
			gated := "nil"
			if e.Gated != nil {
				gated = fmt.Sprint(*e.Gated)
			}
			if gated != tt.gated {
				t.Errorf("gated = %s, want %s", gated, tt.gated)
			}
			info := e.ModelInfo()
			if info.Source != SourceCatalog || info.Snapshot == "" || info.Snapshot != e.Snapshot {
				t.Errorf("info source/snapshot = %q/%q", info.Source, info.Snapshot)
			}
			var bases []string
			for _, b := range info.BaseModels {
				bases = append(bases, b.ID)
				if b.Relation != tt.relation {
					t.Errorf("relation of %s = %q, want %q", b.ID, b.Relation, tt.relation)
				}
			}
			if strings.Join(bases, ",") != strings.Join(tt.bases, ",") {
				t.Errorf("bases = %v, want %v", bases, tt.bases)
			}
		})
	}
}

func TestParseYAMLRejects(t *testing.T) {
	row := func(extra string) string {
		return "models:\n- hub: huggingface\n  id: a/b\n  license: mit\n  license_name: null\n  license_link: null\n  base_model: []\n  base_model_relation: null\n  gated: false\n  source: here\n  snapshot: 2025-01-01\n" + extra
	}
	tests := []struct {
		name, in, want string
	}{
		{"unknown key", row("  colour: red\n"), "colour"},
		{"duplicate id", row("- hub: huggingface\n  id: A/B\n  source: s\n  snapshot: d\n"), "twice"},
		{"missing source", "models:\n- hub: huggingface\n  id: a/b\n  snapshot: d\n", "required"},
		{"bad relation", "models:\n- hub: huggingface\n  id: a/b\n  base_model_relation: cousin\n  source: s\n  snapshot: d\n", "cousin"},
		{"license list", "models:\n- hub: huggingface\n  id: a/b\n  license: [mit, other]\n  source: s\n  snapshot: d\n", "line 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := ParseYAML([]byte(row(""))); err != nil {
		t.Fatalf("valid row rejected: %v", err)
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Builtin().WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ParseYAML(buf.Bytes())
	if err != nil {
		t.Fatalf("re-reading written YAML: %v", err)
	}
	// The research file's format has no established licenses (they live
	// in established.yaml); compare the declared facts.
	var declared []Entry
	for _, e := range Builtin().Entries() {
		e.Established = nil
		declared = append(declared, e)
	}
	want, err := New(declared)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := want.EncodeJSON()
	b, _ := back.EncodeJSON()
	if !bytes.Equal(a, b) {
		t.Fatal("WriteYAML then ParseYAML changed the catalog")
	}
}

// fakeHub answers from a table; ids missing from it are not found.
type fakeHub struct {
	name  string
	infos map[string]*hub.ModelInfo
	errs  map[string]error
}

func (f *fakeHub) Name() string { return f.name }

func (f *fakeHub) Model(_ context.Context, id, _ string) (*hub.ModelInfo, error) {
	if err, ok := f.errs[id]; ok {
		return nil, err
	}
	if info, ok := f.infos[id]; ok {
		c := *info
		return &c, nil
	}
	return nil, fmt.Errorf("model %s: %w", id, hub.ErrNotFound)
}

func TestRefresh(t *testing.T) {
	hf := &fakeHub{name: "huggingface", infos: map[string]*hub.ModelInfo{
		"meta-llama/Meta-Llama-3-8B": {Hub: "huggingface", ID: "meta-llama/Meta-Llama-3-8B", License: "llama3", Gated: true, Source: "hub"},
		"org/quant-GGUF": {Hub: "huggingface", ID: "org/quant-GGUF", License: "apache-2.0", Source: "hub",
			BaseModels: []hub.BaseRef{{ID: "org/base", Relation: "quantized"}}},
		"org/merge": {Hub: "huggingface", ID: "org/merge", License: "mit", Source: "cache",
			BaseModels: []hub.BaseRef{{ID: "x/a", Relation: "merge"}, {ID: "x/b", Relation: "finetune"}}},
		"org/renamed-old": {Hub: "huggingface", ID: "org/renamed-new", License: "mit", Source: "hub",
			BaseModels: []hub.BaseRef{{Hub: "github", ID: "o/r", Relation: "finetune"}}},
	}, errs: map[string]error{"org/down": errors.New("connection refused")}}

	ids := []ID{
		{"huggingface", "meta-llama/Meta-Llama-3-8B"}, {"huggingface", "org/quant-GGUF"},
		{"huggingface", "org/merge"}, {"huggingface", "org/renamed-old"},
		{"huggingface", "org/down"}, {"huggingface", "org/missing"}, {"modelscope", "a/b"},
	}
	got, err := Refresh(context.Background(), map[string]hub.Client{"huggingface": hf}, "2026-12-01", ids...)
	if err == nil {
		t.Fatal("want an error listing the models that failed")
	}
	for _, want := range []string{"org/down", "org/missing", "modelscope:a/b"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("joined error should wrap ErrNotFound: %v", err)
	}
	if got.Len() != 4 {
		t.Fatalf("refreshed %d models, want 4", got.Len())
	}
	llama, ok := got.Lookup("huggingface", "meta-llama/meta-llama-3-8b")
	if !ok || llama.License != "llama3" || llama.Gated == nil || !*llama.Gated || llama.Snapshot != "2026-12-01" || !strings.Contains(llama.Source, "hub") {
		t.Errorf("llama entry = %+v", llama)
	}
	q, _ := got.Lookup("huggingface", "org/quant-GGUF")
	if q.BaseModelRelation != "quantized" || len(q.BaseModels) != 1 || q.BaseModels[0] != "org/base" {
		t.Errorf("quant entry = %+v", q)
	}
	m, _ := got.Lookup("huggingface", "org/merge")
	if m.BaseModelRelation != "" || len(m.BaseModels) != 2 {
		t.Errorf("mixed relations must not be collapsed: %+v", m)
	}
	r, ok := got.Lookup("huggingface", "org/renamed-old")
	if !ok {
		t.Fatal("a renamed model is kept under the requested id")
	}
	if bi := r.ModelInfo().BaseModels; len(bi) != 1 || bi[0].Hub != "github" || bi[0].ID != "o/r" {
		t.Errorf("cross-hub base = %+v", bi)
	}

	// Merging keeps old facts for models that failed to refresh.
	merged := Builtin().Merge(got)
	if merged.Len() != Builtin().Len()+3 { // llama replaced, three new
		t.Errorf("merged len = %d, want %d", merged.Len(), Builtin().Len()+3)
	}
	if e, _ := merged.Lookup("huggingface", "meta-llama/Meta-Llama-3-8B"); e.Snapshot != "2026-12-01" {
		t.Errorf("fresh fact must win in a merge: %+v", e)
	}
	if _, ok := merged.Lookup("huggingface", "Qwen/Qwen2.5-3B-Instruct"); !ok {
		t.Error("merge lost an old entry")
	}

	if _, err := Refresh(context.Background(), nil, ""); err == nil {
		t.Error("refresh without a snapshot date must fail")
	}
}
