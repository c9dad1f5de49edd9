#!/usr/bin/env bash
# scripts/verify-iac.sh: the extended CI tier (issue 5).
#
#   scripts/verify-iac.sh              install/cache the tools, synth the
#                                      emulator environment, checkov over
#                                      cdktf.out, every stack against moto
#                                      (OpenTofu, and Terraform where it is
#                                      on PATH); beside it, the Node 20/22/24
#                                      matrix and the cdktn check (issue 13);
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
#   SFU_NODE_TESTED_BY where the machine's Node already passed the full jest
#                      suite (.ci/run sets it after npm test): the Node matrix
#                      does not run it again
#   SFU_SKIP_TOOLCHAIN=1  no Node matrix and no cdktn check (a quick rerun)
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
step "install Node $(printf '%s ' "${SFU_NODE_MATRIX[@]%%|*}")from the npm registry (runtime matrix)" bash "$SFU_VERIFY_DIR/install-node.sh"

tools_ok=1
[[ ${#failures[@]} -eq 0 ]] || tools_ok=0

# ------------------------------- 2a. toolchain checks, in the background ----
# Issue 13: the Node 20/22/24 matrix (node-matrix.sh) and the move to CDK
# Terrain (cdktn.sh) need no emulator. They run beside the stack tier, whose
# minutes are mostly the AWS-like waits the provider keeps on moto too; their
# output is printed in one piece when they are done, and their lines are in
# the summary. Each fails the tier on a real failure and says SKIPPED when a
# tool is genuinely unavailable.
export SFU_NODE_MATRIX_RESULT="$run_dir/node-matrix.txt" SFU_CDKTN_RESULT="$run_dir/cdktn.txt"
export SFU_SCHEMATHESIS_RESULT="$run_dir/schemathesis.txt"
schemathesis_exit="$run_dir/schemathesis.exit"
# schemathesis (issue 12) runs in the same background chain, after the Node
# matrix: it needs no emulator (npm run dev on free loopback ports), and the
# stacks mostly wait on the providers' polling, so it overlaps them.
run_schemathesis=0
if [[ "$mode" == "full" && -x "$SFU_SCHEMATHESIS_VENV/bin/schemathesis" ]]; then run_schemathesis=1; fi
toolchain_pid=""
toolchain_pid_done=""
# stop_toolchain: on an early exit, stop the background checks' process group.
stop_toolchain() {
  if [[ -n "${toolchain_pid:-}" ]] && kill -0 "$toolchain_pid" 2>/dev/null; then
    warn "stopping the background toolchain checks (process group $toolchain_pid)"
    kill -- -"$toolchain_pid" 2>/dev/null || true
  fi
}
if [[ "$mode" == "full" && "${SFU_SKIP_TOOLCHAIN:-}" != "1" ]]; then
  log "toolchain checks (cdktn, then the Node matrix, then schemathesis) started in the background: $run_dir/toolchain.log"
  # cdktn first: stacks.sh plans its synth against the applied state before
  # destroying. Its own process group (setsid), so that a run that stops early
  # (the trap below) stops it and everything it started, and nothing else.
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c '
    rc=0
    bash "$1/cdktn.sh" "$2" || rc=1
    bash "$1/node-matrix.sh" "$3" || rc=1
    if [[ "$4" == 1 ]]; then
      st=0
      bash "$1/schemathesis.sh" "$SFU_SCHEMATHESIS_RESULT" || st=$?
      echo "$st" >"$5"
    fi
    exit "$rc"' _ "$SFU_VERIFY_DIR" "$SFU_CDKTN_RESULT" "$SFU_NODE_MATRIX_RESULT" "$run_schemathesis" "$schemathesis_exit" >"$run_dir/toolchain.log" 2>&1 </dev/null &
  toolchain_pid=$!
  export SFU_TOOLCHAIN_PID="$toolchain_pid"
  trap stop_toolchain EXIT
elif [[ "$mode" == "full" ]]; then
  skip_step "Node matrix and cdktn check" "SFU_SKIP_TOOLCHAIN=1"
fi

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
  trap 'moto_stop; stop_toolchain' EXIT # moto_start set its own; keep both
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

# ------------------------------------ 2c. the toolchain checks' results -----
# toolchain_result FILE NAME: a background check's status into the summary lists.
toolchain_result() {
  local st
  st="$(sed -n 's/^status=//p' "$1" 2>/dev/null | tail -n1)"
  case "$st" in
    ok) ;;
    skipped) skipped+=("$2: $(sed -n 's/^line=//p' "$1" | tail -n1)") ;;
    FAILED) failures+=("$2: $(sed -n 's/^line=//p' "$1" | tail -n1)") ;;
    *) failures+=("$2: no result (see the toolchain output above)") ;;
  esac
}
tested_majors=""
if [[ -n "$toolchain_pid" ]]; then
  log "waiting for the toolchain checks (Node matrix, cdktn)"
  toolchain_rc=0
  wait "$toolchain_pid" || toolchain_rc=$?
  toolchain_pid_done="$toolchain_pid"
  toolchain_pid="" # ended: nothing for the EXIT trap to stop
  log "toolchain checks (exit $toolchain_rc), their output:"
  sed 's/^/  | /' "$run_dir/toolchain.log" >&2
  toolchain_result "$SFU_NODE_MATRIX_RESULT" "node matrix"
  toolchain_result "$SFU_CDKTN_RESULT" "cdktn"
  tested_majors="$(sed -n 's/^majors=//p' "$SFU_NODE_MATRIX_RESULT" 2>/dev/null | tail -n1)"
  # The Lambda runtimes the stacks deploy must be Node majors the matrix passed:
  # every variant the cdktn check synthesized, and the emulator synth.
  runtimes="$(
    {
      sed -n 's/^runtimes=//p' "$SFU_CDKTN_RESULT" 2>/dev/null | tr ',' '\n'
      if [[ -f "$out_dir/manifest.json" ]]; then
        cat "$out_dir"/stacks/*/cdk.tf.json 2>/dev/null | grep -o '"runtime": *"nodejs[0-9]*\.x"' | grep -o 'nodejs[0-9]*\.x'
      fi
    } | sed '/^$/d' | sort -u | paste -sd' ' -
  )"
  untested=()
  for r in $runtimes; do
    m="${r#nodejs}"
    m="${m%.x}"
    [[ " $tested_majors " == *" $m "* ]] || untested+=("$r")
  done
  if [[ -z "$runtimes" ]]; then
    runtime_line="Lambda runtimes: none found in the synth outputs (nothing to hold against the matrix)"
  elif [[ ${#untested[@]} -gt 0 ]]; then
    runtime_line="Lambda runtimes deployed: $runtimes; NOT tested by the Node matrix: ${untested[*]}"
    failures+=("Lambda runtime not in the passed Node matrix: ${untested[*]} (matrix passed: ${tested_majors:-none})")
  else
    runtime_line="Lambda runtimes deployed (every config and signing mode): $runtimes; each is a Node major the matrix passed (${tested_majors// //})"
  fi
fi

# ----------------------------------------------- 2d. the API contract ---------
# schemathesis: docs/openapi.json against `npm run dev` (the whole local chain),
# both signing modes (issue 12; scripts/verify-iac/schemathesis.sh). It ran in
# the background chain above (its output is in the toolchain output); here
# when there was no background chain (SFU_SKIP_TOOLCHAIN=1).
if [[ "$mode" == "full" ]]; then
  schemathesis_step="schemathesis $SFU_SCHEMATHESIS_VERSION: the OpenAPI document against npm run dev (edge-sigv4, oac)"
  if [[ $run_schemathesis -ne 1 ]]; then
    skip_step "schemathesis" "not installed (see 'FAILED' above)"
  elif [[ -n "$toolchain_pid_done" ]]; then
    st="$(cat "$schemathesis_exit" 2>/dev/null || echo 'no exit status')"
    [[ "$st" == 0 ]] || failures+=("$schemathesis_step (exit $st; its output is in the toolchain output above)")
  else
    step "$schemathesis_step" bash "$SFU_VERIFY_DIR/schemathesis.sh" "$SFU_SCHEMATHESIS_RESULT"
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
    grep -vE '^(gap|standin|ops|destroy|remote|tf|tfengine|cdktn|cdktnplan)\|' "$SFU_STACK_RESULTS" | while IFS='|' read -r s r v a d t; do
      printf '  %-24s %-9s %-9s %-24s %-18s %7s\n' "$s" "$r" "$v" "$a" "$d" "$t"
    done
    { grep '^remote|' "$SFU_STACK_RESULTS" || true; } | while IFS='|' read -r _ s addr loc n; do
      printf '  %-24s remote state: %s <- %s (%s)\n' "$s" "$addr" "$loc" "$n"
    done
    { grep '^gap|' "$SFU_STACK_RESULTS" || true; } | while IFS='|' read -r _ s addr why; do
      printf '  %-24s not applied: %s -- %s\n' "$s" "$addr" "$why"
    done
    { grep '^ops|' "$SFU_STACK_RESULTS" || true; } | while IFS='|' read -r _ s a d; do
      printf '  %-24s operations applied: %s CloudWatch alarms, %s dashboard(s) (their drift: the 2nd plan above)\n' "$s" "$a" "$d"
    done
    { grep '^standin|' "$SFU_STACK_RESULTS" || true; } | while IFS='|' read -r _ s where ref; do
      printf '  %-24s applied with a stand-in: %s reads %s (emulator-gaps.txt standin)\n' "$s" "$where" "$ref"
    done
    { grep '^destroy|' "$SFU_STACK_RESULTS" || true; } | while IFS='|' read -r _ s st t note; do
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
  # Engines: OpenTofu always; Terraform where it was on PATH (never hidden).
  if [[ -s "$SFU_STACK_RESULTS" ]]; then
    echo
    tfengine="$(sed -n 's/^tfengine|//p' "$SFU_STACK_RESULTS" | tail -n1)"
    n_tofu="$(grep -cvE '^(gap|standin|ops|destroy|remote|tf|tfengine|cdktn|cdktnplan)\|' "$SFU_STACK_RESULTS" || true)"
    n_tf="$(grep -c '^tf|' "$SFU_STACK_RESULTS" || true)"
    printf '  engines: OpenTofu %s (init, validate, plan, apply, drift, destroy: %s stacks); ' "$SFU_TOFU_VERSION" "$n_tofu"
    case "$tfengine" in
      "") echo "Terraform: not run (no stack applied)" ;;
      SKIPPED*)
        echo "Terraform: $tfengine"
        skipped+=("terraform init/validate/plan: ${tfengine#SKIPPED: }")
        ;;
      *) echo "$tfengine (init, validate, plan against OpenTofu's state: $n_tf stacks; never applies)" ;;
    esac
    if [[ "$n_tf" -gt 0 ]]; then
      printf '  %-24s %-12s %-9s %-44s %7s\n' "STACK (terraform)" INIT VALIDATE "PLAN (vs the applied state)" SECONDS
      grep '^tf|' "$SFU_STACK_RESULTS" | while IFS='|' read -r _ s i v p t; do
        printf '  %-24s %-12s %-9s %-44s %7s\n' "$s" "$i" "$v" "$p" "$t"
      done
    fi
    # The cdktn synth of this environment, planned by OpenTofu against the same state.
    if grep -q '^cdktn|' "$SFU_STACK_RESULTS"; then
      printf '  %-24s %-12s %-9s %-44s %7s\n' "STACK (cdktn synth)" INIT VALIDATE "PLAN -refresh=false (vs the applied state)" SECONDS
      grep '^cdktn|' "$SFU_STACK_RESULTS" | while IFS='|' read -r _ s i v p t; do
        printf '  %-24s %-12s %-9s %-44s %7s\n' "$s" "$i" "$v" "$p" "$t"
      done
    fi
    sed -n 's/^cdktnplan|/  cdktn plan against the applied state: /p' "$SFU_STACK_RESULTS"
  fi
  if [[ -n "$toolchain_pid_done" ]]; then
    echo
    for f in "$SFU_NODE_MATRIX_RESULT" "$SFU_CDKTN_RESULT"; do
      l="$(sed -n 's/^line=//p' "$f" 2>/dev/null | tail -n1)"
      secs="$(sed -n 's/^seconds=//p' "$f" 2>/dev/null | tail -n1)"
      echo "  ${l:-$(basename "$f" .txt): no result}${secs:+ [${secs}s]}"
    done
    echo "  $runtime_line"
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
