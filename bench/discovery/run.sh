#!/usr/bin/env bash
# Discovery benchmark on a generated tree: time aibom against ripgrep
# searching the same tree for the same reference patterns, in one hyperfine
# run, and report peak memory.
#
# Usage: bench/discovery/run.sh [-realistic] [files] [avg-bytes]
#   (default)   the sparse monorepo: 50000 files of 6000 bytes on average,
#               a reference in one file out of 250
#   -realistic  50000 files whose kinds, sizes and reference density follow
#               huggingface/diffusers (bench/discovery/gen/realistic.go)
# RUNS and WARMUP set hyperfine's counts (default 5 and 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
source bench/discovery/lib.sh
MODE=sparse
if [ "${1:-}" = "-realistic" ]; then MODE=realistic; shift; fi
FILES=${1:-50000}
SIZE=${2:-6000}
install_tools

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TREE="$WORK/tree"
GEN=(-out "$TREE" -files "$FILES")
if [ "$MODE" = realistic ]; then GEN+=(-realistic); else GEN+=(-size "$SIZE"); fi
echo "generating a $MODE tree of $FILES files in $TREE" >&2
PLANTED=$(go run ./bench/discovery/gen "${GEN[@]}")
echo "$PLANTED planted references" >&2
build_tools "$WORK"
FOUND=$("$WORK/discover" -docs -count "$TREE" | sed 's/.*references=\([0-9]*\).*/\1/')
[ "$FOUND" = "$PLANTED" ] || { echo "discovery found $FOUND references, the generator planted $PLANTED" >&2; exit 1; }

cd "$WORK"
compare "$WORK" "$TREE" "$MODE $FILES files"

# Memory must not grow with the number of files: a tree a fifth the size.
SMALL="$WORK/small"
SGEN=(-out "$SMALL" -files $((FILES / 5)))
if [ "$MODE" = realistic ]; then SGEN+=(-realistic); else SGEN+=(-size "$SIZE"); fi
(cd "$REPO" && go run ./bench/discovery/gen "${SGEN[@]}" >/dev/null)
echo "$MODE $((FILES / 5)) files: peak RSS discover $(/usr/bin/time -v "$WORK/discover" -docs -count "$SMALL" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}') KiB"
