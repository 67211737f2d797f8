// Package resolve is the resolve stage: it turns the references discovery
// found into a graph of distinct models, asks each model's hub what it
// knows once, and follows declared base models (fine-tunes, adapters,
// quantizations, merges) back to their roots, bounded in depth and safe
// against cycles. A model that cannot be resolved keeps a status and a
// reason; it never stops the rest of the graph.
package resolve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/hub/ollama"
	"github.com/aibom/aibom/scanner/knownmodels"
)

// Defaults for Options.
const (
	DefaultMaxDepth    = 8
	DefaultConcurrency = 8
)

// Answer sources beyond the hub's own (hub, cache).
const (
	SourceCatalog  = knownmodels.SourceCatalog
	SourceProvider = "provider"
	SourceFile     = "file"
)

// Options configure Resolve.
type Options struct {
	// Clients are the hub clients by hub name (huggingface, modelscope,
	// github, ollama). A fetchable hub without a client is answered from
	// the catalog alone.
	Clients map[string]hub.Client
	// Catalog is the offline catalog consulted when a hub cannot answer
	// (nil: none).
	Catalog *knownmodels.Catalog
	// Offline marks a scan that must not use the network. The clients are
	// still asked, and must answer from their cache only, so cached
	// answers are used; what neither they nor the catalog know gets
	// status offline.
	Offline bool
	// MaxDepth bounds the ancestry walk below a direct reference (default
	// DefaultMaxDepth). Ancestors beyond it are listed with status error.
	MaxDepth int
	// Concurrency bounds parallel hub requests (default DefaultConcurrency).
	Concurrency int
	Logger      *slog.Logger
}

// Node is one distinct model of the scan.
type Node struct {
	// Key is the de-duplication identity (sbom.Key); Ref the display ref.
	Key string
	Ref string
	// Hub, ID and Revision are canonical: after the hub's renames, with the
	// hub's spelling of the id. Revision is the pinned revision the project
	// asked for (empty for none); the commit the hub served is Info.Revision.
	Hub, ID, Revision string
	Direct            bool
	Locations         []sbom.Location
	// Via lists the refs of the direct models this one was reached
	// through as an ancestor (sorted).
	Via []string
	// Info is the hub's (or catalog's, or the local file's) answer; nil
	// when nothing was resolved.
	Info *hub.ModelInfo
	// Status is one of sbom.Status*; Reason says why it is not resolved.
	Status string
	Reason string
	// Bases are the declared ancestors that have nodes in the graph.
	Bases []sbom.BaseModel
	// Datasets are dataset refs (sbom.DatasetRef) the model names.
	Datasets []string
	// Depth is the shortest distance from a direct reference (0 for one).
	Depth int
}

// Graph is the resolved models, sorted by Ref, and the problems met.
type Graph struct {
	Nodes    []Node
	Warnings []sbom.Warning
}

// Node returns the node with the given ref.
func (g *Graph) Node(ref string) (Node, bool) {
	i, ok := slices.BinarySearchFunc(g.Nodes, ref, func(n Node, r string) int { return cmp.Compare(n.Ref, r) })
	if !ok {
		return Node{}, false
	}
	return g.Nodes[i], true
}

// Ancestors lists the refs of every model reachable from ref through its
// bases, nearest first (breadth-first, then by ref); it terminates on
// cyclic graphs.
func (g *Graph) Ancestors(ref string) []string {
	seen := map[string]bool{ref: true}
	var out []string
	queue := []string{ref}
	for len(queue) > 0 {
		n, ok := g.Node(queue[0])
		queue = queue[1:]
		if !ok {
			continue
		}
		for _, b := range n.Bases {
			if !seen[b.Ref] {
				seen[b.Ref] = true
				out = append(out, b.Ref)
				queue = append(queue, b.Ref)
			}
		}
	}
	return out
}

// node is a Node under construction.
type node struct {
	Node
	requestedID string // id to ask the hub for
	local       *discover.LocalInfo
	edges       []edge
	resolved    bool
}

type edge struct {
	key, relation string
}

type resolver struct {
	opts  Options
	nodes map[string]*node  // by canonical key
	alias map[string]string // requested key → canonical key
	warn  []sbom.Warning
}

