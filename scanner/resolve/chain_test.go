package resolve

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/knownmodels"
)

// cardInfo builds a hub answer from a real model card's front matter, read
// in place from ../shared. The relation stands in for the Hub's computed
// base_model:<relation>:<id> tag: a card that declares
// base_model_relation keeps it; otherwise a -GGUF repository is a
// quantization and anything else a fine-tune.
func cardInfo(t *testing.T, path, id string) *hub.ModelInfo {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Some recorded cards use CRLF line endings.
	front := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if rest, ok := bytes.CutPrefix(front, []byte("---\n")); ok {
		if i := bytes.Index(rest, []byte("\n---")); i >= 0 {
			front = rest[:i]
		}
	}
	var fm struct {
		License     any    `yaml:"license"`
		LicenseName string `yaml:"license_name"`
		LicenseLink string `yaml:"license_link"`
		BaseModel   any    `yaml:"base_model"`
		Relation    string `yaml:"base_model_relation"`
		Datasets    any    `yaml:"datasets"`
		GatedPrompt string `yaml:"extra_gated_prompt"`
	}
	if err := yaml.Unmarshal(front, &fm); err != nil {
		t.Fatalf("%s: front matter: %v", path, err)
	}
	info := &hub.ModelInfo{Hub: "huggingface", ID: id, LicenseName: fm.LicenseName, LicenseLink: fm.LicenseLink, Card: data}
	if s, ok := fm.License.(string); ok {
		info.License = s
	}
	rel := fm.Relation
	if rel == "" {
		rel = "finetune"
		if strings.HasSuffix(strings.ToLower(id), "-gguf") {
			rel = "quantized"
		}
	}
	for _, b := range stringsOf(fm.BaseModel) {
		info.BaseModels = append(info.BaseModels, hub.BaseRef{ID: b, Relation: rel})
	}
	info.Datasets = stringsOf(fm.Datasets)
	return info
}

func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

var baseTag = regexp.MustCompile(`^base_model:(finetune|adapter|quantized|merge):(.+)$`)

