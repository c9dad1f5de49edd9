#!/usr/bin/env bash
# stacks.sh [OUT_DIR]
#
# Runs every synthesized stack of a cdktf output dir (default: cdktf.out in the
# repo root) against the emulator, in dependency order taken from
# OUT_DIR/manifest.json (stacks.<name>.workingDirectory / .dependencies):
#   tofu init, validate, plan, apply, then plan -detailed-exitcode (drift);
# then destroys them in reverse order. Prints a table per stack: resources,
# validate, apply, drift (exit code of the second plan), seconds.
#
# Drift on the second plan fails the run unless every drifting address matches
# a pattern in drift-allowlist.txt (documented emulator gaps).
# Expects tofu + providers installed and SFU_EMULATOR_URL answering.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$(cd "${1:-$SFU_REPO_ROOT/cdktf.out}" && pwd)"
manifest="$out/manifest.json"
[[ -f "$manifest" ]] || die "no $manifest (run synth first)"
[[ -x "$SFU_TOFU_BIN" ]] || die "tofu not installed: run scripts/verify-iac/install-tofu.sh"
sfu_tofu_env
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-testing}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-testing}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_REGION="${AWS_REGION:-us-east-1}"
allowlist="$SFU_VERIFY_DIR/drift-allowlist.txt"
logs="${SFU_STACK_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sfu-stacks.XXXXXX")}"
mkdir -p "$logs"
results="${SFU_STACK_RESULTS:-$logs/results.txt}"
: >"$results"
# Allowed-drift patterns: drift-allowlist.txt without comments and blank lines.
: >"$logs/allow.re"
if [[ -f "$allowlist" ]]; then
  sed -e 's/[[:space:]]#.*$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$allowlist" | grep -vE '^(#|$)' >"$logs/allow.re" || true
fi

# Dependency order; ties broken by role (state, identity, backend, edge), then name.
mapfile -t order < <(python3 - "$manifest" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
stacks = m.get("stacks", {})
rank = {"state": 0, "identity": 1, "backend": 2, "edge": 3}
def key(n):
    role = n.rsplit("-", 1)[-1]
    return (rank.get(role, 9), n)
done, order = set(), []
pending = sorted(stacks, key=key)
while pending:
    ready = [n for n in pending if all(d in done for d in stacks[n].get("dependencies", []) or [])]
    if not ready:
        sys.exit("dependency cycle or unknown dependency among: %s" % ", ".join(pending))
    n = ready[0]
    order.append(n); done.add(n); pending.remove(n)
for n in order:
    print("%s\t%s" % (n, stacks[n]["workingDirectory"]))
PY
)
[[ ${#order[@]} -gt 0 ]] || die "no stacks in $manifest"
log "stacks in dependency order: $(printf '%s ' "${order[@]%%$'\t'*}")"

# Bootstrap: create on the emulator each S3 backend bucket that no stack creates itself.
if [[ -n "${SFU_EMULATOR_URL:-}" && -x "$SFU_MOTO_VENV/bin/python" ]]; then
  "$SFU_MOTO_VENV/bin/python" - "$out" "$SFU_EMULATOR_URL" <<'PY' >&2
import glob, json, os, sys, boto3
out, url = sys.argv[1:]
backend_buckets, created_by_stacks = set(), set()
for f in glob.glob(os.path.join(out, "stacks", "*", "cdk.tf.json")):
    cfg = json.load(open(f))
    s3 = (cfg.get("terraform", {}).get("backend", {}) or {}).get("s3")
    if s3 and s3.get("bucket"):
        backend_buckets.add(s3["bucket"])
    for r in (cfg.get("resource", {}).get("aws_s3_bucket", {}) or {}).values():
        if isinstance(r.get("bucket"), str):
            created_by_stacks.add(r["bucket"])
client = boto3.client("s3", endpoint_url=url, region_name="us-east-1")
existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
for b in sorted(backend_buckets - created_by_stacks):
    if b in existing:
        print("    backend bucket %s already on the emulator" % b)
        continue
    client.create_bucket(Bucket=b)
    client.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
    print("    backend bucket %s created on the emulator" % b)
for b in sorted(backend_buckets & created_by_stacks):
    print("    backend bucket %s is created by a stack; not pre-created" % b)
PY
fi

# Each tofu step gets at most SFU_TOFU_STEP_TIMEOUT seconds (default 600): an
# emulator that answers "not implemented" makes the provider retry until its
# own timeouts (e.g. moto 5.2.5 has no cognito-idp DeleteResourceServer). On
# timeout tofu gets SIGINT (it stops cleanly and saves state), then SIGKILL.
step_timeout="${SFU_TOFU_STEP_TIMEOUT:-600}"
tf() { # DIR LOGNAME ARGS...: run tofu in DIR, output to a log; returns tofu's exit code
  local dir="$1" name="$2" rc=0
  shift 2
  timeout --signal=INT --kill-after=60 "$step_timeout" \
    "$SFU_TOFU_BIN" -chdir="$dir" "$@" -no-color >"$logs/$name.log" 2>&1 || rc=$?
  if [[ $rc -eq 124 ]]; then
    echo "TIMEOUT: tofu $1 ran longer than ${step_timeout}s (SFU_TOFU_STEP_TIMEOUT)" >>"$logs/$name.log"
  fi
  return "$rc"
}
show_err() { # LOGNAME
  tail -n 25 "$logs/$1.log" | sed 's/^/    ! /' >&2
}

fail=0
applied=()
for entry in "${order[@]}"; do
  stack="${entry%%$'\t'*}"
  dir="$out/${entry#*$'\t'}"
  start="$(now)"
  res="-" val="-" app="-" drift="-" rc=0
  log "stack $stack: init/validate/plan/apply ($dir)"
  if ! tf "$dir" "$stack.init" init -input=false; then
    show_err "$stack.init"; val="init FAILED"; fail=1
  elif ! tf "$dir" "$stack.validate" validate; then
    show_err "$stack.validate"; val="FAILED"; fail=1
  else
    val="ok"
    if ! tf "$dir" "$stack.plan" plan -input=false -out=sfu.tfplan; then
      show_err "$stack.plan"; app="plan FAILED"; fail=1
    elif ! tf "$dir" "$stack.apply" apply -input=false -auto-approve sfu.tfplan; then
      show_err "$stack.apply"; app="FAILED"; fail=1
      applied+=("$entry") # destroy whatever was created
    else
      app="ok"
      applied+=("$entry")
      res="$("$SFU_TOFU_BIN" -chdir="$dir" state list 2>/dev/null | grep -cvE '(^|\.)data\.' || true)"
      tf "$dir" "$stack.replan" plan -input=false -detailed-exitcode -out=sfu.replan || rc=$?
      drift="$rc"
      if [[ $rc -eq 2 ]]; then
        mapfile -t changed < <("$SFU_TOFU_BIN" -chdir="$dir" show -json sfu.replan | python3 -c '
import json, sys
p = json.load(sys.stdin)
for rc in p.get("resource_changes", []):
    if rc["change"]["actions"] not in (["no-op"], ["read"]):
        print(rc["address"] + " " + "/".join(rc["change"]["actions"]))')
        unexpected=()
        for c in "${changed[@]}"; do
          if [[ -s "$logs/allow.re" ]] && grep -qE -f "$logs/allow.re" <<<"${c%% *}"; then
            info "drift (allowed, emulator gap): $c"
          else
            info "drift (UNEXPECTED): $c"
            unexpected+=("$c")
          fi
        done
        if [[ ${#unexpected[@]} -gt 0 ]]; then
          fail=1
          drift="2 (unexpected)"
          # What changed, attribute by attribute (first lines of the plan).
          "$SFU_TOFU_BIN" -chdir="$dir" show -no-color sfu.replan 2>/dev/null |
            grep -E '^\s+[~+-] |# .* (will|must) be' | head -n 40 | sed 's/^/    ~ /' >&2 || true
        else
          drift="2 (allowed)"
        fi
      elif [[ $rc -ne 0 ]]; then
        show_err "$stack.replan"; drift="$rc (plan FAILED)"; fail=1
      fi
    fi
  fi
  secs=$(($(now) - start))
  printf '%s|%s|%s|%s|%s|%s\n' "$stack" "$res" "$val" "$app" "$drift" "$secs" >>"$results"
  log "stack $stack: resources=$res validate=$val apply=$app drift=$drift ${secs}s"
  [[ "$app" == "ok" ]] || { warn "stack $stack did not apply; later stacks are skipped"; break; }
done

# Destroy in reverse order.
for ((i = ${#applied[@]} - 1; i >= 0; i--)); do
  entry="${applied[$i]}"
  stack="${entry%%$'\t'*}"
  dir="$out/${entry#*$'\t'}"
  start="$(now)"
  log "stack $stack: destroy"
  if tf "$dir" "$stack.destroy" destroy -input=false -auto-approve; then
    info "destroyed in $(($(now) - start))s"
    printf 'destroy %s|ok|%s\n' "$stack" "$(($(now) - start))" >>"$results"
  else
    show_err "$stack.destroy"; fail=1
    printf 'destroy %s|FAILED|%s\n' "$stack" "$(($(now) - start))" >>"$results"
  fi
done

echo
printf '%-28s %9s %-10s %-12s %-16s %7s\n' STACK RESOURCES VALIDATE APPLY "DRIFT(2nd plan)" SECONDS
grep -v '^destroy ' "$results" | while IFS='|' read -r s r v a d t; do
  printf '%-28s %9s %-10s %-12s %-16s %7s\n' "$s" "$r" "$v" "$a" "$d" "$t"
done
grep '^destroy ' "$results" | while IFS='|' read -r s st t; do
  printf '%-28s %s in %ss\n' "$s" "$st" "$t"
done
info "tofu logs: $logs"
exit "$fail"
