#!/usr/bin/env bash
# Resolution benchmark: a local fake Hub on 127.0.0.1 with 50 ms per request.
# Usage: bench/resolve/run.sh [-models N] [-latency D] [-per-host N] [-workers N]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go run ./bench/resolve "$@"
