#!/usr/bin/env bash
# install-python-tools.sh
#
# Installs the pinned Python tools, each into its own virtualenv in the cache:
#   $SFU_CACHE_DIR/venv/checkov-<version>/bin/checkov
#   $SFU_CACHE_DIR/venv/moto-<version>/bin/moto_server   (moto[server])
#   $SFU_CACHE_DIR/venv/schemathesis-<version>/bin/schemathesis (st)
# A venv is reused when its completion stamp is present.
#   install-python-tools.sh [checkov|moto|schemathesis]...   only the named tools (default: all)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PYTHON="${SFU_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON is not on PATH (needed for checkov, moto and schemathesis)"
failed=0
wanted=("$@")
wants() { [[ ${#wanted[@]} -eq 0 ]] || [[ " ${wanted[*]} " == *" $1 "* ]]; }

install_venv() { # NAME VERSION VENV REQUIREMENTS CHECK_CMD...  (REQUIREMENTS: space-separated pins)
  local name="$1" version="$2" venv="$3" req="$4"
  shift 4
  local stamp="$venv/.sfu-complete" start secs
  if [[ -f "$stamp" ]]; then
    log "$name $version: cached ($venv)"
    record "$name" "$version" 0 "cached (cold install $(cat "$venv/.sfu-install-seconds" 2>/dev/null || echo '?')s)"
    return 0
  fi
  log "$name $version: installing '$req' into $venv"
  start="$(now)"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  if ! "$PYTHON" -m venv "$venv"; then
    skip "$name" "'$PYTHON -m venv $venv' failed (error above)"
    record "$name" "$version" "$(($(now) - start))" FAILED
    return 1
  fi
  # shellcheck disable=SC2086 # one word per pin
  if ! PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/pip" install --quiet $req; then
    skip "$name" "'pip install $req' failed (error above)"
    record "$name" "$version" "$(($(now) - start))" FAILED
    return 1
  fi
  if ! "$@" >/dev/null; then
    skip "$name" "installed, but '$*' does not run"
    record "$name" "$version" "$(($(now) - start))" FAILED
    return 1
  fi
  "$venv/bin/pip" freeze >"$venv/sfu-freeze.txt"
  secs=$(($(now) - start))
  echo "$secs" >"$venv/.sfu-install-seconds"
  touch "$stamp"
  log "$name $version: installed in ${secs}s"
  record "$name" "$version" "$secs" installed
}

wants checkov && { install_venv checkov "$SFU_CHECKOV_VERSION" "$SFU_CHECKOV_VENV" "checkov==$SFU_CHECKOV_VERSION" \
  "$SFU_CHECKOV_VENV/bin/checkov" --version || failed=1; }
wants moto && { install_venv moto "$SFU_MOTO_VERSION" "$SFU_MOTO_VENV" "moto[server]==$SFU_MOTO_VERSION cbor2==$SFU_CBOR2_VERSION" \
  "$SFU_MOTO_VENV/bin/python" -c "import moto, flask, cbor2; assert moto.__version__ == '$SFU_MOTO_VERSION', moto.__version__" || failed=1; }
wants schemathesis && { install_venv schemathesis "$SFU_SCHEMATHESIS_VERSION" "$SFU_SCHEMATHESIS_VENV" "schemathesis==$SFU_SCHEMATHESIS_VERSION" \
  "$SFU_SCHEMATHESIS_VENV/bin/schemathesis" --version || failed=1; }

if [[ -x "$SFU_CHECKOV_VENV/bin/checkov" ]]; then info "checkov $("$SFU_CHECKOV_VENV/bin/checkov" --version 2>/dev/null || echo '?')"; fi
if [[ -x "$SFU_MOTO_VENV/bin/python" ]]; then info "moto $("$SFU_MOTO_VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"; fi
if [[ -x "$SFU_SCHEMATHESIS_VENV/bin/schemathesis" ]]; then info "$("$SFU_SCHEMATHESIS_VENV/bin/schemathesis" --version 2>/dev/null || echo 'schemathesis ?')"; fi
exit "$failed"
