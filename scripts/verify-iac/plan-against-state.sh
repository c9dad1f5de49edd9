#!/usr/bin/env bash
# plan-against-state.sh ENGINE LABEL OUT_DIR STACK...
#
# Plans synthesized stacks against the state OpenTofu applied on the
# emulator (stacks.sh calls it before destroying them), never applying:
# for each STACK of OUT_DIR/manifest.json, in a copy of its stack directory
# (assets included; no .terraform, lock file or plans), ENGINE (a terraform
# or tofu binary) runs init (the stack's own backend: the S3 state on the
# emulator, or the local state file), validate and plan -detailed-exitcode.
# The plan must show no change but what OpenTofu's second plan allows:
# attribute drift in drift-allowlist.txt, and creating what stacks.sh left
# unapplied for an emulator gap (<stack>.targets/blocked.tsv in the logs).
# Anything else fails (exit 1).
#
# LABEL names the check in the logs and results (`tf` for Terraform, `cdktn`
# for the cdktn synth). Environment:
#   SFU_PLAN_STATE_FROM  an output dir whose stack directories a local backend
#                        path is relative to (default OUT_DIR): the cdktn
#                        synth lives elsewhere but plans against the state
#                        of the applied one
#   SFU_PLAN_REFRESH     "false": plan -refresh=false (configuration against
#                        state only; OpenTofu's second plan checked the drift)
#   SFU_PLAN_VALIDATE    "false": no separate validate (the plan validates too)
#   SFU_PLAN_LOCK        "false": plan -lock=false (read-only plans running beside
#                        another engine's plans of the same states)
#   TF_CLI_CONFIG_FILE   the caller's (the filesystem mirror)
# Results: `<LABEL>|stack|init|validate|plan|seconds` lines in $SFU_STACK_RESULTS.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

engine="$1"
label="$2"
out="$(cd "$3" && pwd)"
shift 3
stacks=("$@")
state_from="$(cd "${SFU_PLAN_STATE_FROM:-$out}" && pwd)"
logs="${SFU_STACK_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sfu-plan.XXXXXX")}"
results="${SFU_STACK_RESULTS:-$logs/results.txt}"
allowlist="$SFU_VERIFY_DIR/drift-allowlist.txt"
pa() { node "$SFU_REPO_ROOT/dist/scripts/verify-iac/plan-analysis.js" "$@"; }
plan_args=(-input=false -detailed-exitcode -out=check.tfplan)
[[ "${SFU_PLAN_REFRESH:-true}" != "false" ]] || plan_args+=(-refresh=false)
[[ "${SFU_PLAN_LOCK:-true}" != "false" ]] || plan_args+=(-lock=false)
name="$(basename "$engine")"

step_timeout="${SFU_TOFU_STEP_TIMEOUT:-600}"
run() { # DIR LOGNAME ARGS...
  local dir="$1" log_name="$2" rc=0 t
  shift 2
  t="$(now)"
  timeout --signal=INT --kill-after=60 "$step_timeout" "$engine" -chdir="$dir" "$@" -no-color >"$logs/$log_name.log" 2>&1 || rc=$?
  [[ $rc -ne 124 ]] || echo "TIMEOUT: $name $1 ran longer than ${step_timeout}s (SFU_TOFU_STEP_TIMEOUT)" >>"$logs/$log_name.log"
  info "$name $1: exit $rc, $(($(now) - t))s (log $logs/$log_name.log)"
  return "$rc"
}
show_err() { tail -n 25 "$logs/$1.log" | sed 's/^/    ! /' >&2; }

