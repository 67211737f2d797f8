package discover

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/aibom/aibom/sbom"
)

// DefaultMaxFileSize is the size cap for text files when Options.MaxFileSize is 0.
const DefaultMaxFileSize = 2 << 20

// Options shape one discovery run.
type Options struct {
	MaxFileSize int64    // bytes; text files above are skipped (listed in Result.Skipped); default 2 MiB when 0
	IncludeDocs bool     // take explicit hub URLs and fenced code blocks from Markdown/rst/html (Location.Doc=true)
	Workers     int      // extractor concurrency; default GOMAXPROCS when 0
	Exclude     []string // extra gitignore-style patterns from config
	// OwnDirs are directories that belong to aibom itself (its cache),
	// as paths; one inside the root is not walked (Result.Skipped says so).
	OwnDirs []string
	// ExcludeTests leaves test files and directories unread (isTestPath);
	// otherwise their references are marked Location.Test.
	ExcludeTests bool
	// BaseRoot, when set, is the scanned root's directory in a checkout of
	// the base revision (--base-tree; it need not exist when the tree is
	// new). The base's rules then decide what is not read: ignore files
	// are read from there (the scanned tree's are not honoured), and skip
	// directories (vendor/, node_modules/, a virtual environment) are
	// entered for the files that differ from the base's file at the same
	// path, so that a change cannot hide a model by moving or ignoring it.
	BaseRoot string

	noPrefilter bool // run every extractor in full on every file (tests prove the prefilter exact)
}

// Result is everything one discovery run found.
type Result struct {
	// References are sorted by (Kind, Hub, ID, Revision, Location.Path,
	// Line, Column); not de-duplicated across locations (the caller merges).
	References []Reference
	Warnings   []sbom.Warning // unreadable or unparsable files, with Path
	Files      int            // files examined by at least one extractor
	// Skipped lists, sorted by path, every file an extractor would have
	// read but that was not: too large, binary, a symlink out of the tree
	// or to a directory, unreadable; and aibom's own cache directory.
	Skipped []sbom.SkippedFile
	// Unresolved lists, sorted by location, the places in code (not in
	// documentation or tests) where a model is chosen at run time: an
	// environment variable or command-line option with no literal default
	// at a model's place (dynamic.go).
	Unresolved []sbom.UnresolvedReference
}

// Extractor finds references in one kind of file. The walker does the
// walking and reading; an extractor only chooses files and parses them.
type Extractor interface {
	Name() string
	// Match reports whether the extractor wants the file; path is the
	// slash-separated path relative to the root.
	Match(path string, info fs.FileInfo) bool
	Extract(ctx context.Context, in *Input) ([]Reference, error)
}

// headerReader marks extractors that read only a bounded header through
// Input.Open and therefore run on files of any size and on binaries.
type headerReader interface{ readsHeader() }

// Input is one file handed to an extractor.
type Input struct {
	Path    string // slash-separated, relative to the root
	Info    fs.FileInfo
	Content []byte // whole file for text extractors; nil for header readers on big/binary files
	Docs    bool   // Options.IncludeDocs
	root    *os.Root
	lexed   *lexed // the worker's token buffers, reused from file to file

	// Prefilter answers, computed per group on first use.
	trigKnown, trigFound triggerSet
	noPrefilter          bool // answer "present" to every question (tests)
}

// has reports whether Content holds a trigger word of group set. Each
// group is searched for once per file, and only if an extractor asks.
func (in *Input) has(set triggerSet) bool {
	if in.noPrefilter {
		return true
	}
	if need := set &^ in.trigKnown; need != 0 {
		in.trigFound |= triggersIn(in.Content, need)
		in.trigKnown |= need
	}
	return in.trigFound&set != 0
}

// hasFence reports whether Content may hold a Markdown code fence.
func (in *Input) hasFence() bool {
	return in.noPrefilter || bytes.Contains(in.Content, []byte("```")) || bytes.Contains(in.Content, []byte("~~~"))
}

