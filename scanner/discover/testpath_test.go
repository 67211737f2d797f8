package discover

import (
	"context"
	"maps"
	"testing"
)

// TestIsTestPath: one row per convention, and the look-alikes that are not
// tests.
func TestIsTestPath(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"tests/test_pipeline.py", true},
		{"tests/models/unets/helpers.py", true},
		{"test/app.js", true},
		{"src/test/java/com/acme/App.java", true},
		{"Tests/AppTests/Loader.swift", true},
		{"src/__tests__/loader.js", true},
		{"spec/models_spec.rb", true},
		{"internal/scan/testdata/app.py", true},
		{"e2e/chat.ts", true},
		{"MyApp.Tests/LoaderFacts.cs", true},
		{"test_inference.py", true},
		{"examples/test_lora.ipynb", true},
		{"pkg/loader_test.go", true},
		{"app/model_test.py", true},
		{"app/loader_tests.py", true},
		{"conftest.py", true},
		{"app/tests.py", true},
		{"lib/model_spec.rb", true},
		{"lib/model_test.rb", true},
		{"web/chat.test.ts", true},
		{"web/chat.spec.tsx", true},
		{"web/chat.test.mjs", true},
		{"scripts/download.bats", true},
		{"src/main/java/LoaderTest.java", true},
		{"src/LoaderTests.cs", true},
		{"src/LoaderIT.kt", true},

		{"app.py", false},
		{"test.py", false},
		{"src/diffusers/utils/testing_utils.py", false},
		{"latest.py", false},
		{"contest/app.py", false},
		{"attestation.go", false},
		{"src/main/java/Latest.java", false},
		{"src/main/java/Test.java", false},
		{"docs/testing.md", false},
		{"protests/app.py", false},
		{"README.md", false},
	} {
		if got := isTestPath(tc.path); got != tc.want {
			t.Errorf("isTestPath(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

// TestDiscoverMarksTests: a reference in a test file is marked, the same
// model in code is not, and ExcludeTests leaves test files unread.
func TestDiscoverMarksTests(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"app.py":                  "from transformers import AutoModel\nAutoModel.from_pretrained(\"acme/app-model\")\n",
		"tests/test_app.py":       "from transformers import AutoModel\nAutoModel.from_pretrained(\"acme/tiny-random\")\n",
		"web/chat.test.ts":        "import { pipeline } from '@huggingface/transformers';\nawait pipeline('feature-extraction', 'acme/tiny-js');\n",
		"tests/fixtures/notes.py": "from transformers import AutoModel\nAutoModel.from_pretrained(\"acme/app-model\")\n",
	})
	for _, exclude := range []bool{false, true} {
		res, err := Discover(context.Background(), dir, Options{ExcludeTests: exclude})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, r := range res.References {
			got[r.ID+" "+r.Location.Path] = r.Location.Test
		}
		want := map[string]bool{"acme/app-model app.py": false}
		if !exclude {
			want["acme/tiny-random tests/test_app.py"] = true
			want["acme/tiny-js web/chat.test.ts"] = true
			want["acme/app-model tests/fixtures/notes.py"] = true
		}
		if !maps.Equal(got, want) {
			t.Errorf("ExcludeTests=%v: references (id path → test) %v, want %v", exclude, got, want)
		}
	}
}
