package discover

import (
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
