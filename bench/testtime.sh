#!/usr/bin/env bash
# Where the test suite's time goes: runs `go test -count=1 -json` (extra
# arguments are passed on, e.g. -race or a package list) and prints the
# wall time, the packages by elapsed time and the slowest top-level tests.
# Usage: bench/testtime.sh [-race] [PACKAGES]   (default ./...)
set -euo pipefail
cd "$(dirname "$0")/.."
json=$(mktemp)
trap 'rm -f "$json"' EXIT
[ $# -gt 0 ] && [[ ${!#} == ./* ]] || set -- "$@" ./...
start=${EPOCHREALTIME/[.,]/}
status=0
go test -count=1 -json "$@" >"$json" || status=$?
end=${EPOCHREALTIME/[.,]/}
python3 - "$json" "$(( (end - start) / 1000 ))" <<'PY'
import json, sys
pkgs, tests = {}, []
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("Action") not in ("pass", "fail", "skip") or "Elapsed" not in e:
        continue
    name = e["Package"].removeprefix("github.com/aibom/aibom/") or "."
    if e.get("Test"):
        if "/" not in e["Test"]:
            tests.append((e["Elapsed"], name, e["Test"], e["Action"]))
    else:
        pkgs[name] = (e["Elapsed"], e["Action"])
print(f"wall {int(sys.argv[2]) / 1000:.1f}s; test binaries ran {sum(t for t, _ in pkgs.values()):.1f}s in total")
print("packages:")
for name, (t, a) in sorted(pkgs.items(), key=lambda x: -x[1][0])[:12]:
    print(f"  {t:7.2f}s {a:4} {name}")
print("tests:")
for t, p, n, a in sorted(tests, reverse=True)[:20]:
    print(f"  {t:7.2f}s {a:4} {p} {n}")
PY
exit $status
