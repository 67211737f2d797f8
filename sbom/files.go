package sbom

import (
	"cmp"
	"slices"
	"strings"
)

// WeightFiles returns the model's weight files that carry a well-formed
// sha256 (64 hex digits, lower-cased here), sorted by path, one entry per
// path. Every encoder writes a model's hashes from this one list, so a
// report read from a file (aibom convert) cannot put a malformed value
// into a format whose schema checks it.
func WeightFiles(m *Model) []File {
	var out []File
	for _, f := range m.Files {
		h := strings.ToLower(f.SHA256)
		if f.Path == "" || !isSHA256(h) {
			continue
		}
		f.SHA256 = h
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return slices.CompactFunc(out, func(a, b File) bool { return a.Path == b.Path })
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
