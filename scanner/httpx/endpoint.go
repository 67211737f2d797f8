package httpx

import (
	"fmt"
	"net/url"
	"strings"
)

// Endpoint parses a hub's base URL (HF_ENDPOINT, MODELSCOPE_ENDPOINT,
// GITHUB_API_URL): http or https, a host, and no credentials, since a
// token is bound to the host and must not ride in the URL. Trailing
// slashes are dropped; an empty raw gives def. A query or fragment is
// refused: request paths are appended to the base, so "https://h/?x" or
// "https://h/#" would send them into the query or drop them entirely.
func Endpoint(raw, def string) (*url.URL, error) {
	s := strings.TrimRight(strings.TrimSpace(raw), "/")
	if s == "" {
		s = def
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("endpoint %q: expected an http(s) URL with a host and no credentials", s)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#") {
		return nil, fmt.Errorf("endpoint %q: expected a base URL without a query or fragment", s)
	}
	return u, nil
}

// EndpointOr is Endpoint for a client constructor, which has no way to
// report an error: an unusable raw gives def (which must parse). The
// command line validates every endpoint setting before it builds a client,
// so a user's typo is an error there; here it can only fall back, and the
// token stays bound to the host actually used.
func EndpointOr(raw, def string) *url.URL {
	if u, err := Endpoint(raw, def); err == nil {
		return u
	}
	u, err := Endpoint(def, "")
	if err != nil {
		panic(fmt.Sprintf("httpx.EndpointOr: default %q: %v", def, err))
	}
	return u
}
