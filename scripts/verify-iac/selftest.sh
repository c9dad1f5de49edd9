#!/usr/bin/env bash
# selftest.sh: prove the cached toolchain end to end on a throwaway config.
#
# In a temp dir (never in the repo), writes a tiny Terraform JSON config (an S3
# bucket, an archive_file zip uploaded into it) with an S3 backend that keeps
# its state, with use_lockfile, in a bucket on moto; then runs tofu init,
# validate, plan, apply, plan -detailed-exitcode and destroy against moto (with a
# CloudWatch alarm and dashboard: the provider's RPC v2 CBOR client through
# moto_server.py's bridge), and
# checkov --framework terraform_json over the JSON (also once with
# terraform.required_version, to check checkov issue #7454).
# Expects the tools installed (verify-iac.sh does that first).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=moto.sh
source "$SFU_VERIFY_DIR/moto.sh"

[[ -x "$SFU_TOFU_BIN" ]] || die "tofu not installed: run scripts/verify-iac/install-tofu.sh"
[[ -f "$SFU_TOFU_CLI_CONFIG" ]] || die "no tofu CLI config: run scripts/verify-iac/install-providers.sh"
sfu_tofu_env

work="$(mktemp -d "${TMPDIR:-/tmp}/sfu-selftest.XXXXXX")"
cleanup() {
  moto_stop
  rm -rf "$work"
}
trap cleanup EXIT

moto_start "${1:-}"
trap cleanup EXIT # moto_start installed its own EXIT trap; keep the temp dir cleanup too
url="$MOTO_URL"
state_bucket="sfu-selftest-tfstate"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN || true

log "selftest: creating the state bucket $state_bucket on moto"
"$SFU_MOTO_VENV/bin/python" - "$url" "$state_bucket" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
s3.create_bucket(Bucket=sys.argv[2])
s3.put_bucket_versioning(Bucket=sys.argv[2], VersioningConfiguration={"Status": "Enabled"})
PY

log "selftest: writing the throwaway config in $work"
python3 - "$work/main.tf.json" "$url" "$state_bucket" <<'PY'
import json, sys
path, url, bucket = sys.argv[1:]
svc = ["s3", "lambda", "iam", "sts", "cloudfront", "cognitoidp", "dynamodb",
       "secretsmanager", "sns", "wafv2", "logs", "kms", "ssm", "cloudwatch"]
cfg = {
  "terraform": {
    "required_providers": {
      # cdktf writes short sources; OpenTofu reads them as registry.opentofu.org.
      "aws": {"source": "hashicorp/aws", "version": ">= 6.29.0, < 7.0.0"},
      # and a fully qualified registry.terraform.io source must work too.
      "archive": {"source": "registry.terraform.io/hashicorp/archive", "version": "~> 2.7"},
    },
    "backend": {"s3": {
      "bucket": bucket, "key": "selftest/terraform.tfstate", "region": "us-east-1",
      "endpoints": {"s3": url}, "use_path_style": True, "use_lockfile": True,
      "access_key": "testing", "secret_key": "testing",
      "skip_credentials_validation": True, "skip_requesting_account_id": True,
      "skip_region_validation": True, "skip_metadata_api_check": True,
      "skip_s3_checksum": True,
    }},
  },
  "provider": {"aws": [{
    "region": "us-east-1", "access_key": "testing", "secret_key": "testing",
    "skip_credentials_validation": True, "skip_requesting_account_id": True,
    "skip_metadata_api_check": True, "skip_region_validation": True,
    "s3_use_path_style": True,
    "endpoints": [{s: url for s in svc}],
  }]},
  "data": {"archive_file": {"handler": {
    "type": "zip", "output_path": "${path.module}/handler.zip",
    "source": [{"filename": "index.mjs",
                "content": "export const handler = async () => ({ statusCode: 200 });\n"}],
  }}},
  "resource": {
    "aws_s3_bucket": {"artifacts": {"bucket": "sfu-selftest-artifacts", "force_destroy": True}},
    "aws_s3_object": {"handler": {
      "bucket": "${aws_s3_bucket.artifacts.id}", "key": "handler.zip",
      "source": "${data.archive_file.handler.output_path}",
      "source_hash": "${data.archive_file.handler.output_base64sha256}",
    }},
    # CloudWatch: the provider speaks Smithy RPC v2 CBOR to it (moto_server.py).
    "aws_cloudwatch_metric_alarm": {"errors": {
      "alarm_name": "sfu-selftest-errors", "namespace": "AWS/Lambda", "metric_name": "Errors",
      "dimensions": {"FunctionName": "sfu-selftest"}, "statistic": "Sum", "period": 60,
      "evaluation_periods": 1, "threshold": 1.5, "comparison_operator": "GreaterThanOrEqualToThreshold",
      "treat_missing_data": "notBreaching", "alarm_description": "selftest",
    }},
    "aws_cloudwatch_dashboard": {"main": {
      "dashboard_name": "sfu-selftest",
      "dashboard_body": json.dumps({"widgets": [{"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
        "properties": {"region": "us-east-1", "title": "Errors",
                       "metrics": [["AWS/Lambda", "Errors", "FunctionName", "sfu-selftest"]]}}]}),
    }},
  },
  "output": {"handler_sha256": {"value": "${data.archive_file.handler.output_base64sha256}"}},
}
json.dump(cfg, open(path, "w"), indent=2)
PY

