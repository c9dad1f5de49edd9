#!/usr/bin/env bash
# stacks.sh [OUT_DIR]
#
# Runs every synthesized stack of a cdktf output dir (default: cdktf.out in the
# repo root) against the emulator, in dependency order taken from
# OUT_DIR/manifest.json (stacks.<name>.workingDirectory / .dependencies):
#   tofu init, validate, plan (in full), apply, then plan -detailed-exitcode
#   again (drift); then the end-to-end token check (e2e-token.sh); then
#   terraform init/validate/plan of every applied stack against the same
#   state where terraform is on PATH (terraform.sh), and OpenTofu's plan of
#   the cdktn synth against it (when cdktn.sh runs beside); then destroy in
#   reverse order.
#
# Emulator gaps, all declared with a reason and checked, never silent:
# - emulator-gaps.txt `apply` types: the stack's other resources are applied
#   with -target, computed from the plan JSON (plan-analysis.ts: everything
#   that does not depend on those types); then those resources are tried
#   alone and the emulator's exact error is recorded. The stack counts as
#   "partial (emulator gap)". If the emulator creates them after all, the
#   run fails (the gap is gone: update the file).
# - drift-allowlist.txt: attribute changes on the second plan the emulator
#   causes; read from the second plan's JSON; anything else fails the run.
# - emulator-gaps.txt `standin` values: arguments and locals that read only
#   that attribute of a resource the emulator cannot create get the literal
#   (sfu_emulator_override.tf.json in the stack directory), so they apply.
# - emulator-gaps.txt `destroy` types: `tofu state rm` before destroy.
# - a bucket that holds other stacks' state (the state stack's) is emptied
#   through the emulator's S3 API before its stack is destroyed.
#
# Results for the summary go to $SFU_STACK_RESULTS (lines
# `stack|resources|validate|apply|drift|seconds`, `gap|stack|address|why`,
# `standin|stack|argument or local|reference`, `ops|stack|alarms|dashboards`,
# `remote|stack|address|s3://bucket/key|N outputs`, `destroy|stack|status|seconds|note`;
# `tfengine|...`, `tf|stack|init|validate|plan|seconds` (terraform.sh) and
# `cdktn|stack|...`, `cdktnplan|SKIPPED: why` (the cdktn plan))
# and $SFU_E2E_RESULT.
# Expects tofu + providers installed, dist/ built and SFU_EMULATOR_URL answering.
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
gaps="$SFU_VERIFY_DIR/emulator-gaps.txt"
standin_override="sfu_emulator_override.tf.json" # Terraform reads *_override.tf.json as overrides
logs="${SFU_STACK_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sfu-stacks.XXXXXX")}"
mkdir -p "$logs"
results="${SFU_STACK_RESULTS:-$logs/results.txt}"
e2e_result="${SFU_E2E_RESULT:-$logs/e2e.txt}"
: >"$results"
: >"$e2e_result"

# The plan-JSON helper (scripts/verify-iac/plan-analysis.ts, built by scripts/build.js).
node "$SFU_REPO_ROOT/scripts/build.js"
pa() { node "$SFU_REPO_ROOT/dist/scripts/verify-iac/plan-analysis.js" "$@"; }

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

# S3 backend buckets: created on the emulator when no stack creates them; a
# stack that creates one (the state stack) gets it emptied before its destroy.
"$SFU_MOTO_VENV/bin/python" - "$out" <<'PY' >"$logs/backend-buckets.txt"
import glob, json, os, sys
backend, created = set(), {}
for f in glob.glob(os.path.join(sys.argv[1], "stacks", "*", "cdk.tf.json")):
    cfg = json.load(open(f))
    s3 = (cfg.get("terraform", {}).get("backend", {}) or {}).get("s3")
    if s3 and s3.get("bucket"):
        backend.add(s3["bucket"])
    for r in (cfg.get("resource", {}).get("aws_s3_bucket", {}) or {}).values():
        if isinstance(r.get("bucket"), str):
            created[r["bucket"]] = os.path.basename(os.path.dirname(f))
for b in sorted(backend):
    print("%s\t%s" % (b, created.get(b, "")))
PY
if [[ -n "${SFU_EMULATOR_URL:-}" ]]; then
  "$SFU_MOTO_VENV/bin/python" - "$logs/backend-buckets.txt" "$SFU_EMULATOR_URL" <<'PY' >&2
