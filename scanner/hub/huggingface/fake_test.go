package huggingface

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

// fakeHub replays the recorded /api/models responses from
// ../shared/fixtures/hub/huggingface/api-models (bodies and headers read in
// place) and the real model cards from .../model-cards, and lets a test add
// its own routes for faults. License files it serves are short texts we
// write, never real license texts.
type fakeHub struct {
	*httptest.Server
	t        *testing.T
	models   map[string]recorded // id -> recorded 200 or 307
	cards    string              // model-cards dir
	mu       sync.Mutex
	routes   map[string]http.HandlerFunc // exact path -> handler (overrides)
	requests atomic.Int64
	auth     sync.Map // path -> Authorization header seen
}

type recorded struct {
	status   int
	header   http.Header
	bodyFile string
}

type exchange struct {
	Request struct {
		URI string `json:"uri"`
	} `json:"request"`
	Response struct {
		Status struct {
			Code int `json:"code"`
		} `json:"status"`
		Headers  map[string][]string `json:"headers"`
		BodyFile string              `json:"body_file"`
	} `json:"response"`
}

func newFakeHub(t *testing.T) *fakeHub {
	t.Helper()
	dir := sharedtest.Path(t, "fixtures/hub/huggingface/api-models")
	f := &fakeHub{t: t, models: map[string]recorded{}, cards: sharedtest.Path(t, "fixtures/hub/huggingface/model-cards"), routes: map[string]http.HandlerFunc{}}
	ex, err := filepath.Glob(filepath.Join(dir, "*.exchange.json"))
	if err != nil || len(ex) == 0 {
		t.Fatalf("no recordings in %s: %v", dir, err)
	}
	for _, p := range ex {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var e exchange
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		u, err := url.Parse(e.Request.URI)
		if err != nil || u.RawQuery != "" { // ?expand= answers hold only the expanded keys
			continue
		}
		id := strings.TrimPrefix(u.Path, "/api/models/")
		h := http.Header{}
		for k, v := range e.Response.Headers {
			switch strings.ToLower(k) {
			case "content-length", "connection", "transfer-encoding", "content-encoding":
				continue
			}
			h[http.CanonicalHeaderKey(k)] = v
		}
		f.models[id] = recorded{status: e.Response.Status.Code, header: h, bodyFile: filepath.Join(dir, e.Response.BodyFile)}
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeHub) handle(path string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[path] = h
}

func (f *fakeHub) host() string { return strings.TrimPrefix(f.URL, "http://") }

func (f *fakeHub) serve(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	f.auth.Store(r.URL.Path, r.Header.Get("Authorization"))
	f.mu.Lock()
	h := f.routes[r.URL.EscapedPath()]
	f.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	p := r.URL.Path
	if id, ok := strings.CutPrefix(p, "/api/models/"); ok {
		rec, ok := f.models[id]
		if !ok {
			hubError(w, http.StatusNotFound, "RepoNotFound", "Repository not found")
			return
		}
		body, err := os.ReadFile(rec.bodyFile)
		if err != nil {
			f.t.Errorf("fixture: %v", err)
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(body)
		return
	}
	// /{owner}/{name}/resolve/{rev}/{file}
	if i := strings.Index(p, "/resolve/"); i > 0 {
		id := strings.TrimPrefix(p[:i], "/")
		_, file, _ := strings.Cut(p[i+len("/resolve/"):], "/")
		switch {
		case file == "README.md":
			b, err := os.ReadFile(filepath.Join(f.cards, strings.ReplaceAll(id, "/", "--")+".README.md"))
			if err != nil {
				hubError(w, http.StatusNotFound, "EntryNotFound", "Entry not found")
				return
			}
			w.Write(b)
		case strings.Contains(strings.ToUpper(file), "LICENSE"), strings.HasPrefix(file, "USE_POLICY"), file == "NOTICE":
			fmt.Fprintf(w, "test license file %s of %s\n", file, id)
		default:
			hubError(w, http.StatusNotFound, "EntryNotFound", "Entry not found")
		}
		return
	}
	http.NotFound(w, r)
}

// hubError answers in the Hub's error style: X-Error-Code and
// X-Error-Message headers plus a {"error": ...} body (hub-apis.md §1.5).
func hubError(w http.ResponseWriter, status int, code, msg string) {
	if code != "" {
		w.Header().Set("X-Error-Code", code)
	}
	w.Header().Set("X-Error-Message", msg)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
