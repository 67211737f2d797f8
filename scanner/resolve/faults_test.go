package resolve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
)

func refsOf(ids ...string) []discover.Reference {
	var out []discover.Reference
	for i, id := range ids {
		out = append(out, hfRef(id, "x.py", i+1))
	}
	return out
}

// TestHangingModelCostsItsBudget: a model whose client never returns (it
// even ignores its context) is marked error with the reason once its
// budget is spent, while the others resolve.
func TestHangingModelCostsItsBudget(t *testing.T) {
	f := newFake("huggingface").add(info("ok/a", "mit", "ok/base")).add(info("ok/base", "apache-2.0")).add(info("stuck/model", "mit"))
	f.hang["stuck/model"] = true
	defer close(f.release)
	const budget = 150 * time.Millisecond
	start := time.Now()
	g, err := Resolve(context.Background(), refsOf("ok/a", "stuck/model"), Options{Clients: map[string]hub.Client{"huggingface": f}, ModelTimeout: budget})
	wall := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if wall > budget+time.Second {
		t.Errorf("the scan took %v with a %v budget", wall, budget)
	}
	check(t, g, map[string]nodeWant{
		"hf:ok/a":        {status: "resolved", source: "hub", license: "mit", direct: true, bases: []string{"finetune=hf:ok/base"}},
		"hf:ok/base":     {status: "resolved", source: "hub", license: "apache-2.0", depth: 1, via: []string{"hf:ok/a"}},
		"hf:stuck/model": {status: "error", reason: "no answer within the per-model budget of 150ms", direct: true},
	})
}

// TestDeadlineMarksUnfinishedTimeout: when the scan's deadline passes,
// Resolve returns at once with what was answered, and every model still
// waiting or being asked has status timeout.
func TestDeadlineMarksUnfinishedTimeout(t *testing.T) {
	f := newFake("huggingface").add(info("fast/a", "mit")).add(info("slow/b", "mit")).add(info("slow/c", "mit"))
	f.delays["slow/b"] = 10 * time.Second
	f.delays["slow/c"] = 10 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	g, err := Resolve(ctx, refsOf("fast/a", "slow/b", "slow/c"), Options{Clients: map[string]hub.Client{"huggingface": f}, Concurrency: 2})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if wall := time.Since(start); wall > 2*time.Second {
		t.Errorf("Resolve returned after %v", wall)
	}
	check(t, g, map[string]nodeWant{
		"hf:fast/a": {status: "resolved", source: "hub", license: "mit", direct: true},
		"hf:slow/b": {status: "timeout", reason: "deadline", direct: true},
		"hf:slow/c": {status: "timeout", reason: "deadline", direct: true},
	})
}

// TestMaxDepthZeroFollowsNoAncestor: NoAncestors asks the hub for the
// direct models only; their declared bases are listed as cut.
func TestMaxDepthZeroFollowsNoAncestor(t *testing.T) {
	f := newFake("huggingface").add(info("ft/model", "mit", "base/model")).add(info("base/model", "llama3", "root/model"))
	g, err := Resolve(context.Background(), refsOf("ft/model"), Options{Clients: map[string]hub.Client{"huggingface": f}, MaxDepth: NoAncestors})
	if err != nil {
		t.Fatal(err)
	}
	if n := f.callsTo("base/model"); n != 0 {
		t.Errorf("the base was asked %d times with no ancestors to follow", n)
	}
	check(t, g, map[string]nodeWant{
		"hf:ft/model":   {status: "resolved", source: "hub", license: "mit", direct: true, bases: []string{"finetune=hf:base/model"}},
		"hf:base/model": {status: "error", reason: "depth bound (0)", depth: 1, via: []string{"hf:ft/model"}},
	})
	if len(g.Warnings) != 1 || !strings.Contains(g.Warnings[0].Message, "lineage cut at depth 0") {
		t.Errorf("warnings %+v", g.Warnings)
	}
}

