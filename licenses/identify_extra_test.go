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

func TestParagraphStart(t *testing.T) {
	text := []byte("1. Grant.\n\nYou agree not to use the Model:\na. to harm minors;\nb. to defame others.")
	item := bytes.Index(text, []byte("a. to harm"))
	for _, c := range []struct {
		name   string
		at     int
		want   int
		reason string
	}{
		{"inside a paragraph", item, bytes.Index(text, []byte("You agree")), "back to the lead-in"},
		{"at a paragraph start", bytes.Index(text, []byte("You agree")), bytes.Index(text, []byte("You agree")), "unchanged"},
		{"first paragraph", 3, 0, "the text's start"},
	} {
		if got := paragraphStart(text, c.at); got != c.want {
			t.Errorf("%s: paragraphStart = %d, want %d (%s)", c.name, got, c.want, c.reason)
		}
	}
	long := append(bytes.Repeat([]byte("word "), 200), "tail"...)
	long = append([]byte("head\n\n"), long...)
	if got := paragraphStart(long, len(long)-2); got != len(long)-2 {
		t.Errorf("a paragraph start beyond maxLeadIn was taken: %d", got)
	}
}

// TestPartialMatch: a license of its own built on a known text (our own
// RAIL-style words on a permissive frame), identified with low confidence,
// is bound by the stricter terms its own words state, with a note; the
// same text identified with full confidence keeps the catalog's terms.
func TestPartialMatch(t *testing.T) {
	text := []byte("Licensed under the terms below.\n\n" +
		"Use-based restrictions. You agree not to use the Model or Derivatives of the Model:\n\na. to defame or harass others;\n\nb. for military purposes.\n\n" +
		"The Output You Generate. Licensor claims no rights in the Output. No use of the Output can contravene any provision of this License.\n")
	l, ok := Builtin().Lookup("apache-2.0")
	if !ok {
		t.Fatal("no apache-2.0 in the catalog")
	}
	id := Identification{Key: l.Key, Confidence: 0.72, Terms: cloneTerms(l.Terms)}
	got := withPartialMatch(id, text)
	if !got.Terms.UseRestrictions || !got.Terms.OutputRestriction || got.Terms.CommercialUse != Allowed {
		t.Errorf("use restrictions %v, output restriction %v, commercial %s: the text's own terms do not apply as they should",
			got.Terms.UseRestrictions, got.Terms.OutputRestriction, got.Terms.CommercialUse)
	}
	if len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "matches apache-2.0 only in part (confidence 0.72)") {
		t.Errorf("notes %q", got.Notes)
	}
	if ev := got.Terms.Evidence["output_restriction"]; !strings.Contains(ev.Quote, "contravene") || string(text[ev.Start:ev.End]) != ev.Quote {
		t.Errorf("output evidence %+v", ev)
	}
	id.Confidence = 1
	if sure := withPartialMatch(id, text); sure.Terms.UseRestrictions || len(sure.Notes) != 0 {
		t.Errorf("a full match took terms from the text: %+v", sure)
	}
}
