package discover

import (
	"bytes"
	"context"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

const viaURL = "url"

// hfReserved are first path segments of huggingface.co that are site
// pages, not owners.
var hfReserved = map[string]bool{
	"docs": true, "blog": true, "papers": true, "settings": true, "join": true, "login": true, "pricing": true,
	"learn": true, "tasks": true, "collections": true, "organizations": true, "new": true, "chat": true,
	"posts": true, "enterprise": true, "spaces": true, "search": true, "terms-of-service": true, "privacy": true,
	"models": true, "welcome": true, "inference-endpoints": true, "new-space": true, "new-dataset": true,
	"api": true, "datasets": true, "notifications": true, "billing": true, "changelog": true,
	"inference-api": true, "transformers": true, "course": true, "support": true, "brand": true, "jobs": true,
}

// weightExts are release assets that are model weights (a GitHub release
// of a CLI binary is not a model).
var weightExts = []string{".pt", ".pth", ".onnx", ".bin", ".safetensors", ".gguf", ".ckpt", ".tflite", ".h5",
	".pb", ".caffemodel", ".weights", ".mlmodel", ".engine", ".param", ".npz", ".pkl", ".keras", ".mar", ".torchscript", ".ggml"}

// parseHubURL recognises a single hub URL (the whole value).
func parseHubURL(v string) (classified, bool) {
	l := strings.ToLower(v)
	switch {
	case strings.HasPrefix(l, "hf://"):
		return parseHFScheme(v[len("hf://"):])
	case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"):
	case strings.HasPrefix(l, "huggingface.co/"), strings.HasPrefix(l, "www.huggingface.co/"),
		strings.HasPrefix(l, "modelscope.cn/"), strings.HasPrefix(l, "www.modelscope.cn/"):
		v = "https://" + v
	default:
		return classified{}, false
	}
	u, err := url.Parse(v)
	if err != nil {
		return classified{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch host {
	case "huggingface.co", "hf.co":
		return parseHFPath(segs)
	case "modelscope.cn":
		if len(segs) < 3 {
			return classified{}, false
		}
		kind := KindModel
		switch segs[0] {
		case "models":
		case "datasets":
			kind = KindDataset
		default:
			return classified{}, false
		}
		return idOK(HubModelScope, segs[1]+"/"+segs[2], "", kind)
	case "github.com":
		// owner/repo/releases/download/tag/asset
		if len(segs) < 6 || segs[2] != "releases" || segs[3] != "download" {
			return classified{}, false
		}
		asset := strings.ToLower(segs[len(segs)-1])
		for _, e := range weightExts {
			if strings.HasSuffix(asset, e) {
				id := segs[0] + "/" + segs[1]
				if isPlaceholder(id) {
					return classified{}, false
				}
				return classified{hub: HubGitHub, id: id, rev: segs[4], kind: KindModel}, true
			}
		}
	}
	return classified{}, false
}

func parseHFPath(segs []string) (classified, bool) {
	if len(segs) >= 2 && segs[0] == "api" && (segs[1] == "models" || segs[1] == "datasets") {
		if segs[1] == "datasets" {
			segs[0] = "datasets"
			segs = append(segs[:1], segs[2:]...)
		} else {
			segs = segs[2:]
		}
	}
	kind := KindModel
	switch {
	case len(segs) > 0 && segs[0] == "datasets":
		kind = KindDataset
		segs = segs[1:]
	case len(segs) > 0 && hfReserved[segs[0]]:
		return classified{}, false
	}
	if len(segs) < 2 {
		return classified{}, false
	}
	name, _, _ := strings.Cut(segs[1], ":") // hf.co/org/repo:Q4_K_M (Ollama)
	rev := ""
	if len(segs) >= 4 {
		switch segs[2] {
		case "resolve", "tree", "blob", "raw", "commit":
			rev = segs[3]
		}
	}
	return idOK(HubHuggingFace, segs[0]+"/"+name, rev, kind)
}

// parseHFScheme handles hf://[datasets/|spaces/]owner/name[@rev]/path.
func parseHFScheme(p string) (classified, bool) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	kind := KindModel
	switch segs[0] {
	case "datasets":
		kind = KindDataset
		segs = segs[1:]
	case "spaces", "buckets":
		return classified{}, false
	case "models":
		segs = segs[1:]
	}
	if len(segs) < 2 {
		return classified{}, false
	}
	name, rev, _ := strings.Cut(segs[1], "@")
	return idOK(HubHuggingFace, segs[0]+"/"+name, rev, kind)
}

func idOK(hub, id, rev, kind string) (classified, bool) {
	if rev == "main" {
		rev = "" // the default branch is what an unpinned reference means
	}
	if dec, err := url.PathUnescape(rev); err == nil {
		rev = dec
	}
	if !hfIDRe.MatchString(id) || isPlaceholder(id) || looksLikeFile(id) {
		return classified{}, false
	}
	return classified{hub: hub, id: id, rev: rev, kind: kind}, true
}

// urlNeedles are the literal cores of hub URLs; a match is grown to the
// whole URL around it. Host names and schemes are case-insensitive
// (https://HF.co/org/name is the same URL), so the needles are matched
// folding ASCII case. Each holds a '/', the anchor the search looks for.
var urlNeedles = []string{"huggingface.co/", "hf.co/", "hf://", "modelscope.cn/", "github.com/"}

func isURLChar(c byte) bool {
	return isIdentChar(c) && c < 0x80 || strings.IndexByte("._~/@:%+-", c) >= 0
}

// findURLs returns every hub URL reference in text, with 1-based line and
// character column of the URL's first character.
func findURLs(text []byte) []urlHit {
	var hits []urlHit
	var lines *lineIndex
	starts := needleStarts(text)
	for ni, n := range urlNeedles {
		for _, at := range starts[ni] {
			off := at + len(n)
			// grow left over an optional scheme and www.
			s := at
			for _, pre := range []string{"www.", "https://", "http://"} {
				if s >= len(pre) && equalFold(text[s-len(pre):s], pre) {
					s -= len(pre)
				}
			}
			if n == "hf.co/" && s == at && at > 0 && (isIdentChar(text[at-1]) || text[at-1] == '.' || text[at-1] == '-') {
				continue // e.g. "xhf.co/": another domain, or huggingface.co found by its own needle
			}
			if n == "github.com/" && s == at {
				continue // release downloads are taken only as full https URLs
			}
			if s > 0 && (isIdentChar(text[s-1]) && text[s-1] < 0x80 || text[s-1] == '.' || text[s-1] == '-') {
				continue
			}
			e := off
			for e < len(text) && isURLChar(text[e]) {
				e++
			}
			raw := strings.TrimRight(string(text[s:e]), ".,:;)")
			e = s + len(raw)
			if n == "hf.co/" && s == at {
				raw = "https://" + raw
			}
			c, ok := parseHubURL(raw)
			if !ok {
				continue
			}
			if lines == nil {
				lines = newLineIndex(text)
			}
			line, col := lines.pos(s)
			endLine, endCol := lines.pos(e)
			hits = append(hits, urlHit{c: c, line: line, col: col, off: s, endLine: endLine, endCol: endCol})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].off < hits[j].off })
	return hits
}

// needleStarts returns, for each of urlNeedles, the offsets where it
// occurs (folding ASCII case), in increasing order: one pass over the '/'
// bytes of text, each needle checked at its own first '/'. A needle never
// overlaps itself, so these are the occurrences a search resumed after
// each match would find, needle by needle.
func needleStarts(text []byte) [][]int {
	out := make([][]int, len(urlNeedles))
	for off := 0; off < len(text); {
		j := bytes.IndexByte(text[off:], '/')
		if j < 0 {
			break
		}
		p := off + j
		off = p + 1
		for ni, n := range urlNeedles {
			s := p - strings.IndexByte(n, '/')
			if s >= 0 && s+len(n) <= len(text) && equalFold(text[s:s+len(n)], n) {
				out[ni] = append(out[ni], s)
			}
		}
	}
	return out
}

// hasPrefixFold reports whether s starts with the lowercase ASCII prefix,
// folding case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold([]byte(s[:len(prefix)]), prefix)
}

