#!/usr/bin/env bash
# install-providers.sh [NAME...]
#
# Builds the pinned providers (lib.sh: SFU_PROVIDERS) from source through the
# Go module proxy, installs them into the filesystem mirror
#   $SFU_CACHE_DIR/providers/<host>/hashicorp/<name>/<version>/linux_amd64/terraform-provider-<name>_v<version>
# (unpacked layout, under registry.terraform.io and registry.opentofu.org),
# and writes the tofu CLI config that points at that mirror only.
# With NAMEs, only those providers are built. Cached binaries are reused.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

want=("$@")
failed=0

write_cli_config() {
  write_mirror_cli_config "$SFU_TOFU_CLI_CONFIG" scripts/verify-iac/install-providers.sh 'plugin_cache_dir = ""'
  info "tofu CLI config: $SFU_TOFU_CLI_CONFIG (filesystem_mirror $SFU_PROVIDER_MIRROR, no direct)"
}

provider_path() { # HOST NAME VERSION
  printf '%s/%s/hashicorp/%s/%s/%s/terraform-provider-%s_v%s' \
    "$SFU_PROVIDER_MIRROR" "$1" "$2" "$3" "$SFU_PLATFORM" "$2" "$3"
}

install_one() { # SPEC
  local name label req src ver pkg xvar
  IFS='|' read -r name label req src ver pkg xvar <<<"$1"
  local primary host other start secs ldflags="" vfile
  primary="$(provider_path "${SFU_PROVIDER_HOSTS[0]}" "$name" "$label")"

  sfu_lock "provider-$name-$label"
  if [[ -x "$primary" ]]; then
    log "provider $name $label: cached ($primary)"
    record "provider $name" "$label ($src@$ver)" 0 "cached (cold build $(cat "$SFU_CACHE_DIR/logs/build-seconds-provider-$name-$label" 2>/dev/null || echo '?')s)"
  else
    log "provider $name $label: building from $src@$ver (cold build; the aws provider takes tens of minutes)"
    start="$(now)"
    sfu_go_env
    # Check that the pinned commit really is the labelled version before the
    # (possibly long) build: its own version/VERSION file must say so.
    if ! go mod download "$src@$ver"; then
      skip "provider $name" "go mod download $src@$ver failed (see the error above)"
      record "provider $name" "$label" "$(($(now) - start))" FAILED
      sfu_unlock
      return 1
    fi
    vfile="$GOMODCACHE/$src@$ver/version/VERSION"
    if [[ -f "$vfile" && "$(tr -d '[:space:]' <"$vfile")" != "$label" ]]; then
      skip "provider $name" "$src@$ver says version $(cat "$vfile"), lib.sh labels it $label: fix the pin"
      record "provider $name" "$label" "$(($(now) - start))" FAILED
      sfu_unlock
      return 1
    fi
    [[ -n "$xvar" ]] && ldflags="-X $xvar=$label"
    if ! go_wrapper_build "$primary" "$req" "$src" "$ver" "$pkg" "$ldflags"; then
      skip "provider $name" "build of $pkg from $src@$ver failed (the go error is printed above)"
      record "provider $name" "$label" "$(($(now) - start))" FAILED
      sfu_unlock
      return 1
    fi
    secs=$(($(now) - start))
    log "provider $name $label: built in ${secs}s"
    mkdir -p "$SFU_CACHE_DIR/logs"
    echo "$secs" >"$SFU_CACHE_DIR/logs/build-seconds-provider-$name-$label"
    record "provider $name" "$label ($src@$ver)" "$secs" built
  fi
  sfu_unlock

  # Offer the same binary under every host name (hard link; copy if needed).
  for host in "${SFU_PROVIDER_HOSTS[@]:1}"; do
    other="$(provider_path "$host" "$name" "$label")"
    if [[ ! -x "$other" ]]; then
      mkdir -p "$(dirname "$other")"
      ln -f "$primary" "$other" 2>/dev/null || cp -f "$primary" "$other"
    fi
  done
}

for spec in "${SFU_PROVIDERS[@]}"; do
  name="${spec%%|*}"
  if [[ ${#want[@]} -gt 0 && ! " ${want[*]} " == *" $name "* ]]; then
    continue
  fi
  install_one "$spec" || failed=1
done
write_cli_config
exit "$failed"
