#!/usr/bin/env bash
# checkov.sh [DIR]
#
# Runs the pinned checkov over the synthesized stacks (default: cdktf.out in the
# repo root) with --framework terraform_json and the repo's .checkov.yaml (its
# skip-check list, each with a reason). Prints checkov's findings and one line
#   checkov: passed P, failed F, skipped S, parsing errors E, resources R
# (also written to $SFU_CHECKOV_RESULT when set). Fails on any failed check or
# parsing error.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="$(cd "${1:-$SFU_REPO_ROOT/cdktf.out}" && pwd)"
ck="$SFU_CHECKOV_VENV/bin/checkov"
[[ -x "$ck" ]] || die "checkov not installed: run scripts/verify-iac/install-python-tools.sh"
config="$SFU_REPO_ROOT/.checkov.yaml"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sfu-checkov.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

args=(-d "$dir" --framework terraform_json --compact --skip-download
  -o cli -o json --output-file-path "$tmp")
[[ -f "$config" ]] && args+=(--config-file "$config")

log "checkov $SFU_CHECKOV_VERSION over $dir (--framework terraform_json${config:+, $config})"
rc=0
BC_SKIP_MAPPING=TRUE "$ck" "${args[@]}" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt" || rc=$?
[[ -f "$tmp/results_cli.txt" ]] && sed 's/^/    /' "$tmp/results_cli.txt" >&2
if [[ ! -f "$tmp/results_json.json" ]]; then
  tail -n 30 "$tmp/stderr.txt" "$tmp/stdout.txt" | sed 's/^/    ! /' >&2
  die "checkov produced no results (exit $rc); its output is above"
fi
line="$(python3 - "$tmp/results_json.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
reports = data if isinstance(data, list) else [data]
tot = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0}
for r in reports:
    s = r.get("summary", {})
    for k in tot:
        tot[k] += int(s.get(k, 0) or 0)
print("checkov: passed %(passed)d, failed %(failed)d, skipped %(skipped)d, parsing errors %(parsing_errors)d, resources %(resource_count)d" % tot)
PY
)"
echo "$line" >&2
[[ -n "${SFU_CHECKOV_RESULT:-}" ]] && echo "$line" >"$SFU_CHECKOV_RESULT"
if grep -qE 'Traceback|Exception' "$tmp/stderr.txt"; then
  warn "checkov printed an exception:"
  grep -E 'Traceback|Exception|Error' "$tmp/stderr.txt" | head -n 5 | sed 's/^/    ! /' >&2
fi
if [[ "$line" =~ failed\ 0,.*parsing\ errors\ 0, ]]; then
  exit 0
fi
die "checkov found failed checks or parsing errors (see above); fix them or skip each in .checkov.yaml with a reason"