import sys, boto3
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
client = boto3.client("s3", endpoint_url=sys.argv[2], region_name="us-east-1")
existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
for bucket, stack in rows:
    if stack:
        print("    backend bucket %s is created by stack %s; not pre-created" % (bucket, stack))
    elif bucket in existing:
        print("    backend bucket %s already on the emulator" % bucket)
    else:
        client.create_bucket(Bucket=bucket)
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        print("    backend bucket %s created on the emulator" % bucket)
PY
fi

# Each tofu step gets at most SFU_TOFU_STEP_TIMEOUT seconds (default 600): an
# emulator that answers "not implemented" can make the provider retry until
# its own timeouts. On timeout tofu gets SIGINT (it stops cleanly and saves
# state), then SIGKILL.
step_timeout="${SFU_TOFU_STEP_TIMEOUT:-600}"
tf() { # DIR LOGNAME ARGS...: run tofu in DIR, output to a log; returns tofu's exit code
  local dir="$1" name="$2" rc=0 t
  shift 2
  t="$(now)"
  timeout --signal=INT --kill-after=60 "$step_timeout" \
    "$SFU_TOFU_BIN" -chdir="$dir" "$@" -no-color >"$logs/$name.log" 2>&1 || rc=$?
  if [[ $rc -eq 124 ]]; then
    echo "TIMEOUT: tofu $1 ran longer than ${step_timeout}s (SFU_TOFU_STEP_TIMEOUT)" >>"$logs/$name.log"
  fi
  info "tofu $1: exit $rc, $(($(now) - t))s (log $logs/$name.log)"
  return "$rc"
}
show_err() { # LOGNAME
  tail -n 25 "$logs/$1.log" | sed 's/^/    ! /' >&2
}
tf_json() { # DIR PLANFILE OUT: tofu show -json of a saved plan
  "$SFU_TOFU_BIN" -chdir="$1" show -json "$2" >"$3"
}
# The provider's error for each address in an apply log: "Error: ..." then "with <address>,".
errors_by_address() { # LOGNAME -> lines "address<TAB>error"
  python3 - "$logs/$1.log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
for m in re.finditer(r"^Error: (.*?)\n(?:.*\n)*?\s+with ([^,\s]+),", text, re.M):
    print("%s\t%s" % (m.group(2), m.group(1).strip()))
PY
}

