package discover

import (
	"context"
	"maps"
	"strings"
	"testing"
)

// FuzzManifest: the models manifest of a scanned tree is untrusted input.
// Parsing never panics, every error line names the file with a position,
// and every reference returned is well formed and placed.
func FuzzManifest(f *testing.F) {
	for _, s := range []string{
		"models:\n  - hf:org1/declared@v2\n  - ref: ollama:llama3:70b\n  - openai:gpt-4.1\n",
		"models:\n  - mistral-7b\n  - ref:\n  - {name: x}\n  - [a]\n", "models: hf:a/b\n", "models: &a [*a]\n", "- x\n", "{",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		refs, err := ParseManifest(data, "m.yaml")
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "m.yaml") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
		}
		for _, r := range refs {
			if r.Hub == "" || r.ID == "" || r.Location.Path != "m.yaml" || r.Location.Line < 1 {
				t.Fatalf("malformed reference %+v", r)
			}
		}
	})
}

// TestManifestEntryErrors: every entry a user could believe declared or
// pinned, but that would be dropped or changed, is an error naming the
// line; a local path outside the tree too.
func TestManifestEntryErrors(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want string // "" when accepted
	}{
		{"models: [hf:a/b@main]", ""},
		{"models: [{ref: hf:a/b@main}]", ""},
		{"models: [local:models/m.gguf]", ""},
		{"models: [local:./models/../m.gguf]", ""},
		{"models: [{ref: hf:a/b, revision: 5}]", "m.yaml:1:24: models[0]: revision: not a key"},
		{"models: [{ref: hf:a/b, pinned: true}]", "m.yaml:1:24: models[0]: unknown key \"pinned\""},
		{"models: [hf:a/b@]", `m.yaml:1:10: models[0]: "hf:a/b@": empty revision`},
		{"models: [local:/etc/passwd]", `models[0]: "local:/etc/passwd": outside the scanned tree`},
		{"models: [local:../../outside.gguf]", `outside the scanned tree`},
		{"models: [local:models/../../x]", `outside the scanned tree`},
		{`models: ['local:C:\x.gguf']`, `outside the scanned tree`},
	} {
		refs, err := ParseManifest([]byte(c.yaml), "m.yaml")
		switch {
		case c.want == "" && (err != nil || len(refs) != 1):
			t.Errorf("%s: %d refs, %v", c.yaml, len(refs), err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.yaml, err, c.want)
		case c.want != "" && len(refs) != 0:
			t.Errorf("%s: the bad entry still gave %+v", c.yaml, refs)
		}
	}
	refs, _ := ParseManifest([]byte("models: [local:./models/../m.gguf]"), "m.yaml")
	if len(refs) == 1 && refs[0].ID != "m.gguf" {
		t.Errorf("local path not cleaned: %q", refs[0].ID)
	}
}

// TestManifestLocalMissing: a declared local model that is not in the tree
// is marked missing (it resolves as not-found); one that is, is not.
func TestManifestLocalMissing(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"aibom.yaml":       "models: [local:models/here.gguf, local:models/missing.gguf]\n",
		"models/here.gguf": "GGUF",
	})
	res, err := Discover(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	for _, r := range res.References {
		if r.Location.Via == "manifest" {
			missing[r.ID] = r.Local != nil && r.Local.Missing
		}
	}
	if want := map[string]bool{"models/here.gguf": false, "models/missing.gguf": true}; !maps.Equal(missing, want) {
		t.Errorf("missing %v, want %v", missing, want)
	}
}
