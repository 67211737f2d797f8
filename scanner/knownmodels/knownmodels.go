// Package knownmodels is aibom's offline catalog: verified facts (hub
// license id, declared base models, gating) about widely used models, each
// with the source it was read from and the date of that reading. A scan
// that runs with --offline, or that cannot reach a hub, answers from here
// and marks the answer source "catalog" with the snapshot; an online answer
// always wins.
//
// The facts live in models.gen.json, generated from the team's shared
// research file (../shared/corpus/known-models.yaml) by `go generate`; the
// Go code holds no model facts of its own.
package knownmodels

//go:generate go run ./gen -out models.gen.json -renames renames.gen.json

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aibom/aibom/scanner/hub"
)

//go:embed models.gen.json
var builtinJSON []byte

// SourceCatalog is the ModelInfo.Source of an answer from the catalog.
const SourceCatalog = "catalog"

// Entry is one model's facts as read at Snapshot. Empty strings mean the
// field was absent in the copy that was read.
type Entry struct {
	Hub         string `json:"hub"`
	ID          string `json:"id"`
	License     string `json:"license,omitempty"`
	LicenseName string `json:"license_name,omitempty"`
	LicenseLink string `json:"license_link,omitempty"`
	// BaseModels are the declared ancestors, on the same hub.
	BaseModels []string `json:"base_model,omitempty"`
	// BaseModelRelation is set only when the card declared it.
	BaseModelRelation string `json:"base_model_relation,omitempty"`
	// Gated is nil when the gating state is unknown.
	Gated    *bool  `json:"gated,omitempty"`
	Source   string `json:"source"`
	Snapshot string `json:"snapshot"`
	// Established is the license established for a card that declares
	// none (established.yaml); nil when the card declares one.
	Established *Established `json:"established,omitempty"`
}

// ModelInfo turns the entry into a hub answer marked as a catalog fact.
func (e Entry) ModelInfo() *hub.ModelInfo {
	info := &hub.ModelInfo{
		Hub:         e.Hub,
		ID:          e.ID,
		RequestedID: e.ID,
		Gated:       e.Gated != nil && *e.Gated,
		License:     e.License,
		LicenseName: e.LicenseName,
		LicenseLink: e.LicenseLink,
		Source:      SourceCatalog,
		Snapshot:    e.Snapshot,
	}
	rel := e.BaseModelRelation
	if rel == "" {
		rel = "unknown"
	}
	for _, b := range e.BaseModels {
		// A base on another hub is written "hub:id" (see Refresh).
		ref := hub.BaseRef{ID: b, Relation: rel}
		if h, id, ok := strings.Cut(b, ":"); ok && crossHub[h] {
			ref.Hub, ref.ID = h, id
		}
		info.BaseModels = append(info.BaseModels, ref)
	}
	if est := e.Established; est != nil {
		note := est.Note
		if est.License == "" {
			note = est.Reason
		}
		info.Established = &hub.EstablishedLicense{License: est.License, Source: est.Source, Read: est.Read, Note: note}
		if len(info.BaseModels) == 0 {
			rel := cmp.Or(est.BaseModelRelation, "unknown")
			for _, b := range est.BaseModels {
				info.BaseModels = append(info.BaseModels, hub.BaseRef{ID: b, Relation: rel})
			}
		}
	}
	return info
}

// crossHub are the hub names a base model may be prefixed with.
var crossHub = map[string]bool{"huggingface": true, "modelscope": true, "github": true, "ollama": true}

// ID names one model on one hub.
type ID struct {
	Hub string
	ID  string
}

// Catalog is a read-only table of entries, looked up case-insensitively.
type Catalog struct {
	entries []Entry
	index   map[string]int
	// renames maps a lookup key of a renamed repository to its new id.
	renames map[string]string
}

func lookupKey(hubName, id string) string {
	return strings.ToLower(hubName) + "\x00" + strings.ToLower(id)
}

