package main

import (
	"bytes"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/settings"
)

// FuzzConfigFile feeds the config decoder (the scanned tree's .aibom.yaml
// is untrusted input) arbitrary files, as the tree and as a --config file.
// It must never panic; every error line names the file; and a file whose
// top level is not a mapping is never quoted back.
func FuzzConfigFile(f *testing.F) {
	for _, s := range []string{
		"", "policy: commercial-saas\ncontext:\n  commercial: true\n  monthly_active_users: 2000000\n  regions: [EU, US]\n",
		"models:\n  - hf:Qwen/Qwen2.5-7B-Instruct\n  - ref: openai:gpt-4o\n  - mistral\n",
		"exclude: ['*.py']\nfail_on: none\noutputs: [json=/tmp/x]\n",
		"waivers:\n  - {model: \"hf:a/*\", rule: gated, reason: r, expires: 2027-01-01}\n",
		"context:\n  approvals:\n    - {license: qwen, date: 2026-13-01}\n",
		"a: &x [*x, *x]\nb: *a\n", "timeout: 5m\nmax_depth: -1\n", "{", "- x\n", "hf_TOKEN\n", "---\n---\n",
		"context: {commercial: ~}\nwaivers: ~\nmodels: ~\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range []settings.Kind{settings.FromTree, settings.FromConfigFile} {
			var c Config
			err := settingsTable.Decode(&c, settings.Layer{Kind: kind, Name: "fuzz.yaml", Data: data}, scopeScan)
			if err == nil {
				continue
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.yaml") && !strings.HasPrefix(line, "and ") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
			var doc yaml.Node
			if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.ScalarNode {
				var neutral Config
				template := settingsTable.Decode(&neutral, settings.Layer{Kind: kind, Name: "fuzz.yaml", Data: []byte("zzzzzzzz\n")}, scopeScan).Error()
				if v := doc.Content[0].Value; len(v) >= 6 && strings.Contains(err.Error(), v) && !strings.Contains(template, v) {
					t.Fatalf("a non-config file is quoted: %q in %v", v, err)
				}
			}
		}
		// The config-change comparison reads the same files.
		flattenYAML(data, true)
		if bytes.Count(data, []byte("\n")) < 50 {
			r := &ruleSet{}
			r.compare("f.yaml", data, true, []byte("x: 1\n"), true, true)
		}
	})
}
