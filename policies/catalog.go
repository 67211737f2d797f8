package policies

import (
	"strings"

	"github.com/aibom/aibom/licenses"
)

// lookupLicense names a license through the built-in catalog: by catalog
// key, SPDX id, Hugging Face id or any other name the catalog knows.
func lookupLicense(name string) (licenses.License, bool) {
	if strings.TrimSpace(name) == "" {
		return licenses.License{}, false
	}
	return licenses.Builtin().Lookup(name)
}

// knownLicense reports whether the catalog can name s.
func knownLicense(s string) bool {
	_, ok := lookupLicense(s)
	return ok
}
