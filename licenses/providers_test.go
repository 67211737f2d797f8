package licenses

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestProviderLicenses(t *testing.T) {
	ls := providerLicenses()
	if len(ls) < 12 {
		t.Fatalf("%d providers, want the 12 named in issue 5", len(ls))
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
		switch l.Terms.CommercialUse {
		case Allowed, Conditional, Prohibited, Unknown:
		default:
			t.Errorf("%s: commercial_use %q", l.Key, l.Terms.CommercialUse)
		}
	}
	// Every term that is set must rest on a recorded fact with a URL.
	for _, p := range Providers() {
		var l License
		for _, x := range ls {
			if x.Key == p.Key {
				l = x
			}
		}
		known := l.Terms.CommercialUse != Unknown || l.Terms.OutputRestriction || len(l.Terms.TerritoryExcluded) > 0
		if known && len(p.Facts) == 0 {
			t.Errorf("%s: terms set without facts", p.Key)
		}
		for _, f := range p.Facts {
			u, err := url.Parse(f.URL)
			if err != nil || u.Scheme != "https" || u.Host == "" || f.Statement == "" || len(f.Retrieved) != len("2006-01-02") {
				t.Errorf("%s: bad fact %+v", p.Key, f)
			}
		}
		if l.Terms.OutputRestriction && !factMentions(p.Facts, "compet") {
			t.Errorf("%s: output_restriction without a fact about competing models", p.Key)
		}
		for _, r := range l.Terms.TerritoryExcluded {
			if r == "CN" && !factMentions(p.Facts, "China") {
				t.Errorf("%s: CN excluded without a fact", p.Key)
			}
		}
	}
}

func factMentions(fs []Fact, s string) bool {
	for _, f := range fs {
		if strings.Contains(f.Statement, s) {
			return true
		}
	}
	return false
}

func TestProviderForHub(t *testing.T) {
	keys := map[string]bool{}
	for _, l := range providerLicenses() {
		keys[l.Key] = true
	}
	for _, hub := range []string{"openai", "anthropic", "google", "baidu", "dashscope", "zhipu", "bytedance", "tencent", "huawei", "moonshot", "mistral", "deepseek"} {
		k := ProviderForHub(hub)
		if !keys[k] {
			t.Errorf("ProviderForHub(%q) = %q, not a provider key", hub, k)
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
