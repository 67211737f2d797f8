// Package buildinfo tells which build of aibom is running: the one version
// string the CLI prints (aibom --version), sends as its User-Agent and
// writes into every report (tool.version, and so SARIF's
// tool.driver.version and the SBOMs' tool components).
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Version is the version of this build: the link-time override when set
// (-ldflags "-X main.version=…", passed in as override), else the module
// version of a `go install …@vX.Y.Z` build, else the VCS revision the
// binary was built from (12 hex digits, "+dirty" when the work tree had
// changes), else "dev".
func Version(override string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return fromInfo(override, nil)
	}
	return fromInfo(override, bi)
}

func fromInfo(override string, bi *debug.BuildInfo) string {
	if v := strings.TrimSpace(override); v != "" {
		return v
	}
	if bi == nil {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "dev-" + rev
	if modified {
		v += "+dirty"
	}
	return v
}
