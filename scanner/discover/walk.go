package discover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// skipDirs are directory names never descended into: version control,
// dependency trees and caches hold other people's code, not this project's
// model choices.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true,
	"node_modules": true, "bower_components": true, "vendor": true,
	"site-packages": true, "dist-packages": true, "__pycache__": true,
	".venv": true, "venv": true, ".tox": true, ".nox": true, ".mypy_cache": true,
	".pytest_cache": true, ".ruff_cache": true, ".ipynb_checkpoints": true,
	".terraform": true, ".gradle": true, ".idea": true, ".next": true,
}

// vcsDirs are version control metadata: never walked, even with a base
// tree (they are not part of the change's content).
var vcsDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// ignoreFiles are read in every directory, in this order; later ones win.
var ignoreFiles = []string{".gitignore", ".aibomignore"}

type walker struct {
	root     string
	absRoot  string
	r        *os.Root
	exts     []Extractor
	opts     Options
	jobs     chan<- []job
	batch    []job
	ctx      context.Context
	warnings []sbom.Warning
	skipped  []sbom.SkippedFile
	own      map[string]bool // aibom's own directories (absolute, cleaned): not walked
	// With Options.BaseRoot: baseMode is set and base is the base's copy
	// of the root (nil when the base lacks it).
	baseMode bool
	base     *os.Root
}

// ownDirs makes the set of aibom's own directories from Options.OwnDirs.
func ownDirs(dirs []string) map[string]bool {
	m := map[string]bool{}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if abs, err := filepath.Abs(d); err == nil {
			m[filepath.Clean(abs)] = true
		}
	}
	return m
}

func (w *walker) skip(p, reason, detail string) {
	w.skipped = append(w.skipped, sbom.SkippedFile{Path: p, Reason: reason, Detail: detail})
}

// jobBatch is how many files the walker hands over at a time.
const jobBatch = 16

// scope is the ignore rules of one directory, applied to paths relative to it.
type scope struct {
	dir   string // slash path relative to root, "" for the root
	rules *ignoreRules
}

func (w *walker) walk() {
	var scopes []scope
	if len(w.opts.Exclude) > 0 {
		scopes = append(scopes, scope{"", parseIgnore(strings.Join(w.opts.Exclude, "\n"))})
	}
	w.walkDir("", scopes, false)
	w.flush()
}

// flush hands the pending batch to the workers.
func (w *walker) flush() bool {
	if len(w.batch) == 0 {
		return true
	}
	select {
	case w.jobs <- w.batch:
		w.batch = make([]job, 0, jobBatch)
		return true
	case <-w.ctx.Done():
		return false
	}
}