// apiInfo builds a hub answer from a recorded GET /api/models/{id} body,
// preferring the Hub's resolved base_model tag over cardData.base_model
// (which can hold a stale, pre-rename id).
func apiInfo(t *testing.T, path string) *hub.ModelInfo {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		ID       string         `json:"id"`
		SHA      string         `json:"sha"`
		Gated    any            `json:"gated"`
		Tags     []string       `json:"tags"`
		CardData map[string]any `json:"cardData"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	info := &hub.ModelInfo{Hub: "huggingface", ID: body.ID, Revision: body.SHA, Tags: body.Tags}
	info.Gated = body.Gated != nil && body.Gated != false
	if s, ok := body.CardData["license"].(string); ok {
		info.License = s
	}
	for _, tag := range body.Tags {
		if m := baseTag.FindStringSubmatch(tag); m != nil {
			info.BaseModels = append(info.BaseModels, hub.BaseRef{ID: m[2], Relation: m[1]})
		}
	}
	return info
}

// TestRecordedLlama3Chain resolves real references: GGUF quantizations and
// fine-tunes of Llama 3 whose cards and API answers were recorded, and a
// local GGUF file whose header names its base. It must report each chain
// back to its root with relations, collapse the renamed Meta-Llama-3.1 id,
// and de-duplicate the base shared by two direct references.
func TestRecordedLlama3Chain(t *testing.T) {
	cards := sharedtest.Path(t, "fixtures/hub/huggingface/model-cards")
	api := sharedtest.Path(t, "fixtures/hub/huggingface/api-models")

	hf := newFake("huggingface")
	for _, id := range []string{
		"MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF",
		"NousResearch/Hermes-2-Theta-Llama-3-8B",
		"NousResearch/Hermes-2-Pro-Llama-3-8B",
		"NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF",
		"NousResearch/Meta-Llama-3-8B",
		"bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
	} {
		hf.add(cardInfo(t, filepath.Join(cards, strings.ReplaceAll(id, "/", "--")+".README.md"), id))
	}
	hf.add(apiInfo(t, filepath.Join(api, "api-models--meta-llama--Meta-Llama-3-8B-Instruct.json")))
	hf.add(apiInfo(t, filepath.Join(api, "api-models--meta-llama--Llama-3.1-8B-Instruct.json")))
	// The recorded 307 for the old Meta-Llama-3.1 name.
	redirect, err := os.ReadFile(filepath.Join(api, "api-models--meta-llama--Meta-Llama-3.1-8B-Instruct.307.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, target, ok := strings.Cut(string(redirect), "/api/models/")
	if !ok {
		t.Fatalf("unexpected redirect body %q", redirect)
	}
	hf.rename("meta-llama/Meta-Llama-3.1-8B-Instruct", strings.TrimSpace(target))
	// Everything else is unreachable: the catalog must answer or the
	// model is reported offline.
	hf.unknown = hub.ErrOffline

	refs := []discover.Reference{
		{Hub: "huggingface", ID: "MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF", Kind: discover.KindModel, Location: sbom.Location{Path: "app/chat.py", Line: 12, Via: "from_pretrained"}},
		{Hub: "huggingface", ID: "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", Kind: discover.KindModel, Location: sbom.Location{Path: "deploy/values.yaml", Line: 4, Via: "yaml"}},
		{Hub: "huggingface", ID: "NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF", Kind: discover.KindModel, Location: sbom.Location{Path: "app/tools.py", Line: 3, Via: "hf_hub_download"}},
		{Hub: "local", ID: "models/hermes-theta.Q4_K_M.gguf", Kind: discover.KindModel, Location: sbom.Location{Path: "models/hermes-theta.Q4_K_M.gguf", Via: "gguf"},
			Local: &discover.LocalInfo{Format: "gguf", License: "apache-2.0", BaseModels: []sbom.BaseModel{{Ref: "hf:NousResearch/Hermes-2-Theta-Llama-3-8B", Relation: "quantized"}}}},
	}
	g, err := Resolve(context.Background(), refs, Options{Clients: map[string]hub.Client{"huggingface": hf}, Catalog: knownmodels.Builtin(), Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}

	type want struct {
		status, source, license string
		direct                  bool
		depth                   int
		bases                   []sbom.BaseModel
		via                     []string
	}
	const (
		maziyar = "hf:MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF"
		llama3  = "hf:meta-llama/Meta-Llama-3-8B-Instruct"
		bart    = "hf:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF"
		llama31 = "hf:meta-llama/Llama-3.1-8B-Instruct"
		base31  = "hf:meta-llama/Llama-3.1-8B"
		local   = "local:models/hermes-theta.Q4_K_M.gguf"
		theta   = "hf:NousResearch/Hermes-2-Theta-Llama-3-8B"
		pro     = "hf:NousResearch/Hermes-2-Pro-Llama-3-8B"
		proGGUF = "hf:NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF"
		nousL3  = "hf:NousResearch/Meta-Llama-3-8B"
	)
	wants := map[string]want{
		maziyar: {status: "resolved", source: "hub", direct: true, bases: []sbom.BaseModel{{Ref: llama3, Relation: "quantized"}}},
		llama3:  {status: "resolved", source: "hub", license: "llama3", depth: 1, via: []string{maziyar}},
		bart:    {status: "resolved", source: "hub", license: "llama3.1", direct: true, bases: []sbom.BaseModel{{Ref: llama31, Relation: "quantized"}}},
		llama31: {status: "resolved", source: "hub", license: "llama3.1", depth: 1, via: []string{bart}, bases: []sbom.BaseModel{{Ref: base31, Relation: "finetune"}}},
		base31:  {status: "offline", depth: 2, via: []string{bart}},
		local:   {status: "resolved", source: "file", license: "apache-2.0", direct: true, bases: []sbom.BaseModel{{Ref: theta, Relation: "quantized"}}},
		theta:   {status: "resolved", source: "hub", license: "apache-2.0", depth: 1, via: []string{local}, bases: []sbom.BaseModel{{Ref: pro, Relation: "finetune"}}},
		pro:     {status: "resolved", source: "hub", license: "llama3", depth: 2, via: []string{local}, bases: []sbom.BaseModel{{Ref: nousL3, Relation: "finetune"}}},
		proGGUF: {status: "resolved", source: "hub", license: "apache-2.0", direct: true, bases: []sbom.BaseModel{{Ref: nousL3, Relation: "quantized"}}},
		nousL3:  {status: "resolved", source: "hub", license: "other", depth: 1, via: []string{proGGUF, local}},
	}
	var refsGot []string
	for _, n := range g.Nodes {
		refsGot = append(refsGot, n.Ref)
	}
	if len(g.Nodes) != len(wants) {
		t.Fatalf("nodes = %v, want %d", refsGot, len(wants))
	}
	if !slices.IsSorted(refsGot) {
		t.Errorf("nodes not sorted by ref: %v", refsGot)
	}
	for ref, w := range wants {
		n, ok := g.Node(ref)
		if !ok {
			t.Errorf("missing node %s (have %v)", ref, refsGot)
			continue
		}
		src, lic := "", ""
		if n.Info != nil {
			src, lic = n.Info.Source, n.Info.License
		}
		if n.Status != w.status || src != w.source || lic != w.license || n.Direct != w.direct || n.Depth != w.depth {
			t.Errorf("%s: status %s source %q license %q direct %v depth %d (reason %q); want %s %q %q %v %d",
				ref, n.Status, src, lic, n.Direct, n.Depth, n.Reason, w.status, w.source, w.license, w.direct, w.depth)
		}
		if !slices.Equal(n.Bases, w.bases) {
			t.Errorf("%s: bases %v, want %v", ref, n.Bases, w.bases)
		}
		if !slices.Equal(n.Via, w.via) {
			t.Errorf("%s: via %v, want %v", ref, n.Via, w.via)
		}
	}
	if n, _ := g.Node(base31); !strings.Contains(n.Reason, "offline") {
		t.Errorf("unreachable base without a catalog fact: reason %q", n.Reason)
	}
	if n, _ := g.Node(pro); !slices.Equal(n.Datasets, []string{"hf-dataset:teknium/OpenHermes-2.5"}) {
		t.Errorf("datasets = %v", n.Datasets)
	}
	if n, _ := g.Node(llama3); !n.Info.Gated || n.Status != sbom.StatusResolved {
		t.Errorf("a gated repo whose metadata was read is resolved and flagged gated: %+v", n.Info)
	}
	// Each distinct model was asked for once, the shared base included.
	if c := hf.callsTo("NousResearch/Meta-Llama-3-8B"); c != 1 {
		t.Errorf("shared base requested %d times", c)
	}
	if len(g.Warnings) != 0 {
		t.Errorf("warnings = %v", g.Warnings)
	}
}
