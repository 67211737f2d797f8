// Package resolve is the resolve stage: it turns the references discovery
// found into a graph of distinct models, asks each model's hub what it
// knows once, and follows declared base models (fine-tunes, adapters,
// quantizations, merges) back to their roots, bounded in depth and safe
// against cycles. A model that cannot be resolved keeps a status and a
// reason; it never stops the rest of the graph.
package resolve

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/hub/ollama"
	"github.com/aibom/aibom/scanner/knownmodels"
)

// Defaults for Options.
const (
	DefaultMaxDepth     = 8
	DefaultConcurrency  = 8
	DefaultModelTimeout = 20 * time.Second
	DefaultMaxFanOut    = 32
)

// NoAncestors as Options.MaxDepth follows no base model at all (the CLI's
// --max-depth 0); the bases a model declares are listed as cut.
const NoAncestors = -1

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
	// MaxDepth bounds the ancestry walk below a direct reference: 0 takes
	// DefaultMaxDepth, NoAncestors follows none. Ancestors beyond it are
	// listed with status error.
	MaxDepth int
	// Concurrency bounds the models asked at once (default
	// DefaultConcurrency).
	Concurrency int
	// ModelTimeout is each model's budget: a model whose hub has not
	// answered within it gets status error (or the catalog's fact) while
	// the others go on (default DefaultModelTimeout).
	ModelTimeout time.Duration
	// MaxFanOut bounds the base models followed, and the datasets listed,
	// per model (default DefaultMaxFanOut); what is cut is reported.
	MaxFanOut int
	// Sanitizer cleans every string of a hub's (or a local file's) answer
	// and every reason before it enters the graph (nil: credential shapes
	// are still redacted).
	Sanitizer *sbom.Sanitizer
	// Progress, when set, is called from a single goroutine each time a
	// model is answered, with the models answered and the models known so
	// far (the total grows as ancestors are found).
	Progress func(done, total int)
	Logger   *slog.Logger
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

// state is where a node is in its resolution.
type state int

const (
	stateWaiting  state = iota // queued for a worker
	stateHeld                  // beyond the depth bound (for now: a shorter path may free it)
	stateRunning               // a worker is asking its hub
	stateAnswered              // Info/Status/Reason are set
)

// node is a Node under construction.
type node struct {
	Node
	requestedID string // id to ask the hub for
	local       *discover.LocalInfo
	edges       []edge
	state       state
	expanded    bool // its bases have been turned into edges
	// spelled is the smallest spelling the model was referenced under
	// (ids compare without case on most hubs); named is set once a hub's
	// answer gave the id. A model no hub named is shown as spelled, so
	// the report does not depend on which reference was read first.
	spelled string
	named   bool
}

type edge struct {
	key, relation string
}

// outage counts the models of one hub that its unreachability or the
// scan's request budget left without an online answer.
type outage struct {
	unreachable, budget int
	catalog             int    // of those, answered from the catalog
	why                 string // the smallest reason, so the warning is stable
}

type resolver struct {
	opts     Options
	maxDepth int
	nodes    map[string]*node  // by canonical key
	alias    map[string]string // requested key → canonical key
	warn     []sbom.Warning
	queue    keyHeap
	outages  map[string]*outage
}

// Resolve builds the graph for refs. Dataset references are skipped (the
// identify stage reports them). Models are asked as soon as they are
// known — an ancestor as soon as its child's answer names it — with up to
// Concurrency at once, so no lineage level waits for the slowest model of
// the one before. The error is non-nil only when ctx ends; the graph then
// holds what was resolved, and the models left unanswered have status
// timeout (ctx's deadline passed) or error (ctx was cancelled).
func Resolve(ctx context.Context, refs []discover.Reference, opts Options) (*Graph, error) {
	maxDepth := opts.MaxDepth
	switch {
	case maxDepth == 0:
		maxDepth = DefaultMaxDepth
	case maxDepth < 0:
		maxDepth = 0
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.ModelTimeout <= 0 {
		opts.ModelTimeout = DefaultModelTimeout
	}
	if opts.MaxFanOut <= 0 {
		opts.MaxFanOut = DefaultMaxFanOut
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &resolver{opts: opts, maxDepth: maxDepth, nodes: map[string]*node{}, alias: map[string]string{}, outages: map[string]*outage{}}

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
			n = &node{Node: Node{Key: k, Hub: h, ID: id, Revision: ref.Revision}, requestedID: id, spelled: id}
			r.nodes[k] = n
			r.queue.push(k, 0)
		}
		n.spelled = min(n.spelled, id)
		n.Direct = true
		n.Locations = append(n.Locations, ref.Location)
		if ref.Local != nil && n.local == nil {
			n.local = ref.Local
		}
		if id < n.ID { // deterministic spelling whatever the input order
			n.ID, n.requestedID = id, id
		}
	}
	r.run(ctx)
	return r.graph(ctx.Err()), ctx.Err()
}

