package knownmodels

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

//go:embed renames.gen.json
var builtinRenames []byte

// Rename is a repository the Hub moved: requests for From are redirected
// to To.
type Rename struct {
	Hub  string `json:"hub"`
	From string `json:"from"`
	To   string `json:"to"`
}

// RenameFromExchange reads one recorded HTTP exchange (the shared fixtures'
// *.exchange.json shape: request.uri, response.status.code,
// response.headers.Location) and returns the rename it shows, if it is a
// redirect of the model API to another model id.
func RenameFromExchange(data []byte) (Rename, bool, error) {
	var ex struct {
		Request struct {
			URI string `json:"uri"`
		} `json:"request"`
		Response struct {
			Status struct {
				Code int `json:"code"`
			} `json:"status"`
			Headers map[string][]string `json:"headers"`
		} `json:"response"`
	}
	if err := json.Unmarshal(data, &ex); err != nil {
		return Rename{}, false, err
	}
	if ex.Response.Status.Code < 300 || ex.Response.Status.Code > 399 {
		return Rename{}, false, nil
	}
	var loc string
	for k, v := range ex.Response.Headers {
		if strings.EqualFold(k, "Location") && len(v) > 0 {
			loc = v[0]
		}
	}
	from, ok1 := modelAPIID(ex.Request.URI)
	to, ok2 := modelAPIID(loc)
	if !ok1 || !ok2 || strings.EqualFold(from, to) {
		return Rename{}, false, nil
	}
	return Rename{Hub: "huggingface", From: from, To: to}, true, nil
}

// modelAPIID extracts the model id from a /api/models/{id} URL (absolute or
// relative), without query or revision suffix.
func modelAPIID(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	id, ok := strings.CutPrefix(u.Path, "/api/models/")
	if !ok || id == "" {
		return "", false
	}
	id, _, _ = strings.Cut(id, "/revision/")
	return id, true
}

// EncodeRenames writes renames sorted and de-duplicated, one per line.
func EncodeRenames(rs []Rename) ([]byte, error) {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b Rename) int {
		return strings.Compare(lookupKey(a.Hub, a.From), lookupKey(b.Hub, b.From))
	})
	rs = slices.CompactFunc(rs, func(a, b Rename) bool { return lookupKey(a.Hub, a.From) == lookupKey(b.Hub, b.From) })
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		buf.WriteString("  ")
		buf.Write(b)
		if i < len(rs)-1 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
	}
	buf.WriteString("]\n")
	return buf.Bytes(), nil
}

func decodeRenames(data []byte) (map[string]string, error) {
	var rs []Rename
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("renames: %w", err)
	}
	m := make(map[string]string, len(rs))
	for _, r := range rs {
		m[lookupKey(r.Hub, r.From)] = r.To
	}
	return m, nil
}
