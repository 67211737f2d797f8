package hub

import (
	"regexp"
	"strings"
)

// idShapes are the model id shapes of each hub, the one table every client
// and the resolver check ids against that come from a hub's answer (a
// canonical id after a rename, a card's base_model): an answer is
// untrusted, and an id of another shape ("../../x", a URL, a path with
// spaces) would become a ref, a package URL and the path of later
// requests. Hubs not listed have no shape check (their ids never come from
// a hub's answer).
var idShapes = map[string]*regexp.Regexp{
	// owner/name, or a legacy single name (gpt2); segments of letters,
	// digits, '-', '_' and '.', at most 96 bytes each.
	"huggingface": regexp.MustCompile(`^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$`),
	// owner/name, the same characters.
	"modelscope": regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$`),
	// owner/repository: an owner of letters, digits and '-' (at most 39),
	// a repository of letters, digits, '-', '_' and '.' (at most 100).
	"github": regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$`),
	// [host/][namespace/]name[:tag]
	"ollama": regexp.MustCompile(`^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,252}/){0,3}[A-Za-z0-9][A-Za-z0-9._-]{0,127}(?::[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$`),
}

// ValidID reports whether id has the shape of a model id of hub. A ".."
// anywhere is refused: no hub allows it, and it must never reach a path.
func ValidID(hub, id string) bool {
	re, ok := idShapes[hub]
	if !ok {
		return true
	}
	return re.MatchString(id) && !strings.Contains(id, "..")
}