// Resolve builds the graph for refs. Dataset references are skipped (the
// identify stage reports them). The error is non-nil only when ctx ends;
// the graph then holds what was resolved.
func Resolve(ctx context.Context, refs []discover.Reference, opts Options) (*Graph, error) {
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &resolver{opts: opts, nodes: map[string]*node{}, alias: map[string]string{}}

	var level []string
	for _, ref := range refs {
		if ref.Kind == discover.KindDataset {
			continue
		}
		h, id := normalize(ref.Hub, ref.ID)
		if h == "" || id == "" {
			r.warn = append(r.warn, sbom.Warning{Path: ref.Location.Path, Message: fmt.Sprintf("model reference without hub or id (%q, %q) skipped", ref.Hub, ref.ID)})
			continue
		}
		k := sbom.Key(h, id, ref.Revision)
		n, ok := r.nodes[k]
		if !ok {
			n = &node{Node: Node{Key: k, Hub: h, ID: id, Revision: ref.Revision}, requestedID: id}
			r.nodes[k] = n
			level = append(level, k)
		}
		n.Direct = true
		n.Locations = append(n.Locations, ref.Location)
		if ref.Local != nil && n.local == nil {
			n.local = ref.Local
		}
		if id < n.ID { // deterministic spelling whatever the input order
			n.ID, n.requestedID = id, id
		}
	}

	for depth := 0; len(level) > 0; depth++ {
		slices.Sort(level)
		if err := r.resolveLevel(ctx, level); err != nil {
			return r.graph(), err
		}
		level = r.expand(level, depth)
	}
	return r.graph(), ctx.Err()
}

// normalize canonicalises a reference's hub and id: Ollama tags get their
// full name:tag form, and hf.co/org/repo:quant tags become the Hugging
// Face repository they pull from.
func normalize(h, id string) (string, string) {
	h, id = strings.ToLower(strings.TrimSpace(h)), strings.TrimSpace(id)
	if h == sbom.HubOllama && id != "" {
		if repo, _, ok := ollama.HuggingFaceRepo(id); ok {
			return sbom.HubHuggingFace, repo
		}
		return h, ollama.ParseTag(id).String()
	}
	return h, id
}

// result is one model's answer.
type result struct {
	info           *hub.ModelInfo
	status, reason string
	warning        string
}

func (r *resolver) resolveLevel(ctx context.Context, keys []string) error {
	results := make([]result, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.opts.Concurrency)
	for i, k := range keys {
		n := r.nodes[k]
		if n.resolved || n.Status != "" {
			continue
		}
		req := request{hub: n.Hub, id: n.requestedID, revision: n.Revision, local: n.local}
		g.Go(func() error {
			results[i] = r.resolveOne(gctx, req)
			return nil
		})
	}
	_ = g.Wait() // workers never fail; statuses carry the errors
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, k := range keys {
		n, ok := r.nodes[k]
		if !ok || n.resolved {
			continue
		}
		res := results[i]
		n.resolved = true
		n.Info, n.Status, n.Reason = res.info, res.status, res.reason
		ref := sbom.Ref(n.Hub, n.ID, n.Revision)
		if res.warning != "" {
			r.warn = append(r.warn, sbom.Warning{Model: ref, Message: res.warning})
		}
		r.opts.Logger.Debug("resolved model", "model", ref, "status", n.Status, "source", sourceOf(n.Info))
		r.canonicalize(k, n)
	}
	return nil
}

// canonicalize re-keys a node whose hub answered with another id (a
// renamed repository), merging it into the node already holding that id.
func (r *resolver) canonicalize(k string, n *node) {
	if n.Info == nil || n.Info.ID == "" || n.Hub == sbom.HubLocal {
		return
	}
	if n.Info.ID == n.ID {
		return
	}
	ck := sbom.Key(n.Hub, n.Info.ID, n.Revision)
	if ck == k {
		n.ID = n.Info.ID // same model, the hub's spelling
		return
	}
	r.opts.Logger.Debug("renamed model", "from", n.ID, "to", n.Info.ID)
	delete(r.nodes, k)
	r.alias[k] = ck
	if into, ok := r.nodes[ck]; ok {
		into.Direct = into.Direct || n.Direct
		into.Locations = append(into.Locations, n.Locations...)
		into.Depth = min(into.Depth, n.Depth)
		if into.local == nil {
			into.local = n.local
		}
		if !into.resolved {
			// Take this answer rather than asking the hub again.
			into.resolved, into.Info, into.Status, into.Reason = true, n.Info, n.Status, n.Reason
		}
		return
	}
	n.Key, n.ID = ck, n.Info.ID
	r.nodes[ck] = n
}

