package settings

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/sbom"
)

// DecodeFunc decodes one setting's YAML value itself. Its errors name their
// file and position.
type DecodeFunc func(n *yaml.Node, file string) (any, error)

// MaxFileBytes bounds a config file; a real one is a few dozen lines.
const MaxFileBytes = 1 << 20

// Decode strictly decodes one config file into dst, for a file that is
// checked on its own (the scanned tree's, when the rules come from the
// base revision).
func (t Table[T]) Decode(dst *T, l Layer, scope Scope) error {
	errs := t.decodeLayer(l, scope, func(s *Setting[T], v any, _ Source) { assign(s, dst, v) })
	if len(errs) > maxErrors {
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("and %d more problems", len(errs)-maxErrors))
	}
	return errors.Join(errs...)
}

// decodeLayer walks one file. Keys are checked against the whole table (a
// key of another command is valid, just unused here); set is called for
// the settings in scope. Nothing of a file that is not a mapping of known
// keys is ever quoted back: it may not be a config at all.
func (t Table[T]) decodeLayer(l Layer, scope Scope, set func(*Setting[T], any, Source)) []error {
	if len(l.Data) > MaxFileBytes {
		return []error{fmt.Errorf("%s: larger than %d bytes: not an aibom config", l.Name, MaxFileBytes)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(l.Data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file sets nothing
		}
		return []error{syntaxError(l.Name, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return []error{fmt.Errorf("%s:%d: a second YAML document: a config file is one document", l.Name, extra.Line)}
	} else if !errors.Is(err, io.EOF) {
		return []error{syntaxError(l.Name, err)}
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return []error{fmt.Errorf("%s:%d:%d: not an aibom config: expected a mapping of settings such as \"fail_on: error\" (aibom config --keys lists them)", l.Name, root.Line, root.Column)}
	}
	if keys := len(root.Content) / 2; keys > 1 && t.knownKeys(root) == 0 {
		// Not one setting among its keys: some other file was named
		// where a config was expected. None of its keys is quoted.
		return []error{fmt.Errorf("%s:%d:%d: not an aibom config: none of its %d top-level keys is a setting (aibom config --keys lists them); nothing of the file is shown", l.Name, root.Line, root.Column, keys)}
	}
	w := walker[T]{t: t, l: l, scope: scope, set: set}
	w.mapping(root, "")
	return w.errs
}

type walker[T any] struct {
	t     Table[T]
	l     Layer
	scope Scope
	set   func(*Setting[T], any, Source)
	errs  []error
}

func (w *walker[T]) errorf(n *yaml.Node, format string, args ...any) {
	w.errs = append(w.errs, fmt.Errorf("%s:%d:%d: %s", w.l.Name, n.Line, n.Column, fmt.Sprintf(format, args...)))
}

func (w *walker[T]) mapping(n *yaml.Node, prefix string) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			w.errorf(k, "%skeys must be plain words", strings.TrimSuffix(prefix, ".")+colonIf(prefix))
			continue
		}
		key := prefix + k.Value
		if seen[key] {
			w.errorf(k, "%s: duplicate key", key)
			continue
		}
		seen[key] = true
		s := w.t.Lookup(key)
		if s == nil {
			if sub := w.t.under(key + "."); len(sub) > 0 {
				if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
					continue // an empty section sets nothing
				}
				if v.Kind != yaml.MappingNode {
					w.errorf(v, "%s: %s: expected a mapping of %s", key, shape(v), strings.Join(sub, ", "))
					continue
				}
				w.mapping(v, key+".")
				continue
			}
			if _, ok := sbom.ShowKey(key); !ok {
				w.errorf(k, "an unknown key that is not a plain word (not shown; aibom config --keys lists every key)")
				continue
			}
			w.errorf(k, "%s: unknown key%s (aibom config --keys lists every key)", key, w.t.suggest(key))
			continue
		}
		if !s.Who.allows(w.l.Kind) {
			w.errorf(k, "%s: %s", key, refusal(s, w.l.Kind))
			continue
		}
		var val any
		var err error
		if s.Decode != nil {
			val, err = s.Decode(v, w.l.Name)
		} else {
			_, typ := kindOf(s)
			var rv reflect.Value
			rv, err = w.decode(v, typ, key, want(s))
			if err == nil {
				val = rv.Interface()
			}
		}
		if err != nil {
			w.errs = append(w.errs, err)
			continue
		}
		at := Source{Kind: w.l.Kind, Name: w.l.Name, Line: v.Line, Column: v.Column}
		if err := check(s, val, at); err != nil {
			msg := strings.ReplaceAll(explain(s, err), "\n", "; ")
			if v.Kind == yaml.ScalarNode {
				msg = shape(v) + ": " + msg
			}
			w.errorf(v, "%s: %s", key, msg)
			continue
		}
		if s.Scope&w.scope != 0 {
			w.set(s, val, Source{Kind: w.l.Kind, Name: w.l.Name, Line: k.Line, Column: k.Column})
		}
	}
}