tf() { # run tofu in $work, echo the command, keep its output in a log
  info "tofu $*"
  "$SFU_TOFU_BIN" -chdir="$work" "$@" -no-color
}

fail=0
step() { # NAME CMD...: run, report ok/FAILED
  local name="$1" start rc=0
  shift
  log "selftest: $name"
  start="$(now)"
  "$@" >"$work/$name.log" 2>&1 || rc=$?
  grep -E 'Initializing provider|Installed|Successfully configured|Success!|Plan:|Apply complete|Destroy complete|No changes|Error|error|Warning' \
    "$work/$name.log" | sed 's/^/    | /' >&2 || true
  if [[ $rc -ne 0 ]]; then
    tail -n 30 "$work/$name.log" | sed 's/^/    ! /' >&2
    printf 'selftest %-22s FAILED (exit %d)\n' "$name" "$rc" >&2
    fail=1
  else
    printf 'selftest %-22s ok (%ss)\n' "$name" "$(($(now) - start))" >&2
  fi
  return $rc
}

if step init tf init -input=false &&
  step validate tf validate &&
  step plan tf plan -input=false -out=tfplan &&
  step apply tf apply -input=false -auto-approve tfplan; then
  log "selftest: second plan, -detailed-exitcode (0 = no drift)"
  rc=0
  "$SFU_TOFU_BIN" -chdir="$work" plan -input=false -no-color -detailed-exitcode >"$work/replan.log" 2>&1 || rc=$?
  grep -E 'No changes|Plan:' "$work/replan.log" | sed 's/^/    | /' >&2 || true
  printf 'selftest %-22s exit %d (%s)\n' "replan-detailed-exit" "$rc" \
    "$([[ $rc -eq 0 ]] && echo 'no drift' || echo 'DRIFT or error')" >&2
  [[ $rc -eq 0 ]] || fail=1
  info "state objects in the moto bucket:"
  "$SFU_MOTO_VENV/bin/python" - "$url" "$state_bucket" <<'PY' >&2
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
for o in s3.list_objects_v2(Bucket=sys.argv[2]).get("Contents", []):
    print("    | s3://%s/%s (%d bytes)" % (sys.argv[2], o["Key"], o["Size"]))
PY
  info "resources in state: $("$SFU_TOFU_BIN" -chdir="$work" state list | tr '\n' ' ')"
  step destroy tf destroy -input=false -auto-approve || true
  # use_lockfile: the S3 backend takes its lock as <key>.tflock in the bucket.
  mlog="$SFU_LOG_DIR/moto-${url##*:}.log"
  info "S3 lock file (use_lockfile): $(grep -c 'PUT /[^ ]*\.tflock' "$mlog" || true) PUTs and $(grep -c 'DELETE /[^ ]*\.tflock' "$mlog" || true) DELETEs of selftest/terraform.tfstate.tflock on moto"
fi

# stacks.sh on a generated two-stack cdktf.out (manifest.json, dependencies,
# cross-stack terraform_remote_state read from the emulator's S3).
log "selftest: stacks.sh on a generated two-stack cdktf.out"
python3 - "$work/cdktf.out" "$url" "$state_bucket" <<'PY'
import json, os, sys
out, url, bucket = sys.argv[1:]
svc = ["s3", "iam", "sts"]
def provider():
    return {"aws": [{"region": "us-east-1", "access_key": "testing", "secret_key": "testing",
        "skip_credentials_validation": True, "skip_requesting_account_id": True,
        "skip_metadata_api_check": True, "s3_use_path_style": True,
        "endpoints": [{s: url for s in svc}]}]}
def backend(key):
    return {"s3": {"bucket": bucket, "key": key, "region": "us-east-1",
        "endpoints": {"s3": url}, "use_path_style": True, "use_lockfile": True,
        "access_key": "testing", "secret_key": "testing",
        "skip_credentials_validation": True, "skip_requesting_account_id": True,
        "skip_region_validation": True, "skip_metadata_api_check": True, "skip_s3_checksum": True}}