// equalFold reports whether b equals the lowercase ASCII w, folding case.
func equalFold(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := range len(w) {
		if lowerASCII(b[i]) != w[i] {
			return false
		}
	}
	return true
}

type urlHit struct {
	c               classified
	line, col       int
	off             int
	endLine, endCol int // just past the URL
}

// lineIndex converts byte offsets to 1-based line and character column.
// It counts lines from the last offset asked about, so the usual run of
// increasing offsets costs one pass over the text up to the last of them
// (and a file with one URL near the top costs next to nothing).
type lineIndex struct {
	text []byte
	at   int // offset of the last question
	line int // line of at
}

func newLineIndex(text []byte) *lineIndex { return &lineIndex{text: text, line: 1} }

func (li *lineIndex) pos(off int) (int, int) {
	off = min(max(off, 0), len(li.text))
	if off < li.at {
		li.at, li.line = 0, 1
	}
	li.line += bytes.Count(li.text[li.at:off], []byte{'\n'})
	li.at = off
	start := bytes.LastIndexByte(li.text[:off], '\n') + 1
	return li.line, utf8.RuneCount(li.text[start:off]) + 1
}

// urlExtractor finds hub URLs in every text file that no language-aware
// extractor covers better (documentation is left to docsExtractor so that
// IncludeDocs governs it).
type urlExtractor struct{}

