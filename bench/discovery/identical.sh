#!/usr/bin/env bash
# Proves that discovery results did not change: builds the discovery runner
# (bench/discovery/cmd) at a base commit and from the working tree, runs both
# on every testdata/projects/* project and on real ML repositories taken
# from the fetch mirror, with and without documentation, and compares the
# references (with locations), warnings and file counts.
#
# Usage: bench/discovery/identical.sh [BASE]   (default: the merge base of
# HEAD and main, i.e. main as this branch last merged it; before the first
# merge that was 4298e1b, the commit before the lexer and walk rewrite). MIRROR (default /work/.mirror) holds the fetched
# repositories as owner+name/repo bare git directories; a repository that is
# absent is skipped with a message. Exit status 1 when any output differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
BASE=${1:-$(git merge-base HEAD main)}
MIRROR=${MIRROR:-/work/.mirror}
REAL=(huggingface/diffusers huggingface/peft huggingface/trl)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir "$WORK/base"
git archive "$BASE" | tar -x -C "$WORK/base"
(cd "$WORK/base" && go build -o "$WORK/discover-base" ./bench/discovery/cmd)
go build -o "$WORK/discover-head" ./bench/discovery/cmd

TREES=()
for p in testdata/projects/*/; do TREES+=("$REPO/${p%/}"); done
# The realistic synthetic tree (deterministic), as written by this tree's generator.
go run ./bench/discovery/gen -realistic -files "${SYNTH_FILES:-5000}" -out "$WORK/real/synthetic-realistic" >/dev/null
TREES+=("$WORK/real/synthetic-realistic")
for r in "${REAL[@]}"; do
  git_dir="$MIRROR/${r/\//+}/repo"
  if [ ! -d "$git_dir" ]; then
    echo "skip $r: no mirror at $git_dir (fetch it with the search tool's fetch)" >&2
    continue
  fi
  dest="$WORK/real/${r#*/}"
  mkdir -p "$dest"
  git --git-dir="$git_dir" archive HEAD | tar -x -C "$dest"
  echo "$r at $(git --git-dir="$git_dir" rev-parse HEAD)" >&2
  TREES+=("$dest")
done

# The comparable part of the runner's JSON: what was found and where, the
# warnings and the counts. New fields added to Result after BASE are ignored;
# Skipped, a count at BASE and a list with reasons since, is compared as the
# number of files skipped for size or as binary (what BASE counted).
canon() {
  python3 -c '
import json, sys
r = json.load(sys.stdin)
out = {k: r.get(k) for k in ("References", "Warnings", "Files", "Skipped")}
if not isinstance(out["Skipped"], int):
    out["Skipped"] = sum(1 for s in out["Skipped"] or [] if s["reason"] in ("too-large", "binary"))
json.dump(out, sys.stdout, indent=1, sort_keys=True)
'
}

status=0
for tree in "${TREES[@]}"; do
  for docs in -docs ""; do
    "$WORK/discover-base" $docs "$tree" | canon >"$WORK/a.json"
    "$WORK/discover-head" $docs "$tree" | canon >"$WORK/b.json"
    refs=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["References"] or []), len(r["Warnings"] or []), r["Files"], r["Skipped"])' "$WORK/a.json")
    read -r nref nwarn nfiles nskip <<<"$refs"
    label="${tree#"$WORK/real/"}"; label="${label#"$REPO/"}"
    if cmp -s "$WORK/a.json" "$WORK/b.json"; then
      printf 'identical  %-32s %-6s references=%-5s warnings=%-3s files=%-5s skipped=%s sha256=%s\n' \
        "$label" "${docs:--nodocs}" "$nref" "$nwarn" "$nfiles" "$nskip" "$(sha256sum <"$WORK/b.json" | cut -c1-16)"
    else
      printf 'DIFFERENT  %-32s %-6s\n' "$label" "${docs:--nodocs}"
      diff -u "$WORK/a.json" "$WORK/b.json" | head -40
      status=1
    fi
  done
done
exit $status
