package licenses

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/licenses/internal/fingerprint"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// corpusTexts reads every reference text of ../shared/corpus/licenses.
func corpusTexts(t testing.TB) map[string][]byte {
	t.Helper()
	dir := sharedtest.Path(t, "corpus/licenses")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(e.Name(), ".txt")] = b
	}
	if len(out) == 0 {
		t.Fatal("no corpus texts")
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestGeneratedFingerprintsUpToDate regenerates the matcher data from the
// shared corpus and requires the committed file to be byte-identical.
func TestGeneratedFingerprintsUpToDate(t *testing.T) {
	texts := corpusTexts(t)
	var c struct {
		Licenses []struct{ Key, Kind string } `yaml:"licenses"`
	}
	if err := yaml.Unmarshal(catalogYAML, &c); err != nil {
		t.Fatal(err)
	}
	policies := map[string]bool{}
	for _, l := range c.Licenses {
		if l.Kind == KindUsePolicy {
			policies[l.Key] = true
		}
	}
	got, err := fingerprint.Marshal(fingerprint.Build(texts, policies))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, fingerprintsJSON) {
		t.Fatal("fingerprints.json is stale: run go generate ./licenses")
	}
}

func TestBuiltinCatalogConsistent(t *testing.T) {
	c := Builtin()
	all := c.All()
	if !slices.IsSortedFunc(all, func(a, b License) int { return strings.Compare(a.Key, b.Key) }) {
		t.Fatal("All() not sorted by key")
	}
	spdx := map[string]string{}
	for _, l := range all {
		if l.Name == "" {
			t.Errorf("%s: no name", l.Key)
		}
		if l.SPDXID != "" {
			if prev, dup := spdx[l.SPDXID]; dup {
				t.Errorf("spdx id %s used by %s and %s", l.SPDXID, prev, l.Key)
			}
			spdx[l.SPDXID] = l.Key
			if strings.HasPrefix(l.SPDXID, "LicenseRef-") && !strings.HasPrefix(l.SPDXID, "LicenseRef-scancode-") &&
				l.SPDXID != "LicenseRef-aibom-"+l.Key && l.Kind != KindServiceTerms {
				t.Errorf("%s: LicenseRef id %s does not follow LicenseRef-aibom-<key>", l.Key, l.SPDXID)
			}
		}
		if l.Terms.CommercialUse == "" || l.Terms.Redistribution == "" {
			t.Errorf("%s: empty commercial_use/redistribution (must say unknown)", l.Key)
		}
		for f, ev := range l.Terms.Evidence {
			if ev.Source != l.Key || ev.Quote == "" || ev.Start != 0 || ev.End != 0 {
				t.Errorf("%s: catalog evidence %s = %+v, want a clause reference naming the key", l.Key, f, ev)
			}
		}
	}
	// Every corpus text is in the catalog under its file stem.
	for _, k := range sortedKeys(corpusTexts(t)) {
		if _, ok := c.Get(k); !ok {
			t.Errorf("corpus text %s is not in the catalog", k)
		}
	}
	// Catalog facts must not be copied sentences: no clause reference is
	// longer than a short phrase.
	for _, l := range all {
		for f, ev := range l.Terms.Evidence {
			if n := len(strings.Fields(ev.Quote)); n > 25 {
				t.Errorf("%s: clause reference for %s has %d words; keep it a reference", l.Key, f, n)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	c := Builtin()
	tests := []struct{ name, want string }{
		{"llama3", "llama3"},
		{"Llama3.1", "llama3.1"},
		{"llama3.2", "llama3.2"},
		{"gemma", "gemma"},
		{"gemma-terms-of-use", "gemma"},
		{"https://ai.google.dev/gemma/terms", "gemma"},
		{"https://ai.google.dev/gemma/terms/", "gemma"},
		{"mnpl", "mistral-mnpl"},
		{"https://mistral.ai/licences/MNPL-0.1.md", "mistral-mnpl"},
		{"mrl", "mistral-mrl"},
		{"https://mistral.ai/licenses/MRL-0.1.md", "mistral-mrl"},
		{"qwen", "qwen"},
		{"qwen-research", "qwen-research"},
		{"tongyi-qianwen", "qwen-tongyi-qianwen"},
		{"https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT", "qwen-tongyi-qianwen"},
		{"deepseek", "deepseek"},
		{"deepseek-license", "deepseek"},
		{"flux-1-dev-non-commercial-license", "flux-1-dev-non-commercial-license"},
		{"Apache License 2.0", "apache-2.0"},
		{"apache-2.0", "apache-2.0"},
		{"APACHE-2.0", "apache-2.0"},
		{"MIT", "mit"},
		{"CC-BY-NC-4.0", "cc-by-nc-4.0"},
		{"LicenseRef-scancode-llama-3.1-license-2024", "llama3.1"},
		{"GPL-3.0", "gpl-3.0"},
		{"gpl-3.0", "gpl-3.0"},
		{"openrail++", "creativeml-openrail++-m-sdxl"},
		{"openrail", "openrail"},
		{"other", "other"},
		{"bsd", "bsd"},
		{"sai-nc-community", "stability-nc-research-community"},
		{"https://huggingface.co/THUDM/glm-4-9b-chat/resolve/main/LICENSE", "glm4"},
		{"baichuan2-community-license", "baichuan2-community"},
		{"nvidia-open-model-license", "nvidia-open-model-license"},
	}
	for _, tt := range tests {
		l, ok := c.Lookup(tt.name)
		if !ok || l.Key != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.name, l.Key, ok, tt.want)
		}
	}
	for _, name := range []string{"", "  ", "no-such-license", "https://example.com/LICENSE"} {
		if l, ok := c.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %q, want not found", name, l.Key)
		}
	}
	// Umbrella ids name no single license.
	for _, k := range []string{"openrail", "bsd", "cc", "gpl", "other"} {
		l, _ := c.Get(k)
		if l.SPDXID != "" {
			t.Errorf("umbrella %s has spdx id %q", k, l.SPDXID)
		}
	}
	if l, _ := c.Get("cc"); l.Terms.CommercialUse != Unknown {
		t.Errorf("cc umbrella commercial_use = %s, want unknown (NC members exist)", l.Terms.CommercialUse)
	}
}

