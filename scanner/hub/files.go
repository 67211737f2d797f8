package hub

import (
	"path"
	"slices"
	"strings"
)

// MaxLicenseFiles bounds the license documents read per model repository.
const MaxLicenseFiles = 4

// MaxPDFBytes caps a license PDF (text files keep the HTTP layer's file
// cap): a PDF carries fonts and layout, several times its text.
const MaxPDFBytes int64 = 4 << 20

// licenseExts are the extensions a license document may have; a name such
// as license_check.py or licenses.json is not one.
var licenseExts = []string{"", ".md", ".txt", ".pdf", ".rst"}

// licenseRank orders the documents worth reading, 0 first, or -1 for a
// file that is none: the license itself (LICENSE, LICENSE.md, LICENSE.txt,
// LICENCE…, MODEL_LICENSE, LICENSE-MODEL), any other top-level name with
// "license" in it (a PDF of the agreement, Llama-2-License.txt), the use
// policy, then NOTICE.
func licenseRank(name string) int {
	if strings.Contains(name, "/") {
		return -1 // top level only
	}
	ext := strings.ToLower(path.Ext(name))
	if !slices.Contains(licenseExts, ext) {
		return -1
	}
	base := strings.ToUpper(strings.TrimSuffix(name, path.Ext(name)))
	switch {
	case strings.HasPrefix(base, "LICENSE") || strings.HasPrefix(base, "LICENCE") || base == "MODEL_LICENSE" || base == "MODEL_LICENCE":
		return 0
	case strings.Contains(base, "LICENSE") || strings.Contains(base, "LICENCE"):
		return 1
	case strings.HasPrefix(base, "USE_POLICY") || strings.HasPrefix(base, "USE-POLICY"):
		return 2
	case base == "NOTICE":
		return 3
	}
	return -1
}

// LicenseFiles picks, from a repository's file list, the license documents
// to read: the file the card's license_link names when it is one of them
// (linked, a repository path), then by licenseRank and name, at most max
// (MaxLicenseFiles when max <= 0).
func LicenseFiles(names []string, linked string, max int) []string {
	if max <= 0 {
		max = MaxLicenseFiles
	}
	type cand struct {
		name string
		rank int
	}
	var cs []cand
	for _, n := range names {
		r := licenseRank(n)
		if n == linked && linked != "" {
			r = -2 // what the card points at comes first, whatever its name
		}
		if r == -1 {
			continue
		}
		cs = append(cs, cand{n, r})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, c := range cs {
		if len(out) == max {
			break
		}
		if !slices.Contains(out, c.name) {
			out = append(out, c.name)
		}
	}
	return out
}

// FileCap is the size cap for reading a license document: MaxPDFBytes for
// a PDF, else textCap.
func FileCap(name string, textCap int64) int64 {
	if strings.EqualFold(path.Ext(name), ".pdf") {
		return max(textCap, MaxPDFBytes)
	}
	return textCap
}

// weightExts are the extensions of model weight files.
var weightExts = []string{".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".msgpack", ".tflite", ".mlmodel", ".pb"}

// IsWeightFile reports whether a repository path is a weight file, whose
// sha256 the report keeps (Model.Files).
func IsWeightFile(name string) bool {
	return slices.Contains(weightExts, strings.ToLower(path.Ext(name)))
}
