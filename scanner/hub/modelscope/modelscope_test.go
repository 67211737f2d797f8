package modelscope

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
)

const token = "ms-session-token-for-tests"

type fake struct {
	*httptest.Server
	mu      sync.Mutex
	routes  map[string]http.HandlerFunc // path + "?" + FilePath/Revision key
	cookies []string
	auths   []string
}

func newFake(t *testing.T) *fake {
	f := &fake{routes: map[string]http.HandlerFunc{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		if c, err := r.Cookie(sessionCookie); err == nil {
			f.cookies = append(f.cookies, c.Value)
		}
		f.auths = append(f.auths, r.Header.Get("Authorization"))
		h := f.routes[r.URL.Path+"|"+r.URL.Query().Get("FilePath")]
		f.mu.Unlock()
		if h == nil {
			w.WriteHeader(404)
			io.WriteString(w, `{"Code":10010205001,"Message":"model not found","Success":false}`)
			return
		}
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) handle(path, file string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[path+"|"+file] = h
}

func body(b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.Write(b) }
}

func newClient(t *testing.T, f *fake, dir string, offline bool) *Client {
	if dir == "" {
		dir = t.TempDir()
	}
	h := httpx.New(httpx.Config{CacheDir: dir, Offline: offline, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	return New(h, Options{Endpoint: f.URL, Token: token})
}

// getModel returns the reconstructed get_model body with a real card as
// ReadMeContent.
func getModel(t *testing.T, card string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/get_model.reconstructed.json")
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]any
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	if card != "" {
		b, err := os.ReadFile(sharedtest.Path(t, "fixtures/hub/huggingface/model-cards/"+card))
		if err != nil {
			t.Fatal(err)
		}
		env["Data"].(map[string]any)["ReadMeContent"] = string(b)
	}
	out, _ := json.Marshal(env)
	return out
}

func TestModel(t *testing.T) {
	f := newFake(t)
	files, _ := os.ReadFile("testdata/repo-files.reconstructed.json")
	// Read the recording before serving it: a skip inside the handler would
	// only end the handler's goroutine and leave the client with EOF.
	model := getModel(t, "Qwen--Qwen2.5-7B-Instruct.README.md")
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct", "", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Revision") != "v1.0.0" {
			t.Errorf("revision not passed: %q", r.URL.RawQuery)
		}
		w.Write(model)
	})
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct/repo/files", "", body(files))
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct/repo", "LICENSE", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "test license file\n")
	})
	info, err := newClient(t, f, "", false).Model(context.Background(), "Qwen/Qwen2.5-7B-Instruct", "v1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	if info.License != "Apache License 2.0" || info.ID != "Qwen/Qwen2.5-7B-Instruct" || info.Revision != "v1.0.0" {
		t.Errorf("%+v", info)
	}
	want := []hub.BaseRef{{ID: "Qwen/Qwen2.5-7B", Relation: "unknown"}}
	if !slices.Equal(info.BaseModels, want) {
		t.Errorf("base %+v", info.BaseModels)
	}
	if len(info.Files) != 1 || info.Files[0].Path != "LICENSE" || !slices.Equal(info.FileNames, []string{"LICENSE", "README.md"}) {
		t.Errorf("files %+v names %v", info.Files, info.FileNames)
	}
	if !slices.Equal(info.Tags, []string{"chat", "qwen"}) || info.Partial != "" || info.Card == nil {
		t.Errorf("tags %v partial %q", info.Tags, info.Partial)
	}
	for _, a := range f.auths {
		if a != "" {
			t.Errorf("Authorization header sent: %q", a)
		}
	}
	if len(f.cookies) != 3 || f.cookies[0] != token {
		t.Errorf("session cookie: %v", len(f.cookies))
	}
}

// The real (semi-real) file-list fixture replays; the card supplies the
// license when the hub's License field is empty.
func TestRecordedFileListAndCardLicense(t *testing.T) {
	f := newFake(t)
	listing, err := os.ReadFile(sharedtest.Path(t, "fixtures/hub/modelscope/repo-files.list.test_hub_retry.json"))
	if err != nil {
		t.Fatal(err)
	}
	gm := getModel(t, "bartowski--gemma-2-9b-it-GGUF.README.md")
	gm = []byte(strings.Replace(string(gm), `"License":"Apache License 2.0"`, `"License":""`, 1))
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct", "", body(gm))
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct/repo/files", "", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Revision") != DefaultRevision {
			t.Errorf("default revision: %q", r.URL.RawQuery)
		}
		w.Write(listing)
	})
	info, err := newClient(t, f, "", false).Model(context.Background(), "Qwen/Qwen2.5-7B-Instruct", "")
	if err != nil {
		t.Fatal(err)
	}
	if info.License != "gemma" || !slices.Equal(info.FileNames, []string{"README.md"}) || len(info.Files) != 0 {
		t.Errorf("license %q names %v", info.License, info.FileNames)
	}
	if len(info.BaseModels) != 1 || info.BaseModels[0].ID != "google/gemma-2-9b-it" {
		t.Errorf("base %+v", info.BaseModels)
	}
}

