package knownmodels

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aibom/aibom/licenses"
)

// TestEveryEntryHasLicenseFacts is the whole-catalog check of issue 19: a
// model the card leaves without a license id must carry a license
// established from the publisher's or licensor's own text, with the place
// it was read, or an explicit record that the search found nothing.
func TestEveryEntryHasLicenseFacts(t *testing.T) {
	lic := licenses.Builtin()
	source := regexp.MustCompile(`^(github:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[0-9a-f]{40}:.+|https://.+)$`)
	var established, notFound []string
	for _, e := range Builtin().Entries() {
		ref := e.Hub + ":" + e.ID
		if e.License != "" {
			if e.Established != nil {
				t.Errorf("%s: declares %q and carries an established license", ref, e.License)
			}
			continue
		}
		est := e.Established
		if est == nil {
			t.Errorf("%s: the card declares no license and none is established (add a row to established.yaml)", ref)
			continue
		}
		if !source.MatchString(est.Source) {
			t.Errorf("%s: source %q is neither repo@commit:path nor a URL", ref, est.Source)
		}
		if est.Read == "" {
			t.Errorf("%s: no read date", ref)
		}
		if est.License == "" {
			if est.Reason == "" {
				t.Errorf("%s: nothing established and no reason", ref)
			}
			notFound = append(notFound, ref)
			continue
		}
		l, ok := lic.Lookup(est.License)
		if !ok {
			t.Errorf("%s: established license %q is not in the licenses catalog", ref, est.License)
			continue
		}
		if l.Category == licenses.CategoryUnknown {
			t.Errorf("%s: established license %q is an umbrella or unknown entry", ref, est.License)
		}
		established = append(established, ref)
	}
	if len(established) != 24 {
		t.Errorf("%d models with an established license, want 24: %v", len(established), established)
	}
	// The one model whose license nothing settles is listed by name, so
	// that a second one cannot slip in unnoticed.
	if strings.Join(notFound, ",") != "huggingface:sentence-transformers/multi-qa-MiniLM-L6-cos-v1" {
		t.Errorf("models without an established license: %v", notFound)
	}
}

// TestEstablishedModelInfo checks what the resolver sees: the declaration
// stays empty, the established license and its source ride beside it, and
// an established base is added only where the card names none.
func TestEstablishedModelInfo(t *testing.T) {
	c := Builtin()
	for _, tc := range []struct {
		id, license, source, base string
	}{
		{"THUDM/chatglm-6b", "chatglm-6b", "github:THUDM/ChatGLM-6B@401bf3a8a7dd8a26fba189551dccfc61a7079b4e:MODEL_LICENSE", ""},
		{"deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "mit", "github:deepseek-ai/DeepSeek-R1@0cf78561f1d51c84a21b2190626b21116d5c68bb:README.md", "Qwen/Qwen2.5-32B"},
		{"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "mit", "github:deepseek-ai/DeepSeek-R1@0cf78561f1d51c84a21b2190626b21116d5c68bb:README.md", "Qwen/Qwen2.5-Math-7B"},
		{"stabilityai/sd-turbo", "stability-nc-research-community", "github:Stability-AI/generative-models@0ad7de9a5cb53fd63d6d30a4f385485e72e08597:model_licenses/LICENCE-SD-Turbo", ""},
	} {
		e, ok := c.Lookup("huggingface", tc.id)
		if !ok {
			t.Fatalf("%s not in the catalog", tc.id)
		}
		info := e.ModelInfo()
		if info.License != "" {
			t.Errorf("%s: declared license %q, want none (the card declares none)", tc.id, info.License)
		}
		if info.Established == nil || info.Established.License != tc.license || info.Established.Source != tc.source || info.Established.Read == "" {
			t.Errorf("%s: established %+v, want %s from %s", tc.id, info.Established, tc.license, tc.source)
		}
		var bases []string
		for _, b := range info.BaseModels {
			bases = append(bases, b.ID)
		}
		if strings.Join(bases, ",") != tc.base {
			t.Errorf("%s: bases %v, want %q", tc.id, bases, tc.base)
		}
	}
	e, _ := c.Lookup("huggingface", "meta-llama/Llama-3.2-3B-Instruct")
	if e.ModelInfo().Established != nil {
		t.Error("a declared license must not carry an established one")
	}
}

func TestParseEstablishedRejects(t *testing.T) {
	for name, in := range map[string]string{
		"unknown key":   "established:\n- {hub: huggingface, id: a/b, license: mit, source: 'https://x', read: '2026-12-03', note: n, extra: 1}\n",
		"no license":    "established:\n- {hub: huggingface, id: a/b, source: 'https://x', read: '2026-12-03', note: n}\n",
		"no source":     "established:\n- {hub: huggingface, id: a/b, license: mit, read: '2026-12-03', note: n}\n",
		"bad date":      "established:\n- {hub: huggingface, id: a/b, license: mit, source: 'https://x', read: yesterday, note: n}\n",
		"empty, no why": "established:\n- {hub: huggingface, id: a/b, license: '', source: 'https://x', read: '2026-12-03'}\n",
		"no note":       "established:\n- {hub: huggingface, id: a/b, license: mit, source: 'https://x', read: '2026-12-03'}\n",
		"relation":      "established:\n- {hub: huggingface, id: a/b, license: mit, source: 'https://x', read: '2026-12-03', note: n, base_model: [c/d], base_model_relation: cousin}\n",
		"twice":         "established:\n- {hub: huggingface, id: a/b, license: mit, source: 'https://x', read: '2026-12-03', note: n}\n- {hub: huggingface, id: A/B, license: mit, source: 'https://x', read: '2026-12-03', note: n}\n",
	} {
		if _, err := ParseEstablished([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestWithEstablishedRejects(t *testing.T) {
	c, err := New([]Entry{
		{Hub: "huggingface", ID: "a/declared", License: "mit", Source: "s", Snapshot: "d"},
		{Hub: "huggingface", ID: "a/none", Source: "s", Snapshot: "d"},
	})
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return id == "mit" }
	row := func(id, license string) []EstablishedRow {
		return []EstablishedRow{{Hub: "huggingface", ID: id, Established: Established{License: license, Source: "https://x", Read: "2026-12-03", Note: "n"}}}
	}
	for name, rows := range map[string][]EstablishedRow{
		"overrides a declaration": row("a/declared", "mit"),
		"not in the catalog":      row("a/missing", "mit"),
		"unknown license":         row("a/none", "made-up-license"),
	} {
		if _, err := c.WithEstablished(rows, known); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	got, err := c.WithEstablished(row("a/none", "mit"), known)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := got.Lookup("huggingface", "a/none"); e.Established == nil || e.Established.License != "mit" {
		t.Errorf("established not applied: %+v", e)
	}
}
