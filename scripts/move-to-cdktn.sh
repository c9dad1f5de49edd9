#!/usr/bin/env bash
# scripts/move-to-cdktn.sh: moves this repository from cdktf 0.21 to CDK
# Terrain (cdktn), in place, on a clean branch. The same conversion the
# extended tier proves on every run (scripts/verify-iac/cdktn.sh; README
# "Moving to CDK Terrain"):
#   1. scripts/verify-iac/cdktn-convert.ts: package.json (cdktn, cdktn-cli,
#      @cdktn/provider-aws|archive at the pins of scripts/verify-iac/lib.sh,
#      constructs >= 10.6, no @cdktf/provider-http, `cdktn synth`),
#      cdktf.json (terraformProviders: hashicorp/http), scripts/build.js
#      (.gen), every import;
#   2. npm install;
#   3. npx cdktn get: the http binding into .gen/providers/http (needs the
#      Terraform registry once, or a mirror through TF_CLI_CONFIG_FILE);
# then prints what is left to do by hand (tests that pin cdktf's provider
# source, .gitignore, the Atlantis server's Node).
# Needs Node >= 22.19 on PATH (cdktn-cli); `npm run with-node -- 22 bash
# scripts/move-to-cdktn.sh` provides one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=verify-iac/lib.sh
source "$here/verify-iac/lib.sh"
cd "$SFU_REPO_ROOT"

node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)' ||
  die "cdktn-cli needs Node >= 22.19, this is $(node --version): run it as 'npm run with-node -- 22 bash scripts/move-to-cdktn.sh'"
[[ -z "$(git status --porcelain 2>/dev/null)" ]] || die "the working tree has changes: commit or set them aside first (the move edits many files)"
[[ -d node_modules/esbuild ]] || die "run npm ci first (the conversion script is built with esbuild)"

log "1/3 convert (cdktn $SFU_CDKTN_VERSION, @cdktn/provider-aws $SFU_CDKTN_PROVIDER_AWS_VERSION, @cdktn/provider-archive $SFU_CDKTN_PROVIDER_ARCHIVE_VERSION, constructs $SFU_CDKTN_CONSTRUCTS_VERSION)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node -e 'require("esbuild").buildSync({ entryPoints: [process.argv[1]], outfile: process.argv[2], platform: "node", format: "cjs", logLevel: "warning" })' \
  scripts/verify-iac/cdktn-convert.ts "$tmp/cdktn-convert.js"
node "$tmp/cdktn-convert.js" . \
  --cdktn "$SFU_CDKTN_VERSION" --cdktn-cli "$SFU_CDKTN_CLI_VERSION" \
  --provider-aws "$SFU_CDKTN_PROVIDER_AWS_VERSION" --provider-archive "$SFU_CDKTN_PROVIDER_ARCHIVE_VERSION" \
  --constructs "$SFU_CDKTN_CONSTRUCTS_VERSION" --http-constraint "$SFU_CDKTN_HTTP_CONSTRAINT"

log "2/3 npm install"
npm install --no-audit --no-fund

log "3/3 npx cdktn get (the http binding)"
CHECKPOINT_DISABLE=1 npx cdktn get

cat >&2 <<'TODO'
==> done. By hand, then commit:
    - __tests__/stacks/providers.test.ts, __tests__/stacks/edge-stack.test.ts: the expected
      required_providers sources become "hashicorp/aws" and "hashicorp/http" (cdktf wrote "aws", "http");
    - .gitignore: drop ".gen/" and commit .gen/providers/http (the synth then needs no registry);
    - platform/atlantis.ts: '.gen/**/*.ts' joins DEFAULT_SOURCE_PATTERNS (then npm run atlantis);
    - the Atlantis server and CI: Node >= 22.19 (cdktn-cli);
    - npm test && npm run synth, then one plan per stack: no changes (README "Moving to CDK Terrain").
TODO