// TestFanOutBound: a card listing hundreds of bases gets the first
// MaxFanOut followed and a warning naming the model and the count.
func TestFanOutBound(t *testing.T) {
	var bases []string
	for i := range 500 {
		bases = append(bases, fmt.Sprintf("merge=b/m%03d", i))
	}
	f := newFake("huggingface").add(info("big/merge", "mit", bases...))
	f.unknown = hub.ErrNotFound
	g, err := Resolve(context.Background(), refsOf("big/merge"), Options{Clients: map[string]hub.Client{"huggingface": f}, MaxFanOut: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != 5 {
		t.Errorf("%d nodes, want the model and 4 bases", len(g.Nodes))
	}
	n, _ := g.Node("hf:big/merge")
	if len(n.Bases) != 4 || n.Bases[3].Ref != "hf:b/m003" {
		t.Errorf("bases %+v", n.Bases)
	}
	if len(g.Warnings) != 1 || g.Warnings[0].Model != "hf:big/merge" || !strings.Contains(g.Warnings[0].Message, "declares 500 base models; only the first 4 are followed") {
		t.Errorf("warnings %+v", g.Warnings)
	}
}

// TestNoLevelBarrier: an ancestor is asked as soon as its child's answer
// names it, not after the slowest model of its child's level.
func TestNoLevelBarrier(t *testing.T) {
	f := newFake("huggingface").add(info("slow/direct", "mit")).
		add(info("quick/direct", "mit", "quick/base")).add(info("quick/base", "mit", "quick/root")).add(info("quick/root", "mit"))
	f.delays["slow/direct"] = 400 * time.Millisecond
	f.delay = 5 * time.Millisecond
	if _, err := Resolve(context.Background(), refsOf("slow/direct", "quick/direct"), Options{Clients: map[string]hub.Client{"huggingface": f}}); err != nil {
		t.Fatal(err)
	}
	_, slowDone := f.times("slow/direct")
	rootStart, _ := f.times("quick/root")
	if rootStart.IsZero() || !rootStart.Before(slowDone) {
		t.Errorf("the depth-2 ancestor was asked at %v, after the slow direct model finished at %v", rootStart, slowDone)
	}
}

// TestFullWidth: with many independent models, Concurrency requests are
// in flight at once.
func TestFullWidth(t *testing.T) {
	f := newFake("huggingface")
	f.delay = 20 * time.Millisecond
	var ids []string
	for i := range 40 {
		id := fmt.Sprintf("w/m%02d", i)
		f.add(info(id, "mit"))
		ids = append(ids, id)
	}
	if _, err := Resolve(context.Background(), refsOf(ids...), Options{Clients: map[string]hub.Client{"huggingface": f}, Concurrency: 8}); err != nil {
		t.Fatal(err)
	}
	if f.peak != 8 {
		t.Errorf("peak in flight = %d, want 8", f.peak)
	}
}

// TestUnreachableHubReportedOnce: every model of an unreachable hub falls
// back to the catalog without a warning of its own; one warning names the
// hub, the count and --offline.
func TestUnreachableHubReportedOnce(t *testing.T) {
	f := newFake("huggingface")
	f.unknown = fmt.Errorf("GET https://huggingface.co/api/models/x: %w", hub.ErrUnreachable)
	var ids []string
	for i := range 6 {
		ids = append(ids, fmt.Sprintf("gone/m%d", i))
	}
	g, err := Resolve(context.Background(), refsOf(append(ids, "org/Cataloged")...), Options{Clients: map[string]hub.Client{"huggingface": f}, Catalog: testCatalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Warnings) != 1 {
		t.Fatalf("warnings %+v, want one", g.Warnings)
	}
	w := g.Warnings[0].Message
	for _, s := range []string{"huggingface is unreachable", "8 model(s) not resolved online, 2 of them answered from the built-in catalog", "--offline"} {
		if !strings.Contains(w, s) {
			t.Errorf("warning %q lacks %q", w, s)
		}
	}
	cat, _ := g.Node("hf:org/Cataloged")
	gone, _ := g.Node("hf:gone/m0")
	if cat.Status != sbom.StatusResolved || cat.Info.Source != SourceCatalog || gone.Status != sbom.StatusError || !strings.Contains(gone.Reason, "hub unreachable") {
		t.Errorf("cataloged %s/%v, unknown %s %q", cat.Status, cat.Info, gone.Status, gone.Reason)
	}
}

// TestAnswersSanitised: whatever a hub puts in its answer or its error,
// the graph holds no secret, no control character and no endless string.
func TestAnswersSanitised(t *testing.T) {
	const tok = "hf_processToken0123456789"
	stranger := "ghp_" + strings.Repeat("k", 36)
	f := newFake("huggingface").add(&hub.ModelInfo{
		ID: "evil/model", License: "mit\x1b[2J", LicenseName: "echo " + tok, LicenseLink: "https://x/?t=" + stranger,
		Card:       []byte("---\nlicense: mit\n---\nAuthorization: Bearer " + tok + "\n"),
		Files:      []hub.File{{Path: "LICENSE\x07", Content: []byte("MIT License\n" + tok + "\n")}},
		Tags:       []string{strings.Repeat("t", 5000)},
		Partial:    "LICENSE: " + stranger,
		BaseModels: []hub.BaseRef{{ID: "base/" + tok}},
	}).fail("evil/error", fmt.Errorf("HTTP 500: you sent Authorization: Bearer %s\x1b]0;title\a", tok))
	f.unknown = hub.ErrNotFound
	san := sbom.NewSanitizer(tok)
	g, err := Resolve(context.Background(), refsOf("evil/model", "evil/error"), Options{Clients: map[string]hub.Client{"huggingface": f}, Sanitizer: san})
	if err != nil {
		t.Fatal(err)
	}
	dump := fmt.Sprintf("%+v", g)
	for _, n := range g.Nodes {
		if n.Info != nil {
			dump += fmt.Sprintf("%+v %s", *n.Info, n.Info.Card)
			for _, f := range n.Info.Files {
				dump += string(f.Content)
			}
		}
	}
	for _, bad := range []string{tok, stranger, "\x1b", "\x07", strings.Repeat("t", maxShort+1)} {
		if strings.Contains(dump, bad) {
			t.Errorf("graph holds %.40q", bad)
		}
	}
	e, _ := g.Node("hf:evil/error")
	if e.Status != sbom.StatusError || !strings.Contains(e.Reason, "Bearer [redacted]") {
		t.Errorf("error node %s %q", e.Status, e.Reason)
	}
	m, _ := g.Node("hf:evil/model")
	if !strings.Contains(string(m.Info.Card), "license: mit\n") || string(m.Info.Files[0].Content) != "MIT License\n[redacted]\n" {
		t.Errorf("card %q / file %q: text must keep its lines", m.Info.Card, m.Info.Files[0].Content)
	}
}

// TestProgress: the callback ends with every model answered.
func TestProgress(t *testing.T) {
	f := newFake("huggingface").add(info("p/a", "mit", "p/base")).add(info("p/b", "mit", "p/base")).add(info("p/base", "mit"))
	var last [2]int
	calls := 0
	_, err := Resolve(context.Background(), refsOf("p/a", "p/b"), Options{Clients: map[string]hub.Client{"huggingface": f},
		Progress: func(done, total int) { calls++; last = [2]int{done, total} }})
	if err != nil {
		t.Fatal(err)
	}
	if last != [2]int{3, 3} || calls < 4 {
		t.Errorf("last progress %v after %d calls, want [3 3] after at least 4", last, calls)
	}
}

// TestHubIDsChecked: an answered canonical id or a card's base model that
// is not an id of the hub (hub.ValidID) never becomes a ref or a request:
// the requested id is kept, the base edge dropped, each with a warning.
func TestHubIDsChecked(t *testing.T) {
	spoof := info("evil/idspoof", "mit", "../../../../etc/passwd", "ok/base")
	f := newFake("huggingface").add(spoof).add(info("ok/base", "apache-2.0"))
	spoof.ID = "../../../../tmp/idspoof" // answered for evil/idspoof
	g, err := Resolve(context.Background(), refsOf("evil/idspoof"), Options{Clients: map[string]hub.Client{"huggingface": f}})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, n := range g.Nodes {
		refs = append(refs, n.Ref)
	}
	slices.Sort(refs)
	if want := []string{"hf:evil/idspoof", "hf:ok/base"}; !slices.Equal(refs, want) {
		t.Errorf("refs %q, want %q", refs, want)
	}
	var warned []string
	for _, w := range g.Warnings {
		warned = append(warned, w.Message)
	}
	joined := strings.Join(warned, "\n")
	for _, want := range []string{`the hub answered the id "../../../../tmp/idspoof", which is not a huggingface model id`, `base model "../../../../etc/passwd" is not a huggingface model id`} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if f.callsTo("../../../../etc/passwd") != 0 {
		t.Error("the bad base id was asked for")
	}
}

// TestMissingLocalNotFound: a declared local model that discovery found
// missing is not-found, never resolved; one present is resolved.
func TestMissingLocalNotFound(t *testing.T) {
	refs := []discover.Reference{
		{Hub: sbom.HubLocal, ID: "models/missing.gguf", Kind: discover.KindModel, Local: &discover.LocalInfo{Missing: true}, Location: sbom.Location{Path: "aibom.yaml", Line: 1}},
		{Hub: sbom.HubLocal, ID: "models/here.gguf", Kind: discover.KindModel, Location: sbom.Location{Path: "aibom.yaml", Line: 1}},
	}
	g, err := Resolve(context.Background(), refs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"local:models/missing.gguf": sbom.StatusNotFound, "local:models/here.gguf": sbom.StatusResolved} {
		if n, ok := g.Node(ref); !ok || n.Status != want {
			t.Errorf("%s: %+v, want status %s", ref, n, want)
		}
	}
}

// TestInvalidIDReason: an id the hub's client refuses as malformed is an
// error saying so, offline too, never "offline and not in the cache".
func TestInvalidIDReason(t *testing.T) {
	f := newFake("modelscope").fail("fsmn-vad", fmt.Errorf("modelscope model fsmn-vad: %w: want owner/name", hub.ErrInvalidID))
	ref := discover.Reference{Hub: "modelscope", ID: "fsmn-vad", Kind: discover.KindModel, Location: sbom.Location{Path: "x.py", Line: 1}}
	for _, offline := range []bool{true, false} {
		g, err := Resolve(context.Background(), []discover.Reference{ref}, Options{Clients: map[string]hub.Client{"modelscope": f}, Offline: offline})
		if err != nil {
			t.Fatal(err)
		}
		n, ok := g.Node("modelscope:fsmn-vad")
		if !ok || n.Status != sbom.StatusError || !strings.Contains(n.Reason, "invalid id: want owner/name") || strings.Contains(n.Reason, "offline") {
			t.Errorf("offline=%v: %+v", offline, n)
		}
	}
}
