package spdx

import "github.com/aibom/aibom/sbom"

// What the SPDX 2.3 encoder (sbom/spdx23) shares with this one, so that
// the two documents of one scan name things the same way.

// Slug is the readable, collision-resistant id fragment of a key (a ref),
// made of lower-case letters, digits, '.' and '-': valid in an SPDX 3 IRI
// fragment and in an SPDX 2.3 SPDXID.
func Slug(key string) string { return slug(key) }

// SubjectName names the scanned project.
func SubjectName(s sbom.Subject) string { return subjectName(s) }

// Supplier names the organisation that publishes a model on hub ("" when
// unknown).
func Supplier(hub, id string) string { return supplier(hub, id) }

// ModelComment is the one-line summary of what SPDX has no property for:
// aibom's ref, status and the license terms.
func ModelComment(m *sbom.Model) string { return modelComment(m) }

// DatasetHub and DatasetID split a dataset ref (hf-dataset:org/name).
func DatasetHub(ref string) string { return datasetHub(ref) }

// DatasetID is the id part of a dataset ref.
func DatasetID(ref string) string { return datasetID(ref) }