// outcome is one worker's answer for the node it was given.
type outcome struct {
	key string
	res result
}

// run is the scheduler. It alone touches the nodes: workers only ask a
// hub and send the answer back, so the graph needs no lock. It returns
// when every known model is answered (or held by the depth bound), or at
// once when ctx ends — a worker stuck in a client cannot hold the scan.
func (r *resolver) run(ctx context.Context) {
	results := make(chan outcome, r.opts.Concurrency) // room for every worker: none blocks after run returns
	running := 0
	r.progress()
	for {
		for running < r.opts.Concurrency && ctx.Err() == nil {
			k, ok := r.next()
			if !ok {
				break
			}
			n := r.nodes[k]
			n.state = stateRunning
			q := request{hub: n.Hub, id: n.requestedID, revision: n.Revision, local: n.local}
			running++
			// The answer is cleaned here, in the worker, so the scheduler
			// never waits on the sanitiser.
			go func() { results <- outcome{key: k, res: r.clean(r.resolveOne(ctx, q))} }()
		}
		if running == 0 {
			return
		}
		select {
		case o := <-results:
			running--
			r.apply(o)
		case <-ctx.Done():
			// Keep what already arrived; the rest stays unanswered.
			for {
				select {
				case o := <-results:
					r.apply(o)
				default:
					return
				}
			}
		}
	}
}

// next pops the waiting node nearest a direct reference (then by key, so
// that the order of asking does not depend on the input's order).
func (r *resolver) next() (string, bool) {
	for r.queue.Len() > 0 {
		k := heap.Pop(&r.queue).(queued).key
		if n, ok := r.nodes[k]; ok && n.state == stateWaiting {
			return k, true
		}
	}
	return "", false
}

// apply records one answer, merges a renamed model into its canonical
// node, and queues the ancestors the answer names.
func (r *resolver) apply(o outcome) {
	n, ok := r.nodes[o.key]
	if !ok || n.state != stateRunning || o.res.interrupted {
		return
	}
	res := o.res
	n.state = stateAnswered
	n.Info, n.Status, n.Reason = res.info, res.status, res.reason
	ref := sbom.Ref(n.Hub, n.ID, n.Revision)
	if res.warning != "" {
		r.warn = append(r.warn, sbom.Warning{Model: ref, Message: res.warning})
	}
	r.count(n.Hub, res)
	r.opts.Logger.Debug("resolved model", "model", ref, "status", n.Status, "source", sourceOf(n.Info))
	k := r.canonicalize(o.key, n)
	r.expand(k)
	r.progress()
}

func (r *resolver) progress() {
	if r.opts.Progress == nil {
		return
	}
	done, total := 0, 0
	for _, n := range r.nodes {
		switch n.state {
		case stateAnswered:
			done++
			total++
		case stateWaiting, stateRunning:
			total++
		}
	}
	r.opts.Progress(done, total)
}

// count records the models a hub outage left without an online answer.
func (r *resolver) count(hubName string, res result) {
	if !res.unreachable && !res.budget {
		return
	}
	o := r.outages[hubName]
	if o == nil {
		o = &outage{why: res.outageWhy}
		r.outages[hubName] = o
	}
	if res.unreachable {
		o.unreachable++
	} else {
		o.budget++
	}
	if res.info != nil && res.info.Source == SourceCatalog {
		o.catalog++
	}
	if res.outageWhy < o.why {
		o.why = res.outageWhy
	}
}

