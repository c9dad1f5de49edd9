#!/usr/bin/env bash
# terraform.sh OUT_DIR STACK...
#
# Terraform beside OpenTofu (issue 13). stacks.sh calls it while the stacks
# OpenTofu applied still exist on the emulator: `terraform init` (the same
# provider filesystem mirror, through a Terraform CLI config in
# TF_CLI_CONFIG_FILE; no registry), `validate` and `plan` of every STACK
# against that state (plan-against-state.sh: no change but the documented
# emulator gaps). Terraform never applies or destroys here.
#
# Without `terraform` on PATH, or with one older than 1.10 (the S3 backends
# use use_lockfile), it prints "SKIPPED: terraform -- <why>" and exits 0; the
# summary names the engine that did not run.
#
# Results in $SFU_STACK_RESULTS: `tfengine|Terraform <version> (<path>)` or
# `tfengine|SKIPPED: <why>`, and plan-against-state.sh's `tf|...` lines.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$1"
shift
results="${SFU_STACK_RESULTS:-/dev/null}"

if ! command -v terraform >/dev/null 2>&1; then
  skip "terraform" "no terraform on PATH: only OpenTofu ran the stacks"
  echo "tfengine|SKIPPED: no terraform on PATH" >>"$results"
  exit 0
fi
tf_bin="$(command -v terraform)"
tf_version="$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$tf_bin" version -json 2>/dev/null |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { try { process.stdout.write(JSON.parse(s).terraform_version); } catch { /* not JSON */ } })' || true)"
if [[ -z "$tf_version" ]]; then
  skip "terraform" "$tf_bin does not answer 'terraform version -json'"
  echo "tfengine|SKIPPED: $tf_bin does not answer 'version -json'" >>"$results"
  exit 0
fi
if ! node -e 'const [a, b] = process.argv[1].split(".").map(Number); process.exit(a > 1 || (a === 1 && b >= 10) ? 0 : 1)' "$tf_version"; then
  skip "terraform" "Terraform $tf_version is older than 1.10 (the S3 backends use use_lockfile)"
  echo "tfengine|SKIPPED: Terraform $tf_version < 1.10 (use_lockfile)" >>"$results"
  exit 0
fi
echo "tfengine|Terraform $tf_version ($tf_bin)" >>"$results"

# The filesystem mirror OpenTofu uses, and nothing else (both host names).
cli_config="$SFU_CACHE_DIR/terraform/terraformrc"
write_mirror_cli_config "$cli_config" scripts/verify-iac/terraform.sh
export TF_CLI_CONFIG_FILE="$cli_config" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR || true
log "Terraform $tf_version beside OpenTofu: init/validate/plan of $# stacks against the state OpenTofu applied (mirror $SFU_PROVIDER_MIRROR, CLI config $cli_config)"
exec bash "$SFU_VERIFY_DIR/plan-against-state.sh" "$tf_bin" tf "$out" "$@"
