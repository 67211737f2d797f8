// Command resolve benchmarks the resolve stage end to end — resolve.Resolve
// over scanner/httpx and the Hugging Face client — against a local fake Hub
// (127.0.0.1 only) that adds a fixed latency to every request. The models
// form lineages (fine-tune → shared mid → shared root), so the run also
// shows whether ancestors are asked as soon as they are named or wait for
// a whole level.
//
// Two lineage shapes run: "wide" (many fine-tunes of a few shared bases)
// and "deep" (chains of five distinct models, one model in ten ten times
// slower than the rest), where a resolver that finished each lineage level
// before starting the next would wait for the slowest model of every
// level.
//
// It prints, for a cold run, a warm run that must revalidate (TTL expired:
// 304s only) and a warm run within the TTL (no request at all): the wall
// time, requests, requests per model, and the requests in flight at the
// fake Hub (maximum, and the time-weighted mean over the run). It exits 1
// when a target is missed: max in flight below --concurrency, more than 3
// requests per model, a full download on a warm run, or a warm run over
// 10% of the cold time.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/hub/huggingface"
	"github.com/aibom/aibom/scanner/resolve"
)

func main() {
	models := flag.Int("models", 300, "direct models of the wide shape (each a fine-tune of one of 20 mids, each of one of 4 roots); the deep shape has models/5 chains of 5")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency added to every request")
	concurrency := flag.Int("concurrency", 8, "the CLI's --concurrency: models asked at once and requests in flight per host")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the warm run within the TTL here")
	flag.Parse()
	profile = *cpuprofile
	if err := run(*models, *latency, *concurrency); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// meter counts what the fake Hub sees.
type meter struct {
	total, full, notModified atomic.Int64
	mu                       sync.Mutex
	inflight, peak           int
	busy                     time.Duration // sum of request durations
}

func (m *meter) reset() {
	m.total.Store(0)
	m.full.Store(0)
	m.notModified.Store(0)
	m.mu.Lock()
	m.peak, m.busy = 0, 0
	m.mu.Unlock()
}

func (m *meter) begin() time.Time {
	m.total.Add(1)
	m.mu.Lock()
	m.inflight++
	m.peak = max(m.peak, m.inflight)
	m.mu.Unlock()
	return time.Now()
}

func (m *meter) end(start time.Time) {
	m.mu.Lock()
	m.inflight--
	m.busy += time.Since(start)
	m.mu.Unlock()
}

// shape is one set of lineages served by the fake Hub.
type shape struct {
	name   string
	direct []string
	base   func(id string) string // the base a model declares, "" for a root
	slow   func(id string) bool   // the model's requests take 10× the latency
}

func shapes(models int) []shape {
	var wide, deep []string
	for i := range models {
		wide = append(wide, fmt.Sprintf("bench/ft-%04d", i))
	}
	for c := range max(models/5, 1) {
		deep = append(deep, fmt.Sprintf("bench/c%03d-d0", c))
	}
	return []shape{
		{name: "wide", direct: wide, base: lineage, slow: func(string) bool { return false }},
		{name: "deep", direct: deep, base: chain, slow: func(id string) bool {
			var c, d int
			fmt.Sscanf(id, "bench/c%03d-d%d", &c, &d)
			return c%2 == 0 && d == c/2%5 // half the chains have one straggler, at depths 0 to 4
		}},
	}
}

// chain is the deep shape: bench/cNNN-dK → bench/cNNN-d(K+1), to d4.
func chain(id string) string {
	var c, d int
	if n, _ := fmt.Sscanf(id, "bench/c%03d-d%d", &c, &d); n != 2 || d >= 4 {
		return ""
	}
	return fmt.Sprintf("bench/c%03d-d%d", c, d+1)
}

func run(models int, latency time.Duration, concurrency int) error {
	var fails []string
	for _, sh := range shapes(models) {
		f, err := runShape(sh, latency, concurrency)
		if err != nil {
			return err
		}
		fails = append(fails, f...)
	}
	if len(fails) > 0 {
		return fmt.Errorf("targets missed:\n  %s", strings.Join(fails, "\n  "))
	}
	return nil
}

func runShape(sh shape, latency time.Duration, concurrency int) ([]string, error) {
	var m meter
	srv := httptest.NewServer(fakeHub(&m, latency, sh))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "aibom-bench-cache-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	var refs []discover.Reference
	for i, id := range sh.direct {
		refs = append(refs, discover.Reference{Hub: sbom.HubHuggingFace, ID: id, Kind: discover.KindModel,
			Location: sbom.Location{Path: "app.py", Line: i + 1, Via: "from_pretrained"}})
	}
	fmt.Printf("\n%s: %d direct models, %v per request, concurrency %d\n", sh.name, len(refs), latency, concurrency)
	fmt.Printf("%-26s %9s %9s %9s %6s %6s %9s %9s\n", "run", "wall", "requests", "req/model", "200", "304", "max in-flight", "mean in-flight")
	var cold time.Duration
	var fails []string
	for _, r := range []struct {
		name string
		ttl  time.Duration
	}{
		{"cold", 0},
		{"warm (revalidate)", -1},        // every entry is stale: If-None-Match
		{"warm (within TTL)", time.Hour}, // fresh entries: no request
	} {
		m.reset()
		h := httpx.New(httpx.Config{CacheDir: dir, CacheTTL: r.ttl, PerHost: concurrency})
		hf := huggingface.New(h, huggingface.Options{Endpoint: srv.URL})
		stop := func() {}
		if r.ttl > 0 && profile != "" {
			stop = startProfile(profile)
		}
		start := time.Now()
		g, err := resolve.Resolve(context.Background(), refs, resolve.Options{
			Clients: map[string]hub.Client{sbom.HubHuggingFace: hf}, Concurrency: concurrency})
		wall := time.Since(start)
		stop()
		if err != nil {
			return nil, fmt.Errorf("%s %s run: %w", sh.name, r.name, err)
		}
		for _, n := range g.Nodes {
			if n.Status != sbom.StatusResolved || n.Info == nil || n.Info.License != "apache-2.0" || len(n.Info.Files) != 1 {
				return nil, fmt.Errorf("%s %s run: %s: incomplete answer (status %s %q)", sh.name, r.name, n.Ref, n.Status, n.Reason)
			}
		}
		n := m.total.Load()
		perModel := float64(n) / float64(len(g.Nodes))
		m.mu.Lock()
		peak, mean := m.peak, m.busy.Seconds()/wall.Seconds()
		m.mu.Unlock()
		fmt.Printf("%-26s %9v %9d %9.2f %6d %6d %13d %14.2f\n", r.name+fmt.Sprintf(" (%d)", len(g.Nodes)), wall.Round(time.Millisecond), n, perModel, m.full.Load(), m.notModified.Load(), peak, mean)
		switch r.name {
		case "cold":
			cold = wall
			if peak < concurrency {
				fails = append(fails, fmt.Sprintf("%s cold: %d requests in flight at most, want %d", sh.name, peak, concurrency))
			}
			if perModel > 3 {
				fails = append(fails, fmt.Sprintf("%s cold: %.2f requests per model, want ≤ 3", sh.name, perModel))
			}
		default:
			if m.full.Load() != 0 {
				fails = append(fails, fmt.Sprintf("%s %s: %d full downloads", sh.name, r.name, m.full.Load()))
			}
		}
		if r.ttl > 0 {
			fmt.Printf("warm within TTL / cold = %.1f%% (target ≤ 10%%)\n", 100*wall.Seconds()/cold.Seconds())
			if n != 0 || wall > cold/10 {
				fails = append(fails, fmt.Sprintf("%s %s: %d requests, %v (cold %v)", sh.name, r.name, n, wall, cold))
			}
		}
	}
	return fails, nil
}

var profile string

func startProfile(path string) func() {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// lineage is the base a model declares: ft-i → mid-(i%20) → root-(i%4).
func lineage(id string) string {
	var i int
	switch {
	case strings.HasPrefix(id, "bench/ft-"):
		fmt.Sscanf(strings.TrimPrefix(id, "bench/ft-"), "%d", &i)
		return fmt.Sprintf("bench/mid-%02d", i%20)
	case strings.HasPrefix(id, "bench/mid-"):
		fmt.Sscanf(strings.TrimPrefix(id, "bench/mid-"), "%d", &i)
		return fmt.Sprintf("bench/root-%d", i%4)
	}
	return ""
}

// fakeHub serves /api/models/{id} and /{id}/resolve/{sha}/{README.md,LICENSE}
// in the shapes of the real Hub (../shared/fixtures/hub), with ETags and 304s.
func fakeHub(m *meter, latency time.Duration, sh shape) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer m.end(m.begin())
		p := r.URL.Path
		id := strings.TrimPrefix(p, "/api/models/")
		if i := strings.Index(id, "/resolve/"); i > 0 {
			id = strings.TrimPrefix(id[:i], "/")
		}
		if sh.slow(id) {
			time.Sleep(10 * latency)
		} else {
			time.Sleep(latency)
		}
		var body, etag string
		switch {
		case strings.HasPrefix(p, "/api/models/"):
			sha := fmt.Sprintf("%040x", len(id)*7919+int(id[len(id)-1]))
			tags := `"license:apache-2.0"`
			card := `"license":"apache-2.0"`
			if base := sh.base(id); base != "" {
				tags += `,"base_model:finetune:` + base + `"`
				card += `,"base_model":"` + base + `"`
			}
			body = fmt.Sprintf(`{"id":%q,"sha":%q,"private":false,"gated":false,"tags":[%s],"cardData":{%s},`+
				`"siblings":[{"rfilename":"README.md"},{"rfilename":"LICENSE"},{"rfilename":"model.safetensors"}]}`, id, sha, tags, card)
			etag = `W/"` + sha + `"`
		case strings.Contains(p, "/resolve/") && strings.HasSuffix(p, "/README.md"):
			body = "---\nlicense: apache-2.0\n---\n# bench model\n"
			etag = `"readme-v1"`
		case strings.Contains(p, "/resolve/") && strings.HasSuffix(p, "/LICENSE"):
			body = strings.Repeat("bench license text\n", 200)
			etag = `"license-v1"`
		default:
			w.Header().Set("X-Error-Code", "EntryNotFound")
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			m.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		m.full.Add(1)
		io.WriteString(w, body)
	})
}
