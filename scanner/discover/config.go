package discover

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// configExtractor reads YAML, JSON, TOML and .env files: keys that name a
// model (model, model_name, base_model, repo_id, OPENAI_MODEL …) whose value
// has a model's shape, dataset keys as datasets, and shell in CI run: steps.
type configExtractor struct{}

func (configExtractor) Name() string { return "config" }

func (configExtractor) Match(p string, _ fs.FileInfo) bool {
	return configKind(p) != ""
}

// templateSuffixes end config templates and samples (config.json.template,
// settings.yaml.example), which are read as the file they stand for.
var templateSuffixes = []string{".template", ".tmpl", ".tpl", ".example", ".sample", ".dist", ".default"}

func trimTemplate(base string) string {
	for _, s := range templateSuffixes {
		if t, ok := strings.CutSuffix(base, s); ok && strings.Contains(t, ".") {
			return t
		}
	}
	return base
}

// configStem is a config file's name without its extensions and leading
// dot (.models.json → models).
func configStem(p string) string {
	base := strings.TrimLeft(trimTemplate(strings.ToLower(path.Base(p))), ".")
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return base
}

func configKind(p string) string {
	base := strings.ToLower(path.Base(p))
	if base == "aibom.yaml" || base == ".aibom.yaml" || base == "aibom.yml" || base == ".aibom.yml" {
		return "" // the manifest extractor reads only its models: key
	}
	switch {
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env"):
		return "env"
	}
	switch path.Ext(trimTemplate(base)) {
	case ".yaml", ".yml":
		return "yaml"
	case ".json", ".jsonc":
		if base == "package-lock.json" || base == "tokenizer.json" || base == "vocab.json" || strings.HasSuffix(base, ".map.json") {
			return ""
		}
		return "json"
	case ".toml":
		if base == "poetry.lock" || base == "cargo.lock" {
			return ""
		}
		return "toml"
	}
	return ""
}

func (configExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	if !in.has(trigConfig) && !keyInfoOf(configStem(in.Path)).names() {
		return nil, nil
	}
	return configRefs(in.Content, configKind(in.Path), in.Path, 0, 0, false)
}

func configBlock(block []byte, info, p string, lineOffset, cell int) []Reference {
	kind := info
	switch info {
	case "yml":
		kind = "yaml"
	case "dotenv", "ini":
		kind = "env"
	}
	refs, _ := configRefs(block, kind, p, lineOffset, cell, true)
	return refs
}

func configRefs(b []byte, kind, p string, lineOffset, cell int, doc bool) ([]Reference, error) {
	cw := &configWalker{p: p, lineOffset: lineOffset, cell: cell, doc: doc, src: b}
	if stem := configStem(p); stem != "" && keyInfoOf(stem).names() {
		cw.root = []string{stem}
	}
	var err error
	switch kind {
	case "yaml":
		err = cw.yaml(b)
	case "json":
		err = cw.json(b)
	case "toml":
		cw.toml(b)
	case "env":
		cw.env(b)
	}
	return cw.refs, err
}

type configWalker struct {
	p          string
	lineOffset int
	cell       int
	doc        bool
	src        []byte
	refs       []Reference
	// root is the file's own name when it says the file lists models
	// (models.json, model_list.yaml): the document is read as if under
	// that key.
	root []string
}

// otherTextKeys carry text about a model, not its id (a model list's
// description, a Modelfile template), so a collection of models does not
// lend them its meaning.
var otherTextKeys = map[string]bool{
	"description": true, "desc": true, "template": true, "prompt": true, "system": true, "label": true,
	"title": true, "display_name": true, "displayname": true, "icon": true, "url": true, "endpoint": true,
	"base_url": true, "api_base": true, "host": true, "type": true, "kind": true, "provider": true,
	"license": true, "owned_by": true, "object": true, "parameters": true, "options": true,
	"author": true, "authors": true, "contact": true, "email": true, "homepage": true,
	// container images: image: {repository: org/server, tag: latest}
	"image": true, "repository": true, "registry": true, "tag": true, "pullpolicy": true, "pull_policy": true,
}

