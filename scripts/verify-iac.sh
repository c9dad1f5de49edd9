#!/usr/bin/env bash
# scripts/verify-iac.sh: the extended CI tier (issue 5).
#
#   scripts/verify-iac.sh              install/cache the tools, synth the
#                                      emulator environment, checkov over
#                                      cdktf.out, every stack against moto;
#                                      runs the toolchain self-test instead
#                                      when there are no stacks yet
#   scripts/verify-iac.sh --tools-only install/cache the tools and print versions
#   scripts/verify-iac.sh --selftest   also run the throwaway-config self-test
#
# Environment:
#   SFU_CACHE_DIR      tool cache (default ~/.cache/secure-function-url)
#   SFU_SKIP_SYNTH=1   use the existing cdktf.out, do not run synth
#   SFU_EMULATOR_URL   where moto listens (default http://127.0.0.1:5000); the
#                      emulator environment's providers/backends point there
#   SFU_OUT_DIR        cdktf output dir (default <repo>/cdktf.out)
# Details, pins and timings: scripts/verify-iac/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=verify-iac/lib.sh
source "$here/verify-iac/lib.sh"

mode="full"
selftest="auto"
for arg in "$@"; do
  case "$arg" in
    --tools-only) mode="tools" ;;
    --selftest) selftest="yes" ;;
    --no-selftest) selftest="no" ;;
    -h | --help)
      sed -n '2,20p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

# This run's logs (tofu output per stack and step) stay in the cache dir; the
# last 5 runs are kept.
run_dir="$SFU_LOG_DIR/run-$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir -p "$run_dir"
find "$SFU_LOG_DIR" -maxdepth 1 -name 'run-*' -type d | sort | head -n -5 | xargs -r rm -rf
export SFU_TIMINGS_FILE="$run_dir/timings.txt"
: >"$SFU_TIMINGS_FILE"
export SFU_STACK_LOG_DIR="$run_dir/stacks"
mkdir -p "$SFU_STACK_LOG_DIR" "$SFU_CACHE_DIR"
export SFU_STACK_RESULTS="$run_dir/stacks.txt"
export SFU_CHECKOV_RESULT="$run_dir/checkov.txt"
export SFU_E2E_RESULT="$run_dir/e2e.txt"
failures=()
skipped=()
t0="$(now)"

# step NAME CMD...: run one concern; on failure remember it and carry on.
step() {
  local name="$1" rc=0
  shift
  log "$name"
  "$@" || rc=$?
  if [[ $rc -ne 0 ]]; then
    failures+=("$name (exit $rc)")
  fi
  return 0
}
skip_step() {
  skip "$1" "$2"
  skipped+=("$1: $2")
}

log "extended CI tier: cache $SFU_CACHE_DIR, mode $mode (CI=${CI:-})"

# ------------------------------------------------------------ 1. tools -------
step "install OpenTofu $SFU_TOFU_VERSION" bash "$SFU_VERIFY_DIR/install-tofu.sh"
step "install providers into the filesystem mirror" bash "$SFU_VERIFY_DIR/install-providers.sh"
step "install checkov $SFU_CHECKOV_VERSION, moto $SFU_MOTO_VERSION and schemathesis $SFU_SCHEMATHESIS_VERSION" bash "$SFU_VERIFY_DIR/install-python-tools.sh"

