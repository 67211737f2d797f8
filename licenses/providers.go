package licenses

import (
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// providersYAML holds the closed API providers and what was read of their
// terms; see the header of providers.yaml.
//
//go:embed providers.yaml
var providersYAML []byte

// ProviderTerms is what aibom records about a closed API provider beyond the
// License entry: the documents read, the facts read in them, and how far
// that reading got. A provider whose terms could not be read has no terms
// document, Status unverified and Unknown terms; aibom never fills in
// wording it has not read.
type ProviderTerms struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Hub  string `json:"hub"` // discovery hub name (openai, anthropic, …)
	// Status is verified, partial or unverified (Provider* constants).
	Status string `json:"status"`
	// TermsURL is the provider's terms page: what a reviewer reads when the
	// status is not verified.
	TermsURL string `json:"terms_url"`
	// ReadHint says what to look for there.
	ReadHint  string             `json:"read_hint,omitempty"`
	Documents []ProviderDocument `json:"documents,omitempty"`
	Facts     []Fact             `json:"facts,omitempty"`
	// NotRead lists the core topics no fact covers, in topic order.
	NotRead []string `json:"not_read,omitempty"`
}

// ProviderDocument is one of the provider's own documents that was read.
type ProviderDocument struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // terms | docs | index (a page naming the terms without them)
	Title string `json:"title"`
	URL   string `json:"url"`
	// Version is the version or date the document itself states.
	Version string `json:"version,omitempty"`
	// Read is the date of the stored copy read, or the day a copy without a
	// date was read; ReadFrom says which, and names the copy.
	Read     string `json:"read"`
	ReadFrom string `json:"read_from"`
}

// Fact is one statement about a provider's terms, paraphrased, with the
// document it was read in and that document's read date.
type Fact struct {
	Topic     string `json:"topic"`
	Statement string `json:"statement"`
	URL       string `json:"url"`
	Retrieved string `json:"retrieved"` // YYYY-MM-DD, the document's read date
	Document  string `json:"document"`  // the document's title
	Version   string `json:"version,omitempty"`
	Section   string `json:"section,omitempty"`
	// Jurisdiction is set on regulation facts: the region whose rules the
	// terms tie the service to (EU, CN, …).
	Jurisdiction string `json:"jurisdiction,omitempty"`
}

// Provider statuses.
const (
	ProviderVerified   = "verified"   // the terms were read and every core topic has a fact
	ProviderPartial    = "partial"    // the terms were read; some core topics were not
	ProviderUnverified = "unverified" // no terms document could be read
)

// Fact topics, in display order.
const (
	TopicContract        = "contract"
	TopicCommercialUse   = "commercial_use"
	TopicOutputOwnership = "output_ownership"
	TopicOutputUse       = "output_use"
	TopicUsePolicy       = "use_policy"
	TopicInputTraining   = "input_training"
	TopicAccount         = "account"
	TopicRegions         = "regions"
	TopicGoverningLaw    = "governing_law"
	TopicRegulation      = "regulation"
)

var topicOrder = []string{TopicContract, TopicCommercialUse, TopicOutputOwnership, TopicOutputUse, TopicUsePolicy,
	TopicInputTraining, TopicAccount, TopicRegions, TopicGoverningLaw, TopicRegulation}

// coreTopics are the questions a product owner asks of every provider;
// a provider whose terms leave one unread is partial.
var coreTopics = []string{TopicCommercialUse, TopicOutputOwnership, TopicOutputUse, TopicInputTraining, TopicGoverningLaw}

// TopicLabel is a topic's name for people.
func TopicLabel(topic string) string {
	switch topic {
	case TopicContract:
		return "contract"
	case TopicCommercialUse:
		return "commercial use"
	case TopicOutputOwnership:
		return "output ownership"
	case TopicOutputUse:
		return "use of outputs"
	case TopicUsePolicy:
		return "use policy"
	case TopicInputTraining:
		return "training on inputs"
	case TopicAccount:
		return "account"
	case TopicRegions:
		return "regions"
	case TopicGoverningLaw:
		return "governing law"
	case TopicRegulation:
		return "regulation"
	}
	return topic
}

var documentKinds = []string{"terms", "docs", "index"}

type yamlProvider struct {
	Key       string         `yaml:"key"`
	Name      string         `yaml:"name"`
	Hub       string         `yaml:"hub"`
	TermsURL  string         `yaml:"terms_url"`
	ReadHint  string         `yaml:"read_hint"`
	Related   []string       `yaml:"related"`
	Documents []yamlDocument `yaml:"documents"`
	Facts     []yamlFact     `yaml:"facts"`
	Terms     yamlTerms      `yaml:"terms"`
}

