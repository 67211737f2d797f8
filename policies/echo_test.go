package policies

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestParseDoesNotQuoteNonPolicies: a file named as a policy by mistake (a
// token file, credentials) is rejected without its content in the error.
func TestParseDoesNotQuoteNonPolicies(t *testing.T) {
	for _, data := range []string{
		"ghp_SECRETtoken\n", "https://u:SECRET@github.com\n", "- SECRET\n", "rules: SECRET\n",
		"licenses: {allow: SECRET}\n", "waivers: [SECRET]\n",
	} {
		_, err := Parse([]byte(data), "secret.txt")
		if err == nil {
			t.Errorf("%q parsed as a policy", data)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%q: the error quotes the file: %v", data, err)
		}
	}
}

// FuzzParseNoEcho: whatever the file, a top level that is not a mapping is
// never quoted in the error.
func FuzzParseNoEcho(f *testing.F) {
	for _, s := range []string{"token-value-123\n", "- a\n- b\n", "\"quoted secret\"\n", "a b c d\n", "extends: strict\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse(data, "p.yaml")
		if err == nil {
			return
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.ScalarNode {
			return
		}
		_, neutral := Parse([]byte("zzzzzzzz\n"), "p.yaml")
		if v := doc.Content[0].Value; len(v) >= 6 && strings.Contains(err.Error(), v) && !strings.Contains(neutral.Error(), v) {
			t.Fatalf("a non-policy file is quoted: %q in %v", v, err)
		}
	})
}
