package knownmodels

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

// TestRenamesUpToDate proves renames.gen.json is what the generator makes
// from the recorded 307 answers in the shared fixtures.
func TestRenamesUpToDate(t *testing.T) {
	dir := sharedtest.Path(t, "fixtures/hub/huggingface/api-models")
	files, err := filepath.Glob(filepath.Join(dir, "*.307.exchange.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded renames in %s: %v", dir, err)
	}
	var rs []Rename
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, ok, err := RenameFromExchange(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if ok {
			rs = append(rs, r)
		}
	}
	got, err := EncodeRenames(rs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, builtinRenames) {
		t.Fatalf("renames.gen.json is stale: run `go generate ./scanner/knownmodels`\n%s", got)
	}
}

func TestLookupFollowsRename(t *testing.T) {
	c := Builtin()
	e, ok := c.Lookup("huggingface", "META-LLAMA/Meta-Llama-3.1-8B-Instruct")
	if !ok {
		t.Fatal("renamed repo not found through its old id")
	}
	if e.ID != "meta-llama/Llama-3.1-8B-Instruct" || e.License != "llama3.1" {
		t.Errorf("rename led to %s (%s), want meta-llama/Llama-3.1-8B-Instruct (llama3.1)", e.ID, e.License)
	}
	if _, ok := c.Lookup("huggingface", "meta-llama/Not-A-Model"); ok {
		t.Error("unknown id found")
	}
}

func TestRenameFromExchange(t *testing.T) {
	cases := []struct {
		name, data string
		want       Rename
		ok         bool
	}{
		{"relative redirect", `{"request":{"uri":"https://huggingface.co/api/models/t5-small?expand=x"},"response":{"status":{"code":307},"headers":{"Location":["/api/models/google-t5/t5-small?expand=x"]}}}`,
			Rename{"huggingface", "t5-small", "google-t5/t5-small"}, true},
		{"not a redirect", `{"request":{"uri":"https://huggingface.co/api/models/gpt2"},"response":{"status":{"code":200},"headers":{}}}`, Rename{}, false},
		{"redirect elsewhere", `{"request":{"uri":"https://huggingface.co/api/models/x/y"},"response":{"status":{"code":302},"headers":{"Location":["https://cdn.example/blob"]}}}`, Rename{}, false},
	}
	for _, tc := range cases {
		got, ok, err := RenameFromExchange([]byte(tc.data))
		if err != nil || ok != tc.ok || got != tc.want {
			t.Errorf("%s: got %+v %v %v, want %+v %v", tc.name, got, ok, err, tc.want, tc.ok)
		}
	}
}
