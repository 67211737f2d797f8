package discover

import (
	"path"
	"strings"
)

// Test files and directories. A reference found in one is marked
// (Location.Test) and listed after code references; with
// Options.ExcludeTests such files are not read at all. The policy judges a
// test reference like any other: a test run downloads the model too.

// testDirs are directory names that hold tests, compared in lower case:
// tests/ (Python, Rust, Swift's Tests/), test/ (Java's src/test, JS),
// __tests__/ (Jest), spec/ (RSpec, Jasmine), testdata/ (Go).
var testDirs = map[string]bool{
	"test": true, "tests": true, "__tests__": true, "__test__": true,
	"spec": true, "specs": true, "testdata": true, "test_data": true,
	"e2e": true, "integration_tests": true, "unit_tests": true,
}

// testFileSuffixes end test file names, compared in lower case: Go, Python
// and Ruby conventions, Jest/Vitest/Mocha/Jasmine's .test. and .spec.
var testFileSuffixes = []string{
	"_test.go", "_test.py", "_tests.py", "_test.rb", "_spec.rb", ".bats",
	".test.js", ".test.jsx", ".test.ts", ".test.tsx", ".test.mjs", ".test.cjs",
	".spec.js", ".spec.jsx", ".spec.ts", ".spec.tsx", ".spec.mjs", ".spec.cjs",
}

// testClassSuffixes end JVM and .NET test classes, compared as written
// (FooTest.java, FooTests.cs): in lower case "latest.java" would match.
var testClassSuffixes = []string{"Test", "Tests", "IT"}

var testClassExts = map[string]bool{".java": true, ".kt": true, ".scala": true, ".groovy": true, ".cs": true}

// testFiles are whole file names, in lower case: pytest's conftest.py,
// Django's tests.py.
var testFiles = map[string]bool{"conftest.py": true, "tests.py": true}

// isTestPath reports whether the slash-separated path relative to the
// scanned root is a test file or lies in a test directory. A bare test.py
// is not one: in model repositories it is as often the inference script.
func isTestPath(p string) bool {
	dir, base := path.Split(p)
	for _, seg := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
		s := strings.ToLower(seg)
		if testDirs[s] || strings.HasSuffix(s, ".tests") {
			return true
		}
	}
	lower := strings.ToLower(base)
	if testFiles[lower] || strings.HasPrefix(lower, "test_") {
		return true
	}
	for _, suf := range testFileSuffixes {
		if strings.HasSuffix(lower, suf) {
			return true
		}
	}
	if ext := path.Ext(base); testClassExts[ext] {
		stem := strings.TrimSuffix(base, ext)
		for _, suf := range testClassSuffixes {
			if len(stem) > len(suf) && strings.HasSuffix(stem, suf) {
				return true
			}
		}
	}
	return false
}
