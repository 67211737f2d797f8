# Shared by run.sh and real.sh: tools, binaries and the one-run comparison
# of aibom with ripgrep on a tree. Source it from the repository root.

need() { command -v "$1" >/dev/null 2>&1; }
install_tools() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  if ! need rg || ! need hyperfine; then
    echo "installing ripgrep and hyperfine" >&2
    $sudo apt-get update -qq && $sudo apt-get install -y -qq ripgrep hyperfine >/dev/null
  fi
  [ -x /usr/bin/time ] || $sudo apt-get install -y -qq time >/dev/null
}

# build_tools DIR: the discovery-only runner and the CLI.
build_tools() {
  go build -o "$1/discover" ./bench/discovery/cmd
  go build -o "$1/aibom" ./cmd/aibom
}

# The reference shapes aibom recognises, as one ripgrep search: the floor,
# the cost of reading the files and looking for the trigger patterns.
PATTERN='from_pretrained|pipeline\(|hf_hub_download|snapshot_download|huggingface-cli download|hf download|ollama (pull|run)|huggingface\.co/|hf\.co/|hf://|modelscope\.cn/|model(_name|_id)?\s*[:=]'

# compare BIN TREE LABEL: one hyperfine run timing discovery alone, the whole
# `aibom scan --offline` (discovery, offline resolution of what is found,
# identification, the JSON report) and ripgrep; the ratios; peak RSS.
compare() {
  local bin=$1 tree=$2 label=$3 json
  json=$(mktemp)
  echo "== $label: $(du -sh "$tree" | cut -f1), $(find "$tree" -type f | wc -l) files" >&2
  echo "discovery: $("$bin/discover" -docs -count "$tree")" >&2
  # A scan with findings exits 1; the cache directory is a fresh one.
  hyperfine -N -i --warmup "${WARMUP:-1}" --runs "${RUNS:-5}" --export-json "$json" \
    -n discover "$bin/discover -docs -count $tree" \
    -n aibom "$bin/aibom scan --offline --cache-dir $bin/cache $tree -f json" \
    -n rg "rg --count-matches -e '$PATTERN' $tree" >&2
  python3 - "$json" "$label" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
rg = r["rg"]
# On a shared machine the minimum is the run least disturbed by others.
for name in ("discover", "aibom"):
    x = r[name]
    print(f"{sys.argv[2]}: {name}: mean {x['mean']:.3f}s ± {x['stddev']:.3f}, min {x['min']:.3f}s (user {x['user']:.3f}s, system {x['system']:.3f}s)  "
          f"rg: mean {rg['mean']:.3f}s ± {rg['stddev']:.3f}, min {rg['min']:.3f}s (user {rg['user']:.3f}s, system {rg['system']:.3f}s)  "
          f"ratio of means {x['mean']/rg['mean']:.2f}x, of minimums {x['min']/rg['min']:.2f}x")
PY
  rm -f "$json"
  rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
  echo "$label: peak RSS discover $(rss "$bin/discover" -docs -count "$tree") KiB, aibom $(rss "$bin/aibom" scan --offline --cache-dir "$bin/cache" "$tree" -f json) KiB, rg $(rss rg --count-matches -e "$PATTERN" "$tree") KiB"
}
