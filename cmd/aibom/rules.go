package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/settings"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/scanner/discover"
)

// ruleSet reads the files that hold the rules a scan is judged by: the
// scanned tree's .aibom.yaml, a policy file inside the tree it names, and
// a --config or --policy file. Files of the tree are read through os.Root,
// so that a symlink cannot lead outside it.
//
// With a base tree (--base-tree: a checkout of the base revision of the
// repository holding the scanned tree) every such file that lives in the
// repository is read from the base instead, and where the scanned tree's
// version differs the difference becomes a config-change finding: a pull
// request cannot loosen the rules that judge it.
type ruleSet struct {
	root     string // the scanned tree as given; "" when the command reads no tree
	absRoot  string
	repo     string // absolute root of the repository holding root; root itself outside git
	base     string // absolute base checkout of repo; "" when root's own rules apply
	baseTree string // the scanned tree's directory within base ("" when it did not exist there)
	changes  []policies.ConfigChange
	// configName is the scanned tree's config file (configName).
	configName string
	// headConfig is root's own .aibom.yaml when the rules come from the
	// base: it is still checked, so that a bad key fails now, not after
	// the merge.
	headConfig *settings.Layer
}

func newRuleSet(root, base string) (*ruleSet, error) {
	r := &ruleSet{root: root}
	if root == "" {
		if base != "" {
			return nil, usagef("--base-tree: this command reads no tree")
		}
		return r, nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, usagef("%s: %v", root, err)
	}
	r.absRoot = abs
	r.repo = repoRoot(abs)
	if base == "" {
		return r, nil
	}
	st, err := os.Stat(base)
	if err != nil || !st.IsDir() {
		return nil, usagef("--base-tree %s: not a directory (give a checkout of the base revision, e.g. git worktree add DIR origin/main)", base)
	}
	if r.base, err = filepath.Abs(base); err != nil {
		return nil, usagef("--base-tree %s: %v", base, err)
	}
	rel, err := filepath.Rel(r.repo, abs)
	if err != nil {
		return nil, usagef("--base-tree: %v", err)
	}
	if st, err := os.Stat(filepath.Join(r.base, rel)); err == nil && st.IsDir() {
		r.baseTree = filepath.Join(r.base, rel)
	}
	return r, nil
}

// baseRoot is the scanned tree's directory in the base checkout, whether
// or not the base has it (discovery then has no base rules at all).
func (r *ruleSet) baseRoot() string {
	if r.baseTree != "" {
		return r.baseTree
	}
	rel, err := filepath.Rel(r.repo, r.absRoot)
	if err != nil {
		return filepath.Join(r.base, "nonexistent")
	}
	return filepath.Join(r.base, rel)
}

// ignoreFileName is the ignore file whose edits are config changes. A
// .gitignore edit is too common to be one: discovery honours only the
// base's version of both (discover.Options.BaseRoot), which is enough.
const ignoreFileName = ".aibomignore"

// ignoreChanges records a config change for every .aibomignore, at any
// depth, whose scanned version differs from the base's, pattern by
// pattern.
func (r *ruleSet) ignoreChanges() error {
	head, err := findIgnoreFiles(r.absRoot)
	if err != nil {
		return err
	}
	base, err := findIgnoreFiles(r.baseTree)
	if err != nil {
		return err
	}
	all := append(head, base...)
	slices.Sort(all)
	for _, rel := range slices.Compact(all) {
		bd, bFound, err := readInTree(r.baseTree, rel)
		if err != nil {
			return err
		}
		hd, hFound, err := readInTree(r.root, rel)
		if err != nil {
			return err
		}
		if c, ok := ignoreChange(filepath.ToSlash(rel), bd, bFound, hd, hFound); ok {
			r.changes = append(r.changes, c)
		}
	}
	return nil
}

// findIgnoreFiles lists the .aibomignore files under dir (relative paths),
// without following symlinks or entering version control directories.
func findIgnoreFiles(dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // an unreadable directory: discovery reports it
		}
		switch {
		case d.IsDir() && (d.Name() == ".git" || d.Name() == ".hg" || d.Name() == ".svn"):
			return fs.SkipDir
		case d.Name() == ignoreFileName && d.Type().IsRegular():
			rel, err := filepath.Rel(dir, p)
			if err == nil {
				out = append(out, rel)
			}
		}
		return nil
	})
	if err != nil {
		return nil, usagef("--base-tree: listing ignore files of %s: %v", dir, err)
	}
	return out, nil
}

