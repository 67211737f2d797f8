package huggingface

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzIDFromURL: the canonical id read from a redirect's final URL (which
// the Hub, or anything in front of it, chooses) never panics, and is
// always the part of the path after /api/models/.
func FuzzIDFromURL(f *testing.F) {
	for _, s := range []string{"https://huggingface.co/api/models/org/new/revision/main", "http://x/api/models/", "%zz", "https://x/api/models/a%2Fb?x=1", "/api/models/../../etc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		id := idFromURL(raw, "models")
		if id == "" {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || !strings.HasPrefix(u.Path, "/api/models/"+id) || strings.Contains(id, "/revision/") {
			t.Fatalf("idFromURL(%q) = %q", raw, id)
		}
	})
}
