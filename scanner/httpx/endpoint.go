package httpx

import (
	"fmt"
	"net/url"
	"strings"
)

// Endpoint parses a hub's base URL (HF_ENDPOINT, MODELSCOPE_ENDPOINT,
// GITHUB_API_URL): http or https, a host, and no credentials, since a
// token is bound to the host and must not ride in the URL. Trailing
// slashes are dropped; an empty raw gives def.
func Endpoint(raw, def string) (*url.URL, error) {
	s := strings.TrimRight(strings.TrimSpace(raw), "/")
	if s == "" {
		s = def
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("endpoint %q: expected an http(s) URL with a host and no credentials", s)
	}
	return u, nil
}
