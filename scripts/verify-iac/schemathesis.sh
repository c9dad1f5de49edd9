#!/usr/bin/env bash
# schemathesis.sh [RESULT_FILE]
#
# The API's OpenAPI document against the running API, by a fuzzer nobody here
# wrote (issue 12). For each signing mode (edge-sigv4, oac):
#   1. `npm run dev -- --mode MODE --no-web` on two free loopback ports: the whole
#      chain (CloudFront stand-in -> real edge bundle -> function URL stand-in
#      with its SigV4 check -> API bundle), in-memory store;
#   2. a token from `npm run token` that every route allows (group admins,
#      scopes books/read and books/write);
#   3. schemathesis (pinned in lib.sh, own venv) loads the document the API
#      serves at GET /api/openapi.json (a jest test keeps it equal to
#      docs/openapi.json) and runs every phase with all its checks, a fixed
#      seed and a bounded number of examples, through the CloudFront stand-in;
#   4. the chain is stopped (SIGTERM to its process group, which it handles).
# Exclusions: schemathesis-exclusions.txt only (printed here, with reasons).
# Zero failures or the step fails. Writes `mode|operations|examples|failures|
# seconds|status` lines to RESULT_FILE for the summary.
#
# Environment: SFU_SCHEMATHESIS_EXAMPLES (default 20 per operation),
# SFU_SCHEMATHESIS_SEED (default 20261203), SFU_SCHEMATHESIS_MODES (default
# "edge-sigv4 oac").
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

result="${1:-${SFU_SCHEMATHESIS_RESULT:-/dev/null}}"
examples="${SFU_SCHEMATHESIS_EXAMPLES:-20}"
seed="${SFU_SCHEMATHESIS_SEED:-20261203}"
modes="${SFU_SCHEMATHESIS_MODES:-edge-sigv4 oac}"
st="$SFU_SCHEMATHESIS_VENV/bin/schemathesis"
exclusions="$SFU_VERIFY_DIR/schemathesis-exclusions.txt"
[[ -x "$st" ]] || die "no $st (scripts/verify-iac/install-python-tools.sh schemathesis installs it)"
: >"$result"

work="$(mktemp -d "${TMPDIR:-/tmp}/sfu-schemathesis.XXXXXX")"
chain_pid=""
stop_chain() {
  [[ -n "$chain_pid" ]] || return 0
  # The chain's own process group (setsid below): npm, its shell and node.
  kill -TERM -- "-$chain_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$chain_pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$chain_pid" 2>/dev/null; then
    warn "the chain did not stop on SIGTERM in 10 s; killing its process group"
    kill -KILL -- "-$chain_pid" 2>/dev/null || true
  fi
  wait "$chain_pid" 2>/dev/null || true
  chain_pid=""
}
trap 'stop_chain; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------- exclusions ------
log "schemathesis exclusions ($(basename "$exclusions")):"
python3 - "$exclusions" "$work/schemathesis.toml" "$seed" "$examples" <<'PY' >&2
import json, re, sys
path, out, seed, examples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
default_methods = ["get", "put", "post", "delete", "options", "patch", "trace", "query"]  # schemathesis 4's default
skipped, ops = [], []
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    m = re.fullmatch(r"method ([A-Z]+) -- (.+)", line) or re.fullmatch(r"check ([a-z_]+) ([A-Z]+|\*) (/\S*) -- (.+)", line)
    if not m or not m.groups()[-1].strip():
        sys.exit(f"{path}:{n}: not 'method METHOD -- reason' nor 'check NAME METHOD|* PATH -- reason': {line}")
    if line.startswith("method "):
        skipped.append(m.group(1).lower())
        print(f"    not sent as an undeclared method: {m.group(1)} -- {m.group(2)}")
    else:
        check, method, p, reason = m.groups()
        ops.append((check, method, p))
        print(f"    check {check} off for {method} {p} -- {reason}")
toml = [f"seed = {seed}", "", "[generation]", f"max-examples = {examples}", "", "[auth.openapi.bearerAuth]", 'bearer = "${SFU_SCHEMATHESIS_TOKEN}"', "",
        "[phases.coverage]", "unexpected-methods = " + json.dumps([m for m in default_methods if m not in skipped])]