fail=0
applied=()
planned_stacks=()
tf_pids=() # background Terraform plans, one per planned stack, in planned_stacks order
e2e_ready=0
for entry in "${order[@]}"; do
  stack="${entry%%$'\t'*}"
  dir="$out/${entry#*$'\t'}"
  start="$(now)"
  res="-" val="-" app="-" drift="-" rc=0
  targets=()
  log "stack $stack: init/validate/plan/apply ($dir)"
  # Emulator gap stand-ins: arguments and locals that read only the id of a
  # resource the emulator cannot create get a literal (an override file), so
  # they are applied and planned again like the rest (emulator-gaps.txt).
  pa standins --tf "$dir/cdk.tf.json" --gaps "$gaps" --out "$dir/$standin_override" >"$logs/$stack.standins.tsv"
  while IFS=$'\t' read -r where ref; do
    info "emulator stand-in: $where reads $ref: a literal instead ($standin_override)"
    printf 'standin|%s|%s|%s\n' "$stack" "$where" "$ref" >>"$results"
  done <"$logs/$stack.standins.tsv"
  if ! tf "$dir" "$stack.init" init -input=false; then
    show_err "$stack.init"; val="init FAILED"; fail=1
  elif ! tf "$dir" "$stack.validate" validate; then
    show_err "$stack.validate"; val="FAILED"; fail=1
  else
    val="ok"
    if ! tf "$dir" "$stack.plan" plan -input=false -out=sfu.tfplan; then
      show_err "$stack.plan"; app="plan FAILED"; fail=1
    else
      tf_json "$dir" sfu.tfplan "$logs/$stack.plan.json"
      # Cross-stack inputs: what the plan read through terraform_remote_state.
      while IFS=$'\t' read -r addr loc outs; do
        info "remote state resolved: $addr from $loc (emulator S3): $outs"
        printf 'remote|%s|%s|%s|%s\n' "$stack" "$addr" "$loc" "${outs%% (*}" >>"$results"
      done < <(pa remote-state --plan "$logs/$stack.plan.json")
      pa targets --plan "$logs/$stack.plan.json" --gaps "$gaps" --tf "$dir/cdk.tf.json" --override "$dir/$standin_override" --out "$logs/$stack.targets"
      planned="$(python3 -c 'import json,sys; print(sum(1 for r in json.load(open(sys.argv[1])).get("resource_changes", []) if r["mode"] == "managed"))' "$logs/$stack.plan.json")"
      if [[ ! -s "$logs/$stack.targets/blocked.tsv" ]]; then
        if tf "$dir" "$stack.apply" apply -input=false -auto-approve sfu.tfplan; then app="ok"; else app="FAILED"; fi
      else
        # Emulator gap: apply what the emulator supports, then try the rest alone.
        mapfile -t applicable <"$logs/$stack.targets/applicable.txt"
        mapfile -t unsupported <"$logs/$stack.targets/unsupported.txt"
        for a in "${applicable[@]}"; do targets+=("-target=$a"); done
        info "emulator gap: $(wc -l <"$logs/$stack.targets/blocked.tsv") of $planned planned resources cannot be created on the emulator; applying the other ${#applicable[@]} with -target:"
        sed 's/^/      not applied: /; s/\t/  -- /' "$logs/$stack.targets/blocked.tsv" >&2
        if [[ ${#applicable[@]} -eq 0 ]] || tf "$dir" "$stack.apply" apply -input=false -auto-approve "${targets[@]}"; then
          app="partial (emulator gap)"
          probe=()
          for a in "${unsupported[@]}"; do probe+=("-target=$a"); done
          if tf "$dir" "$stack.gap-probe" apply -input=false -auto-approve "${probe[@]}"; then
            warn "the emulator created ${unsupported[*]}: its gap is gone; remove the type from emulator-gaps.txt"
            app="FAILED (emulator gap closed)"
          else
            errors_by_address "$stack.gap-probe" >"$logs/$stack.targets/errors.tsv"
            while IFS=$'\t' read -r addr why; do
              err="$(awk -F'\t' -v a="$addr" '$1 == a { print $2; exit }' "$logs/$stack.targets/errors.tsv")"
              case "$why" in
                "emulator gap:"*)
                  if [[ -z "$err" ]]; then
                    warn "no emulator error recorded for $addr (see $logs/$stack.gap-probe.log)"
                    app="FAILED (gap probe)"
                    err="(no error recorded)"
                  fi
                  info "not applied (emulator gap): $addr: $err"
                  printf 'gap|%s|%s|%s\n' "$stack" "$addr" "$err" >>"$results" ;;
                *)
                  printf 'gap|%s|%s|%s\n' "$stack" "$addr" "$why" >>"$results" ;;
              esac
            done <"$logs/$stack.targets/blocked.tsv"
          fi
        else
          app="FAILED"
        fi
      fi
      if [[ "$app" == "FAILED"* ]]; then show_err "$stack.apply"; fail=1; fi
      applied+=("$entry") # destroy whatever was created
      if [[ "$app" == "ok" || "$app" == partial* ]]; then
        "$SFU_TOFU_BIN" -chdir="$dir" state list >"$logs/$stack.state-applied.txt" 2>/dev/null || true
        res="$(grep -cvE '(^|\.)data\.' "$logs/$stack.state-applied.txt" || true)"
        # The operations pack (issue 15): alarms and dashboards the emulator now holds.
        n_alarms="$(grep -c '^aws_cloudwatch_metric_alarm\.' "$logs/$stack.state-applied.txt" || true)"
        n_dashboards="$(grep -c '^aws_cloudwatch_dashboard\.' "$logs/$stack.state-applied.txt" || true)"
        [[ "$n_alarms$n_dashboards" == 00 ]] || printf 'ops|%s|%s|%s\n' "$stack" "$n_alarms" "$n_dashboards" >>"$results"
        [[ "$res" == "$planned" ]] || res="$res/$planned"
        if tf "$dir" "$stack.replan" plan -input=false -detailed-exitcode -out=sfu.replan "${targets[@]}"; then
          drift="none"
        else
          rc=$?
          if [[ $rc -eq 2 ]]; then
            tf_json "$dir" sfu.replan "$logs/$stack.replan.json"
            pa drift --plan "$logs/$stack.replan.json" --allowlist "$allowlist" --out "$logs/$stack.drift.txt"
            status="$(sed -n 's/^status=//p' "$logs/$stack.drift.txt")"
            n_allowed="$(sed -n 's/^allowed=//p' "$logs/$stack.drift.txt")"
            n_unexpected="$(sed -n 's/^unexpected=//p' "$logs/$stack.drift.txt")"
            sed -n 's/^rules=//p' "$logs/$stack.drift.txt" | tr ',' '\n' | sed '/^$/d' >>"$logs/allowlist-used.txt"
            case "$status" in
              allowed) drift="allow-listed $n_allowed" ;;
              none) drift="none" ;;
              *) drift="unexpected $n_unexpected"; fail=1 ;;
            esac
          else
            show_err "$stack.replan"; drift="plan FAILED ($rc)"; fail=1
          fi
        fi
      fi
    fi
  fi
  secs=$(($(now) - start))
  printf '%s|%s|%s|%s|%s|%s\n' "$stack" "$res" "$val" "$app" "$drift" "$secs" >>"$results"
  log "stack $stack: resources=$res validate=$val apply=$app drift=$drift ${secs}s"
  if [[ "$app" == "ok" || "$app" == partial* ]]; then
    planned_stacks+=("$stack")
    # Terraform plans this stack against the state OpenTofu just wrote, in the
    # background while OpenTofu applies the next stack (whose apply only reads
    # this state); all of them end before the destroy. Output: after the loop.
    bash "$SFU_VERIFY_DIR/terraform.sh" "$out" "$stack" >"$logs/terraform-$stack.log" 2>&1 &
    tf_pids+=("$!")
  fi
  if [[ "$app" != "ok" && "$app" != partial* ]]; then
    warn "stack $stack did not apply; later stacks are skipped"
    break
  fi
  [[ "$stack" == *-edge ]] && e2e_ready=1
