package licenses

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wantProviders are the providers of issue 20 (and MiniMax, named in its
// brief); each must have an entry.
var wantProviders = []string{"openai", "anthropic", "google", "baidu", "dashscope", "zhipu", "bytedance",
	"tencent", "huawei", "moonshot", "mistral", "deepseek", "minimax"}

func TestProviderLicenses(t *testing.T) {
	ls := providerLicenses()
	if len(ls) != len(wantProviders) {
		t.Fatalf("%d providers, want %d", len(ls), len(wantProviders))
	}
	if !slices.IsSortedFunc(ls, func(a, b License) int { return compareStrings(a.Key, b.Key) }) {
		t.Error("providerLicenses not sorted by key")
	}
	seen := map[string]bool{}
	for _, l := range ls {
		if seen[l.Key] {
			t.Errorf("duplicate key %s", l.Key)
		}
		seen[l.Key] = true
		if l.Kind != KindServiceTerms || l.Category != CategoryProprietary {
			t.Errorf("%s: kind %s category %s", l.Key, l.Kind, l.Category)
		}
		if l.SPDXID != "LicenseRef-"+l.Key || l.Name == "" {
			t.Errorf("%s: spdx %q name %q", l.Key, l.SPDXID, l.Name)
		}
		if !httpsURL(l.URL) {
			t.Errorf("%s: no terms URL", l.Key)
		}
	}
}

// TestProviderFacts is issue 20's data check, provider by provider: at
// least one fact or an explicit unverified status with a terms link; every
// fact with a URL and a date; every set term backed by a fact of its topic.
func TestProviderFacts(t *testing.T) {
	byKey := map[string]License{}
	for _, l := range providerLicenses() {
		byKey[l.Key] = l
	}
	for _, p := range Providers() {
		t.Run(p.Key, func(t *testing.T) {
			if len(p.Facts) == 0 && p.Status != ProviderUnverified {
				t.Errorf("no facts and status %q", p.Status)
			}
			if p.Status != ProviderVerified && !httpsURL(p.TermsURL) {
				t.Errorf("status %s without a terms link", p.Status)
			}
			for _, f := range p.Facts {
				if f.Statement == "" || !httpsURL(f.URL) || !dateRe.MatchString(f.Retrieved) || f.Document == "" {
					t.Errorf("fact without statement, https URL, date or document: %+v", f)
				}
				if !slices.Contains(topicOrder, f.Topic) {
					t.Errorf("fact topic %q", f.Topic)
				}
			}
			if !slices.IsSortedFunc(p.Facts, func(a, b Fact) int {
				return slices.Index(topicOrder, a.Topic) - slices.Index(topicOrder, b.Topic)
			}) {
				t.Error("facts not in topic order")
			}
			l := byKey[p.Key]
			if err := checkProviderTerms(p, l.Terms); err != nil {
				t.Error(err)
			}
			if p.Status == ProviderUnverified && (l.Terms.CommercialUse != Unknown || l.Terms.OutputUse != OutputUnknown) {
				t.Errorf("unverified provider with terms: %+v", l.Terms)
			}
			if l.Terms.OutputUse == OutputBan && !factMentions(p.Facts, TopicOutputUse, "compet") {
				t.Error("output ban without a fact about competing models")
			}
			if slices.Contains(l.Terms.TerritoryExcluded, "CN") && !factMentions(p.Facts, TopicRegions, "China") {
				t.Error("CN excluded without a regions fact naming China")
			}
		})
	}
}

// TestProviderStatus pins what was read, so that a data edit that loses a
// provider's terms (or claims terms nobody read) shows up in review.
func TestProviderStatus(t *testing.T) {
	want := map[string]string{
		"openai-api": ProviderVerified, "anthropic-api": ProviderVerified, "mistral-api": ProviderVerified,
		"deepseek-api":      ProviderVerified,
		"google-gemini-api": ProviderPartial, "moonshot-api": ProviderPartial,
		"huawei-pangu": ProviderUnverified, "tencent-hunyuan-api": ProviderUnverified, "baidu-qianfan": ProviderUnverified,
		"alibaba-dashscope": ProviderUnverified, "zhipu-api": ProviderUnverified, "volcengine-ark": ProviderUnverified,
		"minimax-api": ProviderUnverified,
	}
	for _, p := range Providers() {
		if p.Status != want[p.Key] {
			t.Errorf("%s: status %s, want %s (not read: %v)", p.Key, p.Status, want[p.Key], p.NotRead)
		}
	}
	g, _ := ProviderByKey("google-gemini-api")
	if !slices.Equal(g.NotRead, []string{TopicGoverningLaw}) {
		t.Errorf("google not read %v, want governing law only", g.NotRead)
	}
	m, _ := ProviderByKey("mistral-api")
	var eu bool
	for _, f := range m.Facts {
		eu = eu || f.Topic == TopicRegulation && f.Jurisdiction == "EU" && strings.Contains(f.Statement, "AI Act")
	}
	if !eu {
		t.Error("mistral: no EU AI Act regulation fact")
	}
}

func factMentions(fs []Fact, topic, s string) bool {
	for _, f := range fs {
		if f.Topic == topic && strings.Contains(f.Statement, s) {
			return true
		}
	}
	return false
}

func TestLoadProvidersRejects(t *testing.T) {
	const head = "providers:\n- key: x-api\n  name: X\n  hub: x\n  terms_url: https://x.example/terms\n"
	const doc = "  documents:\n  - {id: d, kind: terms, title: T, url: 'https://x.example/t', read: '2026-12-03', read_from: r}\n"
	for name, in := range map[string]string{
		"unknown key":        head + "  colour: red\n",
		"http terms url":     strings.Replace(head, "https://", "http://", 1),
		"fact without doc":   head + "  facts:\n  - {topic: contract, doc: d, text: t}\n",
		"bad topic":          head + doc + "  facts:\n  - {topic: vibes, doc: d, text: t}\n",
		"bad date":           head + strings.Replace(doc, "2026-12-03", "yesterday", 1),
		"bad kind":           head + strings.Replace(doc, "kind: terms", "kind: rumour", 1),
		"regulation, no jur": head + doc + "  facts:\n  - {topic: regulation, doc: d, text: t}\n",
		"term without fact":  head + doc + "  facts:\n  - {topic: contract, doc: d, text: t}\n  terms: {commercial_use: allowed}\n",
	} {
		if _, err := loadProviders([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	es, err := loadProviders([]byte(head + doc + "  facts:\n  - {topic: commercial_use, doc: d, text: t}\n  terms: {commercial_use: allowed}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p := es[0].info; p.Status != ProviderPartial || p.Facts[0].URL != "https://x.example/t" || p.Facts[0].Retrieved != "2026-12-03" {
		t.Errorf("parsed %+v", p)
	}
}

func TestProviderForHub(t *testing.T) {
	keys := map[string]bool{}
	for _, l := range providerLicenses() {
		keys[l.Key] = true
	}
	for _, hub := range wantProviders {
		k := ProviderForHub(hub)
		if !keys[k] {
			t.Errorf("ProviderForHub(%q) = %q, not a provider key", hub, k)
		}
	}
	for alias, want := range providerAliases {
		if !keys[want] || ProviderForHub(alias) != want {
			t.Errorf("alias %s -> %q", alias, ProviderForHub(alias))
		}
	}
	if k := ProviderForHub("openai"); k != "openai-api" {
		t.Errorf("openai -> %q", k)
	}
	for _, hub := range []string{"hf", "modelscope", "github", "local", ""} {
		if k := ProviderForHub(hub); k != "" {
			t.Errorf("ProviderForHub(%q) = %q, want none", hub, k)
		}
	}
}

// TestProviderDocs keeps docs/terms.md's table of what was read in step
// with the data: every provider with its status, every document with its
// read date.
func TestProviderDocs(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "terms.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, p := range Providers() {
		row := ""
		for _, l := range strings.Split(text, "\n") {
			if strings.Contains(l, "(`"+p.Key+"`) |") {
				row = l
			}
		}
		if !strings.Contains(row, "| "+p.Status+" |") {
			t.Errorf("docs/terms.md: no row for %s with status %s", p.Key, p.Status)
			continue
		}
		for _, d := range p.Documents {
			if !strings.Contains(row, "("+d.URL+")") || !strings.Contains(row, "read "+d.Read) {
				t.Errorf("docs/terms.md: %s row lacks document %s read %s", p.Key, d.URL, d.Read)
			}
		}
		for _, f := range p.Facts {
			if !strings.Contains(text, strings.ReplaceAll(f.Statement, "|", `\|`)) {
				t.Errorf("docs/terms.md lacks %s fact %q", p.Key, f.Statement)
			}
		}
	}
}
