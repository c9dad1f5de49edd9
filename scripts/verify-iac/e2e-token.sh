#!/usr/bin/env bash
# e2e-token.sh OUT_DIR [RESULT_FILE]
#
# Issue 5 step 5, run by stacks.sh after the stacks applied on the emulator
# (and before they are destroyed): a user in moto's Cognito pool signs in
# through the SPA client the identity stack created, and the REAL edge
# package (OUT_DIR/stacks/<env>-edge/edge-package.zip, zipped by `tofu plan`
# with its config baked from remote state) must forward the user's access
# token signed and refuse it once tampered. Details: e2e-token.ts.
#
#   1. pool and client ids: `tofu output -json` of the identity stack;
#   2. with boto3 from the moto venv against SFU_EMULATOR_URL:
#      admin-create-user (email as username, message suppressed),
#      admin-set-user-password --permanent, admin-add-user-to-group readers,
#      then sign-in with a flow the SPA client allows (its ExplicitAuthFlows
#      are printed): USER_SRP_AUTH + PASSWORD_VERIFIER;
#   3. node dist/scripts/verify-iac/e2e-token.js on the unzipped package.
# Writes `e2e=ok|failed|skipped` and `summary=...` to RESULT_FILE.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$(cd "${1:?usage: e2e-token.sh OUT_DIR [RESULT_FILE]}" && pwd)"
result="${2:-${SFU_E2E_RESULT:-/dev/null}}"
[[ -n "${SFU_EMULATOR_URL:-}" ]] || die "SFU_EMULATOR_URL is not set (the emulator this runs against)"
sfu_tofu_env
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sfu-e2e.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() {
  printf 'e2e=failed\nsummary=%s\n' "$1" >"$result"
  die "e2e token: $1"
}

identity_dir="$(find "$out/stacks" -mindepth 1 -maxdepth 1 -type d -name '*-identity' | head -n 1)"
edge_dir="$(find "$out/stacks" -mindepth 1 -maxdepth 1 -type d -name '*-edge' | head -n 1)"
[[ -n "$identity_dir" && -n "$edge_dir" ]] || fail "no identity or edge stack under $out/stacks"
zip="$edge_dir/edge-package.zip"
[[ -f "$zip" ]] || fail "no $zip (the edge stack's plan writes it)"

"$SFU_TOFU_BIN" -chdir="$identity_dir" output -json >"$tmp/identity.json" ||
  fail "tofu output of $(basename "$identity_dir") failed"

log "e2e token: a moto Cognito user's token through the real edge package"
# Tokens go to a 0600 file in the temp dir only; nothing prints them.
(umask 077 && "$SFU_MOTO_VENV/bin/python" - "$tmp/identity.json" "$SFU_EMULATOR_URL" "$tmp/tokens.json" <<'PY') >&2 || fail "moto Cognito sign-in failed (see above)"
import json, secrets, sys, boto3
outputs, url, tokens_file = sys.argv[1:]
o = {k: v["value"] for k, v in json.load(open(outputs)).items()}
pool, client_id, region = o["user_pool_id"], o["spa_client_id"], o["user_pool_region"]
idp = boto3.client("cognito-idp", endpoint_url=url, region_name=region,
                   aws_access_key_id="test", aws_secret_access_key="test")
client = idp.describe_user_pool_client(UserPoolId=pool, ClientId=client_id)["UserPoolClient"]
flows = sorted(client.get("ExplicitAuthFlows", []))
print("    pool %s, SPA client %s: ExplicitAuthFlows %s, OAuth flows %s"
      % (pool, client_id, ",".join(flows), ",".join(client.get("AllowedOAuthFlows", []))))
if "ALLOW_USER_SRP_AUTH" not in flows:
    sys.exit("the SPA client does not allow USER_SRP_AUTH; update e2e-token.sh to a flow it allows")
email = "e2e-%s@example.com" % secrets.token_hex(4)
password = "E2e-" + secrets.token_urlsafe(12) + "9a!"
idp.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                      UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}])
idp.admin_set_user_password(UserPoolId=pool, Username=email, Password=password, Permanent=True)
idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="readers")
print("    admin-create-user %s, admin-set-user-password --permanent, admin-add-user-to-group readers" % email)
# USER_SRP_AUTH is what the client allows. moto 5.2.5 does not check the SRP
# proof (its PASSWORD_VERIFIER step needs only the challenge's SECRET_BLOCK and
# non-empty fields) nor ExplicitAuthFlows; the tokens are its real RS256 JWTs.
start = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH",
                          AuthParameters={"USERNAME": email, "SRP_A": secrets.token_hex(64)})
params = start["ChallengeParameters"]
print("    initiate-auth USER_SRP_AUTH (a flow the client allows) -> challenge %s" % start["ChallengeName"])
print("    (moto 5.2.5 does not verify the SRP proof nor enforce ExplicitAuthFlows; the tokens are its own RS256 JWTs)")
done = idp.respond_to_auth_challenge(
    ClientId=client_id, ChallengeName="PASSWORD_VERIFIER", Session=start.get("Session", ""),
    ChallengeResponses={"USERNAME": params["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
                        "PASSWORD_CLAIM_SIGNATURE": secrets.token_hex(32),
                        "TIMESTAMP": "Mon Jan 1 00:00:00 UTC 2024"})
auth = done.get("AuthenticationResult")
if not auth:
    sys.exit("no tokens: %s" % {k: v for k, v in done.items() if k != "ResponseMetadata"})
print("    respond-to-auth-challenge PASSWORD_VERIFIER -> AccessToken, IdToken (%ss)" % auth.get("ExpiresIn"))
json.dump({"accessToken": auth["AccessToken"], "idToken": auth["IdToken"]}, open(tokens_file, "w"))
PY

mkdir -p "$tmp/package"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$tmp/package"
[[ -f "$SFU_REPO_ROOT/dist/scripts/verify-iac/e2e-token.js" ]] || node "$SFU_REPO_ROOT/scripts/build.js"
rc=0
node "$SFU_REPO_ROOT/dist/scripts/verify-iac/e2e-token.js" --package-dir "$tmp/package" --tokens "$tmp/tokens.json" \
  --result "$tmp/result.txt" >&2 || rc=$?
if [[ -f "$tmp/result.txt" ]]; then cp "$tmp/result.txt" "$result"; else fail "e2e-token.js wrote no result (exit $rc)"; fi
exit "$rc"
