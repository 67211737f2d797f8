#!/usr/bin/env bash
# Discovery on real public repositories, labelled by hand: builds aibom from
# this checkout, materialises each labelled repository at its pinned commit
# from the fetch mirror (AIBOM_MIRROR, default /work/.mirror) and prints
# per-repository and macro recall/precision for the development and check
# halves. Repositories missing from the mirror are skipped with a message.
#
#   bench/discovery-real/run.sh            # scores, both halves
#   bench/discovery-real/run.sh -details   # plus misses/extras of the dev half
#   bench/discovery-real/run.sh -list      # which repository is in which half
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(mktemp -d)/aibom
trap 'rm -rf "$(dirname "$BIN")"' EXIT
go build -o "$BIN" ./cmd/aibom
go run ./bench/discovery-real/score -aibom "$BIN" "$@"
