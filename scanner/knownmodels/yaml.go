package knownmodels

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlFile is the shape of ../shared/corpus/known-models.yaml: a list of
// rows under "models", with null for a field absent from the copy read.
type yamlFile struct {
	Models []yamlRow `yaml:"models"`
}

type yamlRow struct {
	Hub               string   `yaml:"hub"`
	ID                string   `yaml:"id"`
	License           *string  `yaml:"license"`
	LicenseName       *string  `yaml:"license_name"`
	LicenseLink       *string  `yaml:"license_link"`
	BaseModel         []string `yaml:"base_model"`
	BaseModelRelation *string  `yaml:"base_model_relation"`
	Gated             *bool    `yaml:"gated"`
	Source            string   `yaml:"source"`
	Snapshot          string   `yaml:"snapshot"`
	// Note holds the researcher's caveats; it stays in the research file
	// and is not embedded.
	Note string `yaml:"note,omitempty"`
}

var relations = map[string]bool{"finetune": true, "adapter": true, "quantized": true, "merge": true}

// ParseYAML reads the research file's format. Unknown keys, a missing hub,
// id, source or snapshot, an unknown relation and duplicate ids are errors
// naming the row, so a bad edit fails `go generate` instead of shipping.
func ParseYAML(data []byte) (*Catalog, error) {
	var f yamlFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("known models YAML: %w", err)
	}
	entries := make([]Entry, 0, len(f.Models))
	for i, r := range f.Models {
		where := fmt.Sprintf("known models YAML row %d (%s:%s)", i+1, r.Hub, r.ID)
		if r.Hub == "" || r.ID == "" || r.Source == "" || r.Snapshot == "" {
			return nil, fmt.Errorf("%s: hub, id, source and snapshot are required", where)
		}
		rel := deref(r.BaseModelRelation)
		if rel != "" && !relations[rel] {
			return nil, fmt.Errorf("%s: unknown base_model_relation %q", where, rel)
		}
		var bases []string
		for _, b := range r.BaseModel {
			if b = strings.TrimSpace(b); b != "" {
				bases = append(bases, b)
			}
		}
		entries = append(entries, Entry{
			Hub:               r.Hub,
			ID:                r.ID,
			License:           deref(r.License),
			LicenseName:       deref(r.LicenseName),
			LicenseLink:       deref(r.LicenseLink),
			BaseModels:        bases,
			BaseModelRelation: rel,
			Gated:             r.Gated,
			Source:            r.Source,
			Snapshot:          r.Snapshot,
		})
	}
	return New(entries)
}

// WriteYAML writes the catalog in the research file's format (without
// notes), so a refreshed table can replace the shared file and be
// regenerated.
func (c *Catalog) WriteYAML(w io.Writer) error {
	f := yamlFile{Models: make([]yamlRow, 0, c.Len())}
	for _, e := range c.Entries() {
		bases := e.BaseModels
		if bases == nil {
			bases = []string{}
		}
		f.Models = append(f.Models, yamlRow{
			Hub:               e.Hub,
			ID:                e.ID,
			License:           ptr(e.License),
			LicenseName:       ptr(e.LicenseName),
			LicenseLink:       ptr(e.LicenseLink),
			BaseModel:         bases,
			BaseModelRelation: ptr(e.BaseModelRelation),
			Gated:             e.Gated,
			Source:            e.Source,
			Snapshot:          e.Snapshot,
		})
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("writing known models YAML: %w", err)
	}
	return enc.Close()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