// Open opens the file for header readers; the caller closes it.
func (in *Input) Open() (io.ReadCloser, error) {
	if in.root == nil {
		return nil, errors.New("no root")
	}
	return in.root.Open(filepath.FromSlash(in.Path))
}

// Stat stats a path relative to the root (used to look at siblings of a
// file, e.g. a README.md beside a config.json); it never leaves the root.
func (in *Input) Stat(rel string) (fs.FileInfo, error) {
	if in.root == nil {
		return nil, errors.New("no root")
	}
	return in.root.Stat(filepath.FromSlash(rel))
}

// ReadDir lists a directory relative to the root; it never leaves the root.
func (in *Input) ReadDir(rel string) ([]fs.DirEntry, error) {
	if in.root == nil {
		return nil, errors.New("no root")
	}
	f, err := in.root.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// ReadFile reads a file relative to the root, capped at limit bytes.
func (in *Input) ReadFile(rel string, limit int64) ([]byte, error) {
	if in.root == nil {
		return nil, errors.New("no root")
	}
	f, err := in.root.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// Extractors returns the built-in extractors, sorted by name. One explicit
// list: adding a source means adding it here.
func Extractors() []Extractor {
	list := []Extractor{
		configExtractor{},
		docsExtractor{},
		ggufExtractor{},
		jsExtractor{},
		manifestExtractor{},
		modelfileExtractor{},
		notebookExtractor{},
		pythonExtractor{},
		safetensorsExtractor{},
		shellExtractor{},
		urlExtractor{},
		vendoredExtractor{},
	}
	slices.SortFunc(list, func(a, b Extractor) int { return strings.Compare(a.Name(), b.Name()) })
	return list
}

// Discover walks root once and returns every model and dataset reference
// found. The error is non-nil only when root itself is unusable; problems
// with single files become warnings.
func Discover(ctx context.Context, root string, opts Options) (*Result, error) {
	return discoverWith(ctx, root, opts, Extractors())
}

func discoverWith(ctx context.Context, root string, opts Options, exts []Extractor) (*Result, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("discover: %s is not a directory", root)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	defer r.Close()

	res := &Result{}
	// Files go to the workers in batches and each worker keeps its own
	// results until the end: one channel operation per file cost more
	// scheduler time (futex, wake-ups) than reading a small file.
	jobs := make(chan []job, opts.Workers*2)
	parts := make([]Result, opts.Workers)

	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	var wg sync.WaitGroup
	for i := range opts.Workers {
		part := &parts[i]
		wg.Go(func() {
			// One buffer per worker, reused: extractors copy what they keep,
			// so memory is bounded by Workers × MaxFileSize.
			var buf []byte
			lx := new(lexed)
			for batch := range jobs {
				for _, j := range batch {
					refs, warn, examined, skip := runFile(ctx, r, absRoot, j, opts, &buf, lx)
					// A position is in one file, and a file is one job:
					// duplicates are found within the file's references.
					part.References = append(part.References, dedupePositions(refs)...)
					if warn != nil {
						part.Warnings = append(part.Warnings, *warn)
					}
					if examined {
						part.Files++
					}
					if skip != nil {
						part.Skipped = append(part.Skipped, *skip)
					}
				}
			}
			// Each worker sorts its own references; the parts are merged.
			sortReferences(part.References)
		})
	}
	w := walker{root: root, absRoot: absRoot, r: r, exts: exts, opts: opts, jobs: jobs, ctx: ctx, own: ownDirs(opts.OwnDirs)}
	if opts.BaseRoot != "" {
		w.baseMode = true
		// A scanned tree that the base lacks has no base rules: every
		// file is new. Any other failure to open the base is an error,
		// not a silent fall back to the scanned tree's rules.
		switch br, err := os.OpenRoot(opts.BaseRoot); {
		case err == nil:
			defer br.Close()
			w.base = br
		case !errors.Is(err, fs.ErrNotExist):
			close(jobs)
			wg.Wait()
			return nil, fmt.Errorf("discover: base tree: %w", err)
		}
	}
	w.walk()
	close(jobs)
	wg.Wait()
	var sorted [][]Reference
	for _, p := range parts {
		sorted = append(sorted, p.References)
		res.Warnings = append(res.Warnings, p.Warnings...)
		res.Files += p.Files
		res.Skipped = append(res.Skipped, p.Skipped...)
	}
	res.Warnings = append(res.Warnings, w.warnings...)
	res.Skipped = append(res.Skipped, w.skipped...)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	res.References, res.Unresolved = splitUnresolved(mergeReferences(sorted))
	slices.SortFunc(res.Warnings, func(a, b sbom.Warning) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Message, b.Message))
	})
	slices.SortFunc(res.Skipped, func(a, b sbom.SkippedFile) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Reason, b.Reason))
	})
	return res, nil
}