func (r *resolver) lookupKey(k string) string {
	for range 64 { // alias chains are short; the bound guards a bad cycle
		next, ok := r.alias[k]
		if !ok {
			return k
		}
		k = next
	}
	return k
}

// expand records the edges of the nodes just resolved and returns the keys
// of the next level: ancestors not seen before.
func (r *resolver) expand(level []string, depth int) []string {
	var next []string
	for _, k := range level {
		n, ok := r.nodes[r.lookupKey(k)]
		if !ok || n.Depth != depth || n.edges != nil {
			continue
		}
		n.edges = []edge{}
		for _, b := range r.basesOf(n) {
			bk := r.lookupKey(sbom.Key(b.hub, b.id, ""))
			if bk == n.Key {
				r.warn = append(r.warn, sbom.Warning{Model: sbom.Ref(n.Hub, n.ID, n.Revision), Message: "declares itself as its base model; edge ignored"})
				continue
			}
			if slices.ContainsFunc(n.edges, func(e edge) bool { return e.key == bk }) {
				continue
			}
			n.edges = append(n.edges, edge{key: bk, relation: b.relation})
			if _, seen := r.nodes[bk]; seen {
				continue
			}
			an := &node{Node: Node{Key: bk, Hub: b.hub, ID: b.id, Depth: depth + 1}, requestedID: b.id}
			r.nodes[bk] = an
			if depth+1 > r.opts.MaxDepth {
				an.resolved = true
				an.Status = sbom.StatusError
				an.Reason = fmt.Sprintf("not resolved: ancestry deeper than the depth bound (%d)", r.opts.MaxDepth)
				r.warn = append(r.warn, sbom.Warning{Model: sbom.Ref(n.Hub, n.ID, n.Revision), Message: fmt.Sprintf("lineage cut at depth %d (max depth); raise the bound to follow %s", r.opts.MaxDepth, sbom.Ref(b.hub, b.id, ""))})
				continue
			}
			next = append(next, bk)
		}
	}
	return next
}

type baseRef struct{ hub, id, relation string }

// basesOf lists a node's declared ancestors: the hub's answer, then what a
// local file declares (GGUF general.base_model.*, a vendored card).
func (r *resolver) basesOf(n *node) []baseRef {
	var out []baseRef
	add := func(h, id, rel string) {
		h, id = normalize(h, id)
		if h == "" || id == "" {
			return
		}
		if rel == "" {
			rel = "unknown"
		}
		out = append(out, baseRef{h, id, rel})
	}
	if n.Info != nil && n.Hub != sbom.HubLocal {
		for _, b := range n.Info.BaseModels {
			h := b.Hub
			if h == "" {
				h = n.Hub
			}
			add(h, b.ID, b.Relation)
		}
	}
	if n.local != nil {
		for _, b := range n.local.BaseModels {
			h, id, _, err := sbom.ParseRef(b.Ref)
			if err != nil {
				r.warn = append(r.warn, sbom.Warning{Model: sbom.Ref(n.Hub, n.ID, n.Revision), Message: fmt.Sprintf("base model %q: %v", b.Ref, err)})
				continue
			}
			add(h, id, b.Relation)
		}
	}
	return out
}

func sourceOf(info *hub.ModelInfo) string {
	if info == nil {
		return ""
	}
	return info.Source
}

