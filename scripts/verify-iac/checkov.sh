#!/usr/bin/env bash
# checkov.sh [DIR]
#
# Runs the pinned checkov over the synthesized stacks (default: cdktf.out in the
# repo root) with --framework terraform_json and the repo's .checkov.yaml (its
# skip-check list, each with a reason). Prints checkov's findings and one line
#   checkov: passed P, failed F, skipped S, parsing errors E
# (also written to $SFU_CHECKOV_RESULT when set). Fails on any failed check or
# parsing error.
#
# checkov issue #7454 (still open, reproduced with 3.3.30): its terraform_json
# parser fails on a string `terraform.required_version` in a cdk.tf.json
# ("Exception: this method receives only dicts"), reports a parsing error and
# scans nothing in that file while still exiting 0. So checkov scans a copy of
# the *.tf.json files with only that key removed (it holds no resource
# settings); the removal is logged per file.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="$(cd "${1:-$SFU_REPO_ROOT/cdktf.out}" && pwd)"
ck="$SFU_CHECKOV_VENV/bin/checkov"
[[ -x "$ck" ]] || die "checkov not installed: run scripts/verify-iac/install-python-tools.sh"
config="$SFU_REPO_ROOT/.checkov.yaml"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sfu-checkov.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# A copy of the *.tf.json files (same relative paths) without required_version.
scan="$tmp/scan"
python3 - "$dir" "$scan" <<'PY' >&2
import json, os, sys
src, dst = sys.argv[1:]
n = 0
for root, _dirs, files in os.walk(src):
    for f in files:
        if not f.endswith(".tf.json"):
            continue
        rel = os.path.relpath(os.path.join(root, f), src)
        cfg = json.load(open(os.path.join(root, f)))
        tf = cfg.get("terraform")
        if isinstance(tf, dict) and "required_version" in tf:
            del tf["required_version"]
            print("    %s: terraform.required_version removed for checkov (issue #7454)" % rel)
        os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
        json.dump(cfg, open(os.path.join(dst, rel), "w"), indent=2)
        n += 1
print("    %d *.tf.json file(s) to scan" % n)
PY

args=(-d "$scan" --framework terraform_json --compact --skip-download
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
tot = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0}
for r in reports:
    s = r.get("summary", {})
    for k in tot:
        tot[k] += int(s.get(k, 0) or 0)
print("checkov: passed %(passed)d, failed %(failed)d, skipped %(skipped)d, parsing errors %(parsing_errors)d" % tot)
PY
)"
echo "$line" >&2
[[ -n "${SFU_CHECKOV_RESULT:-}" ]] && echo "$line" >"$SFU_CHECKOV_RESULT"
if grep -qE 'Traceback|Exception' "$tmp/stderr.txt"; then
  warn "checkov printed an exception:"
  grep -E 'Traceback|Exception|Error' "$tmp/stderr.txt" | head -n 5 | sed 's/^/    ! /' >&2
fi
if [[ "$line" =~ failed\ 0,.*parsing\ errors\ 0$ ]]; then
  exit 0
fi
die "checkov found failed checks or parsing errors (see above); fix them or skip each in .checkov.yaml with a reason"
