package spdx

import (
	_ "embed"
	"strings"
	"sync"
)

// LicenseListVersion is the SPDX License List release that licenselist.txt
// was taken from: the enum of CycloneDX's spdx.schema.json ("$comment":
// "v1.1-3.28.0") in ../shared/schemas. TestLicenseListMatchesSchema keeps the
// two in step; `go test ./sbom/spdx -update` regenerates the file.
const LicenseListVersion = "3.28.0"

//go:embed licenselist.txt
var licenseListText string

var (
	listOnce sync.Once
	listByLC map[string]string // lower-case id → canonical id
)

func licenseList() map[string]string {
	listOnce.Do(func() {
		listByLC = make(map[string]string, 1024)
		for _, id := range strings.Split(licenseListText, "\n") {
			if id = strings.TrimSpace(id); id != "" {
				listByLC[strings.ToLower(id)] = id
			}
		}
	})
	return listByLC
}

// ListedID reports whether id is on the SPDX License List (licenses and
// exceptions), comparing without regard to case as SPDX does, and returns
// the id in its canonical case. Only listed ids may go in a CycloneDX
// license.id; everything else is a LicenseRef or an expression.
func ListedID(id string) (string, bool) {
	c, ok := licenseList()[strings.ToLower(strings.TrimSpace(id))]
	return c, ok
}