for check, method, p in ops:
    toml += ["", "[[operations]]", ("include-path = " + json.dumps(p)) if method == "*" else ("include-name = " + json.dumps(f"{method} {p}")), f"checks.{check}.enabled = false"]
open(out, "w").write("\n".join(toml) + "\n")
PY

# ------------------------------------------------------------- per mode -----
failed=0
summary=()
total_start="$(now)"
for mode in $modes; do
  start="$(now)"
  port="$(free_port)"
  fu_port="$(free_port)"
  while [[ "$fu_port" == "$port" ]]; do fu_port="$(free_port)"; done
  # --no-web: the web app (web/) is not the API; the API's chain is the same without it.
  log "schemathesis $SFU_SCHEMATHESIS_VERSION, $mode: npm run dev -- --mode $mode --port $port --function-url-port $fu_port --no-web"
  (cd "$SFU_REPO_ROOT" && exec setsid npm run --silent dev -- --mode "$mode" --port "$port" --function-url-port "$fu_port" --no-web) >"$work/dev-$mode.log" 2>&1 &
  chain_pid=$!
  base="http://127.0.0.1:$port"
  ready=0
  # Up to 3 minutes: the first start builds dist/ and bundles the edge and API functions.
  for _ in $(seq 1 360); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/api/openapi.json" 2>/dev/null; then
      ready=1
      break
    fi
    kill -0 "$chain_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [[ $ready -ne 1 ]]; then
    sed 's/^/    dev: /' "$work/dev-$mode.log" >&2
    printf '%s|-|-|-|%s|chain did not start\n' "$mode" "$(($(now) - start))" >>"$result"
    summary+=("$mode: the chain did not start")
    stop_chain
    failed=1
    continue
  fi
  token="$(cd "$SFU_REPO_ROOT" && npm run --silent token -- --sub schemathesis --groups admins --scope books/read --scope books/write)"
  rc=0
  (cd "$work" && SFU_SCHEMATHESIS_TOKEN="$token" SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$SFU_VERIFY_DIR" \
    "$st" --config-file "$work/schemathesis.toml" run --no-color "$base/api/openapi.json" --url "$base" \
    --workers 1 --report junit --report-dir "$work/report-$mode") >"$work/st-$mode.log" 2>&1 || rc=$?
  stop_chain
  # Its summary, unabridged, with the token filtered (schemathesis filters it too).
  sed "s/$token/[token]/g; s/^/    /" "$work/st-$mode.log" | sed -n '/^    =* SUMMARY =*$/,$p' >&2
  [[ $rc -eq 0 ]] || sed "s/$token/[token]/g; s/^/    /" "$work/st-$mode.log" | sed -n '/^    =* FAILURES =*$/,/^    =* SUMMARY =*$/p' >&2
  stats="$(python3 - "$work/st-$mode.log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
tested = re.search(r"Tested:\s*(\d+)", text)
cases = re.search(r"Test cases:\s*\n\s*(\d+) generated", text)
failures = re.search(r"(\d+) found (\d+) unique failures", text)
print("%s|%s|%s" % (tested.group(1) if tested else "?", cases.group(1) if cases else "?", failures.group(2) if failures else ("0" if cases else "?")))
PY
)"
  secs=$(($(now) - start))
  status="ok"
  [[ $rc -eq 0 ]] || { status="FAILED (exit $rc)"; failed=1; }
  printf '%s|%s|%s|%s\n' "$mode" "$stats" "$secs" "$status" >>"$result"
  IFS='|' read -r ops cases fails <<<"$stats"
  summary+=("$mode: $ops operations, $cases examples, $fails failures")
  info "$mode: $ops operations, $cases examples, $fails failures in ${secs}s ($status)"
done
total=$(($(now) - total_start))
info "schemathesis total: ${total}s"
# One row in the tier's summary table.
record schemathesis "$SFU_SCHEMATHESIS_VERSION" "$total" "$([[ $failed -eq 0 ]] && echo ok || echo FAILED): $(IFS=';'; echo "${summary[*]}" | sed 's/;/; /g')"
exit "$failed"