// graph assembles the sorted, de-duplicated result.
func (r *resolver) graph() *Graph {
	g := &Graph{}
	keys := make([]string, 0, len(r.nodes))
	for k := range r.nodes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	refOf := map[string]string{}
	for _, k := range keys {
		n := r.nodes[k]
		n.Ref = sbom.Ref(n.Hub, n.ID, n.Revision)
		refOf[k] = n.Ref
	}
	for _, k := range keys {
		n := r.nodes[k]
		if !n.resolved && n.Status == "" {
			n.Status, n.Reason = sbom.StatusError, "not resolved: the scan was interrupted"
		}
		n.Bases = nil
		for _, e := range n.edges {
			ek := r.lookupKey(e.key)
			ref, ok := refOf[ek]
			if !ok || ek == k {
				continue
			}
			if i := slices.IndexFunc(n.Bases, func(b sbom.BaseModel) bool { return b.Ref == ref }); i >= 0 {
				if n.Bases[i].Relation == "unknown" {
					n.Bases[i].Relation = e.relation
				}
				continue
			}
			n.Bases = append(n.Bases, sbom.BaseModel{Ref: ref, Relation: e.relation})
		}
		n.Datasets = datasetsOf(n)
		n.Locations = dedupeLocations(n.Locations)
		if n.Locations == nil {
			n.Locations = []sbom.Location{}
		}
	}
	r.markVia(keys)
	for _, k := range keys {
		g.Nodes = append(g.Nodes, r.nodes[k].Node)
	}
	slices.SortFunc(g.Nodes, func(a, b Node) int { return cmp.Compare(a.Ref, b.Ref) })
	g.Warnings = append(r.warn, cycleWarnings(g)...)
	slices.SortFunc(g.Warnings, func(a, b sbom.Warning) int {
		return cmp.Or(cmp.Compare(a.Model, b.Model), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Message, b.Message))
	})
	g.Warnings = slices.Compact(g.Warnings)
	return g
}

// markVia records, on every ancestor, the direct models it was reached
// through.
func (r *resolver) markVia(keys []string) {
	via := map[string]map[string]bool{}
	for _, k := range keys {
		d := r.nodes[k]
		if !d.Direct {
			continue
		}
		seen := map[string]bool{k: true}
		stack := []string{k}
		for len(stack) > 0 {
			cur := r.nodes[stack[len(stack)-1]]
			stack = stack[:len(stack)-1]
			for _, e := range cur.edges {
				ek := r.lookupKey(e.key)
				if seen[ek] || r.nodes[ek] == nil {
					continue
				}
				seen[ek] = true
				if via[ek] == nil {
					via[ek] = map[string]bool{}
				}
				via[ek][d.Ref] = true
				stack = append(stack, ek)
			}
		}
	}
	for k, set := range via {
		n := r.nodes[k]
		n.Via = nil
		for ref := range set {
			n.Via = append(n.Via, ref)
		}
		slices.Sort(n.Via)
	}
}

func datasetsOf(n *node) []string {
	var ids []string
	if n.Info != nil {
		ids = append(ids, n.Info.Datasets...)
	}
	if n.local != nil && n.Hub == sbom.HubLocal {
		ids = append(ids, n.local.Datasets...)
	}
	dsHub := n.Hub
	if dsHub != sbom.HubModelScope {
		// Cards on every other hub name Hugging Face datasets.
		dsHub = sbom.HubHuggingFace
	}
	out := []string{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if strings.Contains(id, ":") { // already a ref
			out = append(out, id)
			continue
		}
		out = append(out, sbom.DatasetRef(dsHub, id))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func dedupeLocations(locs []sbom.Location) []sbom.Location {
	sbom.SortLocations(locs)
	return slices.Compact(locs)
}

// cycleWarnings reports each base-model cycle once, rotated to start at
// its smallest ref.
func cycleWarnings(g *Graph) []sbom.Warning {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	seen := map[string]bool{}
	var out []sbom.Warning
	var stack []string
	var visit func(ref string)
	visit = func(ref string) {
		color[ref] = grey
		stack = append(stack, ref)
		n, _ := g.Node(ref)
		for _, b := range n.Bases {
			switch color[b.Ref] {
			case white:
				visit(b.Ref)
			case grey:
				i := slices.Index(stack, b.Ref)
				cyc := slices.Clone(stack[i:])
				m := slices.Index(cyc, slices.Min(cyc))
				cyc = append(cyc[m:], cyc[:m]...)
				key := strings.Join(cyc, " → ")
				if !seen[key] {
					seen[key] = true
					out = append(out, sbom.Warning{Model: cyc[0], Message: "base_model cycle: " + key + " → " + cyc[0]})
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[ref] = black
	}
	for _, n := range g.Nodes {
		if color[n.Ref] == white {
			visit(n.Ref)
		}
	}
	return out
}

// errors re-exported for classify.
var errNoAnswer = errors.New("hub returned no answer")