fail=0
for stack in "${stacks[@]}"; do
  start="$(now)"
  init="-" val="-" plan="-"
  wd="$(node -e 'const m = require(process.argv[1]); const s = m.stacks[process.argv[2]]; if (!s) process.exit(1); process.stdout.write(s.workingDirectory)' "$out/manifest.json" "$stack")" ||
    die "$label: no stack $stack in $out/manifest.json"
  src="$out/$wd"
  dir="$logs/$label/$stack"
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$src" && find . -mindepth 1 -maxdepth 1 ! -name '.terraform' ! -name '.terraform.lock.hcl' ! -name 'sfu.*' ! -name '*.tfplan' -exec cp -a {} "$dir/" \;)
  # The emulator stand-ins stacks.sh applied with (emulator-gaps.txt `standin`).
  override="$state_from/$wd/sfu_emulator_override.tf.json"
  [[ ! -f "$override" || -f "$dir/${override##*/}" ]] || cp "$override" "$dir/"
  # A local backend path is relative to the stack directory: point it at the same state file.
  init_args=(-input=false)
  local_path="$(node -e 'const t = require(process.argv[1]); const p = t.terraform && t.terraform.backend && t.terraform.backend.local && t.terraform.backend.local.path; if (p) process.stdout.write(require("path").resolve(process.argv[2], p))' "$dir/cdk.tf.json" "$state_from/$wd")"
  if [[ -n "$local_path" ]]; then
    init_args+=("-backend-config=path=$local_path")
    info "$label $stack: local backend, the state file OpenTofu wrote: $local_path"
  fi
  log "$label: $name init/validate/plan of $stack ($dir)"
  if ! run "$dir" "$stack.$label-init" init "${init_args[@]}"; then
    show_err "$stack.$label-init"; init="FAILED"; fail=1
  elif [[ "${SFU_PLAN_VALIDATE:-true}" != "false" ]] && ! run "$dir" "$stack.$label-validate" validate; then
    init="ok"; show_err "$stack.$label-validate"; val="FAILED"; fail=1
  else
    init="ok" val="ok" rc=0
    [[ "${SFU_PLAN_VALIDATE:-true}" != "false" ]] || val="(in plan)"
    run "$dir" "$stack.$label-plan" plan "${plan_args[@]}" || rc=$?
    if [[ $rc -eq 0 ]]; then
      plan="no changes"
    elif [[ $rc -eq 2 ]]; then
      "$engine" -chdir="$dir" show -json check.tfplan >"$logs/$stack.$label-plan.json"
      # Creating what stacks.sh left unapplied for an emulator gap is expected;
      # the rest goes through the drift allowlist, as OpenTofu's second plan does.
      blocked="$logs/$stack.targets/blocked.tsv"
      [[ -f "$blocked" ]] || blocked=/dev/null
      read -r n_gap n_outputs n_created_outputs < <(node -e '
        const fs = require("fs");
        const [planFile, blockedFile, outFile, name] = process.argv.slice(1);
        const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
        const blocked = new Set(fs.readFileSync(blockedFile, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t")[0]));
        const isGap = (r) => blocked.has(r.address) && r.change.actions.join() === "create";
        const gaps = (plan.resource_changes || []).filter(isGap);
        plan.resource_changes = (plan.resource_changes || []).filter((r) => !isGap(r));
        // A partial (-target) apply writes no root outputs that are not of its
        // targets, so a plan without -target creates them: expected there, and
        // only there. Any other output change is not.
        const partial = blocked.size > 0;
        const changed = Object.entries(plan.output_changes || {}).filter(([, c]) => c.actions.join() !== "no-op");
        const created = changed.filter(([, c]) => partial && c.actions.join() === "create");
        const outputs = changed.filter((e) => !created.includes(e));
        plan.output_changes = Object.fromEntries(Object.entries(plan.output_changes || {}).filter(([o]) => !created.some(([k]) => k === o)));
        fs.writeFileSync(outFile, JSON.stringify(plan));
        for (const g of gaps) process.stderr.write(`    ${name} plan: + ${g.address} (never applied on the emulator: emulator gap)\n`);
        for (const [o] of created) process.stderr.write(`    ${name} plan: + output ${o} (not written by the partial, -target apply: emulator gap)\n`);
        for (const [o, c] of outputs) process.stderr.write(`    ${name} plan: output ${o} ${c.actions.join("/")} (UNEXPECTED)\n`);
        process.stdout.write(`${gaps.length} ${outputs.length} ${created.length}\n`);' "$logs/$stack.$label-plan.json" "$blocked" "$logs/$stack.$label-plan.filtered.json" "$name")
      pa drift --plan "$logs/$stack.$label-plan.filtered.json" --allowlist "$allowlist" --out "$logs/$stack.$label-drift.txt"
      status="$(sed -n 's/^status=//p' "$logs/$stack.$label-drift.txt")"
      n_allowed="$(sed -n 's/^allowed=//p' "$logs/$stack.$label-drift.txt")"
      n_unexpected="$(sed -n 's/^unexpected=//p' "$logs/$stack.$label-drift.txt")"
      parts=()
      [[ "$n_gap" -eq 0 ]] || parts+=("$n_gap to create (emulator gap)")
      [[ "$n_created_outputs" -eq 0 ]] || parts+=("$n_created_outputs outputs to create (emulator gap)")
      if [[ "$n_outputs" -gt 0 ]]; then
        parts+=("UNEXPECTED: $n_outputs outputs change")
        fail=1
      fi
      case "$status" in
        allowed) parts+=("allow-listed $n_allowed") ;;
        none) ;;
        *)
          parts+=("UNEXPECTED $n_unexpected")
          fail=1
          ;;
      esac
      plan="$(IFS='#'; echo "${parts[*]:-no changes}")"
      plan="${plan//#/, }"
    else
      show_err "$stack.$label-plan"; plan="FAILED ($rc)"; fail=1
    fi
  fi
  secs=$(($(now) - start))
  printf '%s|%s|%s|%s|%s|%s\n' "$label" "$stack" "$init" "$val" "$plan" "$secs" >>"$results"
  log "$label: $stack: init=$init validate=$val plan=$plan ${secs}s"
done
exit "$fail"