done

# Drift allowlist entries no stack needed (stale after an emulator upgrade?).
if [[ -f "$allowlist" ]]; then
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    grep -qx "$n" "$logs/allowlist-used.txt" 2>/dev/null || warn "drift-allowlist.txt:$n matched no drift in this run: ${line%%#*}"
  done <"$allowlist"
fi

# End to end with a moto-issued token, while the pool exists. Required when
# the output has an identity and an edge stack (the project's stacks).
has_role() { printf '%s\n' "${order[@]%%$'\t'*}" | grep -q -- "-$1\$"; }
if ! has_role identity || ! has_role edge; then
  printf 'e2e=skipped\nsummary=no identity and edge stacks in %s\n' "$out" >"$e2e_result"
  info "e2e token: not applicable (no identity and edge stacks in $out)"
elif [[ $e2e_ready -eq 1 ]]; then
  start="$(now)"
  if bash "$SFU_VERIFY_DIR/e2e-token.sh" "$out" "$e2e_result"; then :; else fail=1; fi
  echo "seconds=$(($(now) - start))" >>"$e2e_result"
else
  printf 'e2e=skipped\nsummary=the identity and edge stacks did not both apply\n' >"$e2e_result"
  skip "e2e token" "the identity and edge stacks did not both apply"
  fail=1
fi

# Issue 13, while the applied stacks still exist:
# - Terraform beside OpenTofu: terraform init/validate/plan of each against
#   the state OpenTofu wrote (terraform.sh; SKIPPED without terraform on PATH),
#   started in the loop above as each stack applied; waited for here;
# - the move to CDK Terrain: the cdktn synth of this environment (cdktn.sh,
#   running beside this tier; plan_out in its result) planned by OpenTofu
#   against the same state, configuration against state (-refresh=false):
#   what the move's pull request plans (README "Moving to CDK Terrain").
# Only the stacks that applied (in full, or but for an emulator gap): a failed
# apply leaves a half-made stack whose plan says nothing about either engine.
tf_stacks=("${planned_stacks[@]}")
for entry in "${applied[@]}"; do
  [[ " ${tf_stacks[*]} " == *" ${entry%%$'\t'*} "* ]] ||
    info "not planned by Terraform nor as the cdktn synth: ${entry%%$'\t'*} (its apply failed)"
