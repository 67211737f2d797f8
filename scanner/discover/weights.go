package discover

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// Hard bounds for reading weight headers: a malicious file must not make
// discovery allocate or read without limit.
const (
	ggufMaxHeader      = 256 << 20 // bytes of KV section read before giving up (vocabularies are large)
	ggufMaxString      = 1 << 20   // one string value or key
	ggufMaxKV          = 1 << 16   // key-value pairs
	ggufMaxArray       = 1 << 24   // elements in one array
	safetensorsMaxHead = 16 << 20  // JSON header length
	cardMax            = 1 << 20   // README.md read for front matter
)

// ggufExtractor reads the key-value section of GGUF files.
// Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
type ggufExtractor struct{}

func (ggufExtractor) Name() string { return "gguf" }
func (ggufExtractor) Match(p string, _ fs.FileInfo) bool {
	return strings.HasSuffix(strings.ToLower(p), ".gguf")
}
func (ggufExtractor) readsHeader() {}

func (ggufExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	f, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	kv, err := readGGUF(f)
	if err != nil {
		return nil, fmt.Errorf("gguf header: %w", err)
	}
	info := ggufInfo(kv)
	return []Reference{localRef(in.Path, "gguf", info)}, nil
}

func localRef(p, via string, info *LocalInfo) Reference {
	return Reference{Hub: HubLocal, ID: p, Kind: KindModel, Location: sbom.Location{Path: p, Via: via}, Local: info}
}

// readGGUF returns the string-valued (and base-model count) metadata keys.
func readGGUF(r io.Reader) (map[string]string, error) {
	br := &countingReader{r: bufio.NewReaderSize(r, 64<<10), limit: ggufMaxHeader}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, err
	}
	if string(magic[:]) != "GGUF" {
		return nil, errors.New("not a GGUF file")
	}
	version, err := br.u32()
	if err != nil {
		return nil, err
	}
	if version < 1 || version > 3 {
		return nil, fmt.Errorf("unsupported GGUF version %d", version)
	}
	var nKV uint64
	if version == 1 {
		if _, err := br.u32(); err != nil { // tensor count
			return nil, err
		}
		n, err := br.u32()
		nKV = uint64(n)
		if err != nil {
			return nil, err
		}
	} else {
		if _, err := br.u64(); err != nil {
			return nil, err
		}
		if nKV, err = br.u64(); err != nil {
			return nil, err
		}
	}
	if nKV > ggufMaxKV {
		return nil, fmt.Errorf("too many metadata keys (%d)", nKV)
	}
	out := map[string]string{}
	for i := uint64(0); i < nKV; i++ {
		key, err := br.str(version, true)
		if err != nil {
			return out, fmt.Errorf("key %d: %w", i, err)
		}
		typ, err := br.u32()
		if err != nil {
			return out, err
		}
		keep := strings.HasPrefix(key, "general.")
		v, err := br.value(version, typ, keep, 0)
		if err != nil {
			return out, fmt.Errorf("key %s: %w", key, err)
		}
		if keep && v != "" {
			out[key] = v
		}
	}
	return out, nil
}

type countingReader struct {
	r     *bufio.Reader
	n     int64
	limit int64
	buf   [8]byte
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, errors.New("header exceeds size bound")
	}
	if int64(len(p)) > c.limit-c.n {
		p = p[:c.limit-c.n]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) skip(n uint64) error {
	if int64(n) < 0 || c.n+int64(n) > c.limit {
		return errors.New("header exceeds size bound")
	}
	d, err := c.r.Discard(int(n))
	c.n += int64(d)
	return err
}

