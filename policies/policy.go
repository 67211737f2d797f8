// Package policies decides, for a product, what may ship. A Policy (a
// built-in preset or a team's YAML file extending one) is applied to an
// aibom report under a product Context; the result is a sorted list of
// findings with evidence, locations and remediation, some of them waived.
// See docs/policies.md for the file format, every rule and every preset.
package policies

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"gopkg.in/yaml.v3"
)

// Provider actions for closed API models (Policy.Providers).
const (
	ProviderAllow = "allow"
	ProviderWarn  = "warn"
	ProviderDeny  = "deny"
)

// maxPolicyBytes bounds a policy file; a real one is a few hundred lines.
const maxPolicyBytes = 1 << 20

// ErrInvalidPolicy is wrapped by every error about a policy's content, so the
// CLI can map it to the configuration-error exit code.
var ErrInvalidPolicy = errors.New("invalid policy")

// ParseError is one problem in a policy file, with its position.
type ParseError struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *ParseError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos += ":" + strconv.Itoa(e.Line)
		if e.Column > 0 {
			pos += ":" + strconv.Itoa(e.Column)
		}
	}
	return pos + ": " + e.Msg
}

// Unwrap lets errors.Is(err, ErrInvalidPolicy) recognise policy errors.
func (e *ParseError) Unwrap() error { return ErrInvalidPolicy }

// Policy is a complete, validated policy: every rule has a severity.
type Policy struct {
	// Name is the preset name or the file the policy was read from.
	Name string
	// Extends is the preset this policy builds on, if any.
	Extends     string
	Description string
	// Severity maps every rule id to error, warning, note or off.
	Severity map[string]string
	// Allow and Deny list licenses by catalog key, SPDX id, Hugging Face id or
	// category; * and ? are globs. An empty Allow allows everything.
	Allow []string
	Deny  []string
	// Margin is the fraction below a user or revenue cap from which a
	// warning is given (0.2: a product at 80% of the cap is warned).
	Margin float64
	// Providers maps an API provider (or "*") to allow, warn or deny.
	Providers map[string]string
	Waivers   []Waiver
	// AllowUnresolved accepts direct models that could not be judged (not
	// resolved, or no license identified): the verdict is then not
	// incomplete on their account. They are still listed in the summary.
	AllowUnresolved bool
	// ConfigChanges are the differences between the rules in force (read
	// from a base revision) and the scanned tree's versions of the same
	// files; each becomes a config-change finding.
	ConfigChanges []ConfigChange
}

// Waiver suspends one rule for the models matching a glob until a date.
type Waiver struct {
	Model   string // model ref glob, e.g. hf:meta-llama/*; without a hub prefix it matches the id
	Rule    string // rule id or *
	Reason  string
	Expires string // YYYY-MM-DD; the waiver applies through that day (UTC)
	File    string // where it was declared
	Line    int
}

// SeverityOf returns the severity configured for a rule ("off" when unknown).
func (p *Policy) SeverityOf(rule string) string {
	if s, ok := p.Severity[rule]; ok {
		return s
	}
	return SeverityOff
}

// Load reads and parses a policy file.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPolicyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse parses a policy document. filename is used in error messages. All
// problems found are reported together; on any error no policy is returned.
func Parse(data []byte, filename string) (*Policy, error) {
	if len(data) > maxPolicyBytes {
		return nil, &ParseError{File: filename, Msg: fmt.Sprintf("policy is larger than %d bytes", maxPolicyBytes)}
	}
	doc, err := parseYAML(data, filename)
	if err != nil {
		return nil, err
	}
	return build(doc, filename, nil)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(data []byte, filename string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ParseError{File: filename, Line: line, Msg: "YAML: " + m[2]}
		}
		pe := &ParseError{File: filename, Msg: strings.Replace(msg, "yaml: ", "YAML: ", 1)}
		if !strings.Contains(msg, "UTF-") && !strings.Contains(msg, "octet") && !strings.Contains(msg, "control characters") {
			pe.Line = 1 // yaml.v3 leaves out the first line's number
		}
		return nil, pe
	}
	return &doc, nil
}