// job is one file the walker hands to the workers.
type job struct {
	path    string
	info    fs.FileInfo
	exts    []Extractor
	symlink bool
}

// binarySniff is how many leading bytes are checked for NUL.
const binarySniff = 8000

func runFile(ctx context.Context, r *os.Root, absRoot string, j job, opts Options, buf *[]byte, lx *lexed) (refs []Reference, warn *sbom.Warning, examined bool, skip *sbom.SkippedFile) {
	if ctx.Err() != nil || (opts.ExcludeTests && isTestPath(j.path)) {
		return nil, nil, false, nil
	}
	in := &Input{Path: j.path, Info: j.info, Docs: opts.IncludeDocs, root: r, noPrefilter: opts.noPrefilter, lexed: lx}
	text := j.info.Size() <= opts.MaxFileSize
	var textExts, headerExts []Extractor
	for _, e := range j.exts {
		if _, ok := e.(headerReader); ok {
			headerExts = append(headerExts, e)
		} else {
			textExts = append(textExts, e)
		}
	}
	if len(textExts) > 0 && text {
		b, err := readInto(r, absRoot, j, buf)
		if err != nil {
			return nil, &sbom.Warning{Path: j.path, Message: fmt.Sprintf("read %s: %v", j.path, err)}, false,
				&sbom.SkippedFile{Path: j.path, Reason: sbom.SkipUnreadable, Detail: errDetail(err)}
		}
		sniff := b
		if len(sniff) > binarySniff {
			sniff = sniff[:binarySniff]
		}
		if bytes.IndexByte(sniff, 0) >= 0 {
			textExts = nil
			skip = &sbom.SkippedFile{Path: j.path, Reason: sbom.SkipBinary, Detail: fmt.Sprintf("NUL byte in the first %d bytes", binarySniff),
				MayNameModel: skippedMayNameModel(b[:min(len(b), triggerPeek)])}
		} else {
			in.Content = b
		}
	} else if len(textExts) > 0 {
		textExts = nil
		head, _ := readHead(r, j.path, triggerPeek)
		skip = &sbom.SkippedFile{Path: j.path, Reason: sbom.SkipTooLarge, Detail: fmt.Sprintf("%d bytes, limit %d", j.info.Size(), opts.MaxFileSize),
			MayNameModel: skippedMayNameModel(head)}
	}
	var errs []string
	for _, list := range [][]Extractor{headerExts, textExts} {
		for _, e := range list {
			examined = true
			got, err := e.Extract(ctx, in)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", e.Name(), err))
			}
			for i := range got {
				if got[i].Location.Path == "" {
					got[i].Location.Path = j.path
				}
				got[i].Location.Test = isTestPath(got[i].Location.Path)
				if got[i].Kind == "" {
					got[i].Kind = KindModel
				}
			}
			refs = append(refs, got...)
		}
	}
	if len(errs) > 0 {
		warn = &sbom.Warning{Path: j.path, Message: strings.Join(errs, "; ")}
	}
	if examined {
		skip = nil // a header reader read what it needs
	}
	return dropOwnOutputs(refs), warn, examined, skip
}