func (urlExtractor) Name() string { return "url" }

func (urlExtractor) Match(p string, info fs.FileInfo) bool {
	return textCandidate(p) && !isDocFile(p) && !strings.HasSuffix(strings.ToLower(p), ".ipynb")
}

func (urlExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	if !in.has(trigURL) {
		return nil, nil
	}
	return urlRefs(in.Content, in.Path, false, 0, 0), nil
}

func urlRefs(text []byte, p string, doc bool, lineOffset, cell int) []Reference {
	var refs []Reference
	for _, h := range findURLs(text) {
		r := h.c.ref(p, h.line+lineOffset, h.col, viaURL, doc, cell)
		r.Location.EndLine, r.Location.EndColumn = h.endLine+lineOffset, h.endCol
		refs = append(refs, r)
	}
	return refs
}

func (c classified) ref(p string, line, col int, via string, doc bool, cell int) Reference {
	if c.via != "" {
		via = c.via
	}
	return Reference{
		Hub: c.hub, ID: c.id, Revision: c.rev, Kind: c.kind,
		Location: locAt(p, line, col, via, doc, cell),
	}
}

// binaryExts are never opened by text extractors.
var binaryExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".ico": true, ".bmp": true, ".tiff": true,
	".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true, ".zst": true, ".7z": true, ".rar": true,
	".tar": true, ".jar": true, ".war": true, ".class": true, ".so": true, ".dylib": true, ".dll": true, ".exe": true,
	".o": true, ".a": true, ".pyc": true, ".pyo": true, ".whl": true, ".egg": true, ".bin": true, ".pt": true,
	".pth": true, ".safetensors": true, ".gguf": true, ".onnx": true, ".ckpt": true, ".h5": true, ".pkl": true,
	".npy": true, ".npz": true, ".parquet": true, ".arrow": true, ".mp3": true, ".mp4": true, ".wav": true,
	".flac": true, ".ogg": true, ".mov": true, ".avi": true, ".mkv": true, ".woff": true, ".woff2": true,
	".ttf": true, ".otf": true, ".eot": true, ".sqlite": true, ".db": true, ".tflite": true, ".pb": true,
	".map": true, ".min.js": true, ".wasm": true, ".iso": true, ".dmg": true,
	".deb": true, ".rpm": true, ".msi": true, ".psd": true, ".keras": true, ".joblib": true,
}

// textCandidate reports whether a file may hold text worth scanning.
func textCandidate(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	if binaryExts[ext] {
		return false
	}
	if strings.HasSuffix(strings.ToLower(p), ".min.js") {
		return false
	}
	return true
}

func isDocFile(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".adoc":
		return true
	}
	return false
}