type yamlDocument struct {
	ID       string `yaml:"id"`
	Kind     string `yaml:"kind"`
	Title    string `yaml:"title"`
	URL      string `yaml:"url"`
	Version  string `yaml:"version"`
	Read     string `yaml:"read"`
	ReadFrom string `yaml:"read_from"`
}

type yamlFact struct {
	Topic        string `yaml:"topic"`
	Doc          string `yaml:"doc"`
	Where        string `yaml:"where"`
	Text         string `yaml:"text"`
	Jurisdiction string `yaml:"jurisdiction"`
}

type providerEntry struct {
	info ProviderTerms
	lic  License
}

var dateRe = regexp.MustCompile(`^20[0-9]{2}-[01][0-9]-[0-3][0-9]$`)

// loadProviders parses providers.yaml and checks it: every fact names a
// read document with an https URL and a date, topics and kinds are known, a
// regulation fact names its jurisdiction, and the status follows from the
// documents and facts.
func loadProviders(data []byte) ([]providerEntry, error) {
	var doc struct {
		Providers []yamlProvider `yaml:"providers"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse providers.yaml: %w", err)
	}
	var out []providerEntry
	for _, y := range doc.Providers {
		where := fmt.Sprintf("providers.yaml %q", y.Key)
		if y.Key == "" || y.Name == "" || y.Hub == "" {
			return nil, fmt.Errorf("%s: key, name and hub are required", where)
		}
		if !httpsURL(y.TermsURL) {
			return nil, fmt.Errorf("%s: terms_url %q is not an https URL", where, y.TermsURL)
		}
		p := ProviderTerms{Key: y.Key, Name: y.Name, Hub: y.Hub, TermsURL: y.TermsURL, ReadHint: y.ReadHint}
		docs := map[string]ProviderDocument{}
		for _, d := range y.Documents {
			switch {
			case d.ID == "" || d.Title == "":
				return nil, fmt.Errorf("%s: a document needs an id and a title", where)
			case !slices.Contains(documentKinds, d.Kind):
				return nil, fmt.Errorf("%s: document %s: kind %q (want one of %s)", where, d.ID, d.Kind, strings.Join(documentKinds, ", "))
			case !httpsURL(d.URL):
				return nil, fmt.Errorf("%s: document %s: url %q is not an https URL", where, d.ID, d.URL)
			case !dateRe.MatchString(d.Read):
				return nil, fmt.Errorf("%s: document %s: read %q is not YYYY-MM-DD", where, d.ID, d.Read)
			case d.ReadFrom == "":
				return nil, fmt.Errorf("%s: document %s: read_from is required", where, d.ID)
			}
			if _, dup := docs[d.ID]; dup {
				return nil, fmt.Errorf("%s: document %s listed twice", where, d.ID)
			}
			pd := ProviderDocument(d)
			docs[d.ID] = pd
			p.Documents = append(p.Documents, pd)
		}
		termsRead := false
		for _, f := range y.Facts {
			d, ok := docs[f.Doc]
			switch {
			case !ok:
				return nil, fmt.Errorf("%s: fact cites document %q, which is not listed", where, f.Doc)
			case !slices.Contains(topicOrder, f.Topic):
				return nil, fmt.Errorf("%s: fact topic %q (want one of %s)", where, f.Topic, strings.Join(topicOrder, ", "))
			case strings.TrimSpace(f.Text) == "":
				return nil, fmt.Errorf("%s: empty fact", where)
			case (f.Topic == TopicRegulation) != (f.Jurisdiction != ""):
				return nil, fmt.Errorf("%s: a regulation fact, and only one, names a jurisdiction (%q)", where, f.Text)
			}
			if d.Kind == "terms" {
				termsRead = true
			}
			p.Facts = append(p.Facts, Fact{Topic: f.Topic, Statement: f.Text, URL: d.URL, Retrieved: d.Read,
				Document: d.Title, Version: d.Version, Section: f.Where, Jurisdiction: strings.ToUpper(f.Jurisdiction)})
		}
		// Facts keep their file order within a topic.
		slices.SortStableFunc(p.Facts, func(a, b Fact) int {
			return slices.Index(topicOrder, a.Topic) - slices.Index(topicOrder, b.Topic)
		})
		for _, t := range coreTopics {
			if !slices.ContainsFunc(p.Facts, func(f Fact) bool { return f.Topic == t }) {
				p.NotRead = append(p.NotRead, t)
			}
		}
		switch {
		case !termsRead:
			p.Status = ProviderUnverified
		case len(p.NotRead) > 0:
			p.Status = ProviderPartial
		default:
			p.Status = ProviderVerified
		}
		l := License{URL: y.TermsURL, Related: y.Related, Terms: y.Terms.terms()}
		if err := checkProviderTerms(p, l.Terms); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		out = append(out, providerEntry{info: p, lic: l})
	}
	return out, nil
}

// checkProviderTerms keeps the terms honest: a term is set only when a fact
// of its topic backs it, and a provider with no terms read has none.
func checkProviderTerms(p ProviderTerms, t Terms) error {
	has := func(topic string) bool {
		return slices.ContainsFunc(p.Facts, func(f Fact) bool { return f.Topic == topic })
	}
	switch {
	case t.CommercialUse != Unknown && !has(TopicCommercialUse):
		return fmt.Errorf("commercial_use %s without a commercial_use fact", t.CommercialUse)
	case (t.OutputRestriction || t.OutputUse != OutputUnknown) && !has(TopicOutputUse):
		return fmt.Errorf("output terms without an output_use fact")
	case len(t.TerritoryExcluded) > 0 && !has(TopicRegions):
		return fmt.Errorf("territory_excluded without a regions fact")
	case t.GoverningLaw != nil && !has(TopicGoverningLaw):
		return fmt.Errorf("governing_law without a governing_law fact")
	case t.UseRestrictions && !has(TopicUsePolicy):
		return fmt.Errorf("use_restrictions without a use_policy fact")
	}
	return nil
}

func httpsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// providerTable is the parsed providers.yaml. The file is embedded and
// tested, so a failure here is a build defect.
var providerTable = sync.OnceValue(func() []providerEntry {
	es, err := loadProviders(providersYAML)
	if err != nil {
		panic(fmt.Sprintf("licenses: %v", err))
	}
	return es
})

// providerLicenses returns the catalog entries (Kind service_terms, Category
// proprietary) for closed API providers, sorted by key. Terms not backed by a
// recorded fact are Unknown.
func providerLicenses() []License {
	var out []License
	for _, e := range providerTable() {
		l := e.lic
		l.Key = e.info.Key
		l.SPDXID = "LicenseRef-" + e.info.Key
		l.Name = e.info.Name
		l.Kind = KindServiceTerms
		l.Category = CategoryProprietary
		l.Terms = cloneTerms(l.Terms)
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b License) int { return compareStrings(a.Key, b.Key) })
	return out
}

// Providers returns what aibom recorded about each closed API provider,
// sorted by key.
func Providers() []ProviderTerms {
	var out []ProviderTerms
	for _, e := range providerTable() {
		out = append(out, cloneProvider(e.info))
	}
	slices.SortFunc(out, func(a, b ProviderTerms) int { return compareStrings(a.Key, b.Key) })
	return out
}

// ProviderByKey returns the record of one provider by catalog key.
func ProviderByKey(key string) (ProviderTerms, bool) {
	for _, e := range providerTable() {
		if e.info.Key == key {
			return cloneProvider(e.info), true
		}
	}
	return ProviderTerms{}, false
}

func cloneProvider(p ProviderTerms) ProviderTerms {
	p.Documents = slices.Clone(p.Documents)
	p.Facts = slices.Clone(p.Facts)
	p.NotRead = slices.Clone(p.NotRead)
	return p
}

// providerAliases are hub names used in code and config for a provider
// whose discovery hub name differs.
var providerAliases = map[string]string{
	"gemini": "google-gemini-api", "vertex": "google-gemini-api", "vertexai": "google-gemini-api",
	"qwen": "alibaba-dashscope", "alibaba": "alibaba-dashscope", "aliyun": "alibaba-dashscope",
	"volcengine": "volcengine-ark", "ark": "volcengine-ark", "doubao": "volcengine-ark",
	"ernie": "baidu-qianfan", "qianfan": "baidu-qianfan",
	"hunyuan": "tencent-hunyuan-api",
	"kimi":    "moonshot-api",
	"glm":     "zhipu-api", "bigmodel": "zhipu-api", "zai": "zhipu-api",
	"pangu": "huawei-pangu",
}

// ProviderForHub maps a discovery hub name (the prefix of `openai:gpt-4o`)
// to the catalog key of that provider's service terms, or "" when the hub is
// not a closed API provider aibom knows.
func ProviderForHub(hub string) string {
	for _, e := range providerTable() {
		if e.info.Hub == hub {
			return e.info.Key
		}
	}
	return providerAliases[hub]
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
