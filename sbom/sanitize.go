package sbom

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

// Redacted replaces a secret in sanitised text.
const Redacted = "[redacted]"

// minSecret is the shortest known secret value that is redacted: shorter
// values would mangle ordinary words, and no hub issues such tokens.
const minSecret = 8

// Sanitizer makes text from an untrusted source — a hub's answer or error
// body, a card, a license file, metadata — fit for a report, a log line or
// the cache. Every secret value the process holds (given to
// NewSanitizer) and every string shaped like a credential is replaced by
// Redacted; Line and Text then drop control characters and terminal
// escapes (Clean), and Line caps the length. It is the one sanitiser: the
// HTTP layer redacts the process's secrets from bodies before it caches or
// returns them, and the resolver passes every string of a hub's answer
// through it before the answer enters the report. A nil *Sanitizer
// redacts credential shapes only. Safe for concurrent use: it never
// changes after NewSanitizer.
type Sanitizer struct {
	secrets []string // longest first, so a secret containing another goes whole
}

// NewSanitizer returns a Sanitizer for the given secret values (tokens
// from the environment); empty and very short values are ignored.
func NewSanitizer(secrets ...string) *Sanitizer {
	s := &Sanitizer{}
	for _, v := range secrets {
		v = strings.TrimSpace(v)
		if len(v) >= minSecret && !slices.Contains(s.secrets, v) {
			s.secrets = append(s.secrets, v)
		}
	}
	slices.SortFunc(s.secrets, func(a, b string) int { return len(b) - len(a) })
	return s
}

// credentialShapes are the strings redacted whoever they belong to. Each
// pattern's first group is kept (the label), the rest is the secret; the
// trigger is a literal every match contains (compared without case when
// fold is set), so text without it skips the pattern. The token alphabets
// are those the issuers use and exclude quotes, so a redaction inside JSON
// keeps it valid.
var credentialShapes = []struct {
	trigger string
	fold    bool
	re      *regexp.Regexp
}{
	// Hugging Face user access tokens: hf_ and 34 letters and digits.
	{"hf_", false, regexp.MustCompile(`()hf_[A-Za-z0-9]{30,}`)},
	// GitHub: personal (ghp_), OAuth (gho_), user-to-server (ghu_),
	// server-to-server (ghs_), refresh (ghr_) and fine-grained tokens.
	{"gh", false, regexp.MustCompile(`()gh[pousr]_[A-Za-z0-9]{30,}`)},
	{"github_pat_", false, regexp.MustCompile(`()github_pat_[A-Za-z0-9_]{30,}`)},
	// ModelScope access tokens: ms- and a UUID.
	{"ms-", false, regexp.MustCompile(`()ms-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)},
	// A header echoed back: "Authorization: Bearer x", "authorization": "token x".
	// With a scheme any credential goes; without one only a long one, so
	// prose ("prior written authorization: Licensor") is left alone.
	{"authorization", true, regexp.MustCompile(`((?i:authorization)["']?[ \t]*[:=][ \t]*["']?(?i:bearer|basic|token|digest)[ \t]+)[A-Za-z0-9._~+/-]{4,}=*`)},
	{"authorization", true, regexp.MustCompile(`((?i:authorization)["']?[ \t]*[:=][ \t]*["']?)[A-Za-z0-9._~+/-]{16,}=*`)},
	{"Bearer", false, regexp.MustCompile(`(Bearer[ \t]+)[A-Za-z0-9._~+/-]{8,}=*`)},
	// ModelScope's session cookie carries the token.
	{"m_session_id=", false, regexp.MustCompile(`(m_session_id=)[^;\s"'&,]+`)},
}

// containsFold reports whether t contains the lower-case ASCII word w in
// any case.
func containsFold(t, w string) bool {
	for i := 0; i+len(w) <= len(t); i++ {
		if t[i]|0x20 == w[0] && strings.EqualFold(t[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// Redact replaces the known secrets and credential shapes in t and keeps
// every other byte.
func (s *Sanitizer) Redact(t string) string {
	if s != nil {
		for _, v := range s.secrets {
			if strings.Contains(t, v) {
				t = strings.ReplaceAll(t, v, Redacted)
			}
		}
	}
	for _, c := range credentialShapes {
		if c.fold && !containsFold(t, c.trigger) || !c.fold && !strings.Contains(t, c.trigger) {
			continue
		}
		t = redactShape(c.re, t)
	}
	return t
}

func redactShape(re *regexp.Regexp, t string) string {
	m := re.FindAllStringSubmatchIndex(t, -1)
	if m == nil {
		return t
	}
	var b strings.Builder
	last := 0
	for _, loc := range m {
		keepEnd := loc[3] // end of group 1, the label kept
		b.WriteString(t[last:keepEnd])
		b.WriteString(Redacted)
		last = loc[1]
	}
	b.WriteString(t[last:])
	return b.String()
}

// RedactSecrets replaces the known secrets, and the extra values given
// (the token of the request at hand), in a body. Nothing else changes, so
// JSON stays parseable and a body without a secret comes back as is. The
// HTTP layer applies it before a body is cached or returned.
func (s *Sanitizer) RedactSecrets(b []byte, extra ...string) []byte {
	var vals []string
	if s != nil {
		vals = s.secrets
	}
	for _, v := range extra {
		if len(v) >= minSecret {
			vals = append(vals, v)
		}
	}
	for _, v := range vals {
		if bytes.Contains(b, []byte(v)) {
			b = bytes.ReplaceAll(b, []byte(v), []byte(Redacted))
		}
	}
	return b
}

// Line redacts t and makes it one clean line of at most max runes (0: no
// cap): for ids, license names, reasons, error messages.
func (s *Sanitizer) Line(t string, max int) string {
	// Clean first, so a control character cannot split a secret past the
	// redaction; cap last, so the cap cannot cut one in half.
	return clean(s.Redact(clean(t, 0, false)), max, false)
}

// Text redacts b and drops control characters and escapes but keeps line
// breaks and tabs: for cards and license files, which aibom still reads.
func (s *Sanitizer) Text(b []byte) []byte {
	if b == nil {
		return nil
	}
	return []byte(s.Redact(clean(string(b), 0, true)))
}

// plainKey is the shape of a key an error message may show: a word of a
// config or policy file, not a line of some other file.
var plainKey = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,40}$`)

// ShowKey is how an error about an unknown key of a config or policy file
// shows that key: quoted when it is a plain word of at most 40 bytes that
// is not shaped like a credential, else not at all (ok false). The file
// may not be a config: a password hash or a token must not reach a log
// because it was read where a policy was expected.
func ShowKey(k string) (quoted string, ok bool) {
	if !plainKey.MatchString(k) || (*Sanitizer)(nil).Redact(k) != k {
		return "", false
	}
	return `"` + k + `"`, true
}
