#!/usr/bin/env bash
# install-tofu.sh
#
# Builds OpenTofu $SFU_TOFU_VERSION (lib.sh) from the Go module proxy into
#   $SFU_CACHE_DIR/tofu/<version>/tofu
# through a wrapper module that repeats opentofu's own replace (and godebug)
# directives, since `go install github.com/opentofu/opentofu/cmd/tofu@v...`
# refuses a module with a replace directive. Linked as OpenTofu's release
# builds are (-X .../version.dev=no), so it reports v<version>, not -dev.
# A cached binary is reused.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sfu_lock "tofu-$SFU_TOFU_VERSION"
if [[ -x "$SFU_TOFU_BIN" ]]; then
  log "tofu $SFU_TOFU_VERSION: cached ($SFU_TOFU_BIN)"
  record tofu "$SFU_TOFU_VERSION" 0 "cached (cold build $(cat "$SFU_TOFU_BIN.build-seconds" 2>/dev/null || echo '?')s)"
else
  log "tofu $SFU_TOFU_VERSION: building $SFU_TOFU_MODULE/cmd/tofu@v$SFU_TOFU_VERSION (cold build, a few minutes)"
  start="$(now)"
  if ! go_wrapper_build "$SFU_TOFU_BIN" "$SFU_TOFU_MODULE" "$SFU_TOFU_MODULE" "v$SFU_TOFU_VERSION" "$SFU_TOFU_MODULE/cmd/tofu" \
    "-X $SFU_TOFU_MODULE/version.dev=no"; then
    skip "tofu" "build of $SFU_TOFU_MODULE/cmd/tofu@v$SFU_TOFU_VERSION failed (the go error is printed above)"
    record tofu "$SFU_TOFU_VERSION" "$(($(now) - start))" FAILED
    exit 1
  fi
  secs=$(($(now) - start))
  log "tofu $SFU_TOFU_VERSION: built in ${secs}s"
  echo "$secs" >"$SFU_TOFU_BIN.build-seconds"
  record tofu "$SFU_TOFU_VERSION" "$secs" built
fi

# An empty CLI config: the machine's TF_CLI_CONFIG_FILE may name a missing file.
got="$(TF_CLI_CONFIG_FILE=/dev/null "$SFU_TOFU_BIN" version | grep -m1 '^OpenTofu' || true)"
info "$got"
[[ "$got" == "OpenTofu v$SFU_TOFU_VERSION" ]] || die "expected 'OpenTofu v$SFU_TOFU_VERSION', the binary says '$got'"
