package sbom

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode"
)

// Normalize puts the report in canonical order so that the same input gives
// the same bytes: models by ref, locations by path/line/column, findings by
// severity then rule, model and id, and nil slices replaced by empty ones
// where the contract promises an array.
func (r *Report) Normalize() {
	if r.Models == nil {
		r.Models = []Model{}
	}
	if r.Datasets == nil {
		r.Datasets = []Dataset{}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for i := range r.Models {
		m := &r.Models[i]
		SortLocations(m.Locations)
		if m.Locations == nil {
			m.Locations = []Location{}
		}
		if m.BaseModels == nil {
			m.BaseModels = []BaseModel{}
		}
		if m.Datasets == nil {
			m.Datasets = []string{}
		}
		slices.SortFunc(m.BaseModels, func(a, b BaseModel) int {
			return cmp.Or(cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.Relation, b.Relation))
		})
		slices.Sort(m.Datasets)
		slices.Sort(m.Via)
		slices.SortFunc(m.Detected, func(a, b Detection) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Key, b.Key))
		})
		slices.SortFunc(m.Files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	}
	slices.SortFunc(r.Models, func(a, b Model) int { return cmp.Compare(a.Ref, b.Ref) })
	for i := range r.Datasets {
		slices.Sort(r.Datasets[i].UsedBy)
		SortLocations(r.Datasets[i].Locations)
	}
	slices.SortFunc(r.Datasets, func(a, b Dataset) int { return cmp.Compare(a.Ref, b.Ref) })
	slices.SortFunc(r.Unresolved, func(a, b UnresolvedReference) int {
		return cmp.Or(CompareLocations(a.Location, b.Location), cmp.Compare(a.Source, b.Source))
	})
	for i := range r.Findings {
		SortLocations(r.Findings[i].Locations)
		if r.Findings[i].Locations == nil {
			r.Findings[i].Locations = []Location{}
		}
	}
	slices.SortFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(
			-cmp.Compare(SeverityRank(a.Severity), SeverityRank(b.Severity)),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Model, b.Model),
			cmp.Compare(a.ID, b.ID),
		)
	})
	slices.SortFunc(r.Warnings, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Model, b.Model), cmp.Compare(a.Message, b.Message))
	})
	r.Warnings = slices.Compact(r.Warnings)
	if r.Summary != nil {
		slices.SortFunc(r.Summary.Unjudged, func(a, b Unjudged) int {
			return cmp.Or(cmp.Compare(a.Model, b.Model), cmp.Compare(a.Reason, b.Reason))
		})
	}
	slices.SortFunc(r.Rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
}

// SortLocations sorts locations by path, cell, line, column and via, in place.
func SortLocations(locs []Location) {
	slices.SortFunc(locs, CompareLocations)
}

// CompareLocations orders two locations by path, cell, line, column, via.
func CompareLocations(a, b Location) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Cell, b.Cell),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Via, b.Via),
	)
}

// SeverityRank orders severities: error > warning > note > anything else.
func SeverityRank(s string) int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityNote:
		return 1
	}
	return 0
}

// ValidSeverity reports whether s names a severity.
func ValidSeverity(s string) bool { return SeverityRank(s) > 0 }

// WriteJSON writes the report as indented JSON, normalized, with a trailing
// newline. HTML characters are not escaped: the output is data, not markup.
//
// The report is streamed (writeStream): a large tree's report is tens of
// megabytes, and encoding it whole, then indenting it into a second buffer,
// held it three times over. A caller that must not leave half a report
// writes to a temporary file and renames it (cmd/aibom's writeFileAtomic).
func WriteJSON(w io.Writer, r *Report) error {
	r.Normalize()
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := writeStream(bw, reflect.ValueOf(r).Elem()); err != nil {
		return err
	}
	return bw.Flush()
}

// writeStream writes struct v as encoding/json's Encoder with SetIndent("",
// "  ") and SetEscapeHTML(false) would, byte for byte, but one field at a
// time and one element at a time for the slice fields, so no more than one
// model is held encoded at once. It handles the tag forms Report uses (a
// name, omitempty, "-") and refuses any other, so a new kind of field fails
// the tests rather than changing the bytes.
func writeStream(w *bufio.Writer, v reflect.Value) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// encode writes x as it appears at nesting depth depth, without the
	// Encoder's trailing newline.
	// The Encoder writes compact JSON; indentTo indents it straight into w
	// (the Encoder's own indentation filled a second buffer per element).
	encode := func(x reflect.Value, depth int) error {
		buf.Reset()
		if err := enc.Encode(x.Addr().Interface()); err != nil {
			return fmt.Errorf("encoding report: %w", err)
		}
		indentTo(w, bytes.TrimSuffix(buf.Bytes(), []byte("\n")), depth)
		return nil
	}
	t := v.Type()
	w.WriteString("{")
	first := true
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous {
			return fmt.Errorf("encoding report: embedded field %s is not supported by the streaming encoder", sf.Name)
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		omitEmpty := false
		switch opts {
		case "":
		case "omitempty":
			omitEmpty = true
		default:
			return fmt.Errorf("encoding report: field %s: tag option %q is not supported by the streaming encoder", sf.Name, opts)
		}
		f := v.Field(i)
		if omitEmpty && emptyValue(f) {
			continue
		}
		if !first {
			w.WriteString(",")
		}
		first = false
		key, err := json.Marshal(name)
		if err != nil {
			return fmt.Errorf("encoding report: %w", err)
		}
		w.WriteString("\n  ")
		w.Write(key)
		w.WriteString(": ")
		if !streamable(f) {
			if err := encode(f, 1); err != nil {
				return err
			}
			continue
		}
		w.WriteString("[")
		for j := range f.Len() {
			if j > 0 {
				w.WriteString(",")
			}
			w.WriteString("\n    ")
			if err := encode(f.Index(j), 2); err != nil {
				return err
			}
		}
		w.WriteString("\n  ]")
	}
	if !first {
		w.WriteString("\n")
	}
	_, err := w.WriteString("}\n")
	return err
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