// canonicalize re-keys a node whose hub answered with another id (a
// renamed repository), merging it into the node already holding that id,
// and returns the node's key afterwards.
func (r *resolver) canonicalize(k string, n *node) string {
	if n.Info == nil || n.Info.ID == "" || n.Hub == sbom.HubLocal {
		return k
	}
	if refused := n.Info.RefusedID; refused != "" || !hub.ValidID(n.Hub, n.Info.ID) {
		// The one table of id shapes decides (hub.ValidID); a client
		// that did not check is caught here too.
		if refused == "" {
			refused = n.Info.ID
		}
		r.warn = append(r.warn, sbom.Warning{Model: sbom.Ref(n.Hub, n.ID, n.Revision),
			Message: fmt.Sprintf("the hub answered the id %q, which is not a %s model id; the requested id is kept", r.opts.Sanitizer.Line(refused, 120), n.Hub)})
		n.Info.ID, n.Info.RefusedID = n.ID, ""
	}
	n.named = true
	if n.Info.ID == n.ID {
		return k
	}
	ck := sbom.Key(n.Hub, n.Info.ID, n.Revision)
	if ck == k {
		n.ID = n.Info.ID // same model, the hub's spelling
		return k
	}
	r.opts.Logger.Debug("renamed model", "from", n.ID, "to", n.Info.ID)
	delete(r.nodes, k)
	r.alias[k] = ck
	if into, ok := r.nodes[ck]; ok {
		into.Direct = into.Direct || n.Direct
		into.Locations = append(into.Locations, n.Locations...)
		into.spelled = min(into.spelled, n.spelled)
		if into.local == nil {
			into.local = n.local
		}
		if into.state == stateWaiting || into.state == stateHeld {
			// Take this answer rather than asking the hub again. A node
			// already being asked keeps its own answer: both describe the
			// same model, and the report carries nothing that differs.
			into.state, into.Info, into.Status, into.Reason = stateAnswered, n.Info, n.Status, n.Reason
			into.ID, into.named = n.Info.ID, true
		}
		if n.Depth < into.Depth {
			r.relax(ck, n.Depth)
		}
		return ck
	}
	n.Key, n.ID = ck, n.Info.ID
	r.nodes[ck] = n
	return ck
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

// expand turns an answered node's declared bases into edges and queues
// the ancestors not seen before.
func (r *resolver) expand(k string) {
	n, ok := r.nodes[k]
	if !ok || n.state != stateAnswered || n.expanded {
		return
	}
	n.expanded = true
	bases := r.basesOf(n)
	if len(bases) > r.opts.MaxFanOut {
		r.warn = append(r.warn, sbom.Warning{Model: sbom.Ref(n.Hub, n.ID, n.Revision),
			Message: fmt.Sprintf("declares %d base models; only the first %d are followed", len(bases), r.opts.MaxFanOut)})
		bases = bases[:r.opts.MaxFanOut]
	}
	for _, b := range bases {
		bk := r.lookupKey(sbom.Key(b.hub, b.id, ""))
		if slices.ContainsFunc(n.edges, func(e edge) bool { return e.key == bk }) {
			continue
		}
		// A self edge is kept until the graph is assembled, which reports
		// it: a rename learnt later can also turn an edge into one.
		n.edges = append(n.edges, edge{key: bk, relation: b.relation})
		if c, seen := r.nodes[bk]; seen {
			c.spelled = min(c.spelled, b.id)
			r.relax(bk, n.Depth+1)
			continue
		}
		an := &node{Node: Node{Key: bk, Hub: b.hub, ID: b.id, Depth: n.Depth + 1}, requestedID: b.id, spelled: b.id, state: stateHeld}
		r.nodes[bk] = an
		r.free(bk)
	}
}

// relax lowers a node's depth to d when d is shorter, and carries the new
// depth to the ancestors already expanded below it; a held node that a
// shorter path brings within the bound is queued.
func (r *resolver) relax(k string, d int) {
	type item struct {
		k string
		d int
	}
	work := []item{{k, d}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		n, ok := r.nodes[r.lookupKey(it.k)]
		if !ok || it.d >= n.Depth {
			continue
		}
		n.Depth = it.d
		r.free(n.Key)
		for _, e := range n.edges {
			work = append(work, item{e.key, it.d + 1})
		}
	}
}

// free queues a held node that is within the depth bound.
func (r *resolver) free(k string) {
	n := r.nodes[k]
	if n.state == stateHeld && n.Depth <= r.maxDepth {
		n.state = stateWaiting
		r.queue.push(k, n.Depth)
	}
}

type baseRef struct{ hub, id, relation string }

// basesOf lists a node's declared ancestors: the hub's answer, then what a
// local file declares (GGUF general.base_model.*, a vendored card). Ids
// from a local file are cleaned here; the hub's answer already was.
func (r *resolver) basesOf(n *node) []baseRef {
	var out []baseRef
	add := func(h, id, rel string) {
		h, id = normalize(r.opts.Sanitizer.Line(h, 64), r.opts.Sanitizer.Line(id, maxID))
		if h == "" || id == "" {
			return
		}
		if !hub.ValidID(h, id) {
			r.warn = append(r.warn, sbom.Warning{Model: sbom.Ref(n.Hub, n.ID, n.Revision),
				Message: fmt.Sprintf("base model %q is not a %s model id; edge ignored", id, h)})
			return
		}
		if rel == "" {
			rel = "unknown"
		}
		out = append(out, baseRef{h, id, r.opts.Sanitizer.Line(rel, 64)})
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

// graph assembles the sorted, de-duplicated result. ctxErr is why the
// run stopped early, if it did.
func (r *resolver) graph(ctxErr error) *Graph {
	g := &Graph{}
	keys := make([]string, 0, len(r.nodes))
	for k := range r.nodes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	refOf := map[string]string{}
	for _, k := range keys {
		n := r.nodes[k]
		if !n.named && n.spelled != "" {
			n.ID = n.spelled
		}
		if n.Info != nil {
			n.Info.RequestedID = n.spelled
			if n.Info.ID == "" {
				n.Info.ID = n.ID
			}
		}
		n.Ref = sbom.Ref(n.Hub, n.ID, n.Revision)
		refOf[k] = n.Ref
	}
	r.depths(keys)
	for _, k := range keys {
		n := r.nodes[k]
		switch n.state {
		case stateHeld:
			n.Status = sbom.StatusError
			n.Reason = fmt.Sprintf("not resolved: ancestry deeper than the depth bound (%d)", r.maxDepth)
		case stateWaiting, stateRunning:
			n.Status, n.Reason = unfinished(ctxErr)
		}
		n.Bases = nil
		for _, e := range n.edges {
			ek := r.lookupKey(e.key)
			ref, ok := refOf[ek]
			if ek == k {
				r.warn = append(r.warn, sbom.Warning{Model: n.Ref, Message: "declares itself as its base model; edge ignored"})
				continue
			}
			if !ok {
				continue
			}
			if c := r.nodes[ek]; c.state == stateHeld && n.Depth == r.maxDepth {
				r.warn = append(r.warn, sbom.Warning{Model: n.Ref, Message: fmt.Sprintf("lineage cut at depth %d (max depth); raise the bound to follow %s", r.maxDepth, ref)})
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
		if len(n.Datasets) > r.opts.MaxFanOut {
			r.warn = append(r.warn, sbom.Warning{Model: n.Ref, Message: fmt.Sprintf("names %d datasets; only the first %d are listed", len(n.Datasets), r.opts.MaxFanOut)})
			n.Datasets = n.Datasets[:r.opts.MaxFanOut]
		}
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
	g.Warnings = append(r.warn, r.outageWarnings()...)
	g.Warnings = append(g.Warnings, cycleWarnings(g)...)
	for i := range g.Warnings {
		g.Warnings[i].Message = r.opts.Sanitizer.Line(g.Warnings[i].Message, maxReason)
	}
	slices.SortFunc(g.Warnings, func(a, b sbom.Warning) int {
		return cmp.Or(cmp.Compare(a.Model, b.Model), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Message, b.Message))
	})
	g.Warnings = slices.Compact(g.Warnings)
	return g
}

// unfinished is the status of a model the scan stopped before it was
// answered.
func unfinished(ctxErr error) (status, reason string) {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		return sbom.StatusTimeout, "not resolved: the scan's deadline (--timeout) passed first"
	}
	return sbom.StatusError, "not resolved: the scan was interrupted"
}

// depths sets each node's Depth to its shortest distance from a direct
// reference over the final edges, whatever order the answers came in.
func (r *resolver) depths(keys []string) {
	var queue []string
	for _, k := range keys {
		if n := r.nodes[k]; n.Direct {
			n.Depth = 0
			queue = append(queue, k)
		} else {
			n.Depth = -1
		}
	}
	for len(queue) > 0 {
		n := r.nodes[queue[0]]
		queue = queue[1:]
		for _, e := range n.edges {
			c, ok := r.nodes[r.lookupKey(e.key)]
			if ok && c.Depth < 0 {
				c.Depth = n.Depth + 1
				queue = append(queue, c.Key)
			}
		}
	}
	for _, k := range keys {
		if n := r.nodes[k]; n.Depth < 0 {
			n.Depth = 0 // unreachable from a direct reference: cannot happen, but never negative
		}
	}
}

// outageWarnings says once per hub that it could not be reached (or the
// request budget ran out), how many models that cost, and what to do.
func (r *resolver) outageWarnings() []sbom.Warning {
	var out []sbom.Warning
	for name, o := range r.outages {
		if o.unreachable > 0 {
			out = append(out, sbom.Warning{Message: fmt.Sprintf(
				"%s is unreachable (%s): %d model(s) not resolved online, %d of them answered from the built-in catalog; check the network, or scan with --offline to use only the cache and the built-in catalog",
				name, o.why, o.unreachable, o.catalog)})
		}
		if o.budget > 0 {
			out = append(out, sbom.Warning{Message: fmt.Sprintf(
				"%s: the scan's request budget is spent (%s): %d model(s) not resolved online", name, o.why, o.budget)})
		}
	}
	return out
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