// ignoreChange compares two versions of an ignore file as sets of
// patterns (comments and blank lines are no change).
func ignoreChange(file string, base []byte, baseFound bool, head []byte, headFound bool) (policies.ConfigChange, bool) {
	c := policies.ConfigChange{File: file}
	if baseFound && headFound && bytes.Equal(base, head) {
		return c, false
	}
	bp, hp := ignorePatterns(base), ignorePatterns(head)
	inBase := map[string]bool{}
	for _, p := range bp {
		inBase[p.text] = true
	}
	inHead := map[string]bool{}
	for _, p := range hp {
		inHead[p.text] = true
		if !inBase[p.text] {
			c.Added = append(c.Added, policies.KeyChange{Key: "pattern", Head: strconv.Quote(p.text)})
			if c.Line == 0 {
				c.Line = p.line
			}
		}
	}
	for _, p := range bp {
		if !inHead[p.text] {
			c.Removed = append(c.Removed, policies.KeyChange{Key: "pattern", Base: strconv.Quote(p.text)})
		}
	}
	if len(c.Added)+len(c.Removed) == 0 {
		return c, false
	}
	if headFound {
		c.Line = max(c.Line, 1)
	}
	return c, true
}

type ignoreLine struct {
	text string
	line int
}

func ignorePatterns(data []byte) []ignoreLine {
	var out []ignoreLine
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		out = append(out, ignoreLine{l, i + 1})
	}
	return out
}

// repoRoot is the nearest directory at or above dir holding .git (a
// directory, or a file for a worktree); dir itself when there is none.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// readInTree reads rel inside dir without ever leaving dir: a symlink that
// points outside is refused. A missing file (or dir) is found == false.
func readInTree(dir, rel string) (data []byte, found bool, err error) {
	if dir == "" {
		return nil, false, nil
	}
	p := filepath.Join(dir, rel)
	rt, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, usagef("reading %s: %v", p, err)
	}
	defer rt.Close()
	f, err := rt.Open(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		if strings.Contains(err.Error(), "escapes") {
			return nil, false, usagef("%s: refused: it is reached through a symlink that leads out of %s, and aibom reads nothing outside the scanned tree", p, dir)
		}
		return nil, false, usagef("reading %s: %v", p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, usagef("reading %s: %v", p, err)
	}
	if !st.Mode().IsRegular() {
		return nil, false, usagef("%s: not a regular file", p)
	}
	data, err = readLimited(f, p)
	return data, err == nil, err
}

func readLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, settings.MaxFileBytes+1))
	if err != nil {
		return nil, usagef("reading %s: %v", name, err)
	}
	if len(data) > settings.MaxFileBytes {
		return nil, usagef("%s: larger than %d bytes: not a config or policy file", name, settings.MaxFileBytes)
	}
	return data, nil
}

// treeConfig is the .aibom.yaml whose rules apply: the scanned tree's, or
// the base's with the scanned tree's compared against it.
func (r *ruleSet) treeConfig() (*settings.Layer, error) {
	headName, err := configName(r.root)
	if err != nil {
		return nil, err
	}
	r.configName = headName
	own := filepath.Join(r.root, headName)
	headData, headFound, err := readInTree(r.root, headName)
	if err != nil {
		return nil, err
	}
	if r.base == "" {
		if !headFound {
			return nil, nil
		}
		return &settings.Layer{Kind: settings.FromTree, Name: own, Data: headData}, nil
	}
	baseName, err := configName(r.baseTree)
	if err != nil {
		return nil, err
	}
	baseData, baseFound, err := readInTree(r.baseTree, baseName)
	if err != nil {
		return nil, err
	}
	if headFound {
		r.headConfig = &settings.Layer{Kind: settings.FromTree, Name: own, Data: headData}
	}
	shown := headName
	if !headFound {
		shown = baseName
	}
	r.compare(shown, baseData, baseFound, headData, headFound, true)
	if !baseFound {
		return nil, nil
	}
	return &settings.Layer{Kind: settings.FromTree, Name: filepath.Join(r.baseTree, baseName), Data: baseData}, nil
}

