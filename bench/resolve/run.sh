#!/usr/bin/env bash
# Resolution benchmark: resolve.Resolve over httpx and the Hugging Face
# client against a local fake Hub on 127.0.0.1 with 50 ms per request.
# Usage: bench/resolve/run.sh [-models N] [-latency D] [-concurrency N]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go run ./bench/resolve "$@"
