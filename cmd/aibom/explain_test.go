package main

import (
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	cases := []struct {
		arg  string
		code int
		has  []string
	}{
		{"license-mismatch", 0, []string{"license-mismatch (default severity:", "docs/policies.md#license-mismatch"}},
		{"llama3.1", 0, []string{"Llama 3.1", "700000000 monthly active users", `"Built with Llama"`, "llama3.1-aup"}},
		{"Apache License 2.0", 0, []string{"SPDX id:   Apache-2.0", "commercial use         allowed"}},
		{"cc-by-nc-4.0", 0, []string{"commercial use         prohibited"}},
		{"openai", 0, []string{"service_terms"}},
		{"no-such-thing", 2, nil},
	}
	for _, tc := range cases {
		code, out, errs := runCLI(t, nil, "explain", tc.arg)
		if code != tc.code {
			t.Errorf("explain %q: exit %d, want %d (%s)", tc.arg, code, tc.code, errs)
		}
		for _, s := range tc.has {
			if !strings.Contains(out, s) {
				t.Errorf("explain %q lacks %q:\n%s", tc.arg, s, out)
			}
		}
	}
}
