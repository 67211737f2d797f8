package sbom

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSanitizerRedact: each row is one thing a hub (or a proxy in front of
// it) may echo, and what must be left of it.
func TestSanitizerRedact(t *testing.T) {
	const known = "s3cr3t-token-value"
	hfTok := "hf_" + strings.Repeat("aB3", 11) + "x"   // 34 characters after the prefix
	ghTok := "ghp_" + strings.Repeat("Z9y", 12)        // 36
	pat := "github_pat_" + strings.Repeat("A1_b", 20)  // fine-grained
	msTok := "ms-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" // ModelScope
	s := NewSanitizer(known, "", "short")
	rows := []struct{ in, want string }{
		{"plain text stays", "plain text stays"},
		{"echo " + known + " twice " + known, "echo [redacted] twice [redacted]"},
		{"token " + hfTok + ".", "token [redacted]."},
		{"gho_" + strings.Repeat("q", 36), "[redacted]"},
		{ghTok, "[redacted]"},
		{pat, "[redacted]"},
		{"cookie " + msTok, "cookie [redacted]"},
		{"Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]"},
		{`{"authorization": "token 0123456789abcdef"}`, `{"authorization": "token [redacted]"}`},
		{"authorization=Basic dXNlcjpwYXNzd29yZA==", "authorization=Basic [redacted]"},
		{"Authorization: 0123456789abcdefXYZ", "Authorization: [redacted]"},
		{"sent Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "sent Bearer [redacted]"},
		{"Cookie: m_session_id=abc-123; other=1", "Cookie: m_session_id=[redacted]; other=1"},
		// Ordinary text that only looks a little like a credential.
		{"prior written authorization: Licensor may", "prior written authorization: Licensor may"},
		{"the Bearer of this license", "the Bearer of this license"},
		{"org/hf_tiny_model and ghp_short", "org/hf_tiny_model and ghp_short"},
		{"a short secret is left: short", "a short secret is left: short"},
	}
	for _, r := range rows {
		if got := s.Redact(r.in); got != r.want {
			t.Errorf("Redact(%q) = %q, want %q", r.in, got, r.want)
		}
	}
	// nil redacts shapes but knows no values.
	var none *Sanitizer
	if got := none.Redact(known + " " + hfTok); got != known+" [redacted]" {
		t.Errorf("nil Redact = %q", got)
	}
}

func TestSanitizerLineAndText(t *testing.T) {
	s := NewSanitizer("hf_testsecret0123456789")
	line := s.Line("HTTP 500: \x1b[31mecho\x1b[0m Authorization: Bearer hf_testsecret0123456789\nnext", 0)
	if line != "HTTP 500: echo Authorization: Bearer [redacted] next" {
		t.Errorf("Line = %q", line)
	}
	if got := s.Line(strings.Repeat("x", 20), 5); got != "xxxxx…" {
		t.Errorf("Line cap = %q", got)
	}
	text := string(s.Text([]byte("# Card\r\n\nlicense: mit\ttab\fpage \x1b]0;title\x07 token hf_testsecret0123456789\n")))
	if text != "# Card\n\nlicense: mit\ttab\npage  token [redacted]\n" {
		t.Errorf("Text = %q", text)
	}
	// An unterminated escape string ends at the line, not at the end of the file.
	if got := string(s.Text([]byte("a \x1b]8;;x\nGNU GENERAL PUBLIC LICENSE"))); got != "a \nGNU GENERAL PUBLIC LICENSE" {
		t.Errorf("Text after an open OSC = %q", got)
	}
}

// TestRedactSecretsKeepsJSON: the HTTP layer redacts bodies before caching
// them; a JSON body must stay JSON and keep every other byte.
func TestRedactSecretsKeepsJSON(t *testing.T) {
	s := NewSanitizer("hf_testsecret0123456789")
	body := []byte(`{"id":"a/b","cardData":{"license_name":"hf_testsecret0123456789 and tok-extra-123"}}`)
	out := s.RedactSecrets(body, "tok-extra-123", "x")
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("redacted body is not JSON: %v: %s", err, out)
	}
	if string(out) != `{"id":"a/b","cardData":{"license_name":"[redacted] and [redacted]"}}` {
		t.Errorf("RedactSecrets = %s", out)
	}
	clean := []byte(`{"id":"a/b"}`)
	if got := s.RedactSecrets(clean); &got[0] != &clean[0] {
		t.Error("a body without a secret should come back as is")
	}
}

// FuzzSanitizer: whatever the input, a known secret never survives Line or
// Text, Line has no control character and respects the cap.
func FuzzSanitizer(f *testing.F) {
	const secret = "hf_fuzzsecret0123456789"
	for _, s := range []string{"Authorization: Bearer " + secret, "a\x1b[31mb", secret + secret[:5], "ms-", "\x1b]0;" + secret} {
		f.Add(s)
	}
	san := NewSanitizer(secret)
	f.Fuzz(func(t *testing.T, in string) {
		line := san.Line(in, 80)
		if strings.Contains(line, secret) {
			t.Fatalf("Line(%q) kept the secret: %q", in, line)
		}
		for _, r := range line {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) {
				t.Fatalf("Line(%q) kept control %U", in, r)
			}
		}
		if n := len([]rune(line)); n > 81 {
			t.Fatalf("Line(%q) has %d runes", in, n)
		}
		if text := string(san.Text([]byte(in))); strings.Contains(text, secret) || strings.ContainsRune(text, 0x1b) {
			t.Fatalf("Text(%q) = %q", in, text)
		}
	})
}

func TestShowKey(t *testing.T) {
	for _, c := range []struct {
		key  string
		want string // "" when not shown
	}{
		{"fail_on", `"fail_on"`},
		{"context.commercial", `"context.commercial"`},
		{"root:$6$salt$hash:19000:0:99999:7::", ""},
		{"hf_SECRETtokenVALUE1234567890abcdefXYZ", ""},
		{"ghp_abcdefghijklmnopqrstuvwxyz0123456789", ""},
		{"a key with spaces", ""},
		{"\x1b[31mred", ""},
		{strings.Repeat("k", 41), ""},
		{"", ""},
	} {
		got, ok := ShowKey(c.key)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ShowKey(%q) = %q, %v; want %q", c.key, got, ok, c.want)
		}
	}
}
