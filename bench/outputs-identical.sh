#!/usr/bin/env bash
# Proves that a change to the scan path left every output unchanged: builds
# aibom at a base commit and from the working tree, runs `aibom scan
# --offline` with both on every testdata/projects/* project, on real ML
# repositories taken from the fetch mirror and on a realistic synthetic
# tree, writing every report format in one run (-o FORMAT=FILE), and
# compares each file with cmp, and stdout (json) and the exit status too.
#
# Usage: bench/outputs-identical.sh [BASE]   (default: the merge base of HEAD
# and main). MIRROR (default /work/.mirror) holds fetched repositories as
# owner+name/repo bare git directories; one that is absent is skipped with a
# message. SYNTH_FILES (default 5000) sizes the synthetic tree. Exit status 1
# when any output differs.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BASE=${1:-$(git merge-base HEAD main)}
MIRROR=${MIRROR:-/work/.mirror}
REAL=(huggingface/diffusers huggingface/peft huggingface/trl)
export SOURCE_DATE_EPOCH=1767225600 # the reports carry no wall-clock time

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/base"
git archive "$BASE" | tar -x -C "$WORK/base"
(cd "$WORK/base" && go build -o "$WORK/aibom-base" ./cmd/aibom)
go build -o "$WORK/aibom-head" ./cmd/aibom

# Every format that renders a scan report, as the head binary lists them.
FORMATS=$("$WORK/aibom-head" scan --help | sed -n 's/.*stdout format: \([^(]*\) (default.*/\1/p' | tr -d ,)
[ -n "$FORMATS" ] || { echo "cannot read the format list from aibom scan --help" >&2; exit 2; }

TREES=()
for p in testdata/projects/*/; do TREES+=("$REPO/${p%/}"); done
go run ./bench/discovery/gen -realistic -files "${SYNTH_FILES:-5000}" -out "$WORK/trees/synthetic-realistic" >/dev/null
TREES+=("$WORK/trees/synthetic-realistic")
for r in "${REAL[@]}"; do
  git_dir="$MIRROR/${r/\//+}/repo"
  if [ ! -d "$git_dir" ]; then
    echo "skip $r: no mirror at $git_dir (fetch it with the search tool's fetch)" >&2
    continue
  fi
  dest="$WORK/trees/${r#*/}"
  mkdir -p "$dest"
  git --git-dir="$git_dir" archive HEAD | tar -x -C "$dest"
  TREES+=("$dest")
done

# run BIN OUT TREE: one offline scan writing every format into OUT, with a
# fresh cache; stdout, stderr and the exit status kept beside them.
run() {
  local bin=$1 out=$2 tree=$3 args=() code=0
  mkdir -p "$out"
  for f in $FORMATS; do args+=(-o "$f=$out/$f"); done
  "$bin" scan --offline --cache-dir "$out/.cache" "${args[@]}" -f json "$tree" >"$out/stdout" 2>"$out/stderr" || code=$?
  echo "$code" >"$out/exit"
  rm -rf "$out/.cache"
}

status=0
for tree in "${TREES[@]}"; do
  label="${tree#"$WORK/trees/"}"; label="${label#"$REPO/"}"
  rm -rf "$WORK/a" "$WORK/b"
  run "$WORK/aibom-base" "$WORK/a" "$tree"
  run "$WORK/aibom-head" "$WORK/b" "$tree"
  diffs=()
  for f in $FORMATS stdout stderr exit; do
    cmp -s "$WORK/a/$f" "$WORK/b/$f" || diffs+=("$f")
  done
  if [ ${#diffs[@]} -eq 0 ]; then
    printf 'identical  %-30s models=%-6s json=%-9s bytes exit=%s sha256(json)=%s\n' "$label" \
      "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["models"]))' "$WORK/b/json")" \
      "$(wc -c <"$WORK/b/json")" "$(cat "$WORK/b/exit")" "$(sha256sum <"$WORK/b/json" | cut -c1-16)"
  else
    printf 'DIFFERENT  %-30s %s\n' "$label" "${diffs[*]}"
    for f in "${diffs[@]}"; do cmp "$WORK/a/$f" "$WORK/b/$f" || true; done
    status=1
  fi
done
exit $status