tools_ok=1
[[ ${#failures[@]} -eq 0 ]] || tools_ok=0

# ------------------------------------------------------- 2. stacks -----------
out_dir="${SFU_OUT_DIR:-$SFU_REPO_ROOT/cdktf.out}"
have_stacks=0

run_stack_tier() {
  # The emulator: moto on loopback at SFU_EMULATOR_URL (port 5000 by default).
  # shellcheck source=verify-iac/moto.sh
  source "$SFU_VERIFY_DIR/moto.sh"
  local url="${SFU_EMULATOR_URL:-http://127.0.0.1:5000}" port
  port="${url##*:}"
  port="${port%%/*}"
  [[ "$url" == http://127.0.0.1:* || "$url" == http://localhost:* ]] ||
    die "SFU_EMULATOR_URL must be a loopback http URL, got $url"
  moto_start "$port"
  export SFU_EMULATOR_URL="$url"

  # Synthesize the emulator environment (or reuse cdktf.out).
  if [[ "${SFU_SKIP_SYNTH:-}" == "1" ]]; then
    info "SFU_SKIP_SYNTH=1: using the existing $out_dir"
  elif ! node -e 'process.exit(((require(process.argv[1]).scripts || {}).synth) ? 0 : 1)' "$SFU_REPO_ROOT/package.json"; then
    skip_step "synth" "package.json has no 'synth' script yet"
  else
    # shellcheck disable=SC2016 # $1 expands in the inner bash
    step "synth (SFU_ENV=emulator npm run synth)" \
      bash -c 'cd "$1" && SFU_ENV=emulator npm run synth' _ "$SFU_REPO_ROOT"
  fi

  if [[ ! -f "$out_dir/manifest.json" ]]; then
    skip_step "checkov over cdktf.out" "no $out_dir/manifest.json (no synthesized stacks yet)"
    skip_step "per-stack init/validate/plan/apply/drift/destroy" "no $out_dir/manifest.json (no synthesized stacks yet)"
  else
    have_stacks=1
    step "checkov over $out_dir" bash "$SFU_VERIFY_DIR/checkov.sh" "$out_dir"
    step "stacks: init/validate/plan/apply, drift, destroy" bash "$SFU_VERIFY_DIR/stacks.sh" "$out_dir"
  fi
  moto_stop
}

if [[ "$mode" == "tools" ]]; then
  :
elif [[ $tools_ok -ne 1 ]]; then
  skip_step "synth, checkov, stacks" "a tool failed to install (see 'FAILED' above)"
else
  run_stack_tier
fi

# ----------------------------------------------- 2d. the API contract ---------
# schemathesis: docs/openapi.json against `npm run dev` (the whole local chain),
# both signing modes (issue 12; scripts/verify-iac/schemathesis.sh), after the
# background checks are done so that its times are its own.
export SFU_SCHEMATHESIS_RESULT="$run_dir/schemathesis.txt"
if [[ "$mode" == "full" ]]; then
  if [[ -x "$SFU_SCHEMATHESIS_VENV/bin/schemathesis" ]]; then
    step "schemathesis $SFU_SCHEMATHESIS_VERSION: the OpenAPI document against npm run dev (edge-sigv4, oac)" \
      bash "$SFU_VERIFY_DIR/schemathesis.sh" "$SFU_SCHEMATHESIS_RESULT"
  else
    skip_step "schemathesis" "not installed (see 'FAILED' above)"
  fi
fi

# ---------------------------------------------------- 3. self-test -----------
if [[ "$selftest" == "yes" || ("$selftest" == "auto" && "$mode" == "full" && $have_stacks -eq 0) ]]; then
  if [[ $tools_ok -eq 1 ]]; then
    step "self-test: throwaway config against moto (tofu + providers + S3 backend + checkov)" \
      bash "$SFU_VERIFY_DIR/selftest.sh"
  else
    skip_step "self-test" "a tool failed to install"
  fi
fi

# ------------------------------------------------------ 4. summary -----------
sfu_tofu_env
{
  echo
  echo "==================== extended CI tier: summary ===================="
  printf '%-17s %-97s %7s  %s\n' TOOL VERSION SECONDS STATUS
  while IFS='|' read -r name ver secs status; do
    printf '%-17s %-97s %7s  %s\n' "$name" "$ver" "$secs" "$status"
  done <"$SFU_TIMINGS_FILE"
  if [[ -x "$SFU_TOFU_BIN" ]]; then
    echo
    "$SFU_TOFU_BIN" version | sed 's/^/  /'
  fi
  if [[ -s "$SFU_CHECKOV_RESULT" ]]; then
    echo
    sed 's/^/  /' "$SFU_CHECKOV_RESULT"
  fi
  if [[ -s "$SFU_STACK_RESULTS" ]]; then
    echo
    printf '  %-24s %-9s %-9s %-24s %-18s %7s\n' STACK RESOURCES VALIDATE APPLY "DRIFT(2nd plan)" SECONDS
    grep -vE '^(gap|destroy|remote)\|' "$SFU_STACK_RESULTS" | while IFS='|' read -r s r v a d t; do
      printf '  %-24s %-9s %-9s %-24s %-18s %7s\n' "$s" "$r" "$v" "$a" "$d" "$t"
    done
    grep '^remote|' "$SFU_STACK_RESULTS" | while IFS='|' read -r _ s addr loc n; do
      printf '  %-24s remote state: %s <- %s (%s)\n' "$s" "$addr" "$loc" "$n"
    done
    grep '^gap|' "$SFU_STACK_RESULTS" | while IFS='|' read -r _ s addr why; do
      printf '  %-24s not applied: %s -- %s\n' "$s" "$addr" "$why"
    done
    grep '^destroy|' "$SFU_STACK_RESULTS" | while IFS='|' read -r _ s st t note; do
      printf '  %-24s destroy %s in %ss%s\n' "$s" "$st" "$t" "${note:+ ($note)}"
    done
  fi
  if [[ -s "$SFU_E2E_RESULT" ]]; then
    echo
    e2e_secs="$(sed -n 's/^seconds=//p' "$SFU_E2E_RESULT")"
    printf '  e2e token (moto Cognito user -> real edge package): %s -- %s%s\n' \
      "$(sed -n 's/^e2e=//p' "$SFU_E2E_RESULT")" "$(sed -n 's/^summary=//p' "$SFU_E2E_RESULT")" "${e2e_secs:+ (${e2e_secs}s)}"
  fi
  if [[ -s "$SFU_SCHEMATHESIS_RESULT" ]]; then
    echo
    printf '  %-38s %10s %9s %9s %7s  %s\n' "schemathesis $SFU_SCHEMATHESIS_VERSION (npm run dev)" OPERATIONS EXAMPLES FAILURES SECONDS STATUS
    while IFS='|' read -r m o e f t st; do
      printf '  %-38s %10s %9s %9s %7s  %s\n' "$m" "$o" "$e" "$f" "$t" "$st"
    done <"$SFU_SCHEMATHESIS_RESULT"
    echo "  exclusions: $(grep -cE '^(check|method) ' "$SFU_VERIFY_DIR/schemathesis-exclusions.txt") in scripts/verify-iac/schemathesis-exclusions.txt (printed with their reasons above)"
  fi
  for s in "${skipped[@]}"; do echo "  SKIPPED: $s"; done
  for f in "${failures[@]}"; do echo "  FAILED:  $f"; done
  echo "  logs: $run_dir"
  echo "  total: $(($(now) - t0))s"
  echo "==================================================================="
} >&2

if [[ ${#failures[@]} -gt 0 ]]; then
  exit 1
fi
