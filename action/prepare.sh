#!/usr/bin/env bash
# aibom action, first step: how the gate gets its aibom binary.
#
# With the `binary` input the gate uses that executable and nothing is
# built. Otherwise the gate builds aibom from the action's own source into
# a directory that actions/cache keeps between runs, keyed on a hash of that
# source (go.mod, go.sum and the non-test Go files), so a warm run skips Go
# and the build altogether. hashFiles() cannot hash the action's own files
# (it only sees the workspace), hence this script.
#
# Writes to GITHUB_OUTPUT: build (true|false), dir (where the binary is
# built and cached) and key (the cache key).
set -euo pipefail
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set (run inside GitHub Actions)}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set (run inside GitHub Actions)}"
action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

if [[ -n ${INPUT_BINARY:-} ]]; then
	printf 'build=false\ndir=\nkey=\n' >>"$GITHUB_OUTPUT"
	exit 0
fi

sha=(shasum -a 256) # macOS
if command -v sha256sum >/dev/null; then sha=(sha256sum); fi
hash=$(
	cd "$action_dir"
	find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) \
		-not -name '*_test.go' -not -path '*/testdata/*' -not -path './.git/*' -print0 |
		LC_ALL=C sort -z | xargs -0 "${sha[@]}" | "${sha[@]}" | cut -c1-32
)
{
	printf 'build=true\n'
	printf 'dir=%s\n' "$RUNNER_TEMP/aibom-action-bin"
	printf 'key=aibom-action-%s-%s-%s\n' "${RUNNER_OS:-unknown}" "${RUNNER_ARCH:-unknown}" "$hash"
} >>"$GITHUB_OUTPUT"