// raw is the policy document as written, before it is merged with its base.
type raw struct {
	extends     string
	description string
	severity    map[string]string
	allow, deny []string
	allowSet    bool
	denySet     bool
	margin      *float64
	providers   map[string]string
	waivers     []Waiver
	allowUnres  *bool
}

// build turns a parsed document into a Policy. chain holds the presets being
// expanded, to catch cycles among presets.
func build(doc *yaml.Node, filename string, chain []string) (*Policy, error) {
	c := &collector{file: filename}
	r := c.document(doc)
	if err := c.err(); err != nil {
		return nil, err
	}
	var base *Policy
	if r.extends != "" {
		if slices.Contains(chain, r.extends) {
			return nil, &ParseError{File: filename, Msg: fmt.Sprintf("extends: preset cycle %s -> %s", strings.Join(chain, " -> "), r.extends)}
		}
		b, err := preset(r.extends, chain)
		if err != nil {
			return nil, err
		}
		base = b
	} else {
		base = defaults()
	}
	p := &Policy{
		Name:        filename,
		Extends:     r.extends,
		Description: r.description,
		Severity:    maps.Clone(base.Severity),
		Allow:       slices.Clone(base.Allow),
		Deny:        slices.Clone(base.Deny),
		Margin:      base.Margin,
		Providers:   maps.Clone(base.Providers),
	}
	if p.Description == "" {
		p.Description = base.Description
	}
	maps.Copy(p.Severity, r.severity)
	if r.allowSet {
		p.Allow = r.allow
	}
	if r.denySet {
		p.Deny = r.deny
	}
	if r.margin != nil {
		p.Margin = *r.margin
	}
	if p.Providers == nil {
		p.Providers = map[string]string{}
	}
	maps.Copy(p.Providers, r.providers)
	p.Waivers = r.waivers
	p.AllowUnresolved = base.AllowUnresolved
	if r.allowUnres != nil {
		p.AllowUnresolved = *r.allowUnres
	}
	return p, nil
}

// defaults is the policy of a file that extends nothing: each rule at its
// default severity, no lists, a 20% margin, API providers flagged.
func defaults() *Policy {
	p := &Policy{Name: "defaults", Severity: map[string]string{}, Margin: 0.2,
		Providers: map[string]string{"*": ProviderWarn}}
	for _, r := range ruleTable {
		p.Severity[r.ID] = r.DefaultSeverity
	}
	return p
}

// collector walks the YAML tree and gathers every problem with its position.
type collector struct {
	file string
	errs []error
}

