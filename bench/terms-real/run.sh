#!/usr/bin/env bash
# Terms on real model license texts, labelled by hand: builds aibom from this
# checkout, reads each labelled text from the fetch mirror (AIBOM_MIRROR,
# default /work/.mirror) at its pinned commit and compares what
# `aibom license -f json` says with the labels, per field, for the
# development and check halves. Texts missing from the mirror are skipped.
#
#   bench/terms-real/run.sh            # scores, both halves
#   bench/terms-real/run.sh -details   # plus the disagreements of the dev half
#   bench/terms-real/run.sh -list      # which text is in which half
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(mktemp -d)/aibom
trap 'rm -rf "$(dirname "$BIN")"' EXIT
go build -o "$BIN" ./cmd/aibom
go run ./bench/terms-real/score -aibom "$BIN" "$@"
