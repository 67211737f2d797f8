package huggingface

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// CardMeta is the licensing and lineage part of a model card's YAML front
// matter (hub-docs modelcard.md; hub-apis.md §1.8). The same keys appear in
// the Hub's parsed `cardData`, in ModelScope's ReadMeContent and in cards
// vendored next to local weights.
type CardMeta struct {
	// HasFrontMatter is false for a card with no `---` block.
	HasFrontMatter bool
	// License holds the declared license ids; a card may give one or a
	// list ([llama2, other], [apache-2.0, bsd-3-clause]).
	License           []string
	LicenseName       string
	LicenseLink       string
	BaseModels        []string
	BaseModelRelation string
	Datasets          []string
	PipelineTag       string
	LibraryName       string
	Tags              []string
	NewVersion        string
}

// maxFrontMatter bounds the YAML handed to the decoder; real cards'
// front matter (even with a full license in extra_gated_prompt) is far
// smaller.
const maxFrontMatter = 512 << 10

// ParseCard reads the YAML front matter of a model card. A card without
// front matter is not an error (HasFrontMatter is false); an unterminated
// block or YAML that does not parse is. The block is found the way
// huggingface_hub's REGEX_YAML_BLOCK does (repocard.py): optional leading
// whitespace, a `---` line, the YAML, a `---` line.
func ParseCard(card []byte) (CardMeta, error) {
	yml, ok, err := frontMatter(card)
	if err != nil || !ok {
		return CardMeta{}, err
	}
	var doc any
	if err := decodeYAML(yml, &doc); err != nil {
		return CardMeta{HasFrontMatter: true}, fmt.Errorf("card front matter: %w", err)
	}
	var m map[string]any
	switch v := doc.(type) {
	case nil:
		m = nil
	case map[string]any:
		m = v
	default:
		return CardMeta{HasFrontMatter: true}, fmt.Errorf("card front matter: not a mapping but %T", doc)
	}
	meta := metaFromMap(m)
	meta.HasFrontMatter = true
	return meta, nil
}

// decodeYAML guards the decoder: yaml.v3 has panicked on hostile input in
// the past, and a card is untrusted.
func decodeYAML(b []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml decoder failed: %v", r)
		}
	}()
	return yaml.Unmarshal(b, v)
}

func frontMatter(card []byte) ([]byte, bool, error) {
	s := bytes.TrimPrefix(card, []byte("\ufeff"))
	s = bytes.TrimLeft(s, " \t\r\n")
	if !bytes.HasPrefix(s, []byte("---")) {
		return nil, false, nil
	}
	rest := s[3:]
	nl := lineEnd(rest)
	if nl < 0 || len(bytes.TrimRight(rest[:nl], "\r")) != 0 {
		return nil, false, nil // "---x" or "----": not a front-matter fence
	}
	rest = rest[nl+1:]
	for off := 0; off <= len(rest); {
		end := lineEnd(rest[off:])
		line := rest[off:]
		if end >= 0 {
			line = rest[off : off+end]
		}
		if t := bytes.TrimRight(line, " \t\r"); string(t) == "---" {
			yml := rest[:off]
			if len(yml) > maxFrontMatter {
				return nil, true, fmt.Errorf("card front matter: %d bytes, over the %d-byte cap", len(yml), maxFrontMatter)
			}
			return yml, true, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, true, errors.New("card front matter: opening --- is never closed")
}

func lineEnd(b []byte) int { return bytes.IndexByte(b, '\n') }

// metaFromMap reads the keys from a decoded front matter or from the Hub's
// cardData JSON object, tolerating a string where a list is usual and the
// reverse.
func metaFromMap(m map[string]any) CardMeta {
	return CardMeta{
		License:           strList(m["license"]),
		LicenseName:       scalar(m["license_name"]),
		LicenseLink:       scalar(m["license_link"]),
		BaseModels:        dedupe(strList(m["base_model"])),
		BaseModelRelation: strings.ToLower(scalar(m["base_model_relation"])),
		Datasets:          dedupe(strList(m["datasets"])),
		PipelineTag:       scalar(m["pipeline_tag"]),
		LibraryName:       scalar(m["library_name"]),
		Tags:              strList(m["tags"]),
		NewVersion:        scalar(m["new_version"]),
	}
}

// scalar renders a YAML/JSON scalar as a string; lists and maps are not
// scalars and give "" (a list takes its single element).
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		if len(x) == 1 {
			return scalar(x[0])
		}
	}
	return ""
}

func strList(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s := scalar(e); s != "" {
				out = append(out, s)
			}
		}
	case []string:
		for _, s := range x {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	default:
		if s := scalar(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dedupe keeps the first occurrence of each value, in order (a self-merge
// lists the same base seven times).
func dedupe(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(in))
	out := in[:0:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