func (c *collector) errorf(n *yaml.Node, format string, args ...any) {
	e := &ParseError{File: c.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	c.errs = append(c.errs, e)
}

// maxErrors bounds the problems listed for one file; a file with hundreds
// is usually one systematic mistake.
const maxErrors = 20

func (c *collector) err() error {
	if len(c.errs) > maxErrors {
		more := &ParseError{File: c.file, Msg: fmt.Sprintf("and %d more problems", len(c.errs)-maxErrors)}
		return errors.Join(append(c.errs[:maxErrors:maxErrors], more)...)
	}
	return errors.Join(c.errs...)
}

var topKeys = []string{"extends", "description", "rules", "licenses", "margin", "providers", "waivers", "allow_unresolved"}

func (c *collector) document(doc *yaml.Node) raw {
	r := raw{severity: map[string]string{}, providers: map[string]string{}}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return r // empty file: defaults
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return r
	}
	if root.Kind != yaml.MappingNode {
		c.errorf(root, "policy: want a mapping of policy keys (%s), got %s: this is not a policy file", strings.Join(topKeys, ", "), kindName(root))
		return r
	}
	if keys := len(root.Content) / 2; keys > 1 {
		known := 0
		for i := 0; i < len(root.Content); i += 2 {
			if slices.Contains(topKeys, root.Content[i].Value) {
				known++
			}
		}
		if known == 0 {
			// Some other file was named where a policy was expected:
			// none of its keys is quoted.
			c.errorf(root, "policy: none of its %d top-level keys is a policy key (%s): this is not a policy file; nothing of it is shown", keys, strings.Join(topKeys, ", "))
			return r
		}
	}
	c.mapping(root, "policy", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "extends":
			if s, ok := c.scalar(v, "extends"); ok {
				if !slices.Contains(Presets(), s) {
					c.errorf(v, "extends: unknown preset %q (presets: %s)", s, strings.Join(Presets(), ", "))
				}
				r.extends = s
			}
		case "description":
			r.description, _ = c.scalar(v, "description")
		case "rules":
			c.mapping(v, "rules", ruleIDs(), func(rule string, _, sv *yaml.Node) {
				s, ok := c.scalar(sv, "rules."+rule)
				if !ok {
					return
				}
				if severityRank(s) == 0 && s != SeverityOff {
					c.errorf(sv, "rules.%s: severity %q is not one of error, warning, note, off", rule, s)
					return
				}
				r.severity[rule] = s
			})
		case "licenses":
			c.mapping(v, "licenses", []string{"allow", "deny"}, func(list string, _, lv *yaml.Node) {
				entries := c.licenseList(lv, "licenses."+list)
				if list == "allow" {
					r.allow, r.allowSet = entries, true
				} else {
					r.deny, r.denySet = entries, true
				}
			})
		case "margin":
			if m, ok := c.margin(v); ok {
				r.margin = &m
			}
		case "providers":
			c.mapping(v, "providers", nil, func(prov string, pk, pv *yaml.Node) {
				if strings.TrimSpace(prov) == "" {
					c.errorf(pk, "providers: empty provider name")
					return
				}
				s, ok := c.scalar(pv, "providers."+prov)
				if !ok {
					return
				}
				if s != ProviderAllow && s != ProviderWarn && s != ProviderDeny {
					c.errorf(pv, "providers.%s: %q is not one of allow, warn, deny", prov, s)
					return
				}
				r.providers[strings.ToLower(prov)] = s
			})
		case "waivers":
			r.waivers = c.waivers(v)
		case "allow_unresolved":
			if s, ok := c.scalar(v, "allow_unresolved"); ok {
				b, err := strconv.ParseBool(s)
				if err != nil {
					c.errorf(v, "allow_unresolved: %q is not true or false", s)
					return
				}
				r.allowUnres = &b
			}
		}
	})
	return r
}

// mapping iterates a mapping node; known (when non-nil) lists the accepted
// keys. Duplicate and unknown keys are errors.
func (c *collector) mapping(n *yaml.Node, what string, known []string, each func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		c.errorf(n, "%s: want a mapping, got %s", what, kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			c.errorf(k, "%s: keys must be plain strings", what)
			continue
		}
		key := k.Value
		if seen[key] {
			c.errorf(k, "%s: duplicate key %q", what, key)
			continue
		}
		seen[key] = true
		if known != nil && !slices.Contains(known, key) {
			shown, ok := sbom.ShowKey(key)
			if !ok {
				shown = "that is not a plain word (not shown)"
			}
			c.errorf(k, "%s: unknown key %s (known: %s)", what, shown, strings.Join(known, ", "))
			continue
		}
		each(key, k, v)
	}
}

func (c *collector) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		c.errorf(n, "%s: want a value, got %s", what, kindName(n))
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		// Never the value itself: a file that is not a policy (a token
		// file named by mistake) must not end up in a CI log.
		return "a single value"
	}
	return "nothing"
}