func (c *countingReader) u32() (uint32, error) {
	if _, err := io.ReadFull(c, c.buf[:4]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(c.buf[:4]), nil
}

func (c *countingReader) u64() (uint64, error) {
	if _, err := io.ReadFull(c, c.buf[:8]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(c.buf[:8]), nil
}

func (c *countingReader) str(version uint32, keep bool) (string, error) {
	var n uint64
	if version == 1 {
		v, err := c.u32()
		n = uint64(v)
		if err != nil {
			return "", err
		}
	} else {
		v, err := c.u64()
		if err != nil {
			return "", err
		}
		n = v
	}
	if n > ggufMaxString {
		return "", fmt.Errorf("string of %d bytes exceeds bound", n)
	}
	if !keep {
		return "", c.skip(n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// GGUF value types.
const (
	ggufU8, ggufI8, ggufU16, ggufI16, ggufU32, ggufI32, ggufF32, ggufBool, ggufString, ggufArray, ggufU64, ggufI64, ggufF64 = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
)

var ggufSizes = map[uint32]uint64{ggufU8: 1, ggufI8: 1, ggufU16: 2, ggufI16: 2, ggufU32: 4, ggufI32: 4, ggufF32: 4, ggufBool: 1, ggufU64: 8, ggufI64: 8, ggufF64: 8}

// value reads (or skips) one value; kept scalars are rendered as strings.
func (c *countingReader) value(version, typ uint32, keep bool, depth int) (string, error) {
	if sz, ok := ggufSizes[typ]; ok {
		if !keep {
			return "", c.skip(sz)
		}
		if _, err := io.ReadFull(c, c.buf[:sz]); err != nil {
			return "", err
		}
		switch typ {
		case ggufU32:
			return strconv.FormatUint(uint64(binary.LittleEndian.Uint32(c.buf[:4])), 10), nil
		case ggufI32:
			return strconv.FormatInt(int64(int32(binary.LittleEndian.Uint32(c.buf[:4]))), 10), nil
		case ggufU64, ggufI64:
			return strconv.FormatUint(binary.LittleEndian.Uint64(c.buf[:8]), 10), nil
		case ggufU8:
			return strconv.Itoa(int(c.buf[0])), nil
		case ggufF32:
			return strconv.FormatFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(c.buf[:4]))), 'g', -1, 32), nil
		}
		return "", nil
	}
	switch typ {
	case ggufString:
		return c.str(version, keep)
	case ggufArray:
		if depth > 2 {
			return "", errors.New("nested arrays too deep")
		}
		et, err := c.u32()
		if err != nil {
			return "", err
		}
		var n uint64
		if version == 1 {
			v, err := c.u32()
			if err != nil {
				return "", err
			}
			n = uint64(v)
		} else if n, err = c.u64(); err != nil {
			return "", err
		}
		if n > ggufMaxArray {
			return "", fmt.Errorf("array of %d elements exceeds bound", n)
		}
		if sz, ok := ggufSizes[et]; ok {
			return "", c.skip(sz * n)
		}
		var parts []string
		for i := uint64(0); i < n; i++ {
			v, err := c.value(version, et, keep && i < 64, depth+1)
			if err != nil {
				return "", err
			}
			if keep && v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("unknown value type %d", typ)
}

// ggufInfo maps general.* keys (llama.cpp's naming convention) to LocalInfo.
func ggufInfo(kv map[string]string) *LocalInfo {
	info := &LocalInfo{Format: "gguf", Name: kv["general.name"], License: kv["general.license"],
		LicenseName: kv["general.license.name"], LicenseLink: kv["general.license.link"]}
	if src := kv["general.source.repo_url"]; src != "" {
		if c, ok := parseHubURL(src); ok && c.kind == KindModel {
			info.BaseModels = append(info.BaseModels, sbom.BaseModel{Ref: hubPrefix(c.hub) + ":" + c.id, Relation: "quantized"})
		}
	} else if src := kv["general.source.huggingface.repository"]; validHFID(src) {
		info.BaseModels = append(info.BaseModels, sbom.BaseModel{Ref: "hf:" + src, Relation: "quantized"})
	}
	n, _ := strconv.Atoi(kv["general.base_model.count"])
	for i := 0; i < min(n, 64); i++ {
		pre := "general.base_model." + strconv.Itoa(i) + "."
		if c, ok := parseHubURL(kv[pre+"repo_url"]); ok && c.kind == KindModel {
			info.BaseModels = append(info.BaseModels, sbom.BaseModel{Ref: hubPrefix(c.hub) + ":" + c.id, Relation: "unknown"})
			continue
		}
		// Without a URL, organization + name is the best guess at an id
		// only when it already has the Hub's shape.
		if id := kv[pre+"organization"] + "/" + kv[pre+"name"]; validHFID(id) {
			info.BaseModels = append(info.BaseModels, sbom.BaseModel{Ref: "hf:" + id, Relation: "unknown"})
		}
	}
	n, _ = strconv.Atoi(kv["general.dataset.count"])
	for i := 0; i < min(n, 64); i++ {
		if c, ok := parseHubURL(kv["general.dataset."+strconv.Itoa(i)+".repo_url"]); ok {
			info.Datasets = append(info.Datasets, c.id)
		}
	}
	return info
}

func hubPrefix(hub string) string {
	switch hub {
	case HubHuggingFace:
		return "hf"
	case HubModelScope:
		return "modelscope"
	}
	return hub
}

// safetensorsExtractor reads the __metadata__ of .safetensors files.
// Format: https://github.com/huggingface/safetensors#format
type safetensorsExtractor struct{}

func (safetensorsExtractor) Name() string { return "safetensors" }
func (safetensorsExtractor) Match(p string, _ fs.FileInfo) bool {
	return strings.HasSuffix(strings.ToLower(p), ".safetensors")
}
func (safetensorsExtractor) readsHeader() {}

var shardRe = regexp.MustCompile(`-0*([0-9]+)-of-0*[0-9]+\.safetensors$`)

func (safetensorsExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	// Shards after the first belong to the same model.
	if m := shardRe.FindStringSubmatch(strings.ToLower(in.Path)); m != nil && m[1] != "1" {
		return nil, nil
	}
	f, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	meta, err := readSafetensorsMeta(f)
	if err != nil {
		return nil, fmt.Errorf("safetensors header: %w", err)
	}
	info := &LocalInfo{Format: "safetensors"}
	info.Name = first(meta, "name", "modelspec.title", "general.name")
	info.License = first(meta, "license", "modelspec.license", "general.license")
	if b := first(meta, "base_model", "modelspec.base_model"); b != "" {
		if c, ok := classify(b, hint{strong: false}); ok && c.hub == HubHuggingFace {
			info.BaseModels = []sbom.BaseModel{{Ref: "hf:" + c.id, Relation: "unknown"}}
		}
	}
	return []Reference{localRef(in.Path, "safetensors", info)}, nil
}

func first(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}

func readSafetensorsMeta(r io.Reader) (map[string]string, error) {
	var lb [8]byte
	if _, err := io.ReadFull(r, lb[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint64(lb[:])
	if n < 2 || n > safetensorsMaxHead {
		return nil, fmt.Errorf("header length %d out of bounds", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	var head struct {
		Meta map[string]any `json:"__metadata__"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("parse header: %w", err)
	}
	out := map[string]string{}
	for k, v := range head.Meta {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out, nil
}

// vendoredExtractor reads a model directory committed to the project: a
// config.json with a model architecture. Its _name_or_path names the model
// it came from; a README.md beside it with a model card makes the
// directory itself a local model.
type vendoredExtractor struct{}

func (vendoredExtractor) Name() string { return "vendored" }
func (vendoredExtractor) Match(p string, _ fs.FileInfo) bool {
	return path.Base(p) == "config.json"
}

func (vendoredExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	var cfg map[string]any
	if err := json.Unmarshal(in.Content, &cfg); err != nil {
		return nil, nil // not ours to judge: the config extractor reports bad JSON
	}
	_, arch := cfg["architectures"]
	_, mt := cfg["model_type"]
	if !arch && !mt {
		return nil, nil
	}
	var refs []Reference
	if s, ok := cfg["_name_or_path"].(string); ok {
		if c, ok := classify(s, hint{hub: HubHuggingFace}); ok && c.kind == KindModel {
			line, col := findJSONString(in.Content, "_name_or_path", s)
			refs = append(refs, c.ref(in.Path, line, col, "config:_name_or_path", false, 0))
		}
	}
	dir := path.Dir(in.Path)
	readme := path.Join(dir, "README.md")
	if dir == "." {
		readme = "README.md"
	}
	var info *LocalInfo
	if b, err := in.ReadFile(readme, cardMax); err == nil {
		if card, ok := frontMatter(b); ok {
			info = cardInfo(card)
		}
	}
	files := vendoredLicenseFiles(in, dir, info)
	if info == nil && len(files) == 0 {
		return refs, nil
	}
	if info == nil {
		info = &LocalInfo{Format: "directory"}
	}
	info.Files = files
	id := dir
	if dir == "." {
		id = "."
	}
	refs = append(refs, Reference{Hub: HubLocal, ID: id, Kind: KindModel,
		Location: sbom.Location{Path: in.Path, Via: "vendored"}, Local: info})
	return refs, nil
}

// vendoredLicenseFiles reads the license documents of a vendored model
// directory: the names a hub repository's are chosen by (hub.LicenseFiles,
// the card's license_link first when it names one), capped as there.
func vendoredLicenseFiles(in *Input, dir string, info *LocalInfo) []hub.File {
	entries, err := in.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	linked := ""
	if info != nil {
		linked = strings.TrimPrefix(info.LicenseLink, "./")
	}
	var out []hub.File
	for _, n := range hub.LicenseFiles(names, linked, 0) {
		limit := int64(1 << 20)
		if strings.EqualFold(path.Ext(n), ".pdf") {
			limit = hub.MaxPDFBytes
		}
		b, err := in.ReadFile(path.Join(dir, n), limit)
		if err != nil || len(b) == 0 {
			continue
		}
		out = append(out, hub.File{Path: n, Content: b})
	}
	return out
}

// findJSONString locates "key": "value" for a position (1-based line and
// column of the value's first character); 0,0 when not found.
func findJSONString(b []byte, key, val string) (int, int) {
	k := bytes.Index(b, []byte(`"`+key+`"`))
	if k < 0 {
		return 0, 0
	}
	v := bytes.Index(b[k:], []byte(`"`+val+`"`))
	if v < 0 {
		return 0, 0
	}
	return newLineIndex(b).pos(k + v + 1)
}

// frontMatter returns the YAML between leading --- lines of a model card.
func frontMatter(b []byte) (map[string]any, bool) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !bytes.HasPrefix(b, []byte("---")) {
		return nil, false
	}
	rest := b[3:]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 || len(bytes.TrimSpace(rest[:nl])) != 0 {
		return nil, false
	}
	rest = rest[nl+1:]
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return nil, false
	}
	var m map[string]any
	if err := yaml.Unmarshal(rest[:end], &m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

func cardInfo(card map[string]any) *LocalInfo {
	str := func(k string) string {
		s, _ := card[k].(string)
		return s
	}
	list := func(k string) []string {
		switch v := card[k].(type) {
		case string:
			return []string{v}
		case []any:
			var out []string
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
			return out
		}
		return nil
	}
	info := &LocalInfo{Format: "directory", Name: str("model_name"), License: str("license"),
		LicenseName: str("license_name"), LicenseLink: str("license_link")}
	if l, ok := card["license"].([]any); ok && len(l) > 0 {
		if s, ok := l[0].(string); ok {
			info.License = s
		}
	}
	rel := str("base_model_relation")
	if rel == "" {
		rel = "unknown"
	}
	for _, b := range list("base_model") {
		if c, ok := classify(b, hint{strong: true}); ok && c.hub == HubHuggingFace {
			info.BaseModels = append(info.BaseModels, sbom.BaseModel{Ref: "hf:" + c.id, Relation: rel})
		}
	}
	info.Datasets = list("datasets")
	sort.Strings(info.Datasets)
	return info
}

// modelfileExtractor reads Ollama Modelfiles: FROM names the base model.
type modelfileExtractor struct{}

func (modelfileExtractor) Name() string { return "modelfile" }
func (modelfileExtractor) Match(p string, _ fs.FileInfo) bool {
	b := strings.ToLower(path.Base(p))
	return b == "modelfile" || strings.HasPrefix(b, "modelfile.") || strings.HasSuffix(b, ".modelfile")
}
func (modelfileExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	return modelfileRefs(in.Content, in.Path, 0, false), nil
}

func modelfileRefs(b []byte, p string, lineOffset int, doc bool) []Reference {
	var refs []Reference
	for i, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimRight(string(raw), "\r")
		t := strings.TrimLeft(line, " \t")
		instr, arg, ok := strings.Cut(t, " ")
		if !ok || !strings.EqualFold(instr, "FROM") && !strings.EqualFold(instr, "ADAPTER") {
			continue
		}
		lead := len(arg) - len(strings.TrimLeft(arg, " \t"))
		arg = strings.TrimSpace(arg)
		if arg == "" || strings.HasPrefix(arg, ".") || strings.HasPrefix(arg, "/") || strings.HasPrefix(arg, "~") || looksLikeFile(arg) {
			continue // a local file: found by the weight extractors when in the tree
		}
		c, ok := classify(arg, hint{ollama: true, provider: HubOllama})
		if !ok {
			continue
		}
		col := len(line) - len(t) + len(instr) + 1 + lead + 1
		refs = append(refs, c.ref(p, i+1+lineOffset, col, "modelfile", doc, 0))
	}
	return refs
}

// manifestExtractor reads the models: list of aibom.yaml / .aibom.yaml,
// where a team declares what cannot be seen in code.
type manifestExtractor struct{}

func (manifestExtractor) Name() string { return "manifest" }
func (manifestExtractor) Match(p string, _ fs.FileInfo) bool {
	switch p {
	case "aibom.yaml", ".aibom.yaml", "aibom.yml", ".aibom.yml":
		return true
	}
	return false
}

func (manifestExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	refs, err := ParseManifest(in.Content, in.Path)
	for i := range refs {
		// A declared local model that is not in the tree is not found,
		// never resolved (ManifestEntries refused paths outside it).
		if refs[i].Hub == HubLocal {
			if _, serr := in.Stat(refs[i].ID); serr != nil {
				refs[i].Local = &LocalInfo{Missing: true}
			}
		}
	}
	return refs, err
}

// ManifestFiles are the names of the models manifest, read at the root of
// the scanned tree only.
var ManifestFiles = []string{".aibom.yaml", "aibom.yaml", ".aibom.yml", "aibom.yml"}

// ParseManifest reads the models: list of a manifest file (the other keys
// are not discovery's). Every malformed entry is an error naming file,
// line and column; the well-formed entries are returned as well. file is
// the name used in errors and in the references' locations.
func ParseManifest(data []byte, file string) ([]Reference, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %s", file, manifestYAMLError(err))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil // no models: key (a config file's other problems are reported by its reader)
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "models" {
			refs, errs := ManifestEntries(root.Content[i+1], file)
			return refs, errors.Join(errs...)
		}
	}
	return nil, nil
}

// ManifestEntries reads a models: node: a list whose entries are written
// references (hf:org/name[@revision], ollama:llama3:8b, openai:gpt-4o) or
// mappings with a ref: key.
func ManifestEntries(n *yaml.Node, file string) ([]Reference, []error) {
	bad := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: %s", file, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, []error{bad(n, "models: expected a list of model references such as hf:org/name")}
	}
	var refs []Reference
	var errs []error
	for i, item := range n.Content {
		what := fmt.Sprintf("models[%d]", i)
		node := item
		if item.Kind == yaml.MappingNode {
			node = nil
			unknown := false
			for j := 0; j+1 < len(item.Content); j += 2 {
				switch k := item.Content[j]; k.Value {
				case "ref":
					node = item.Content[j+1]
				case "revision":
					errs = append(errs, bad(k, "%s: revision: not a key of a models entry; pin the revision in the reference (ref: hf:org/name@REVISION)", what))
					unknown = true
				default:
					shown, _ := sbom.ShowKey(k.Value)
					errs = append(errs, bad(k, "%s: unknown key %s(a models entry has only ref:)", what, shown+strings.Repeat(" ", min(len(shown), 1))))
					unknown = true
				}
			}
			if unknown {
				continue
			}
			if node == nil {
				errs = append(errs, bad(item, "%s: an entry without ref: (write - ref: hf:org/name)", what))
				continue
			}
			what += ".ref"
		}
		if node.Kind != yaml.ScalarNode || node.Tag == "!!null" {
			errs = append(errs, bad(node, "%s: expected a model reference such as hf:org/name", what))
			continue
		}
		if strings.HasSuffix(strings.TrimSpace(node.Value), "@") {
			errs = append(errs, bad(node, "%s: %s: empty revision after @ (give a commit, tag or branch, or drop the @)", what, strconv.Quote(clip(node.Value, 80))))
			continue
		}
		r, ok := ParseRef(node.Value)
		if ok && r.Hub == HubLocal {
			p := strings.ReplaceAll(r.ID, "\\", "/")
			if path.IsAbs(p) || filepath.IsAbs(r.ID) || len(p) > 1 && p[1] == ':' || !filepath.IsLocal(filepath.FromSlash(p)) {
				errs = append(errs, bad(node, "%s: %s: outside the scanned tree (a local model is a path relative to the tree's root)", what, strconv.Quote(clip(node.Value, 80))))
				continue
			}
			r.ID = path.Clean(p)
		}
		if !ok {
			errs = append(errs, bad(node, "%s: %s: expected hub:id[@revision] with a hub prefix (hf, ms, gh, ollama, local, or an API provider such as openai), e.g. hf:org/name",
				what, strconv.Quote(clip(node.Value, 80))))
			continue
		}
		r.Location = sbom.Location{Path: file, Line: node.Line, Column: scalarCol(node), Via: "manifest"}
		refs = append(refs, r)
	}
	return refs, errs
}

// manifestYAMLError is a YAML syntax error without anything it quotes.
func manifestYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return regexp.MustCompile("'[^']*'|\"[^\"]*\"|`[^`]*`").ReplaceAllString(msg, "…")
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// hubAliases are the prefixes accepted in written refs.
var hubAliases = map[string]string{
	"hf": HubHuggingFace, "huggingface": HubHuggingFace, "ms": HubModelScope, "modelscope": HubModelScope,
	"gh": HubGitHub, "github": HubGitHub, "ollama": HubOllama, "local": HubLocal,
	"openai": "openai", "anthropic": "anthropic", "google": "google", "baidu": "baidu", "dashscope": "dashscope",
	"zhipu": "zhipu", "bytedance": "bytedance", "tencent": "tencent", "huawei": "huawei", "moonshot": "moonshot",
	"mistral": "mistral", "deepseek": "deepseek", "other": "other",
}

// ParseRef parses a written reference hub:id[@revision] (hf:org/name@rev,
// ollama:llama3:8b, openai:gpt-4o, hf-dataset:org/x).
func ParseRef(s string) (Reference, bool) {
	s = strings.TrimSpace(s)
	prefix, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return Reference{}, false
	}
	kind := KindModel
	if p, isDS := strings.CutSuffix(prefix, "-dataset"); isDS {
		prefix, kind = p, KindDataset
	}
	hub, ok := hubAliases[strings.ToLower(prefix)]
	if !ok {
		return Reference{}, false
	}
	id, rev := rest, ""
	if hub == HubHuggingFace || hub == HubModelScope || hub == HubGitHub {
		if k := strings.LastIndexByte(rest, '@'); k > 0 {
			id, rev = rest[:k], rest[k+1:]
		}
		if !hfIDRe.MatchString(id) && !(hub != HubGitHub && legacyIDRe.MatchString(id)) {
			return Reference{}, false
		}
	}
	if isPlaceholder(id) && hub != HubLocal {
		return Reference{}, false
	}
	return Reference{Hub: hub, ID: id, Revision: rev, Kind: kind}, true
}