// providerKeys are sibling keys that name the provider serving the models
// of their mapping ({provider: groq, model: llama3-8b-8192}).
var providerKeys = map[string]bool{
	"provider": true, "llm_provider": true, "model_provider": true, "platform": true, "vendor": true,
	"owned_by": true, "api_type": true,
}

// hintForPath derives the hint from the key and its ancestors; prov is a
// provider named by a sibling key of the value's mapping. nil: the value
// is read for its shape alone (classifyShape).
func hintForPath(keys []string, prov string) *hint {
	if len(keys) == 0 {
		return nil
	}
	last := keys[len(keys)-1]
	h := envHint(last)
	if h == nil {
		if keyInfoOf(last).output || otherTextKeys[strings.ToLower(last)] || len(keys) >= 2 && strings.EqualFold(keys[len(keys)-2], "image") {
			return nil
		}
		// A key without a meaning of its own under a key that names a
		// collection of models (models: [{name: …}], ollama.models.pull).
		for i := len(keys) - 2; i >= 0; i-- {
			ki := keyInfoOf(keys[i])
			if ki.output {
				return nil
			}
			if ki.names() && ki.collection {
				h = envHint(keys[i])
				h.strong = false
				break
			}
		}
		if h == nil {
			return nil
		}
	}
	for _, anc := range keys[:len(keys)-1] {
		a := strings.ToLower(anc)
		if keyInfoOf(a).output {
			return nil
		}
		if strings.Contains(a, "litellm") {
			h.litellm = true
		}
		if h.provider == "" && !h.dataset {
			if eh := envHint(a + "_model"); eh != nil {
				h.provider, h.ollama, h.anyName = eh.provider, eh.ollama, eh.anyName
				if eh.hub != "" {
					h.hub = eh.hub
				}
			}
		}
	}
	if h.provider == "" && prov != "" && !h.dataset {
		h.provider, h.anyName, h.ollama = prov, true, prov == HubOllama
	}
	return h
}

// siblingProvider reads the provider named by one of a mapping's keys.
func siblingProvider(key, value string) string {
	if !providerKeys[strings.ToLower(camelLower(key))] {
		return ""
	}
	if strings.EqualFold(value, HubOllama) {
		return HubOllama
	}
	return vendorOf(value)
}

func (cw *configWalker) value(keys []string, v string, line, col int, prov string) {
	var c classified
	var ok bool
	h := hintForPath(keys, prov)
	if h != nil {
		if h.dataset && !datasetValueOK(v) {
			return
		}
		c, ok = classify(v, *h)
	}
	if !ok && (len(keys) == 0 || !keyInfoOf(keys[len(keys)-1]).output) {
		c, ok = classifyShape(v)
		h = nil
	}
	if !ok {
		return
	}
	if h != nil && h.dataset {
		c.kind = KindDataset
	}
	via := "config"
	if len(keys) > 0 {
		via += ":" + keys[len(keys)-1]
	}
	cw.refs = append(cw.refs, c.ref(cw.p, line+cw.lineOffset, col, via, cw.doc, cw.cell))
}

// key reads a mapping key as a value: tables keyed by model or dataset id
// (dataset_mixer: {org/set: 0.5}, models: {gpt-4o: {…}}), and keys whose
// shape alone names a model (a Piper voice list keyed by voice).
func (cw *configWalker) key(keys []string, k string, line, col int) {
	var c classified
	var ok bool
	if h := hintForPath(keys, ""); h != nil && len(keys) > 0 && envHint(keys[len(keys)-1]) != nil {
		if h.dataset && !datasetValueOK(k) {
			return
		}
		h.anyName = false // a bare word key is a setting, not a model
		c, ok = classify(k, *h)
		if ok && !strings.ContainsAny(k, "/:") {
			if p, _ := familyOf(k); p == "" {
				ok = false
			}
		}
		if ok && h.dataset {
			c.kind = KindDataset
		}
	} else {
		c, ok = classifyShape(k)
	}
	if !ok || c.via == viaURL {
		return
	}
	cw.refs = append(cw.refs, c.ref(cw.p, line+cw.lineOffset, col, "config:key", cw.doc, cw.cell))
}

