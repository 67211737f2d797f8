package resolve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/knownmodels"
)

func hfRef(id, path string, line int) discover.Reference {
	return discover.Reference{Hub: "huggingface", ID: id, Kind: discover.KindModel, Location: sbom.Location{Path: path, Line: line, Via: "test"}}
}

func info(id, license string, bases ...string) *hub.ModelInfo {
	i := &hub.ModelInfo{Hub: "huggingface", ID: id, License: license}
	for _, b := range bases {
		rel := "finetune"
		if r, id, ok := strings.Cut(b, "="); ok {
			rel, b = r, id
		}
		i.BaseModels = append(i.BaseModels, hub.BaseRef{ID: b, Relation: rel})
	}
	return i
}

func testCatalog(t *testing.T) *knownmodels.Catalog {
	t.Helper()
	yes := true
	c, err := knownmodels.New([]knownmodels.Entry{
		{Hub: "huggingface", ID: "org/Cataloged", License: "apache-2.0", BaseModels: []string{"org/CatBase"}, Source: "test", Snapshot: "2025-01-02"},
		{Hub: "huggingface", ID: "org/CatBase", License: "mit", Source: "test", Snapshot: "2025-01-02"},
		{Hub: "huggingface", ID: "meta/Gated", License: "llama3", Gated: &yes, Source: "test", Snapshot: "2025-01-03"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type nodeWant struct {
	status, source, license string
	reason                  string // substring
	bases                   []string
	via                     []string
	depth                   int
	direct                  bool
	locations               int
}

func check(t *testing.T, g *Graph, wants map[string]nodeWant) {
	t.Helper()
	var refs []string
	for _, n := range g.Nodes {
		refs = append(refs, n.Ref)
	}
	if len(refs) != len(wants) {
		t.Errorf("nodes = %v, want %d nodes", refs, len(wants))
	}
	for ref, w := range wants {
		n, ok := g.Node(ref)
		if !ok {
			t.Errorf("missing %s in %v", ref, refs)
			continue
		}
		src, lic := "", ""
		if n.Info != nil {
			src, lic = n.Info.Source, n.Info.License
		}
		var bases []string
		for _, b := range n.Bases {
			bases = append(bases, b.Relation+"="+b.Ref)
		}
		if n.Status != w.status || src != w.source || lic != w.license || n.Depth != w.depth || n.Direct != w.direct {
			t.Errorf("%s: status %q source %q license %q depth %d direct %v (reason %q), want %q %q %q %d %v",
				ref, n.Status, src, lic, n.Depth, n.Direct, n.Reason, w.status, w.source, w.license, w.depth, w.direct)
		}
		if !strings.Contains(n.Reason, w.reason) || (w.reason == "" && n.Reason != "") {
			t.Errorf("%s: reason %q, want %q", ref, n.Reason, w.reason)
		}
		if !slices.Equal(bases, w.bases) {
			t.Errorf("%s: bases %v, want %v", ref, bases, w.bases)
		}
		if !slices.Equal(n.Via, w.via) {
			t.Errorf("%s: via %v, want %v", ref, n.Via, w.via)
		}
		if w.locations != 0 && len(n.Locations) != w.locations {
			t.Errorf("%s: %d locations, want %d: %v", ref, len(n.Locations), w.locations, n.Locations)
		}
		if n.Key != sbom.Key(n.Hub, n.ID, n.Revision) || n.Ref != sbom.Ref(n.Hub, n.ID, n.Revision) {
			t.Errorf("%s: key %q / ref inconsistent with hub %q id %q", ref, n.Key, n.Hub, n.ID)
		}
	}
}

func TestResolve(t *testing.T) {
	netErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name     string
		hf       func() *fakeClient
		refs     []discover.Reference
		opts     Options
		want     map[string]nodeWant
		warnings []string // substrings, in order
	}{{
		name: "shared base de-duplicated and reached through both",
		hf: func() *fakeClient {
			return newFake("huggingface").add(info("a/ft1", "mit", "root/Base")).add(info("b/ft2", "mit", "quantized=ROOT/base")).add(info("root/Base", "llama3"))
		},
		refs: []discover.Reference{hfRef("a/ft1", "x.py", 1), hfRef("b/ft2", "y.py", 2)},
		want: map[string]nodeWant{
			"hf:a/ft1":     {status: "resolved", source: "hub", license: "mit", direct: true, bases: []string{"finetune=hf:root/Base"}},
			"hf:b/ft2":     {status: "resolved", source: "hub", license: "mit", direct: true, bases: []string{"quantized=hf:root/Base"}},
			"hf:root/Base": {status: "resolved", source: "hub", license: "llama3", depth: 1, via: []string{"hf:a/ft1", "hf:b/ft2"}},
		},
	}, {
		name: "refs merged by key across case, locations sorted and de-duplicated",
		hf:   func() *fakeClient { return newFake("huggingface").add(info("Org/Model", "mit")) },
		refs: []discover.Reference{hfRef("org/model", "b.py", 9), hfRef("Org/Model", "a.py", 3), hfRef("ORG/MODEL", "b.py", 9)},
		want: map[string]nodeWant{
			"hf:Org/Model": {status: "resolved", source: "hub", license: "mit", direct: true, locations: 2},
		},
	}, {
		name: "cycle is walked once and reported",
		hf: func() *fakeClient {
			return newFake("huggingface").add(info("c/a", "mit", "c/b")).add(info("c/b", "mit", "c/c")).add(info("c/c", "mit", "c/a"))
		},
		refs: []discover.Reference{hfRef("c/a", "x.py", 1)},
		want: map[string]nodeWant{
			"hf:c/a": {status: "resolved", source: "hub", license: "mit", direct: true, bases: []string{"finetune=hf:c/b"}},
			"hf:c/b": {status: "resolved", source: "hub", license: "mit", depth: 1, bases: []string{"finetune=hf:c/c"}, via: []string{"hf:c/a"}},
			"hf:c/c": {status: "resolved", source: "hub", license: "mit", depth: 2, bases: []string{"finetune=hf:c/a"}, via: []string{"hf:c/a"}},
		},
		warnings: []string{"base_model cycle: hf:c/a → hf:c/b → hf:c/c → hf:c/a"},
	}, {
		name: "self reference ignored",
		hf:   func() *fakeClient { return newFake("huggingface").add(info("s/self", "mit", "S/Self")) },
		refs: []discover.Reference{hfRef("s/self", "x.py", 1)},
		want: map[string]nodeWant{
			"hf:s/self": {status: "resolved", source: "hub", license: "mit", direct: true},
		},
		warnings: []string{"declares itself"},
	}, {
		name: "depth bound stops the walk with an explicit node",
		hf: func() *fakeClient {
			return newFake("huggingface").add(info("d/0", "mit", "d/1")).add(info("d/1", "mit", "d/2")).add(info("d/2", "mit", "d/3")).add(info("d/3", "mit"))
		},
		refs: []discover.Reference{hfRef("d/0", "x.py", 1)},
		opts: Options{MaxDepth: 2},
		want: map[string]nodeWant{
			"hf:d/0": {status: "resolved", source: "hub", license: "mit", direct: true, bases: []string{"finetune=hf:d/1"}},
			"hf:d/1": {status: "resolved", source: "hub", license: "mit", depth: 1, bases: []string{"finetune=hf:d/2"}, via: []string{"hf:d/0"}},
			"hf:d/2": {status: "resolved", source: "hub", license: "mit", depth: 2, bases: []string{"finetune=hf:d/3"}, via: []string{"hf:d/0"}},
			"hf:d/3": {status: "error", reason: "depth bound (2)", depth: 3, via: []string{"hf:d/0"}},
		},
		warnings: []string{"lineage cut at depth 2"},
	}, {
		name: "renamed ids collapse into one canonical node",
		hf: func() *fakeClient {
			return newFake("huggingface").add(info("meta/New-Name", "llama3.1")).rename("meta/Old-Name", "meta/New-Name").
				add(info("q/quant", "llama3.1", "quantized=meta/Old-Name"))
		},
		refs: []discover.Reference{hfRef("meta/Old-Name", "old.py", 1), hfRef("meta/new-name", "new.py", 2), hfRef("q/quant", "q.py", 3)},
		want: map[string]nodeWant{
			"hf:meta/New-Name": {status: "resolved", source: "hub", license: "llama3.1", direct: true, locations: 2, via: []string{"hf:q/quant"}},
			"hf:q/quant":       {status: "resolved", source: "hub", license: "llama3.1", direct: true, bases: []string{"quantized=hf:meta/New-Name"}},
		},
	}, {
		name: "a network error falls back to the catalog, then reports error",
		hf: func() *fakeClient {
			f := newFake("huggingface")
			f.unknown = netErr
			return f
		},
		refs: []discover.Reference{hfRef("org/cataloged", "x.py", 1), hfRef("org/unknown", "y.py", 2)},
		opts: Options{Catalog: testCatalog(t)},
		want: map[string]nodeWant{
			"hf:org/Cataloged": {status: "resolved", source: "catalog", license: "apache-2.0", direct: true, bases: []string{"unknown=hf:org/CatBase"}},
			"hf:org/CatBase":   {status: "resolved", source: "catalog", license: "mit", depth: 1, via: []string{"hf:org/Cataloged"}},
			"hf:org/unknown":   {status: "error", reason: "connection refused", direct: true},
		},
		warnings: []string{"answered from the built-in catalog (snapshot 2025-01-02)", "answered from the built-in catalog (snapshot 2025-01-02)"},
	}, {
		name: "offline mode: cache answers, then catalog, then status offline",
		hf: func() *fakeClient {
			f := newFake("huggingface").add(&hub.ModelInfo{ID: "c/cached", License: "mit", Source: "cache"})
			f.unknown = hub.ErrOffline
			return f
		},
		refs: []discover.Reference{hfRef("c/cached", "x.py", 1), hfRef("org/CatBase", "y.py", 1), hfRef("n/nowhere", "z.py", 1)},
		opts: Options{Offline: true, Catalog: testCatalog(t)},
		want: map[string]nodeWant{
			"hf:c/cached":    {status: "resolved", source: "cache", license: "mit", direct: true},
			"hf:org/CatBase": {status: "resolved", source: "catalog", license: "mit", direct: true},
			"hf:n/nowhere":   {status: "offline", reason: "not in the cache or the built-in catalog", direct: true},
		},
		warnings: nil, // offline, the catalog is the expected answer: no warning
	}, {
		name: "an online answer wins over the catalog",
		hf:   func() *fakeClient { return newFake("huggingface").add(info("org/Cataloged", "cc-by-nc-4.0")) },
		refs: []discover.Reference{hfRef("org/Cataloged", "x.py", 1)},
		opts: Options{Catalog: testCatalog(t)},
		want: map[string]nodeWant{
			"hf:org/Cataloged": {status: "resolved", source: "hub", license: "cc-by-nc-4.0", direct: true},
		},
	}, {
		name: "statuses: not found, revision, gated, unauthorized, rate limited",
		hf: func() *fakeClient {
			f := newFake("huggingface").
				fail("e/ratelimited", hub.ErrRateLimited).
				fail("e/private", hub.ErrUnauthorized).
				fail("meta/Gated", hub.ErrUnauthorized).
				fail("e/gated-no-meta", hub.ErrGated).
				add(&hub.ModelInfo{ID: "e/gated-meta", License: "gemma", Gated: true, Partial: "LICENSE: 403 GatedRepo"}).
				add(&hub.ModelInfo{ID: "e/gated-ok", License: "gemma", Gated: true})
			f.answers["e/pinned"] = answer{err: hub.ErrRevisionNotFound}
			return f
		},
		refs: []discover.Reference{
			hfRef("e/missing", "x.py", 1), hfRef("e/ratelimited", "x.py", 2), hfRef("e/private", "x.py", 3),
			hfRef("meta/Gated", "x.py", 4), hfRef("e/gated-no-meta", "x.py", 5), hfRef("e/gated-meta", "x.py", 6),
			hfRef("e/gated-ok", "x.py", 7),
			{Hub: "huggingface", ID: "e/pinned", Revision: "v9", Kind: discover.KindModel, Location: sbom.Location{Path: "x.py", Line: 8}},
		},
		opts: Options{Catalog: testCatalog(t)},
		want: map[string]nodeWant{
			"hf:e/missing":       {status: "not-found", reason: "not found", direct: true},
			"hf:e/pinned@v9":     {status: "not-found", reason: "revision not found", direct: true},
			"hf:e/ratelimited":   {status: "error", reason: "rate limited", direct: true},
			"hf:e/private":       {status: "error", reason: "unauthorized", direct: true},
			"hf:meta/Gated":      {status: "gated", source: "catalog", license: "llama3", reason: "unauthorized", direct: true},
			"hf:e/gated-no-meta": {status: "gated", reason: "gated", direct: true},
			"hf:e/gated-meta":    {status: "gated", source: "hub", license: "gemma", reason: "GatedRepo", direct: true},
			"hf:e/gated-ok":      {status: "resolved", source: "hub", license: "gemma", direct: true},
		},
	}, {
		name: "providers, local files and hubs without a client",
		hf:   func() *fakeClient { return newFake("huggingface").add(info("up/stream", "apache-2.0")) },
		refs: []discover.Reference{
			{Hub: "openai", ID: "gpt-4o", Kind: discover.KindModel, Location: sbom.Location{Path: "a.py", Line: 1}},
			{Hub: "anthropic", ID: "claude-3-5-sonnet", Kind: discover.KindModel, Location: sbom.Location{Path: "a.py", Line: 2}},
			{Hub: "local", ID: "models/x.gguf", Kind: discover.KindModel, Location: sbom.Location{Path: "models/x.gguf"},
				Local: &discover.LocalInfo{License: "apache-2.0", Datasets: []string{"d/set"}, BaseModels: []sbom.BaseModel{{Ref: "hf:up/stream", Relation: "quantized"}, {Ref: "nonsense"}}}},
			{Hub: "modelscope", ID: "qwen/Qwen2-7B", Kind: discover.KindModel, Location: sbom.Location{Path: "ms.py", Line: 1}},
			{Hub: "huggingface", ID: "d/ataset", Kind: discover.KindDataset, Location: sbom.Location{Path: "ds.py", Line: 1}},
		},
		want: map[string]nodeWant{
			"openai:gpt-4o":               {status: "resolved", source: "provider", direct: true},
			"anthropic:claude-3-5-sonnet": {status: "resolved", source: "provider", direct: true},
			"local:models/x.gguf":         {status: "resolved", source: "file", license: "apache-2.0", direct: true, bases: []string{"quantized=hf:up/stream"}},
			"hf:up/stream":                {status: "resolved", source: "hub", license: "apache-2.0", depth: 1, via: []string{"local:models/x.gguf"}},
			"modelscope:qwen/Qwen2-7B":    {status: "error", reason: "no modelscope client", direct: true},
		},
		warnings: []string{"base model \"nonsense\""},
	}, {
		name: "ollama tags: latest merged, hf.co tags become Hugging Face refs, upstream followed",
		hf: func() *fakeClient {
			return newFake("huggingface").add(info("meta-llama/Meta-Llama-3-8B-Instruct", "llama3")).add(info("bartowski/gemma-2-9b-it-GGUF", "gemma", "quantized=google/gemma-2-9b-it")).add(info("google/gemma-2-9b-it", "gemma"))
		},
		refs: []discover.Reference{
			{Hub: "ollama", ID: "llama3", Kind: discover.KindModel, Location: sbom.Location{Path: "Modelfile", Line: 1}},
			{Hub: "ollama", ID: "llama3:latest", Kind: discover.KindModel, Location: sbom.Location{Path: "compose.yaml", Line: 7}},
			{Hub: "ollama", ID: "hf.co/bartowski/gemma-2-9b-it-GGUF:Q4_K_M", Kind: discover.KindModel, Location: sbom.Location{Path: "run.sh", Line: 2}},
			{Hub: "ollama", ID: "someone/private:1b", Kind: discover.KindModel, Location: sbom.Location{Path: "run.sh", Line: 3}},
		},
		want: map[string]nodeWant{
			"ollama:llama3:latest":                   {status: "resolved", source: "catalog", license: "llama3", direct: true, locations: 2, bases: []string{"quantized=hf:meta-llama/Meta-Llama-3-8B-Instruct"}},
			"hf:meta-llama/Meta-Llama-3-8B-Instruct": {status: "resolved", source: "hub", license: "llama3", depth: 1, via: []string{"ollama:llama3:latest"}},
			"hf:bartowski/gemma-2-9b-it-GGUF":        {status: "resolved", source: "hub", license: "gemma", direct: true, bases: []string{"quantized=hf:google/gemma-2-9b-it"}},
			"hf:google/gemma-2-9b-it":                {status: "resolved", source: "hub", license: "gemma", depth: 1, via: []string{"hf:bartowski/gemma-2-9b-it-GGUF"}},
			"ollama:someone/private:1b":              {status: "error", reason: "no ollama client", direct: true},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hf := tt.hf()
			opts := tt.opts
			opts.Clients = map[string]hub.Client{"huggingface": hf}
			g, err := Resolve(context.Background(), tt.refs, opts)
			if err != nil {
				t.Fatal(err)
			}
			check(t, g, tt.want)
			if len(g.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings = %+v, want %d", g.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.Contains(g.Warnings[i].Message, w) {
					t.Errorf("warning %d = %q, want %q", i, g.Warnings[i].Message, w)
				}
			}
			for key, c := range hf.calls {
				if c != 1 {
					t.Errorf("%s requested %d times, want once", key, c)
				}
			}
			// Same input, same graph.
			rev := slices.Clone(tt.refs)
			slices.Reverse(rev)
			g2, _ := Resolve(context.Background(), rev, opts)
			if !reflect.DeepEqual(g, g2) {
				t.Errorf("graph depends on reference order:\n%+v\n%+v", g.Nodes, g2.Nodes)
			}
		})
	}
}

// TestConcurrency resolves many models sharing ancestors with a slow hub:
// the number of simultaneous requests stays within the bound, each model
// is requested once, and the result matches a sequential run. Run with
// -race.
func TestConcurrency(t *testing.T) {
	build := func() *fakeClient {
		f := newFake("huggingface")
		f.delay = 2 * time.Millisecond
		for i := range 40 {
			f.add(info(fmt.Sprintf("ft/m%02d", i), "mit", fmt.Sprintf("mid/b%d", i%5)))
		}
		for i := range 5 {
			f.add(info(fmt.Sprintf("mid/b%d", i), "apache-2.0", "root/base"))
		}
		f.add(info("root/base", "llama3"))
		return f
	}
	var refs []discover.Reference
	for i := range 40 {
		refs = append(refs, hfRef(fmt.Sprintf("ft/m%02d", i), "x.py", i+1))
	}
	f := build()
	g, err := Resolve(context.Background(), refs, Options{Clients: map[string]hub.Client{"huggingface": f}, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != 46 {
		t.Fatalf("%d nodes, want 46", len(g.Nodes))
	}
	if f.peak > 4 || f.peak < 2 {
		t.Errorf("peak concurrent requests = %d, want 2..4", f.peak)
	}
	for k, c := range f.calls {
		if c != 1 {
			t.Errorf("%s requested %d times", k, c)
		}
	}
	root, _ := g.Node("hf:root/base")
	if len(root.Via) != 40 || root.Depth != 2 {
		t.Errorf("root via %d depth %d", len(root.Via), root.Depth)
	}
	seq := build()
	g1, _ := Resolve(context.Background(), refs, Options{Clients: map[string]hub.Client{"huggingface": seq}, Concurrency: 1})
	if seq.peak != 1 {
		t.Errorf("Concurrency 1 made %d parallel requests", seq.peak)
	}
	if !reflect.DeepEqual(g, g1) {
		t.Error("parallel and sequential graphs differ")
	}
}

func TestCancel(t *testing.T) {
	f := newFake("huggingface").add(info("a/b", "mit"))
	f.delay = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g, err := Resolve(ctx, []discover.Reference{hfRef("a/b", "x.py", 1)}, Options{Clients: map[string]hub.Client{"huggingface": f}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(g.Nodes) != 1 || g.Nodes[0].Status != sbom.StatusError || !strings.Contains(g.Nodes[0].Reason, "interrupted") {
		t.Errorf("interrupted graph = %+v", g.Nodes)
	}
}

func TestAncestors(t *testing.T) {
	f := newFake("huggingface").add(info("x/a", "mit", "x/b", "x/c")).add(info("x/b", "mit", "x/d")).add(info("x/c", "mit", "x/a")).add(info("x/d", "mit"))
	g, err := Resolve(context.Background(), []discover.Reference{hfRef("x/a", "x.py", 1)}, Options{Clients: map[string]hub.Client{"huggingface": f}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.Ancestors("hf:x/a"), []string{"hf:x/b", "hf:x/c", "hf:x/d"}; !slices.Equal(got, want) {
		t.Errorf("Ancestors = %v, want %v", got, want)
	}
	if got := g.Ancestors("hf:none"); len(got) != 0 {
		t.Errorf("Ancestors of a missing ref = %v", got)
	}
}