func colonIf(prefix string) string {
	if prefix == "" {
		return ""
	}
	return ": "
}

// quoteKey shows a key that is not a setting's: a plain word as it is,
// anything else (a line of a file that is not a config, a token) not at
// all (sbom.ShowKey).
func quoteKey(k string) string {
	if _, ok := sbom.ShowKey(k); ok {
		return k
	}
	return "that is not a plain word (not shown)"
}

// knownKeys counts the top-level keys of a mapping that are settings or
// sections of settings.
func (t Table[T]) knownKeys(n *yaml.Node) int {
	known := 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && (t.Lookup(k.Value) != nil || len(t.under(k.Value+".")) > 0) {
			known++
		}
	}
	return known
}

// refusal says why a file may not set a setting and how to set it instead.
func refusal[T any](s *Setting[T], k Kind) string {
	switch {
	case k == FromTree:
		return "the scanned tree's .aibom.yaml may not set this (the tree is what is being judged)" + s.howToSet(true)
	case s.Who == TreeOnly:
		return "read only from the scanned tree's .aibom.yaml (the models manifest); declare it there"
	}
	return "a config file may not set this" + s.howToSet(false)
}

// under lists the sub-keys of a dotted prefix ("context." → commercial, …).
func (t Table[T]) under(prefix string) []string {
	var out []string
	for _, s := range t {
		if rest, ok := strings.CutPrefix(s.Key, prefix); ok {
			out = append(out, strings.SplitN(rest, ".", 2)[0])
		}
	}
	return slices.Compact(out)
}

