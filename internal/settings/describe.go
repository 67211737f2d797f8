package settings

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Describe renders the effective values of the settings in scope as YAML
// that reads back as a --config file, each value followed by a comment
// saying where it came from ("# flag --max-depth"). Settings a --config
// file cannot hold (command-line only, tree only) follow as comments.
func (t Table[T]) Describe(v *T, src Sources, scope Scope) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	sections := map[string]*yaml.Node{}
	var notes []string
	for i := range t {
		s := &t[i]
		if s.Scope&scope == 0 {
			continue
		}
		if s.Who == CommandLine || s.Who == TreeOnly {
			val := &yaml.Node{}
			if err := val.Encode(value(s, v)); err != nil {
				return nil, fmt.Errorf("%s: %w", s.Key, err)
			}
			flow(val)
			out, err := yaml.Marshal(val)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.Key, err)
			}
			notes = append(notes, fmt.Sprintf("# %s: %s (%s; not a --config key)", s.Key, strings.TrimSpace(printable(string(out))), printable(src[s.Key].Describe())))
			continue
		}
		parent := root
		name := s.Key
		if sec, sub, ok := strings.Cut(s.Key, "."); ok {
			if sections[sec] == nil {
				sections[sec] = &yaml.Node{Kind: yaml.MappingNode}
				root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: sec}, sections[sec])
			}
			parent, name = sections[sec], sub
		}
		val := &yaml.Node{}
		if err := val.Encode(value(s, v)); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Key, err)
		}
		flow(val)
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: name}
		comment := "# " + printable(src[s.Key].Describe())
		if val.Kind == yaml.ScalarNode || val.Style == yaml.FlowStyle {
			val.LineComment = comment
		} else {
			key.LineComment = comment
		}
		parent.Content = append(parent.Content, key, val)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	for _, n := range notes {
		buf.WriteString(n + "\n")
	}
	return buf.Bytes(), nil
}

// flow writes a list of plain values on one line.
func flow(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		return
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return
		}
	}
	n.Style = yaml.FlowStyle
}

// printable drops control characters from text that goes into a comment.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// Markdown renders the table of settings in scope for the documentation:
// key, type, default, flag, variable, who may set it, and the help text.
func (t Table[T]) Markdown(scope Scope) string {
	var b strings.Builder
	b.WriteString("| key | type | default | flag | environment | who may set it | meaning |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	cell := func(s string) string {
		if s == "" {
			return ""
		}
		return "`" + s + "`"
	}
	for i := range t {
		s := &t[i]
		if s.Scope&scope == 0 {
			continue
		}
		flag := ""
		if s.Flag != "" {
			flag = "--" + s.Flag
			if s.Short != "" {
				flag = "-" + s.Short + ", " + flag
			}
		}
		key := s.Key
		if s.Who == CommandLine {
			key = "" // not a file key
		}
		def := defaultText(s)
		if def == "[]" {
			def = ""
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", cell(key), s.TypeName(), cell(def), cell(flag), cell(s.Env),
			s.Who, strings.ReplaceAll(s.Help, "|", `\|`))
	}
	return b.String()
}