// yaml walks every document of a YAML stream.
func (cw *configWalker) yaml(b []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for range 1000 {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("parse yaml: %w", err)
		}
		cw.yamlNode(&n, cw.root, 0, "")
	}
	return nil
}

func scalarCol(n *yaml.Node) int {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return n.Column + 1
	}
	return n.Column
}

func (cw *configWalker) yamlNode(n *yaml.Node, keys []string, depth int, prov string) {
	if depth > 64 {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			cw.yamlNode(c, keys, depth+1, prov)
		}
	case yaml.MappingNode:
		// Kubernetes-style env entries: {name: MODEL_ID, value: org/x}
		var envName, envVal *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch k.Value {
			case "name":
				envName = v
			case "value":
				envVal = v
			}
			if v.Kind == yaml.ScalarNode {
				if p := siblingProvider(k.Value, v.Value); p != "" {
					prov = p
				}
			}
		}
		if envName != nil && envVal != nil && envVal.Kind == yaml.ScalarNode && envName.Kind == yaml.ScalarNode {
			cw.value(append(keys[:len(keys):len(keys)], envName.Value), envVal.Value, envVal.Line, scalarCol(envVal), prov)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			path := append(keys[:len(keys):len(keys)], k.Value)
			if k.Kind == yaml.ScalarNode {
				cw.key(keys, k.Value, k.Line, scalarCol(k))
			}
			switch v.Kind {
			case yaml.ScalarNode:
				if (k.Value == "run" || k.Value == "script" || k.Value == "command" || k.Value == "entrypoint") && v.Tag == "!!str" {
					off := v.Line - 1
					if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
						off = v.Line
					}
					cw.refs = append(cw.refs, analyzeShell([]byte(v.Value), cw.p, cw.cell, off+cw.lineOffset, cw.doc)...)
					continue
				}
				if v.Tag == "!!str" {
					cw.value(path, v.Value, v.Line, scalarCol(v), prov)
				}
			default:
				cw.yamlNode(v, path, depth+1, prov)
			}
		}
	case yaml.SequenceNode:
		script := len(keys) > 0 && (keys[len(keys)-1] == "args" || keys[len(keys)-1] == "command")
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				cw.yamlNode(c, keys, depth+1, prov)
				continue
			}
			// a container's script: command: ["/bin/sh", "-c"], args: [|
			// multi-line shell]
			if script && c.Tag == "!!str" && c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				cw.refs = append(cw.refs, analyzeShell([]byte(c.Value), cw.p, cw.cell, c.Line+cw.lineOffset, cw.doc)...)
				continue
			}
			// docker-compose environment: - MODEL_ID=org/x
			if k, v, ok := strings.Cut(c.Value, "="); ok && isShellName(k) {
				cw.value(append(keys[:len(keys):len(keys)], k), v, c.Line, scalarCol(c)+len(k)+1, prov)
				continue
			}
			if c.Tag == "!!str" {
				cw.value(keys, c.Value, c.Line, scalarCol(c), prov)
			}
		}
	}
}