req = {"aws": {"source": "aws", "version": ">= 6.29.0, < 7.0.0"}}
meta = lambda name: {"metadata": {"backend": "s3", "stackName": name, "version": "0.21.0"}, "outputs": {}}
stacks = {
  "selftest-state": {
    "//": meta("selftest-state"),
    "terraform": {"required_providers": req, "backend": backend("selftest-state.tfstate")},
    "provider": provider(),
    "resource": {"aws_s3_bucket": {"data": {"bucket": "sfu-selftest-data", "force_destroy": True}}},
    "output": {"data_bucket": {"value": "${aws_s3_bucket.data.bucket}"}},
  },
  "selftest-edge": {
    "//": meta("selftest-edge"),
    "terraform": {"required_providers": req, "backend": backend("selftest-edge.tfstate")},
    "provider": provider(),
    "data": {"terraform_remote_state": {"state": {"backend": "s3", "config": backend("selftest-state.tfstate")["s3"]}}},
    "resource": {"aws_s3_object": {"marker": {
        "bucket": "${data.terraform_remote_state.state.outputs.data_bucket}",
        "key": "marker.txt", "content": "from selftest-edge"}}},
  },
}
manifest = {"version": "0.21.0", "stacks": {}}
for name, cfg in stacks.items():
    d = os.path.join(out, "stacks", name)
    os.makedirs(d, exist_ok=True)
    json.dump(cfg, open(os.path.join(d, "cdk.tf.json"), "w"), indent=2)
    manifest["stacks"][name] = {"name": name, "workingDirectory": "stacks/" + name,
        "synthesizedStackPath": "stacks/%s/cdk.tf.json" % name,
        "dependencies": ["selftest-state"] if name == "selftest-edge" else []}
json.dump(manifest, open(os.path.join(out, "manifest.json"), "w"), indent=2)
PY
# Own result files: the main run's summary must not show the self-test's stacks.
if SFU_EMULATOR_URL="$url" SFU_STACK_LOG_DIR="$work/stack-logs" SFU_STACK_RESULTS="$work/stack-results.txt" \
  SFU_E2E_RESULT="$work/e2e.txt" bash "$SFU_VERIFY_DIR/stacks.sh" "$work/cdktf.out"; then
  printf 'selftest %-22s ok\n' "stacks.sh" >&2
else
  printf 'selftest %-22s FAILED\n' "stacks.sh" >&2
  fail=1
fi

# checkov over the same JSON, then once more with terraform.required_version.
ck="$SFU_CHECKOV_VENV/bin/checkov"
if [[ -x "$ck" ]]; then
  log "selftest: checkov $SFU_CHECKOV_VERSION --framework terraform_json over the throwaway JSON"
  mkdir -p "$work/ck1" "$work/ck2"
  # Shape it like a cdktf stack (cdk.tf.json with cdktf's "//" metadata).
  python3 - "$work/main.tf.json" "$work/ck1/cdk.tf.json" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
out = {"//": {"metadata": {"backend": "s3", "stackName": "selftest", "version": "0.21.0"}, "outputs": {}}}
out.update(cfg)
json.dump(out, open(sys.argv[2], "w"), indent=2)
PY
  rc=0
  "$ck" -d "$work/ck1" --framework terraform_json --compact --quiet --skip-download -o cli >"$work/ck1.log" 2>&1 || rc=$?
  grep -E 'Passed checks|Parsing errors' "$work/ck1.log" | sed 's/^/    | /' >&2 || true
  info "checkov exit $rc (1 = it found failed checks, which is expected on this bare bucket)"
  python3 - "$work/ck1/cdk.tf.json" "$work/ck2/cdk.tf.json" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["terraform"]["required_version"] = ">= 1.10.0"
json.dump(cfg, open(sys.argv[2], "w"), indent=2)
PY
  rc=0
  "$ck" -d "$work/ck2" --framework terraform_json --compact --quiet --skip-download -o cli >"$work/ck2.log" 2>&1 || rc=$?
  if grep -qE 'Traceback|Exception|receives only dicts' "$work/ck2.log"; then
    info "checkov #7454: with terraform.required_version set, checkov $SFU_CHECKOV_VERSION still fails (exit $rc):"
    grep -E 'Exception|Error|Traceback|dicts' "$work/ck2.log" | head -n 6 | sed 's/^/    | /' >&2
  else
    grep -E 'Passed checks' "$work/ck2.log" | sed 's/^/    | /' >&2 || true
    info "checkov #7454: with terraform.required_version set, checkov $SFU_CHECKOV_VERSION ran normally (exit $rc)"
  fi
else
  skip "selftest checkov" "$ck is not installed"
  fail=1
fi

if [[ $fail -ne 0 ]]; then
  die "selftest FAILED (see above)"
fi
log "selftest: all steps passed"
