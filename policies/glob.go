package policies

import "strings"

// matchGlob reports whether s matches pattern, ignoring case. * matches any
// run of characters (slashes included, so hf:meta-llama/* covers a whole
// organisation) and ? one character; everything else is literal.
func matchGlob(pattern, s string) bool {
	p := []rune(strings.ToLower(pattern))
	t := []rune(strings.ToLower(s))
	// Iterative matcher with single-star backtracking: linear in practice and
	// never exponential, whatever the pattern (policy files are untrusted).
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