// json walks a JSON document with a token decoder, keeping offsets. The
// string values of one object wait for its end, when every sibling key is
// known (a provider key may follow the model key).
func (cw *configWalker) json(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	li := newLineIndex(b)
	type pending struct {
		keys      []string
		v         string
		line, col int
	}
	var walk func(keys []string, depth int, prov string, out *[]pending, sib *string) error
	walk = func(keys []string, depth int, prov string, out *[]pending, sib *string) error {
		if depth > 128 {
			return errors.New("nesting too deep")
		}
		start := valueStart(b, int(dec.InputOffset()))
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch v := t.(type) {
		case json.Delim:
			switch v {
			case '{':
				var mine []pending
				own := ""
				for dec.More() {
					kstart := valueStart(b, int(dec.InputOffset()))
					kt, err := dec.Token()
					if err != nil {
						return err
					}
					k, _ := kt.(string)
					line, col := li.pos(kstart + 1)
					cw.key(keys, k, line, col)
					inherited := prov
					if own != "" {
						inherited = own
					}
					if err := walk(append(keys[:len(keys):len(keys)], k), depth+1, inherited, &mine, &own); err != nil {
						return err
					}
				}
				p := prov
				if own != "" {
					p = own
				}
				for _, m := range mine {
					cw.value(m.keys, m.v, m.line, m.col, p)
				}
				_, err = dec.Token()
				return err
			case '[':
				var mine []pending
				for dec.More() {
					if err := walk(keys, depth+1, prov, &mine, nil); err != nil {
						return err
					}
				}
				for _, m := range mine {
					cw.value(m.keys, m.v, m.line, m.col, prov)
				}
				_, err = dec.Token()
				return err
			}
		case string:
			line, col := li.pos(start + 1)
			if sib != nil && len(keys) > 0 {
				if p := siblingProvider(keys[len(keys)-1], v); p != "" {
					*sib = p
				}
			}
			*out = append(*out, pending{keys, v, line, col})
		}
		return nil
	}
	for {
		var top []pending
		err := walk(cw.root, 0, "", &top, nil)
		for _, m := range top {
			cw.value(m.keys, m.v, m.line, m.col, "")
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("parse json: %w", err)
		}
	}
}

// valueStart skips whitespace and the ':' or ',' before a JSON value.
func valueStart(b []byte, off int) int {
	for off < len(b) {
		switch b[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

// toml reads key = "value" lines under [section] headers; enough for the
// flat settings files where models are named.
func (cw *configWalker) toml(b []byte) {
	var section []string
	for i, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			s := strings.Trim(line, "[] ")
			section = strings.Split(strings.ReplaceAll(s, `"`, ""), ".")
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		keys := append(append([]string{}, section...), strings.Split(k, ".")...)
		v = strings.TrimSpace(v)
		base := bytes.Index(raw, []byte("=")) + 1
		for _, s := range tomlStrings(v) {
			col := utf8.RuneCount(raw[:base]) + s.off + 1
			lead := len(raw[base:]) - len(bytes.TrimLeft(raw[base:], " \t"))
			cw.value(keys, s.val, i+1, col+lead, "")
		}
	}
}

type strAt struct {
	val string
	off int // offset of the content within the value text
}

// tomlStrings returns the quoted strings of a scalar or one-line array.
func tomlStrings(v string) []strAt {
	var out []strAt
	for i := 0; i < len(v); i++ {
		q := v[i]
		if q == '#' {
			break
		}
		if q != '"' && q != '\'' {
			continue
		}
		end := strings.IndexByte(v[i+1:], q)
		if end < 0 {
			break
		}
		out = append(out, strAt{val: v[i+1 : i+1+end], off: i + 1})
		i += end + 1
	}
	return out
}

// env reads KEY=value lines (.env files).
func (cw *configWalker) env(b []byte) {
	for i, raw := range bytes.Split(b, []byte("\n")) {
		line := string(bytes.TrimRight(raw, "\r"))
		t := strings.TrimLeft(line, " \t")
		t = strings.TrimPrefix(t, "export ")
		if t == "" || t[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		col := len(line) - len(strings.TrimLeft(line[strings.Index(line, "=")+1:], " \t")) + 1
		v = strings.TrimSpace(v)
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
				v = v[1 : 1+end]
				col++
			}
		} else if h := strings.Index(v, " #"); h >= 0 {
			v = strings.TrimSpace(v[:h])
		}
		h := envHint(k)
		if h == nil {
			continue
		}
		c, ok := classify(v, *h)
		if !ok {
			continue
		}
		if h.dataset {
			c.kind = KindDataset
		}
		cw.refs = append(cw.refs, c.ref(cw.p, i+1+cw.lineOffset, utf8.RuneCountInString(line[:col-1])+1, "env:"+k, cw.doc, cw.cell))
	}
}
