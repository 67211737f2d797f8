// Package spdxtest reads aibom's SPDX documents back with
// github.com/spdx/tools-golang and runs its validation, for tests: the
// 2.3 reader and spdxlib checks, and the SPDX 3 model's validator.
package spdxtest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/spdx/v3/v3_0"
	"github.com/spdx/tools-golang/spdxlib"
)

// ValidateSPDX3 parses an SPDX 3.0.1 JSON-LD document into tools-golang's
// model and validates the whole graph. It does not pre-process the
// document (Validate(true) would first give every element lacking one the
// document's creationInfo, hiding exactly the errors a reader would meet).
func ValidateSPDX3(doc []byte) error {
	var d v3_0.Document
	if err := d.FromJSON(bytes.NewReader(doc)); err != nil {
		return fmt.Errorf("tools-golang SPDX 3 read: %w", err)
	}
	if err := d.Validate(false); err != nil {
		return fmt.Errorf("tools-golang SPDX 3 validation: %w", err)
	}
	return nil
}

var idstring = regexp.MustCompile(`^SPDXRef-[A-Za-z0-9.-]+$`)

// ReadSPDX23 reads an SPDX 2.3 JSON document with tools-golang's reader,
// runs spdxlib's document and DESCRIBES checks, and checks what those do
// not: SPDX ids are idstrings and unique, and every LicenseRef a package
// uses is defined in hasExtractedLicensingInfos.
func ReadSPDX23(doc []byte) (*v2_3.Document, error) {
	var d v2_3.Document
	if err := spdxjson.ReadInto(bytes.NewReader(doc), &d); err != nil {
		return nil, fmt.Errorf("tools-golang SPDX 2.3 read: %w", err)
	}
	if d.SPDXVersion != v2_3.Version || d.DataLicense != v2_3.DataLicense {
		return nil, fmt.Errorf("spdxVersion %q, dataLicense %q", d.SPDXVersion, d.DataLicense)
	}
	if err := spdxlib.ValidateDocument(&d); err != nil {
		return nil, fmt.Errorf("spdxlib: %w", err)
	}
	if _, err := spdxlib.GetDescribedPackageIDs(&d); err != nil {
		return nil, fmt.Errorf("spdxlib: %w", err)
	}
	defined := map[string]bool{}
	for _, l := range d.OtherLicenses {
		if !strings.HasPrefix(l.LicenseIdentifier, "LicenseRef-") || l.ExtractedText == "" {
			return nil, fmt.Errorf("extracted license %q: want a LicenseRef- id and a text", l.LicenseIdentifier)
		}
		defined[l.LicenseIdentifier] = true
	}
	seen := map[common.ElementID]bool{}
	for _, p := range d.Packages {
		id := "SPDXRef-" + string(p.PackageSPDXIdentifier)
		if !idstring.MatchString(id) || seen[p.PackageSPDXIdentifier] {
			return nil, fmt.Errorf("package %q: SPDXID %q is not a unique idstring", p.PackageName, id)
		}
		seen[p.PackageSPDXIdentifier] = true
		if p.PackageDownloadLocation == "" || p.PackageLicenseConcluded == "" || p.PackageLicenseDeclared == "" {
			return nil, fmt.Errorf("package %q: missing downloadLocation or a license field", p.PackageName)
		}
		for _, expr := range []string{p.PackageLicenseConcluded, p.PackageLicenseDeclared} {
			for _, tok := range strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == '(' || r == ')' }) {
				if strings.HasPrefix(tok, "LicenseRef-") && !defined[tok] {
					return nil, fmt.Errorf("package %q: %s is not in hasExtractedLicensingInfos", p.PackageName, tok)
				}
			}
		}
	}
	return &d, nil
}

// SPDX3Hashes reads an SPDX 3 document with tools-golang and returns, per
// AI package name, its verifiedUsing hashes as "ALGORITHM VALUE COMMENT":
// what an SPDX 3 reader sees of a model's weight files.
func SPDX3Hashes(doc []byte) (map[string][]string, error) {
	var d v3_0.Document
	if err := d.FromJSON(bytes.NewReader(doc)); err != nil {
		return nil, fmt.Errorf("tools-golang SPDX 3 read: %w", err)
	}
	out := map[string][]string{}
	for _, e := range d.Elements {
		p, ok := e.(*v3_0.AIPackage)
		if !ok {
			continue
		}
		for _, im := range p.VerifiedUsing {
			if h, ok := im.(*v3_0.Hash); ok {
				alg := "other"
				if h.Algorithm == v3_0.HashAlgorithm_Sha256 {
					alg = "sha256"
				}
				out[p.Name] = append(out[p.Name], alg+" "+h.Value+" "+h.Comment)
			}
		}
	}
	return out, nil
}