// streamable reports whether field f is a non-empty slice that
// encoding/json writes as an array of its elements (not bytes as base64,
// not through a MarshalJSON of the slice type).
func streamable(f reflect.Value) bool {
	t := f.Type()
	return t.Kind() == reflect.Slice && f.Len() > 0 && t.Elem().Kind() != reflect.Uint8 &&
		!t.Implements(marshalerType) && !reflect.PointerTo(t).Implements(marshalerType)
}

// emptyValue is encoding/json's omitempty test.
func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0 // -0 too, as encoding/json
	}
	return false
}

// ReadJSON reads an aibom JSON report. A version 1 report is converted
// (convertV1); any other version is refused.
func ReadJSON(rd io.Reader) (*Report, error) {
	data, err := io.ReadAll(io.LimitReader(rd, 512<<20))
	if err != nil {
		return nil, fmt.Errorf("reading aibom report: %w", err)
	}
	var head struct {
		SchemaVersion int `json:"schema_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("reading aibom report: %w", err)
	}
	var r *Report
	switch head.SchemaVersion {
	case SchemaVersion:
		r = new(Report)
		if err := json.Unmarshal(data, r); err != nil {
			return nil, fmt.Errorf("reading aibom report: %w", err)
		}
	case 1:
		var v1 reportV1
		if err := json.Unmarshal(data, &v1); err != nil {
			return nil, fmt.Errorf("reading aibom report (schema_version 1): %w", err)
		}
		r = v1.convert()
	default:
		return nil, fmt.Errorf("reading aibom report: schema_version %d, this aibom reads %d (and converts 1)", head.SchemaVersion, SchemaVersion)
	}
	r.Normalize()
	return r, nil
}

// Clean makes an untrusted string safe to print on a terminal: escape
// sequences and other control characters are dropped, newlines and tabs
// become spaces, and the result is capped at max runes (0: no cap). It
// knows nothing of secrets: text from a hub goes through a Sanitizer, which
// redacts and then cleans.
func Clean(s string, max int) string { return clean(s, max, false) }

// clean is Clean; with lines set it keeps newlines and tabs (multi-line
// text such as a model card or a license file) and turns form feeds and
// vertical tabs into newlines, so a text keeps its shape.
func clean(s string, max int, lines bool) string {
	if (max == 0 || len(s) <= max) && plainASCII(s, lines) {
		return s // nothing to drop or cut: the common case, without a copy
	}
	var b strings.Builder
	n := 0
	// esc is the state inside an escape sequence: 0 none, 1 just after ESC,
	// 2 in a CSI (ESC [ … final byte), 3 in an OSC or other string (… BEL or
	// ESC \), whose payload (a window title, a hyperlink) is dropped too.
	esc := 0
	for _, r := range s {
		switch esc {
		case 1:
			switch r {
			case '[':
				esc = 2
			case ']', 'P', '_', '^', 'X':
				esc = 3
			default:
				esc = 0
			}
			continue
		case 2:
			if r >= 0x40 && r <= 0x7e {
				esc = 0
			}
			continue
		case 3:
			if r == '\a' || r == 0x9c {
				esc = 0
			} else if lines && r == '\n' {
				// An unterminated string must not swallow the rest of a
				// multi-line text (a license file aibom still identifies).
				esc = 0
				b.WriteRune(r)
				n++
			} else if r == 0x1b {
				esc = 1 // ESC \ ends the string; the \ is then skipped
			}
			continue
		}
		switch {
		case r == 0x1b:
			esc = 1
			continue
		case r == 0x9b:
			esc = 2
			continue
		case r == 0x9d:
			esc = 3
			continue
		case lines && (r == '\n' || r == '\t'):
		case lines && (r == '\f' || r == '\v'):
			r = '\n'
		case lines && r == '\r':
			continue
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case unicode.IsControl(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Cf, r):
			continue
		}
		if max > 0 && n >= max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// plainASCII reports whether s is printable ASCII only (plus newlines and
// tabs when lines is set), which clean returns unchanged.
func plainASCII(s string, lines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || lines && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}