done
# The cdktn plan runs beside Terraform's (both only read the states; it plans
# with -lock=false, so Terraform's locks do not stop it); its output follows.
cdktn_plan_pid=""
if [[ ${#tf_stacks[@]} -gt 0 && -n "${SFU_CDKTN_RESULT:-}" && -n "${SFU_TOOLCHAIN_PID:-}" ]]; then
  (
    waited=0
    while ! grep -q '^status=' "$SFU_CDKTN_RESULT" 2>/dev/null; do
      kill -0 "$SFU_TOOLCHAIN_PID" 2>/dev/null || break # the background checks ended without a cdktn result
      [[ $waited -gt 0 ]] || log "cdktn plan: waiting for the cdktn check (running beside this tier) to finish"
      [[ $waited -lt 1800 ]] || break
      sleep 5
      waited=$((waited + 5))
    done
    [[ $waited -eq 0 ]] || info "waited ${waited}s for the cdktn check"
    cdktn_status="$(sed -n 's/^status=//p' "$SFU_CDKTN_RESULT" 2>/dev/null | tail -n1)"
    cdktn_out="$(sed -n 's/^plan_out=//p' "$SFU_CDKTN_RESULT" 2>/dev/null | tail -n1)"
    if [[ "$cdktn_status" == ok && -f "$cdktn_out/manifest.json" ]]; then
      log "cdktn plan: OpenTofu plans the cdktn synth ($cdktn_out) against the state applied from the cdktf synth"
      SFU_PLAN_STATE_FROM="$out" SFU_PLAN_REFRESH=false SFU_PLAN_VALIDATE=false SFU_PLAN_LOCK=false \
        bash "$SFU_VERIFY_DIR/plan-against-state.sh" "$SFU_TOFU_BIN" cdktn "$cdktn_out" "${tf_stacks[@]}"
    else
      skip "cdktn plan against the applied state" "the cdktn check has no synth to plan (status: ${cdktn_status:-none}; its own line says why)"
      echo "cdktnplan|SKIPPED: the cdktn check did not pass (status: ${cdktn_status:-none})" >>"$results"
    fi
  ) >"$logs/cdktn-plan.log" 2>&1 &
  cdktn_plan_pid=$!
elif [[ ${#tf_stacks[@]} -gt 0 ]]; then
  info "cdktn plan: not run (the cdktn check does not run beside this stacks.sh)"
fi
for i in "${!tf_pids[@]}"; do
  wait "${tf_pids[$i]}" || fail=1
  sed 's/^/  | /' "$logs/terraform-${planned_stacks[$i]}.log" >&2
done
if [[ -n "$cdktn_plan_pid" ]]; then
  wait "$cdktn_plan_pid" || fail=1
  sed 's/^/  | /' "$logs/cdktn-plan.log" >&2
fi

# Destroy in reverse order.
for ((i = ${#applied[@]} - 1; i >= 0; i--)); do
  entry="${applied[$i]}"
  stack="${entry%%$'\t'*}"
  dir="$out/${entry#*$'\t'}"
  start="$(now)"
  notes=()
  log "stack $stack: destroy"
  "$SFU_TOFU_BIN" -chdir="$dir" state list >"$logs/$stack.state-list.txt" 2>/dev/null || true
  # Emulator gap: resources the emulator cannot delete leave the state first.
  while IFS=$'\t' read -r addr why; do
    info "emulator gap: tofu state rm $addr before destroy ($why)"
    if "$SFU_TOFU_BIN" -chdir="$dir" state rm "$addr" >>"$logs/$stack.state-rm.log" 2>&1; then
      notes+=("state rm $addr (emulator gap)")
    else
      warn "tofu state rm $addr failed (see $logs/$stack.state-rm.log)"
    fi
  done < <(pa destroy-gaps --gaps "$gaps" --state-list "$logs/$stack.state-list.txt")
  # A bucket this stack creates that holds the other stacks' state: empty it
  # through the emulator's S3 API (emulator runs only; real environments keep
  # prevent_destroy on it).
  while IFS=$'\t' read -r bucket owner; do
    [[ "$owner" == "$stack" && -n "${SFU_EMULATOR_URL:-}" ]] || continue
    n="$("$SFU_MOTO_VENV/bin/python" - "$bucket" "$SFU_EMULATOR_URL" <<'PY'
import sys, boto3
bucket, url = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1")
n = 0
for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
    objs = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
    if objs:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": objs, "Quiet": True})
        n += len(objs)
print(n)
PY
)" || { warn "could not empty $bucket"; n="?"; }
    info "emulator run: emptied bucket $bucket through the emulator's S3 API ($n object versions and delete markers: the other stacks' state) before destroying it"
    notes+=("emptied $bucket ($n versions) first")
  done <"$logs/backend-buckets.txt"
  if tf "$dir" "$stack.destroy" destroy -input=false -auto-approve; then
    st="ok"
  else
    show_err "$stack.destroy"; fail=1; st="FAILED"
  fi
  note="$(IFS=';'; echo "${notes[*]:-}")"
  printf 'destroy|%s|%s|%s|%s\n' "$stack" "$st" "$(($(now) - start))" "${note//;/; }" >>"$results"
done

# The stand-in overrides are for this run only: never left beside a synth.
rm -f "$out"/stacks/*/"$standin_override"

echo >&2
printf '%-24s %-9s %-9s %-24s %-18s %7s\n' STACK RESOURCES VALIDATE APPLY "DRIFT(2nd plan)" SECONDS >&2
grep -vE '^(gap|standin|ops|destroy|remote|tf|tfengine|cdktn|cdktnplan)\|' "$results" | while IFS='|' read -r s r v a d t; do
  printf '%-24s %-9s %-9s %-24s %-18s %7s\n' "$s" "$r" "$v" "$a" "$d" "$t" >&2
done
info "tofu logs: $logs"
exit "$fail"