// walkDir walks one directory. changedOnly is set inside a skip directory
// entered because of a base tree: only files that differ from the base's
// are read there.
func (w *walker) walkDir(rel string, scopes []scope, changedOnly bool) {
	if w.ctx.Err() != nil {
		return
	}
	name := rel
	if name == "" {
		name = "."
	}
	// Directories reached by the walk are never symlinks (those are
	// skipped below), so reading them by path stays inside the root.
	entries, err := os.ReadDir(filepath.Join(w.absRoot, filepath.FromSlash(name)))
	if err != nil && len(entries) == 0 {
		w.warnings = append(w.warnings, sbom.Warning{Path: rel, Message: fmt.Sprintf("read directory: %v", err)})
		w.skip(name, sbom.SkipUnreadable, errDetail(err))
		return
	}
	// A Python virtual environment is recognised by its marker file, whatever its name.
	for _, e := range entries {
		if e.Name() == "pyvenv.cfg" && rel != "" {
			if !w.baseMode {
				return
			}
			changedOnly = true
		}
	}
	if w.baseMode {
		scopes = w.baseIgnores(rel, scopes)
	} else {
		for _, ig := range ignoreFiles {
			for _, e := range entries {
				if e.Name() == ig && e.Type().IsRegular() {
					b, err := readCapped(w.r, path.Join(rel, ig), 1<<20)
					if err != nil {
						w.warnings = append(w.warnings, sbom.Warning{Path: path.Join(rel, ig), Message: fmt.Sprintf("read ignore file: %v", err)})
						continue
					}
					scopes = append(scopes[:len(scopes):len(scopes)], scope{rel, parseIgnore(string(b))})
				}
			}
		}
	}
	// ReadDir returns entries sorted by name, so the walk order is stable.
	for _, e := range entries {
		child := e.Name()
		if rel != "" {
			child = rel + "/" + e.Name()
		}
		typ := e.Type()
		var info fs.FileInfo
		symlink := false
		switch {
		case typ&fs.ModeSymlink != 0:
			// os.Root refuses targets outside the root; symlinked
			// directories are never followed (no loops, no escapes).
			fi, err := w.r.Stat(filepath.FromSlash(child))
			if err != nil || !fi.Mode().IsRegular() {
				w.skipLink(child, e, fi, err, scopes)
				continue
			}
			info = fi
			symlink = true
		case typ.IsDir():
			skipDir := skipDirs[e.Name()]
			if skipDir && (!w.baseMode || vcsDirs[e.Name()]) || ignored(scopes, child, true) {
				continue
			}
			if len(w.own) > 0 && w.own[filepath.Join(w.absRoot, filepath.FromSlash(child))] {
				w.skip(child, sbom.SkipOwnCache, "aibom's cache directory")
				continue
			}
			w.walkDir(child, scopes, changedOnly || skipDir)
			continue
		case !typ.IsRegular():
			continue
		}
		if ignored(scopes, child, false) {
			continue
		}
		if info == nil {
			fi, err := e.Info()
			if err != nil {
				continue
			}
			info = fi
		}
		var want []Extractor
		for _, x := range w.exts {
			if x.Match(child, info) {
				want = append(want, x)
			}
		}
		if len(want) == 0 || changedOnly && !w.differsFromBase(child, info) {
			continue
		}
		w.batch = append(w.batch, job{path: child, info: info, exts: want, symlink: symlink})
		if len(w.batch) >= jobBatch && !w.flush() {
			return
		}
	}
}

// baseIgnores adds the ignore files of directory rel as the base has them.
// The scanned tree's own ignore files are not rules under a base tree: a
// change that adds or edits one would otherwise hide what it adds.
func (w *walker) baseIgnores(rel string, scopes []scope) []scope {
	if w.base == nil {
		return scopes
	}
	for _, ig := range ignoreFiles {
		p := path.Join(rel, ig)
		fi, err := w.base.Lstat(filepath.FromSlash(p))
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		b, err := readCapped(w.base, p, 1<<20)
		if err != nil {
			w.warnings = append(w.warnings, sbom.Warning{Path: p, Message: fmt.Sprintf("read the base's ignore file: %v", err)})
			continue
		}
		scopes = append(scopes[:len(scopes):len(scopes)], scope{rel, parseIgnore(string(b))})
	}
	return scopes
}

// differsFromBase reports whether the file at p is not the base's file at
// the same path: missing there, another size or other bytes.
func (w *walker) differsFromBase(p string, info fs.FileInfo) bool {
	if w.base == nil {
		return true
	}
	bi, err := w.base.Stat(filepath.FromSlash(p))
	if err != nil || !bi.Mode().IsRegular() || bi.Size() != info.Size() {
		return true
	}
	return !sameContent(w.r, w.base, filepath.FromSlash(p))
}

// sameContent compares a file of two roots chunk by chunk.
func sameContent(a, b *os.Root, p string) bool {
	fa, err := a.Open(p)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := b.Open(p)
	if err != nil {
		return false
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF)
		}
	}
}

// skipLink records a symlink the walk does not follow: one whose target
// is outside the root or missing, or a directory. Links no extractor would
// read, skipped directories and ignored paths are left out.
func (w *walker) skipLink(child string, e fs.DirEntry, target fs.FileInfo, err error, scopes []scope) {
	isDir := err == nil && target.IsDir()
	if isDir && skipDirs[e.Name()] || ignored(scopes, child, isDir) {
		return
	}
	switch {
	case err == nil && isDir:
		w.skip(child, sbom.SkipSymlinkDir, "symlinked directories are not followed")
		return
	case err == nil:
		return // a device, socket or pipe: not a file to read
	}
	if lst, lerr := e.Info(); lerr != nil || !w.wanted(child, lst) {
		return
	}
	if errors.Is(err, fs.ErrNotExist) {
		w.skip(child, sbom.SkipUnreadable, "broken symlink")
		return
	}
	w.skip(child, sbom.SkipSymlinkOutside, "target outside the scanned tree")
}

