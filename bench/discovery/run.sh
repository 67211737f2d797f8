#!/usr/bin/env bash
# Discovery benchmark: generate a synthetic monorepo, then time aibom's
# discovery against ripgrep searching the same tree for the same reference
# patterns, in one hyperfine run. Usage: bench/discovery/run.sh [files] [avg-bytes]
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
FILES=${1:-50000}
SIZE=${2:-6000}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || ! need hyperfine; then
  echo "installing ripgrep and hyperfine" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq ripgrep hyperfine >/dev/null
fi
[ -x /usr/bin/time ] || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq time >/dev/null; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TREE="$WORK/tree"
echo "generating $FILES files (avg $SIZE bytes) in $TREE" >&2
PLANTED=$(go run ./bench/discovery/gen -out "$TREE" -files "$FILES" -size "$SIZE")
echo "tree: $(du -sh "$TREE" | cut -f1), $(find "$TREE" -type f | wc -l) files, $PLANTED planted references" >&2

# The lead's CLI when it exists; otherwise the discovery-only runner.
go build -o "$WORK/discover" ./bench/discovery/cmd
CMD_DISCOVER="$WORK/discover -docs -count $TREE"
if go build -o "$WORK/aibom" ./cmd/aibom 2>/dev/null && "$WORK/aibom" scan --help 2>/dev/null | grep -q -- --offline; then
  CMD_AIBOM="$WORK/aibom scan --offline $TREE -f json"
else
  CMD_AIBOM=""
fi

# The same reference shapes aibom recognises, as one ripgrep search.
PATTERN='from_pretrained|pipeline\(|hf_hub_download|snapshot_download|huggingface-cli download|hf download|ollama (pull|run)|huggingface\.co/|hf\.co/|hf://|modelscope\.cn/|model(_name|_id)?\s*[:=]'
CMD_RG="rg --count-matches -e '$PATTERN' $TREE"

echo "discovery check: $($WORK/discover -docs -count "$TREE")" >&2

cd "$WORK"
ARGS=(--warmup 1 --runs 5 --export-json "$WORK/hf.json" -n discover "$CMD_DISCOVER" -n rg "$CMD_RG")
[ -n "$CMD_AIBOM" ] && ARGS+=(-n aibom "$CMD_AIBOM")
hyperfine "${ARGS[@]}" >&2

python3 - "$WORK/hf.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
rg = r["rg"]["mean"]
for name in ("discover", "aibom"):
    if name in r:
        print(f"{name}: mean {r[name]['mean']:.3f}s ± {r[name]['stddev']:.3f}  rg: mean {rg:.3f}s ± {r['rg']['stddev']:.3f}  ratio {r[name]['mean']/rg:.2f}x")
PY

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
echo "peak RSS discover: $(rss $WORK/discover -docs -count "$TREE") KiB; rg: $(rss rg --count-matches -e "$PATTERN" "$TREE") KiB"
# Memory must not grow with the number of files: a tree a fifth the size for comparison.
SMALL="$WORK/small"
(cd "$REPO" && go run ./bench/discovery/gen -out "$SMALL" -files $((FILES / 5)) -size "$SIZE" >/dev/null)
echo "peak RSS discover on $((FILES / 5)) files: $(rss $WORK/discover -docs -count "$SMALL") KiB"