// configName is the name of dir's config file: the one of
// discover.ManifestFiles (the one list of names) that exists, else the
// first. Every name is a whole config, so two of them are refused rather
// than one silently preferred.
func configName(dir string) (string, error) {
	var found []string
	if dir != "" {
		for _, n := range discover.ManifestFiles {
			if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
				found = append(found, n)
			}
		}
	}
	switch len(found) {
	case 0:
		return discover.ManifestFiles[0], nil
	case 1:
		return found[0], nil
	}
	return "", usagef("%s: %s and %s are both aibom config files; keep one", dir, found[0], found[1])
}

type fileData struct {
	name string
	data []byte
}

// trustedFile reads a file named by a flag, a variable or a --config file.
// It is read where it is named, except that with a base tree a file inside
// the repository is read from the base (the head's version is compared).
func (r *ruleSet) trustedFile(path, what string) (fileData, error) {
	if rel, ok := r.inRepo(path); ok && r.base != "" {
		baseData, baseFound, err := readInTree(r.base, rel)
		if err != nil {
			return fileData{}, err
		}
		headData, headFound, err := readInTree(r.repo, rel)
		if err != nil {
			return fileData{}, err
		}
		r.compare(r.relToRoot(rel), baseData, baseFound, headData, headFound, what == "--config")
		switch {
		case baseFound:
			return fileData{filepath.Join(r.base, rel), baseData}, nil
		case headFound:
			// New in this change: nothing older to judge by; the finding
			// for the added file asks for approval.
			return fileData{path, headData}, nil
		}
		return fileData{}, usagef("%s %s: no such file in the scanned revision or the base", what, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fileData{}, usagef("%s %s: %v", what, path, err)
	}
	defer f.Close()
	data, err := readLimited(f, path)
	if err != nil {
		return fileData{}, err
	}
	return fileData{path, data}, nil
}

// inRepo reports whether path lies inside the scanned tree's repository,
// and where.
func (r *ruleSet) inRepo(path string) (string, bool) {
	if r.repo == "" {
		return "", false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(r.repo, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return rel, true
}

// relToRoot turns a repository-relative path into the scanned-root-relative
// path findings use.
func (r *ruleSet) relToRoot(repoRel string) string {
	rel, err := filepath.Rel(r.absRoot, filepath.Join(r.repo, repoRel))
	if err != nil {
		return filepath.ToSlash(repoRel)
	}
	return filepath.ToSlash(rel)
}

// policy loads the policy in force: a preset, a file inside the tree (when
// the tree's .aibom.yaml names it) or a file named by a trusted source.
func (r *ruleSet) policy(name string, src settings.Source) (*policies.Policy, error) {
	if name == "" {
		name = policies.DefaultPreset
	}
	if slices.Contains(policies.Presets(), name) {
		p, err := policies.Preset(name)
		if err != nil {
			return nil, usageError{err}
		}
		return p, nil
	}
	var f fileData
	if src.Kind == settings.FromTree {
		rel := filepath.FromSlash(name)
		dir := r.root
		if r.base != "" {
			dir = r.baseTree
		}
		data, found, err := readInTree(dir, rel)
		if err != nil {
			return nil, err
		}
		if r.base != "" {
			headData, headFound, err := readInTree(r.root, rel)
			if err != nil {
				return nil, err
			}
			r.compare(filepath.ToSlash(rel), data, found, headData, headFound, false)
		}
		if !found {
			return nil, usagef("%s: policy: %s: no such file in the scanned tree (presets: %s)", src, strconv.Quote(name), presetList())
		}
		f = fileData{filepath.Join(dir, rel), data}
	} else {
		if _, inRepo := r.inRepo(name); !inRepo || r.base == "" {
			if _, err := os.Stat(name); err != nil {
				return nil, usagef("policy %q is neither a preset (%s) nor a readable file", name, presetList())
			}
		}
		var err error
		if f, err = r.trustedFile(name, "policy"); err != nil {
			return nil, err
		}
	}
	p, err := policies.Parse(f.data, f.name)
	if err != nil {
		return nil, usageError{err}
	}
	return p, nil
}

// checkScannedTree checks what of the scanned tree itself feeds the scan:
// its own .aibom.yaml when the rules come from the base (so a bad key
// fails this change, not the next one), and every models manifest, whose
// malformed entries stop the run instead of silently dropping a model.
func (r *ruleSet) checkScannedTree() error {
	if r.headConfig != nil {
		var own Config
		if err := settingsTable.Decode(&own, *r.headConfig, scopeScan); err != nil {
			return usageError{err}
		}
	}
	for _, name := range discover.ManifestFiles {
		if name == r.configName && (r.base == "" || r.headConfig != nil) {
			continue // decoded with its models: key above or as the tree's config
		}
		data, found, err := readInTree(r.root, name)
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		if _, err := discover.ParseManifest(data, filepath.Join(r.root, name)); err != nil {
			return usageError{err}
		}
	}
	return nil
}

// compare records a config change when the scanned tree's version of a
// rules file differs from the base's, key by key. Comment-only edits are
// no change; the models: manifest of a .aibom.yaml is not a rule (declared
// models are scanned as models).
func (r *ruleSet) compare(file string, base []byte, baseFound bool, head []byte, headFound bool, isConfig bool) {
	if !baseFound && !headFound || baseFound && headFound && bytes.Equal(base, head) {
		return
	}
	bk, hk := flattenYAML(base, baseFound), flattenYAML(head, headFound)
	if isConfig {
		delete(bk, "models")
		delete(hk, "models")
	}
	c := policies.ConfigChange{File: file}
	var keys []string
	for k := range bk {
		keys = append(keys, k)
	}
	for k := range hk {
		if _, ok := bk[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	first := 0
	mark := func(line int) {
		if line > 0 && (first == 0 || line < first) {
			first = line
		}
	}
	for _, k := range keys {
		b, inBase := bk[k]
		h, inHead := hk[k]
		switch {
		case !inBase:
			c.Added = append(c.Added, policies.KeyChange{Key: k, Head: h.val})
			mark(h.line)
		case !inHead:
			c.Removed = append(c.Removed, policies.KeyChange{Key: k, Base: b.val})
		case b.val != h.val:
			c.Changed = append(c.Changed, policies.KeyChange{Key: k, Base: b.val, Head: h.val})
			mark(h.line)
		}
	}
	if len(c.Added)+len(c.Removed)+len(c.Changed) == 0 {
		return
	}
	if headFound {
		c.Line = max(first, 1)
	}
	r.changes = append(r.changes, c)
}

type leaf struct {
	val  string
	line int
}

// flattenYAML maps each leaf key of a YAML document (dotted through
// mappings) to its value rendered on one line.
func flattenYAML(data []byte, found bool) map[string]leaf {
	out := map[string]leaf{}
	if !found {
		return out
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		out["(file)"] = leaf{val: "(not valid YAML)", line: 1}
		return out
	}
	if len(doc.Content) == 0 {
		return out
	}
	var walk func(n *yaml.Node, prefix string, depth int)
	walk = func(n *yaml.Node, prefix string, depth int) {
		if n.Kind != yaml.MappingNode || len(n.Content) == 0 || depth > 16 {
			key := strings.TrimSuffix(prefix, ".")
			if key == "" {
				key = "(file)"
			}
			out[key] = leaf{val: render(n, 0), line: n.Line}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			walk(n.Content[i+1], prefix+n.Content[i].Value+".", depth+1)
		}
	}
	walk(doc.Content[0], "", 0)
	return out
}

// render writes a node on one line, flow style, cut at a readable length.
func render(n *yaml.Node, depth int) string {
	var s string
	switch {
	case depth > 8:
		s = "…"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str":
		s = strconv.Quote(n.Value)
	case n.Kind == yaml.ScalarNode:
		s = n.Value
	case n.Kind == yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			parts = append(parts, render(c, depth+1))
		}
		s = "[" + strings.Join(parts, ", ") + "]"
	case n.Kind == yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+": "+render(n.Content[i+1], depth+1))
		}
		s = "{" + strings.Join(parts, ", ") + "}"
	case n.Kind == yaml.AliasNode:
		s = "*" + n.Value
	}
	if rs := []rune(s); len(rs) > 120 {
		s = string(rs[:120]) + "…"
	}
	return s
}

// describeChanges is the config-change list as `aibom config` shows it.
func describeChanges(cs []policies.ConfigChange) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "# config-change: %s: %s\n", c.File, c.Summary())
	}
	return b.String()
}
