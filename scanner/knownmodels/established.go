package knownmodels

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// EstablishedYAML is established.yaml, embedded so that tests can check it
// against the catalog without ../shared.
//
//go:embed established.yaml
var EstablishedYAML []byte

// Established is a license aibom established for a model whose card
// declares none: read from the publisher's repository or the licensor's
// published terms, with the place and day it was read. It sits beside the
// empty declaration and never replaces a declared license.
type Established struct {
	// License is a licenses catalog key or an SPDX id; "" when the search
	// found nothing that settles the license (Reason says why).
	License string `json:"license,omitempty"`
	// BaseModels are ancestors established where the card names none.
	BaseModels        []string `json:"base_model,omitempty"`
	BaseModelRelation string   `json:"base_model_relation,omitempty"`
	Source            string   `json:"source"`
	Read              string   `json:"read"` // YYYY-MM-DD
	Note              string   `json:"note,omitempty"`
	Reason            string   `json:"reason,omitempty"`
}

type establishedRow struct {
	Hub               string   `yaml:"hub"`
	ID                string   `yaml:"id"`
	License           *string  `yaml:"license"`
	BaseModel         []string `yaml:"base_model"`
	BaseModelRelation string   `yaml:"base_model_relation"`
	Source            string   `yaml:"source"`
	Read              string   `yaml:"read"`
	Note              string   `yaml:"note"`
	Reason            string   `yaml:"reason"`
}

var readDate = regexp.MustCompile(`^20[0-9]{2}-[01][0-9]-[0-3][0-9]$`)

// EstablishedRow is one parsed row of established.yaml.
type EstablishedRow struct {
	Hub, ID string
	Established
}

// ParseEstablished reads established.yaml. Unknown keys, a missing hub, id,
// source or read date, a row with neither a license nor a reason, an
// unknown relation and a model listed twice are errors naming the row.
func ParseEstablished(data []byte) ([]EstablishedRow, error) {
	var f struct {
		Established []establishedRow `yaml:"established"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("established licenses YAML: %w", err)
	}
	seen := map[string]bool{}
	out := make([]EstablishedRow, 0, len(f.Established))
	for i, r := range f.Established {
		where := fmt.Sprintf("established licenses row %d (%s:%s)", i+1, r.Hub, r.ID)
		switch {
		case r.Hub == "" || r.ID == "":
			return nil, fmt.Errorf("%s: hub and id are required", where)
		case r.License == nil:
			return nil, fmt.Errorf("%s: license is required (\"\" with a reason when none could be established)", where)
		case strings.TrimSpace(r.Source) == "":
			return nil, fmt.Errorf("%s: source is required", where)
		case !readDate.MatchString(r.Read):
			return nil, fmt.Errorf("%s: read %q is not YYYY-MM-DD", where, r.Read)
		case *r.License == "" && strings.TrimSpace(r.Reason) == "":
			return nil, fmt.Errorf("%s: no license and no reason", where)
		case *r.License != "" && strings.TrimSpace(r.Note) == "":
			return nil, fmt.Errorf("%s: a note saying what the source establishes is required", where)
		case r.BaseModelRelation != "" && !relations[r.BaseModelRelation]:
			return nil, fmt.Errorf("%s: unknown base_model_relation %q", where, r.BaseModelRelation)
		}
		k := lookupKey(r.Hub, r.ID)
		if seen[k] {
			return nil, fmt.Errorf("%s: listed twice", where)
		}
		seen[k] = true
		out = append(out, EstablishedRow{Hub: r.Hub, ID: r.ID, Established: Established{
			License: strings.TrimSpace(*r.License), BaseModels: r.BaseModel, BaseModelRelation: r.BaseModelRelation,
			Source: strings.TrimSpace(r.Source), Read: r.Read, Note: strings.TrimSpace(r.Note), Reason: strings.TrimSpace(r.Reason),
		}})
	}
	return out, nil
}

// WithEstablished returns a catalog whose entries carry the established
// rows. known reports whether a license id is one aibom can name (the
// licenses catalog's Lookup); a row for a model not in the catalog, for a
// model whose card declares a license id, or with a license known does not
// accept is an error, so a stale row fails `go generate`.
func (c *Catalog) WithEstablished(rows []EstablishedRow, known func(string) bool) (*Catalog, error) {
	es := c.Entries()
	idx := make(map[string]int, len(es))
	for i, e := range es {
		idx[lookupKey(e.Hub, e.ID)] = i
	}
	for _, r := range rows {
		i, ok := idx[lookupKey(r.Hub, r.ID)]
		if !ok {
			return nil, fmt.Errorf("established license for %s:%s: not in the known-models catalog", r.Hub, r.ID)
		}
		if es[i].License != "" {
			return nil, fmt.Errorf("established license for %s:%s: the card declares %q; a declaration is never overridden", r.Hub, r.ID, es[i].License)
		}
		if r.License != "" && !known(r.License) {
			return nil, fmt.Errorf("established license for %s:%s: %q is not in the licenses catalog", r.Hub, r.ID, r.License)
		}
		est := r.Established
		est.BaseModels = slices.Clone(est.BaseModels)
		if len(es[i].BaseModels) > 0 {
			// The card names its ancestors; an established base would
			// only compete with the declaration.
			est.BaseModels, est.BaseModelRelation = nil, ""
		}
		es[i].Established = &est
	}
	return New(es)
}