// New builds a catalog. Entries are sorted by hub and id; a second entry
// for the same hub and id (compared without case) is an error.
func New(entries []Entry) (*Catalog, error) {
	es := slices.Clone(entries)
	slices.SortStableFunc(es, compareEntries)
	c := &Catalog{entries: es, index: make(map[string]int, len(es))}
	for i, e := range es {
		if e.Hub == "" || e.ID == "" {
			return nil, fmt.Errorf("known model %d (%q/%q): hub and id are required", i, e.Hub, e.ID)
		}
		k := lookupKey(e.Hub, e.ID)
		if _, dup := c.index[k]; dup {
			return nil, fmt.Errorf("known model %s:%s listed twice", e.Hub, e.ID)
		}
		c.index[k] = i
	}
	return c, nil
}

func compareEntries(a, b Entry) int {
	return cmp.Or(
		cmp.Compare(a.Hub, b.Hub),
		cmp.Compare(strings.ToLower(a.ID), strings.ToLower(b.ID)),
		cmp.Compare(a.ID, b.ID),
	)
}

var builtin = sync.OnceValue(func() *Catalog {
	c, err := Decode(builtinJSON)
	if err == nil {
		c.renames, err = decodeRenames(builtinRenames)
	}
	if err != nil {
		// The embedded files are generated and tested; a failure here is a
		// build defect, not a runtime condition.
		panic(fmt.Sprintf("knownmodels: embedded catalog: %v", err))
	}
	return c
})

// Builtin returns the embedded catalog.
func Builtin() *Catalog { return builtin() }

// Lookup finds a model by hub name and id, ignoring case.
func (c *Catalog) Lookup(hubName, id string) (Entry, bool) {
	if c == nil {
		return Entry{}, false
	}
	i, ok := c.index[lookupKey(hubName, id)]
	if !ok {
		// A renamed repository answers with its new id, as the Hub's
		// redirect would; the resolver then collapses the two names.
		to, renamed := c.renames[lookupKey(hubName, id)]
		if !renamed {
			return Entry{}, false
		}
		if i, ok = c.index[lookupKey(hubName, to)]; !ok {
			return Entry{}, false
		}
	}
	return c.entries[i], true
}

// Entries returns a copy of the entries in catalog order.
func (c *Catalog) Entries() []Entry {
	if c == nil {
		return nil
	}
	return slices.Clone(c.entries)
}

// Len is the number of entries.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.entries)
}

// IDs lists the hub and id of every entry, in catalog order.
func (c *Catalog) IDs() []ID {
	if c == nil {
		return nil
	}
	out := make([]ID, len(c.entries))
	for i, e := range c.entries {
		out[i] = ID{Hub: e.Hub, ID: e.ID}
	}
	return out
}

// Merge returns a catalog holding c's entries with those of newer replacing
// the ones for the same model; models only in newer are added.
func (c *Catalog) Merge(newer *Catalog) *Catalog {
	var all []Entry
	for _, e := range c.Entries() {
		if _, ok := newer.Lookup(e.Hub, e.ID); !ok {
			all = append(all, e)
		}
	}
	all = append(all, newer.Entries()...)
	out, err := New(all)
	if err != nil {
		// Both inputs are valid catalogs and duplicates were removed above.
		panic(fmt.Sprintf("knownmodels: merge: %v", err))
	}
	return out
}

// EncodeJSON writes the catalog in the embedded format: a JSON array with
// one entry per line, so a regenerated file diffs line by line.
func (c *Catalog) EncodeJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range c.Entries() {
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false) // snapshots read "<=2024-12-02"; keep them legible
		if err := enc.Encode(e); err != nil {
			return nil, fmt.Errorf("encoding %s:%s: %w", e.Hub, e.ID, err)
		}
		b.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
		if i < c.Len()-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}

// Decode reads the embedded JSON format.
func Decode(data []byte) (*Catalog, error) {
	var es []Entry
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&es); err != nil {
		return nil, fmt.Errorf("decoding known models: %w", err)
	}
	return New(es)
}
