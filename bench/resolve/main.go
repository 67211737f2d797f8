// Command resolve benchmarks model resolution through scanner/httpx and the
// Hugging Face client against a local fake Hub (127.0.0.1 only) that adds a
// fixed latency to every request. It reports the cold wall time against the
// lower bound requests × latency / per-host concurrency, then a warm run
// that must revalidate only (304s, no full downloads), then a run within
// the cache TTL that makes no request at all.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub/huggingface"
)

type counters struct{ total, full, notModified atomic.Int64 }

func main() {
	models := flag.Int("models", 300, "distinct models to resolve")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency added to every request")
	perHost := flag.Int("per-host", 8, "concurrent requests per host")
	workers := flag.Int("workers", 64, "models resolved at once")
	flag.Parse()
	if err := run(*models, *latency, *perHost, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(models int, latency time.Duration, perHost, workers int) error {
	var c counters
	srv := httptest.NewServer(fakeHub(&c, latency))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "aibom-bench-cache-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	ids := make([]string, models)
	for i := range ids {
		ids[i] = fmt.Sprintf("bench/model-%04d", i)
	}
	fmt.Printf("fake hub: %d models, %v per request, %d per host, %d workers\n\n", models, latency, perHost, workers)
	fmt.Printf("%-22s %10s %9s %6s %6s %12s %8s\n", "run", "wall", "requests", "200", "304", "lower bound", "ratio")
	for _, r := range []struct {
		name string
		ttl  time.Duration
	}{
		{"cold", 0},
		{"warm (revalidate)", -1},        // every entry is stale: If-None-Match
		{"warm (within TTL)", time.Hour}, // fresh entries: no request
	} {
		c.total.Store(0)
		c.full.Store(0)
		c.notModified.Store(0)
		h := httpx.New(httpx.Config{CacheDir: dir, CacheTTL: r.ttl, PerHost: perHost})
		hf := huggingface.New(h, huggingface.Options{Endpoint: srv.URL})
		start := time.Now()
		if err := resolveAll(hf, ids, workers); err != nil {
			return fmt.Errorf("%s run: %w", r.name, err)
		}
		wall := time.Since(start)
		n := c.total.Load()
		bound := time.Duration(n) * latency / time.Duration(perHost)
		ratio := "-"
		if bound > 0 {
			ratio = fmt.Sprintf("%.2fx", float64(wall)/float64(bound))
		}
		fmt.Printf("%-22s %10v %9d %6d %6d %12v %8s\n", r.name, wall.Round(time.Millisecond), n, c.full.Load(), c.notModified.Load(), bound.Round(time.Millisecond), ratio)
		if r.name != "cold" && c.full.Load() != 0 {
			return fmt.Errorf("%s run made %d full downloads", r.name, c.full.Load())
		}
	}
	return nil
}

func resolveAll(hf *huggingface.Client, ids []string, workers int) error {
	jobs := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				info, err := hf.Model(context.Background(), id, "")
				if err == nil && (info.License != "apache-2.0" || len(info.Files) != 1 || info.Card == nil) {
					err = fmt.Errorf("%s: incomplete answer %+v", id, info)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	return firstErr
}

// fakeHub serves /api/models/{id} and /{id}/resolve/{sha}/{README.md,LICENSE}
// in the shapes of the real Hub, with ETags and 304s.
func fakeHub(c *counters, latency time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.total.Add(1)
		time.Sleep(latency)
		p := r.URL.Path
		var body, etag string
		switch {
		case strings.HasPrefix(p, "/api/models/"):
			id := strings.TrimPrefix(p, "/api/models/")
			sha := fmt.Sprintf("%040x", len(id)*7919+int(id[len(id)-1]))
			body = fmt.Sprintf(`{"id":%q,"sha":%q,"private":false,"gated":false,"tags":["license:apache-2.0","base_model:finetune:bench/base"],`+
				`"cardData":{"license":"apache-2.0","base_model":"bench/base"},"siblings":[{"rfilename":"README.md"},{"rfilename":"LICENSE"},{"rfilename":"model.safetensors"}]}`, id, sha)
			etag = `W/"` + sha + `"`
		case strings.Contains(p, "/resolve/") && strings.HasSuffix(p, "/README.md"):
			body = "---\nlicense: apache-2.0\nbase_model: bench/base\n---\n# bench model\n"
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
			c.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		c.full.Add(1)
		io.WriteString(w, body)
	})
}