// suggest proposes the known key closest to a misspelt one.
func (t Table[T]) suggest(key string) string {
	best, bestD := "", 3
	cands := t.keys()
	for _, k := range cands {
		if sec, _, ok := strings.Cut(k, "."); ok {
			cands = append(cands, sec)
		}
	}
	for _, k := range cands {
		if d := distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

// distance is the Levenshtein distance, bounded for long inputs.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// shape describes a node for a message: a scalar is quoted (it sits under
// a known key of a config file), anything else is named by its kind.
func shape(n *yaml.Node) string {
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
		return quote(n.Value)
	}
	return "nothing"
}

// decode converts a node to a Go value of typ, strictly: no type coercion
// beyond YAML's own, unknown and duplicate keys in mappings are errors, and
// aliases are refused (they are never needed in a config, and following
// them is how a small file becomes a huge value).
func (w *walker[T]) decode(n *yaml.Node, typ reflect.Type, path, want string) (reflect.Value, error) {
	bad := func(n *yaml.Node, want string) (reflect.Value, error) {
		return reflect.Value{}, fmt.Errorf("%s:%d:%d: %s: %s: expected %s", w.l.Name, n.Line, n.Column, path, shape(n), want)
	}
	if n.Kind == yaml.AliasNode {
		return reflect.Value{}, fmt.Errorf("%s:%d:%d: %s: YAML aliases are not supported in aibom config", w.l.Name, n.Line, n.Column, path)
	}
	scalar := n.Kind == yaml.ScalarNode && n.Tag != "!!null"
	switch {
	case typ == durationType:
		if !scalar {
			return bad(n, want)
		}
		d, err := time.ParseDuration(n.Value)
		if err != nil {
			return bad(n, want)
		}
		return reflect.ValueOf(d), nil
	case typ.Kind() == reflect.String:
		if !scalar {
			return bad(n, want)
		}
		return reflect.ValueOf(n.Value).Convert(typ), nil
	case typ.Kind() == reflect.Bool:
		if !scalar || n.Tag != "!!bool" {
			return bad(n, want)
		}
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return bad(n, want)
		}
		return reflect.ValueOf(b), nil
	case typ.Kind() == reflect.Pointer && typ.Elem().Kind() == reflect.Bool:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return reflect.Zero(typ), nil
		}
		b, err := w.decode(n, typ.Elem(), path, want)
		if err != nil {
			return b, err
		}
		p := reflect.New(typ.Elem())
		p.Elem().Set(b)
		return p, nil
	case typ.Kind() == reflect.Int || typ.Kind() == reflect.Int64:
		if !scalar || n.Tag != "!!int" {
			return bad(n, want)
		}
		var i int64
		if err := n.Decode(&i); err != nil {
			return bad(n, want)
		}
		v := reflect.New(typ).Elem()
		if v.OverflowInt(i) {
			return bad(n, want)
		}
		v.SetInt(i)
		return v, nil
	case typ.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return bad(n, want)
		}
		out := reflect.MakeSlice(typ, 0, len(n.Content))
		elemWant := "a string"
		if typ.Elem().Kind() == reflect.Struct {
			elemWant = "a mapping"
		}
		for i, e := range n.Content {
			v, err := w.decode(e, typ.Elem(), fmt.Sprintf("%s[%d]", path, i), elemWant)
			if err != nil {
				return reflect.Value{}, err
			}
			out = reflect.Append(out, v)
		}
		return out, nil
	case typ.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return bad(n, want)
		}
		out := reflect.New(typ).Elem()
		fields := map[string]int{}
		var names []string
		for i := range typ.NumField() {
			tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			if tag == "" || tag == "-" || !typ.Field(i).IsExported() {
				continue
			}
			fields[tag] = i
			names = append(names, tag)
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			fi, ok := fields[k.Value]
			if k.Kind != yaml.ScalarNode || !ok {
				return reflect.Value{}, fmt.Errorf("%s:%d:%d: %s: unknown key %s (known: %s)", w.l.Name, k.Line, k.Column, path, quoteKey(k.Value), strings.Join(names, ", "))
			}
			if seen[k.Value] {
				return reflect.Value{}, fmt.Errorf("%s:%d:%d: %s.%s: duplicate key", w.l.Name, k.Line, k.Column, path, k.Value)
			}
			seen[k.Value] = true
			fv, err := w.decode(v, typ.Field(fi).Type, path+"."+k.Value, "a "+typ.Field(fi).Type.Kind().String())
			if err != nil {
				return reflect.Value{}, err
			}
			out.Field(fi).Set(fv)
		}
		return out, nil
	}
	return bad(n, want)
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlQuoted = regexp.MustCompile("'[^']*'|\"[^\"]*\"|`[^`]*`")
)

// syntaxError reports a YAML syntax error with its line, and with anything
// the parser quoted from the file cut out: the file may not be a config.
func syntaxError(file string, err error) error {
	msg := err.Error()
	line := ""
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, msg = ":"+m[1], m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if !readerError(msg) {
			line = ":1" // the parser leaves out the first line's number
		}
	}
	msg = yamlQuoted.ReplaceAllString(msg, "…")
	return fmt.Errorf("%s%s: not valid YAML: %s", file, line, msg)
}

// readerError reports a YAML error about the bytes (encoding, control
// characters), which carries no position; every other error the parser
// gives without a line is on the first line (yaml.v3 omits line 1).
func readerError(msg string) bool {
	for _, w := range []string{"UTF-8", "UTF-16", "octet", "control characters", "BOM"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// UnknownEnv lists, one message each, the variables of environ (KEY=VALUE
// lines) that start with prefix but are no setting's Env and not in also,
// with the nearest known name: a mistyped AIBOM_OFFLNE would otherwise be
// ignored and the scan go online. Values are never shown.
func (t Table[T]) UnknownEnv(environ []string, prefix string, also ...string) []string {
	known := map[string]bool{}
	var names []string
	for i := range t {
		if e := t[i].Env; e != "" {
			known[e] = true
			names = append(names, e)
		}
	}
	for _, e := range also {
		known[e] = true
	}
	var out []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, prefix) || known[k] {
			continue
		}
		shown, ok := sbom.ShowKey(k)
		if !ok {
			continue // not a name anyone typed for aibom
		}
		msg := "environment " + strings.Trim(shown, `"`) + ": not an aibom variable, ignored"
		best, bestD := "", 4
		for _, n := range names {
			if d := distance(k, n); d < bestD {
				best, bestD = n, d
			}
		}
		if best != "" {
			msg += "; did you mean " + best + "?"
		}
		out = append(out, msg)
	}
	slices.Sort(out)
	return out
}
