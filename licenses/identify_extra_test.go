package licenses

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

// TestAlteredKnownText: a known license with text appended that restricts
// it, or with its cap changed, is judged by what it says: the stricter
// terms and the text's number apply, confidence drops for the unexplained
// text, and a note says why. A short header changes nothing, and no
// unchanged corpus text gets a note.
func TestAlteredKnownText(t *testing.T) {
	dir := sharedtest.Path(t, "corpus/licenses")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cat := Builtin()
	apache := read("apache-2.0.txt")

	plain := cat.Identify(apache)
	added := cat.Identify(append(bytes.Clone(apache), "\nADDITIONAL TERMS: This model may be used for non-commercial research purposes only. Commercial use is strictly prohibited.\n"...))
	if added.Key != "apache-2.0" || added.Terms.CommercialUse != Prohibited || !added.Terms.ResearchOnly ||
		added.Confidence >= plain.Confidence || len(added.Notes) != 1 || !strings.Contains(added.Notes[0], "commercial_use") {
		t.Errorf("apache-2.0 with a non-commercial clause appended: key %s, commercial %s, research_only %v, confidence %v (plain %v), notes %q",
			added.Key, added.Terms.CommercialUse, added.Terms.ResearchOnly, added.Confidence, plain.Confidence, added.Notes)
	}
	if ev := added.Terms.Evidence["commercial_use"]; !strings.Contains(ev.Quote, "non-commercial") {
		t.Errorf("evidence for the added term: %+v", ev)
	}

	header := cat.Identify(append([]byte("Copyright 2024 Example Labs. Licensed as below.\n\n"), apache...))
	if header.Terms.CommercialUse != plain.Terms.CommercialUse || header.Confidence != plain.Confidence || len(header.Notes) != 0 {
		t.Errorf("a short header changed the identification: %+v", header)
	}

	llama := read("llama3.1.txt")
	if !bytes.Contains(llama, []byte("700 million")) {
		t.Fatal("llama3.1.txt has no 700 million cap: the case could not fail")
	}
	tweaked := cat.Identify(bytes.Replace(llama, []byte("700 million"), []byte("7 million"), 1))
	if tweaked.Key != "llama3.1" || tweaked.Terms.UserLimit == nil || tweaked.Terms.UserLimit.Count != 7_000_000 || len(tweaked.Notes) != 1 {
		t.Errorf("llama3.1 with its cap changed: key %s, user limit %+v, notes %q", tweaked.Key, tweaked.Terms.UserLimit, tweaked.Notes)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if id := cat.Identify(read(e.Name())); len(id.Notes) != 0 {
			t.Errorf("%s: unchanged corpus text got notes %q", e.Name(), id.Notes)
		}
	}
}
