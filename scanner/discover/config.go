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

func configKind(p string) string {
	base := strings.ToLower(path.Base(p))
	if base == "aibom.yaml" || base == ".aibom.yaml" || base == "aibom.yml" || base == ".aibom.yml" {
		return "" // the manifest extractor reads only its models: key
	}
	switch {
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env"):
		return "env"
	}
	switch path.Ext(base) {
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
	if !in.has(trigConfig) {
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
}

// hintForPath derives the hint from the key and its ancestors.
func hintForPath(keys []string) *hint {
	if len(keys) == 0 {
		return nil
	}
	h := envHint(keys[len(keys)-1])
	if h == nil {
		return nil
	}
	for _, anc := range keys[:len(keys)-1] {
		a := strings.ToLower(anc)
		if strings.Contains(a, "litellm") {
			h.litellm = true
		}
		if h.provider == "" && !h.dataset {
			if eh := envHint(a + "_model"); eh != nil {
				h.provider, h.ollama = eh.provider, eh.ollama
				if eh.hub != "" {
					h.hub = eh.hub
				}
			}
		}
	}
	return h
}

func (cw *configWalker) value(keys []string, v string, line, col int) {
	h := hintForPath(keys)
	if h == nil {
		return
	}
	c, ok := classify(v, *h)
	if !ok {
		return
	}
	if h.dataset {
		c.kind = KindDataset
	}
	cw.refs = append(cw.refs, c.ref(cw.p, line+cw.lineOffset, col, "config:"+keys[len(keys)-1], cw.doc, cw.cell))
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
		cw.yamlNode(&n, nil, 0)
	}
	return nil
}

func scalarCol(n *yaml.Node) int {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return n.Column + 1
	}
	return n.Column
}

func (cw *configWalker) yamlNode(n *yaml.Node, keys []string, depth int) {
	if depth > 64 {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			cw.yamlNode(c, keys, depth+1)
		}
	case yaml.MappingNode:
		// Kubernetes-style env entries: {name: MODEL_ID, value: org/x}
		var envName, envVal *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch n.Content[i].Value {
			case "name":
				envName = n.Content[i+1]
			case "value":
				envVal = n.Content[i+1]
			}
		}
		if envName != nil && envVal != nil && envVal.Kind == yaml.ScalarNode && envName.Kind == yaml.ScalarNode {
			cw.value(append(keys[:len(keys):len(keys)], envName.Value), envVal.Value, envVal.Line, scalarCol(envVal))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			path := append(keys[:len(keys):len(keys)], k.Value)
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
				cw.value(path, v.Value, v.Line, scalarCol(v))
			default:
				cw.yamlNode(v, path, depth+1)
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				cw.yamlNode(c, keys, depth+1)
				continue
			}
			// docker-compose environment: - MODEL_ID=org/x
			if k, v, ok := strings.Cut(c.Value, "="); ok && isShellName(k) {
				cw.value(append(keys[:len(keys):len(keys)], k), v, c.Line, scalarCol(c)+len(k)+1)
				continue
			}
			cw.value(keys, c.Value, c.Line, scalarCol(c))
		}
	}
}

// json walks a JSON document with a token decoder, keeping offsets.
func (cw *configWalker) json(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	li := newLineIndex(b)
	var walk func(keys []string, depth int) error
	walk = func(keys []string, depth int) error {
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
				for dec.More() {
					kt, err := dec.Token()
					if err != nil {
						return err
					}
					k, _ := kt.(string)
					if err := walk(append(keys[:len(keys):len(keys)], k), depth+1); err != nil {
						return err
					}
				}
				_, err = dec.Token()
				return err
			case '[':
				for dec.More() {
					if err := walk(keys, depth+1); err != nil {
						return err
					}
				}
				_, err = dec.Token()
				return err
			}
		case string:
			line, col := li.pos(start + 1)
			cw.value(keys, v, line, col)
		}
		return nil
	}
	for {
		err := walk(nil, 0)
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
			cw.value(keys, s.val, i+1, col+lead)
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