func TestErrors(t *testing.T) {
	f := newFake(t)
	f.handle("/api/v1/models/org/code-error", "", body([]byte(`{"Code":10010205001,"Data":null,"Message":"model not exist","Success":false}`)))
	f.handle("/api/v1/models/org/private", "", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		io.WriteString(w, `{"success":false,"code":"NoPermission","message":"no permission"}`)
	})
	f.handle("/api/v1/models/org/garbage", "", body([]byte(`{"Code":200,"Data":{"Name":`)))
	f.handle("/api/v1/models/org/nodata", "", body([]byte(`{"Code":200,"Message":"success","Success":true}`)))
	f.handle("/api/v1/models/org/limited", "", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	})
	tests := []struct {
		id   string
		want error
		text string
	}{
		{"org/missing", hub.ErrNotFound, "org/missing"},
		{"org/code-error", hub.ErrNotFound, "model not exist"},
		{"org/private", hub.ErrUnauthorized, "no permission"},
		{"org/garbage", nil, "invalid JSON"},
		{"org/nodata", nil, "no Data"},
		{"org/limited", hub.ErrRateLimited, "org/limited"},
		{"just-a-name", nil, "invalid id"},
	}
	c := newClient(t, f, "", false)
	for _, tt := range tests {
		_, err := c.Model(context.Background(), tt.id, "")
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: %v", tt.id, err)
		}
		if err != nil && strings.Contains(err.Error(), token) {
			t.Errorf("token in error %v", err)
		}
	}
}

func TestOffline(t *testing.T) {
	f := newFake(t)
	files, _ := os.ReadFile("testdata/repo-files.reconstructed.json")
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct", "", body(getModel(t, "")))
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct/repo/files", "", body(files))
	f.handle("/api/v1/models/Qwen/Qwen2.5-7B-Instruct/repo", "LICENSE", body([]byte("test license\n")))
	dir := t.TempDir()
	if _, err := newClient(t, f, dir, false).Model(context.Background(), "Qwen/Qwen2.5-7B-Instruct", ""); err != nil {
		t.Fatal(err)
	}
	n := len(f.auths)
	info, err := newClient(t, f, dir, true).Model(context.Background(), "Qwen/Qwen2.5-7B-Instruct", "")
	if err != nil || info.Source != "cache" || len(info.Files) != 1 || len(f.auths) != n {
		t.Fatalf("info=%+v err=%v requests=%d", info, err, len(f.auths)-n)
	}
	if _, err := newClient(t, f, dir, true).Model(context.Background(), "a/b", ""); !errors.Is(err, hub.ErrOffline) {
		t.Errorf("want ErrOffline, got %v", err)
	}
}

func TestOptionsFromEnv(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"MODELSCOPE_DOMAIN": "www.modelscope.ai"}, "https://www.modelscope.ai"},
		{map[string]string{"MODELSCOPE_DOMAIN": "x", "MODELSCOPE_ENDPOINT": "http://127.0.0.1:9"}, "http://127.0.0.1:9"},
		{map[string]string{}, ""},
	} {
		if o := OptionsFromEnv(func(k string) string { return tt.env[k] }); o.Endpoint != tt.want {
			t.Errorf("%v: %q", tt.env, o.Endpoint)
		}
	}
}

// TestGLMStyleRepository: a repository whose license is only MODEL_LICENSE
// (ChatGLM3, GLM-4) beside a code LICENSE; the file list's Sha256 of each
// weight file is kept. The list is written in the shape of the recorded
// fixture (Name, Path, Type, Revision, Sha256, Size, IsLFS).
func TestGLMStyleRepository(t *testing.T) {
	f := newFake(t)
	const id = "ZhipuAI/chatglm3-6b"
	sum := strings.Repeat("0f", 32)
	f.handle("/api/v1/models/"+id, "", body(getModel(t, "")))
	f.handle("/api/v1/models/"+id+"/repo/files", "", body([]byte(`{"Code":200,"Success":true,"Message":"success","Data":{"Files":[
	 {"Name":"MODEL_LICENSE","Path":"MODEL_LICENSE","Type":"blob","Revision":"1111111111111111111111111111111111111111","Sha256":"","Size":4000,"IsLFS":false},
	 {"Name":"LICENSE","Path":"LICENSE","Type":"blob","Revision":"1111111111111111111111111111111111111111","Sha256":"","Size":11000,"IsLFS":false},
	 {"Name":"model-00001-of-00007.safetensors","Path":"model-00001-of-00007.safetensors","Type":"blob","Revision":"1111111111111111111111111111111111111111","Sha256":"`+sum+`","Size":1827780615,"IsLFS":true},
	 {"Name":"config.json","Path":"config.json","Type":"blob","Revision":"1111111111111111111111111111111111111111","Sha256":"","Size":1300,"IsLFS":false},
	 {"Name":"tokenizer","Path":"tokenizer","Type":"tree","Revision":"1111111111111111111111111111111111111111","Sha256":"","Size":0,"IsLFS":false}]}}`)))
	for _, name := range []string{"MODEL_LICENSE", "LICENSE"} {
		f.handle("/api/v1/models/"+id+"/repo", name, body([]byte("test text of "+name+"\n")))
	}
	info, err := newClient(t, f, "", false).Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fl := range info.Files {
		got = append(got, fl.Path)
	}
	if !slices.Equal(got, []string{"LICENSE", "MODEL_LICENSE"}) {
		t.Errorf("license documents %v, want LICENSE and MODEL_LICENSE", got)
	}
	if len(info.WeightFiles) != 1 || info.WeightFiles[0].SHA256 != sum || info.WeightFiles[0].Size != 1827780615 {
		t.Errorf("weights %+v", info.WeightFiles)
	}
}
