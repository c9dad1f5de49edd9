#!/usr/bin/env bash
# checkov.sh [DIR]
#
# Runs the pinned checkov over the synthesized stacks (default: cdktf.out in the
# repo root) with --framework terraform_json, twice: with the repo's
# .checkov.yaml (the real result: zero failed checks allowed) and without its
# skip list (to count what each skip hides, and to enforce the skips marked
# "[only: resource, ...]": such a check may fail on those resources only).
# Prints the failures, one line per skip, and
#   checkov: passed P, failed F, skipped S (...), parsing errors E
# (also written to $SFU_CHECKOV_RESULT when set). Fails on any failed check,
# parsing error, scope violation or disagreement between the two runs.
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

# Run 1, as a platform team would run it: every check, with .checkov.yaml.
# Run 2: every check without the skip list, to count what each skip hides and
# to enforce the "[only: ...]" scopes of .checkov.yaml (see its header).
[[ -f "$config" ]] || die "no $config"
printf 'framework:\n  - terraform_json\n' >"$tmp/no-skips.yaml"
run_checkov() { # NAME CONFIG: results in $tmp/NAME/results_{cli.txt,json.json}
  local name="$1" cfg="$2" rc=0
  mkdir -p "$tmp/$name"
  # From $tmp/$name: checkov also reads a .checkov.yaml in its working directory.
  (cd "$tmp/$name" && BC_SKIP_MAPPING=TRUE "$ck" -d "$scan" --framework terraform_json --compact --skip-download \
    --config-file "$cfg" -o cli -o json --output-file-path "$tmp/$name") \
    >"$tmp/$name/stdout.txt" 2>"$tmp/$name/stderr.txt" || rc=$?
  if [[ ! -f "$tmp/$name/results_json.json" ]]; then
    tail -n 30 "$tmp/$name/stderr.txt" "$tmp/$name/stdout.txt" | sed 's/^/    ! /' >&2
    die "checkov ($name) produced no results (exit $rc); its output is above"
  fi
  if grep -qE 'Traceback|Exception' "$tmp/$name/stderr.txt"; then
    warn "checkov ($name) printed an exception:"
    grep -E 'Traceback|Exception|Error' "$tmp/$name/stderr.txt" | head -n 5 | sed 's/^/    ! /' >&2
  fi
}

log "checkov $SFU_CHECKOV_VERSION over $dir (--framework terraform_json, $config)"
run_checkov with-config "$config"
run_checkov no-skips "$tmp/no-skips.yaml"
# Findings of the real run (failures in full, passes as one line per check).
if [[ -f "$tmp/with-config/results_cli.txt" ]]; then
  grep -A1 -B1 'FAILED for' "$tmp/with-config/results_cli.txt" | sed 's/^/    /' >&2 || true
fi

rc=0
line="$(python3 - "$config" "$tmp/with-config/results_json.json" "$tmp/no-skips/results_json.json" <<'PY'
import json, re, sys
config, with_path, all_path = sys.argv[1:]

def load(path):
    data = json.load(open(path))
    reports = data if isinstance(data, list) else [data]
    out = {"passed": [], "failed": [], "skipped": [], "parsing_errors": 0}
    for r in reports:
        res = r.get("results", {})
        out["passed"] += res.get("passed_checks", [])
        out["failed"] += res.get("failed_checks", [])
        out["skipped"] += res.get("skipped_checks", [])
        out["parsing_errors"] += int(r.get("summary", {}).get("parsing_errors", 0) or 0)
    return out

# skip-check entries and their "[only: a, b]" scopes, from the YAML text.
skips, only = [], {}
in_list = False
for raw in open(config):
    if re.match(r"^skip-check:\s*$", raw):
        in_list = True
        continue
    if in_list and re.match(r"^\S", raw):
        in_list = False
    m = re.match(r"^\s*-\s*([A-Z0-9_]+)\s*(?:#\s*(.*))?$", raw) if in_list else None
    if m:
        skips.append(m.group(1))
        scope = re.match(r"\[only:\s*([^\]]+)\]", m.group(2) or "")
        if scope:
            only[m.group(1)] = {n.strip() for n in scope.group(1).split(",") if n.strip()}

real, full = load(with_path), load(all_path)
key = lambda r: (r["check_id"], r["resource"], r["file_path"])
name = lambda r: r["resource"].split(".")[-1]
problems = []
if real["parsing_errors"] or full["parsing_errors"]:
    problems.append("parsing errors: %d" % max(real["parsing_errors"], full["parsing_errors"]))
for r in real["failed"]:
    problems.append("FAILED %s on %s (%s)" % (r["check_id"], r["resource"], r["file_path"]))
# What the skip list hides, per check; scoped skips must hide only their resources.
hidden = {c: {"failed": 0, "passed": 0} for c in skips}
for kind in ("failed", "passed"):
    for r in full[kind]:
        if r["check_id"] in hidden:
            hidden[r["check_id"]][kind] += 1
            if kind == "failed" and r["check_id"] in only and name(r) not in only[r["check_id"]]:
                problems.append("%s fails on %s (%s), outside its skip scope [only: %s] in .checkov.yaml"
                                % (r["check_id"], r["resource"], r["file_path"], ", ".join(sorted(only[r["check_id"]]))))
# Consistency: the real run's failures are exactly the unskipped failures of the full run.
expected = {key(r) for r in full["failed"] if r["check_id"] not in hidden}
if expected != {key(r) for r in real["failed"]}:
    problems.append("the two checkov runs disagree: %s" % sorted(expected ^ {key(r) for r in real["failed"]}))
for c in skips:
    h = hidden[c]
    state = "hides %d failed, %d passed" % (h["failed"], h["passed"])
    if h["failed"] == 0:
        state += "  (WARN: no longer needed here?)"
    print("    skip %-12s %s%s" % (c, state, "  [only: %s]" % ", ".join(sorted(only[c])) if c in only else ""), file=sys.stderr)
for p in problems:
    print("    ! " + p, file=sys.stderr)
hidden_failed = sum(h["failed"] for h in hidden.values())
hidden_passed = sum(h["passed"] for h in hidden.values())
print("checkov: passed %d, failed %d, skipped %d (%d checks in .checkov.yaml: %d failing and %d passing results), parsing errors %d%s"
      % (len(real["passed"]), len(real["failed"]), hidden_failed + hidden_passed + len(real["skipped"]), len(skips),
         hidden_failed, hidden_passed, real["parsing_errors"], "" if not problems else "; PROBLEMS %d" % len(problems)))
sys.exit(1 if problems else 0)
PY
)" || rc=$?
echo "$line" >&2
[[ -n "${SFU_CHECKOV_RESULT:-}" ]] && echo "$line" >"$SFU_CHECKOV_RESULT"
[[ $rc -eq 0 ]] && exit 0
die "checkov: failed checks, parsing errors or skips outside their scope (see above); fix them or skip each in .checkov.yaml with a reason"