// licenseList reads allow/deny entries; each must be a glob, a category or a
// license the catalog can name.
func (c *collector) licenseList(n *yaml.Node, what string) []string {
	if n.Kind != yaml.SequenceNode {
		c.errorf(n, "%s: want a list, got %s", what, kindName(n))
		return nil
	}
	out := []string{}
	for _, e := range n.Content {
		s, ok := c.scalar(e, what)
		if !ok {
			continue
		}
		if s == "" {
			c.errorf(e, "%s: empty entry", what)
			continue
		}
		if !isGlob(s) && !isCategory(s) && !knownLicense(s) {
			c.errorf(e, "%s: unknown license %q (use a catalog key, SPDX id, Hugging Face id, a category (%s) or a glob)", what, s, strings.Join(categories, ", "))
			continue
		}
		out = append(out, s)
	}
	return out
}

// margin accepts a percentage: 20, "20%" or 0.2 (a fraction below 1).
func (c *collector) margin(n *yaml.Node) (float64, bool) {
	s, ok := c.scalar(n, "margin")
	if !ok {
		return 0, false
	}
	pct := strings.HasSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil {
		c.errorf(n, "margin: %q is not a percentage such as 20%%", s)
		return 0, false
	}
	if pct || f >= 1 {
		f /= 100
	}
	if f < 0 || f >= 1 || f != f {
		c.errorf(n, "margin: %q must be at least 0%% and below 100%%", s)
		return 0, false
	}
	return f, true
}

var waiverKeys = []string{"model", "rule", "reason", "expires"}

// ParseWaivers reads a waivers: list written outside a policy file (a
// project's .aibom.yaml), with the policy file's rules and messages.
func ParseWaivers(n *yaml.Node, filename string) ([]Waiver, error) {
	c := &collector{file: filename}
	w := c.waivers(n)
	if err := c.err(); err != nil {
		return nil, err
	}
	return w, nil
}

func (c *collector) waivers(n *yaml.Node) []Waiver {
	if n.Kind != yaml.SequenceNode {
		c.errorf(n, "waivers: want a list, got %s", kindName(n))
		return nil
	}
	var out []Waiver
	for i, e := range n.Content {
		what := fmt.Sprintf("waivers[%d]", i)
		w := Waiver{File: c.file, Line: e.Line}
		before := len(c.errs)
		c.mapping(e, what, waiverKeys, func(key string, _, v *yaml.Node) {
			s, ok := c.scalar(v, what+"."+key)
			if !ok {
				return
			}
			switch key {
			case "model":
				w.Model = s
			case "rule":
				if s != "*" {
					info, ok := ruleInfo(s)
					if !ok {
						c.errorf(v, "%s.rule: unknown rule %q", what, s)
						return
					}
					if !info.Waivable {
						c.errorf(v, "%s.rule: %q cannot be waived", what, s)
						return
					}
				}
				w.Rule = s
			case "reason":
				w.Reason = s
			case "expires":
				if _, err := time.Parse(time.DateOnly, s); err != nil {
					c.errorf(v, "%s.expires: %q is not a date YYYY-MM-DD", what, s)
					return
				}
				w.Expires = s
			}
		})
		if e.Kind != yaml.MappingNode {
			continue
		}
		if len(c.errs) == before {
			for _, req := range []struct{ key, val string }{
				{"model", w.Model}, {"rule", w.Rule}, {"reason", w.Reason}, {"expires", w.Expires},
			} {
				if req.val == "" {
					c.errorf(e, "%s: %s is required", what, req.key)
				}
			}
		}
		out = append(out, w)
	}
	return out
}

// categories are the license classes an allow/deny entry may name.
var categories = []string{
	licenses.CategoryPermissive, licenses.CategoryCopyleft, licenses.CategoryOpenWeights,
	licenses.CategoryNonCommercial, licenses.CategoryProprietary, licenses.CategoryUnknown,
}

func isCategory(s string) bool { return slices.Contains(categories, strings.ToLower(s)) }

func isGlob(s string) bool { return strings.ContainsAny(s, "*?") }