// triggerPeek is how much of a skipped text file is looked at for words
// that start a model reference.
const triggerPeek = 64 << 10

// skippedMayNameModel reports whether the start of a file not read holds a
// trigger word of code or a hub URL: then what the file names was not
// judged, and the verdict says so.
func skippedMayNameModel(head []byte) bool {
	return triggersIn(head, trigCode|trigURL) != 0
}

// readHead reads the first n bytes of a file through the root.
func readHead(r *os.Root, p string, n int64) ([]byte, error) {
	f, err := r.Open(filepath.FromSlash(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}

// errDetail is an error without the path it repeats (the skip names the
// file already).
func errDetail(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// readInto reads a whole file into the worker's buffer. Regular files the
// walker reached without a symlink are opened by path (fast); symlinked
// files go through os.Root, which refuses targets outside the root.
func readInto(r *os.Root, absRoot string, j job, buf *[]byte) ([]byte, error) {
	// The size the walk saw is what is read: a file that grew since is cut
	// there, one that shrank is read to its end. One read call when the
	// size is unchanged.
	n := int(j.info.Size())
	if cap(*buf) < n {
		*buf = make([]byte, n, max(n, 64<<10))
	}
	b := (*buf)[:n]
	if !j.symlink {
		got, err := readRegular(filepath.Join(absRoot, filepath.FromSlash(j.path)), b)
		if err != nil {
			return nil, err
		}
		return b[:got], nil
	}
	f, err := r.Open(filepath.FromSlash(j.path))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	got, err := io.ReadFull(f, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return b[:got], nil
}

// sortReferences puts refs in their report order. After dedupePositions
// no two references share every key compared here (the position and id
// are unique), so the order is total and an unstable sort gives the same
// bytes as a stable one, in O(n log n).
func sortReferences(refs []Reference) { slices.SortFunc(refs, compareReferences) }

func compareReferences(a, b Reference) int {
	return cmp.Or(
		strings.Compare(a.Kind, b.Kind),
		strings.Compare(a.Hub, b.Hub),
		strings.Compare(a.ID, b.ID),
		strings.Compare(a.Revision, b.Revision),
		strings.Compare(a.Location.Path, b.Location.Path),
		cmp.Compare(a.Location.Cell, b.Location.Cell),
		cmp.Compare(a.Location.Line, b.Location.Line),
		cmp.Compare(a.Location.Column, b.Location.Column),
		strings.Compare(a.Location.Via, b.Location.Via),
	)
}

// mergeReferences merges lists sorted by sortReferences into one.
func mergeReferences(lists [][]Reference) []Reference {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	out := make([]Reference, 0, n)
	for len(lists) > 0 {
		best := -1
		for i, l := range lists {
			if len(l) > 0 && (best < 0 || compareReferences(l[0], lists[best][0]) < 0) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out = append(out, lists[best][0])
		lists[best] = lists[best][1:]
	}
	return out
}

// dedupePositions drops a reference found twice at the same position (a
// hub URL inside a from_pretrained call is seen by both the code and the
// URL extractor); the more specific via wins over "url".
func dedupePositions(refs []Reference) []Reference {
	if len(refs) < 2 {
		return refs
	}
	type key struct {
		kind, hub, id, rev, path string
		cell, line, col          int
	}
	seen := make(map[key]int, len(refs))
	out := refs[:0]
	for _, r := range refs {
		k := key{r.Kind, r.Hub, strings.ToLower(r.ID), r.Revision, r.Location.Path, r.Location.Cell, r.Location.Line, r.Location.Column}
		if i, ok := seen[k]; ok {
			if out[i].Location.Via == viaURL && r.Location.Via != viaURL {
				out[i] = r
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, r)
	}
	return out
}
