#!/usr/bin/env bash
# Discovery benchmark on a real ML repository: materialise its newest
# snapshot from the fetch mirror (git archive HEAD; nothing of it is kept),
# then time aibom against ripgrep in one hyperfine run and report peak memory.
#
# Usage: bench/discovery/real.sh [owner/name ...]   (default huggingface/diffusers)
# MIRROR (default /work/.mirror) holds fetched repositories as
# owner+name/repo bare git directories; one that is absent is skipped with a
# message. RUNS and WARMUP set hyperfine's counts (default 5 and 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/discovery/lib.sh
MIRROR=${MIRROR:-/work/.mirror}
[ $# -gt 0 ] || set -- huggingface/diffusers
install_tools

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
build_tools "$WORK"
for r in "$@"; do
  git_dir="$MIRROR/${r/\//+}/repo"
  if [ ! -d "$git_dir" ]; then
    echo "skip $r: no mirror at $git_dir (fetch it with the search tool's fetch)" >&2
    continue
  fi
  tree="$WORK/${r#*/}"
  mkdir -p "$tree"
  git --git-dir="$git_dir" archive HEAD | tar -x -C "$tree"
  (cd "$WORK" && compare "$WORK" "$tree" "$r@$(git --git-dir="$git_dir" rev-parse --short HEAD)")
done