func TestGetReturnsCopy(t *testing.T) {
	c := Builtin()
	l, _ := c.Get("llama3.2")
	l.Terms.TerritoryExcluded[0] = "XX"
	l.Terms.UserLimit.Count = 1
	again, _ := c.Get("llama3.2")
	if again.Terms.TerritoryExcluded[0] != "EU" || again.Terms.UserLimit.Count != 700000000 {
		t.Fatal("Get exposes the shared catalog to mutation")
	}
}

func TestSameLicense(t *testing.T) {
	c := Builtin()
	tests := []struct {
		declared, detected string
		want               bool
	}{
		{"llama3.1", "llama3.1", true},
		{"llama3.1", "llama3.2", false},
		{"llama3", "llama3.1", false},
		{"apache-2.0", "llama3.1", false},
		{"Apache License 2.0", "apache-2.0", true},
		{"mit", "kimi-k2-modified-mit", false},
		{"gemma", "gemma-2024-02-21", true},
		{"gemma", "gemma", true},
		{"llama3.2", "llama3.2-aup", true},
		{"other", "qwen-research", true},
		{"unknown", "llama2", true},
		{"openrail", "creativeml-openrail-m", true},
		{"openrail", "llama2", false},
		{"cc", "cc-by-nc-4.0", true},
		{"bsd", "bsd-3-clause", true},
		{"bsd", "mit", false},
		{"mnpl", "mistral-mrl", false},
		{"no-such-name", "llama2", true},
		{"llama2", "", true},
	}
	for _, tt := range tests {
		if got := c.SameLicense(tt.declared, tt.detected); got != tt.want {
			t.Errorf("SameLicense(%q, %q) = %v, want %v", tt.declared, tt.detected, got, tt.want)
		}
	}
}

func TestLoadCatalogRejectsBadData(t *testing.T) {
	fp, err := fingerprint.Marshal(fingerprint.Data{Format: fingerprint.FormatVersion, Shingle: fingerprint.K, Window: fingerprint.W})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"unknown field":    "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n  bogus: 1\n",
		"bad kind":         "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: nope\n  category: unknown\n",
		"bad category":     "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: nope\n",
		"upper-case key":   "licenses:\n- key: A\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n",
		"dangling related": "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n  related: [b]\n",
		"text without fps": "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n  text: true\n",
		"alias clash": "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n  aliases: [z]\n" +
			"- key: b\n  spdx_id: Y\n  name: B\n  kind: license\n  category: unknown\n  aliases: [z]\n",
		"policy not a policy": "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n  terms: {use_policy: a}\n",
	}
	for name, y := range tests {
		if _, err := loadCatalog([]byte(y), fp, nil); err == nil {
			t.Errorf("%s: loadCatalog accepted bad data", name)
		}
	}
	ok := "licenses:\n- key: a\n  spdx_id: X\n  name: A\n  kind: license\n  category: unknown\n"
	if _, err := loadCatalog([]byte(ok), fp, nil); err != nil {
		t.Errorf("minimal catalog rejected: %v", err)
	}
}

func TestIdentificationJSONShape(t *testing.T) {
	id := Builtin().Identify([]byte("This is not a license, just a short note about a model."))
	var buf bytes.Buffer
	if err := WriteIdentificationsJSON(&buf, []Identification{id}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"file", "key", "spdx_id", "hf_id", "name", "kind", "confidence", "matches", "terms"} {
		if _, ok := got[0][f]; !ok {
			t.Errorf("JSON lacks %q", f)
		}
	}
	if got[0]["key"] != "" || !strings.HasPrefix(got[0]["spdx_id"].(string), "LicenseRef-aibom-unknown-") {
		t.Errorf("unknown text: key %v spdx %v", got[0]["key"], got[0]["spdx_id"])
	}
	if m, ok := got[0]["matches"].([]any); !ok || len(m) != 0 {
		t.Errorf("matches = %v, want []", got[0]["matches"])
	}
	buf.Reset()
	if err := WriteIdentificationsJSON(&buf, nil); err != nil || strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("empty list = %q, %v", buf.String(), err)
	}
}

func TestProvider(t *testing.T) {
	c := Builtin()
	for name, want := range map[string]string{
		"openai-api": "openai-api", "OpenAI": "openai-api", "anthropic": "anthropic-api",
		"gemini": "google-gemini-api", "qianfan": "baidu-qianfan", "kimi": "moonshot-api",
	} {
		l, ok := c.Provider(name)
		if !ok || l.Key != want || l.Kind != KindServiceTerms {
			t.Errorf("Provider(%q) = %q %v, want %q", name, l.Key, ok, want)
		}
	}
	for _, name := range []string{"llama3.1", "openai-terms-of-use-2023-03-14", "nope"} {
		if l, ok := c.Provider(name); ok {
			t.Errorf("Provider(%q) = %q, want none", name, l.Key)
		}
	}
	if _, ok := c.Get("anthropic-api"); !ok {
		t.Error("provider entries missing from the catalog")
	}
}