// wanted reports whether some extractor would read the file.
func (w *walker) wanted(p string, info fs.FileInfo) bool {
	for _, x := range w.exts {
		if x.Match(p, info) {
			return true
		}
	}
	return false
}

func ignored(scopes []scope, p string, isDir bool) bool {
	// Deeper ignore files override shallower ones, as in git.
	for i := len(scopes) - 1; i >= 0; i-- {
		s := scopes[i]
		rel := p
		if s.dir != "" {
			if !strings.HasPrefix(p, s.dir+"/") {
				continue
			}
			rel = p[len(s.dir)+1:]
		}
		if m, decided := s.rules.match(rel, isDir); decided {
			return m
		}
	}
	return false
}

func readCapped(r *os.Root, rel string, limit int64) ([]byte, error) {
	f, err := r.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// ignoreRules is a gitignore file: ordered patterns, last match wins.
type ignoreRules struct {
	pats     []ignorePattern
	anchored bool // some pattern is anchored (match then needs the path's segments)
}

type ignorePattern struct {
	negate   bool
	dirOnly  bool
	anchored bool     // contains a slash other than a trailing one: match from the file's directory
	segs     []string // pattern split on "/"
	last     glob     // segs[0] compiled, for unanchored patterns
}

// glob is one pattern segment, with the common shapes of ignore files
// (a name, *.ext, prefix*) matched without path.Match. They mean the same:
// within one segment '*' matches any run of bytes, and a segment without
// * ? [ or \ matches only itself.
type glob struct {
	kind byte // '=' literal, '>' "*" + suffix, '<' prefix + "*", 0 anything else (path.Match)
	lit  string
	pat  string
}

func compileGlob(pat string) glob {
	const special = "*?[\\"
	switch {
	case !strings.ContainsAny(pat, special):
		return glob{kind: '=', lit: pat, pat: pat}
	case len(pat) > 1 && pat[0] == '*' && !strings.ContainsAny(pat[1:], special):
		return glob{kind: '>', lit: pat[1:], pat: pat}
	case len(pat) > 1 && pat[len(pat)-1] == '*' && !strings.ContainsAny(pat[:len(pat)-1], special):
		return glob{kind: '<', lit: pat[:len(pat)-1], pat: pat}
	}
	return glob{pat: pat}
}

func (g glob) match(name string) bool {
	switch g.kind {
	case '=':
		return name == g.lit
	case '>':
		return strings.HasSuffix(name, g.lit)
	case '<':
		return strings.HasPrefix(name, g.lit)
	}
	return globMatch(g.pat, name)
}

func parseIgnore(text string) *ignoreRules {
	r := &ignoreRules{}
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasSuffix(line, `\ `) {
			line = strings.TrimRight(line[:len(line)-2], " ") + " "
		} else {
			line = strings.TrimRight(line, " \t")
		}
		if line == "" || line[0] == '#' {
			continue
		}
		var p ignorePattern
		if line[0] == '!' {
			p.negate = true
			line = line[1:]
		} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			p.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if strings.Contains(line, "/") {
			p.anchored = true
			line = strings.TrimPrefix(line, "/")
		}
		if line == "" {
			continue
		}
		p.segs = strings.Split(line, "/")
		p.last = compileGlob(p.segs[0])
		r.anchored = r.anchored || p.anchored
		r.pats = append(r.pats, p)
	}
	return r
}

// match reports (ignored, decided): decided is false when no pattern matched.
func (r *ignoreRules) match(rel string, isDir bool) (bool, bool) {
	var m, decided bool
	var segs []string
	if r.anchored {
		segs = strings.Split(rel, "/")
	}
	name := rel[strings.LastIndexByte(rel, '/')+1:]
	for _, p := range r.pats {
		if p.dirOnly && !isDir {
			continue
		}
		var ok bool
		if p.anchored {
			ok = matchSegs(p.segs, segs)
		} else {
			ok = p.last.match(name)
		}
		if ok {
			m, decided = !p.negate, true
		}
	}
	return m, decided
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			if len(pat) == 1 {
				return len(name) > 0
			}
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 || !globMatch(pat[0], name[0]) {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

func globMatch(pat, name string) bool {
	ok, err := path.Match(pat, name)
	return err == nil && ok
}
