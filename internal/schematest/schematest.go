// Package schematest compiles the official CycloneDX 1.6, SPDX 3.0.1, SPDX 2.3 and
// SARIF 2.1.0 JSON schemas from ../shared/schemas for tests, and validates
// documents against them.
package schematest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aibom/aibom/internal/sharedtest"
)

// CycloneDX compiles bom-1.6 with its two referenced schemas registered
// under their cyclonedx.org ids (../shared/design/bom-formats.md §0).
func CycloneDX(t testing.TB) *jsonschema.Schema {
	t.Helper()
	dir := sharedtest.Path(t, "schemas")
	c := jsonschema.NewCompiler()
	for _, f := range []string{"spdx.schema.json", "jsf-0.82.schema.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("http://cyclonedx.org/schema/"+f, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(filepath.Join(dir, "bom-1.6.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type ecmaRegexp struct{ *regexp2.Regexp }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.Regexp.MatchString(s)
	return err == nil && ok
}

// SPDX compiles the SPDX 3.0.1 JSON schema. Its IRI pattern uses a
// lookahead RE2 lacks, so patterns go through regexp2 in ECMAScript mode.
func SPDX(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(func(p string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(p, regexp2.ECMAScript)
		if err != nil {
			return nil, err
		}
		return ecmaRegexp{re}, nil
	})
	s, err := c.Compile(sharedtest.Path(t, "schemas/spdx-json-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// SARIF compiles the SARIF 2.1.0 schema.
func SARIF(t testing.TB) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.NewCompiler().Compile(sharedtest.Path(t, "schemas/sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Validate checks a JSON document against s.
func Validate(s *jsonschema.Schema, doc []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// SPDX23 compiles the SPDX 2.3 JSON schema (draft-07).
func SPDX23(t testing.TB) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.NewCompiler().Compile(sharedtest.Path(t, "schemas/spdx-2.3-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
