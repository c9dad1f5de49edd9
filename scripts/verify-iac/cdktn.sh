#!/usr/bin/env bash
# cdktn.sh [RESULT_FILE]
#
# Proves the move to CDK Terrain (issue 13) on temporary copies of the
# repository, without touching the repository:
#   1. two copies of the sources (git ls-files: tracked and untracked, not
#      ignored): cdktf/ stays as is, cdktn/ is converted (cdktn-convert.ts:
#      packages, imports, cdktf.json, build.js, as the README's "Moving to CDK
#      Terrain" steps);
#   2. cdktn/'s node_modules: `npm install` (npm cache first) once per
#      converted package.json + lock file, kept in $SFU_CACHE_DIR/cdktn/deps-<hash>
#      and linked in; checked to hold the framework once (cdktn and constructs
#      one copy each, no cdktf, no @cdktf/*);
#   3. cdktf baseline (meanwhile), on the machine's Node: for every
#      config/<env>.json and both signing modes (edge.signingMode written into
#      the copy's config), the app as `cdktf synth` runs it (cdktf.json "app"
#      with CDKTF_OUTDIR: the same bytes as `cdktf synth --output`);
#   4. `cdktn get` for the http provider (no @cdktn/provider-http is
#      published): the binding is generated offline from the provider in the
#      filesystem mirror (with terraform when on PATH, else tofu);
#   5. on Node $SFU_CDKTN_NODE: tsc --noEmit, the jest suites related to the
#      files that import the framework, and `cdktn synth` of every variant;
#   6. cdktn-compare.ts: every variant against cdktn-differences.txt.
# RESULT_FILE gets `status=ok|FAILED|skipped`, `line=<summary line>` and the
# comparison's counts. The work directory, $SFU_CACHE_DIR/cdktn/work-<hash of
# the repository path>, is emptied at the start of a run and left for
# inspection (a path fixed per clone keeps jest's transform cache and tsc's
# build info warm between runs; two clones' runs do not share it).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

result="${1:-/dev/null}"
: >"$result"
t0="$(now)"
finish() { # STATUS LINE
  printf 'status=%s\nline=%s\nseconds=%s\n' "$1" "$2" "$(($(now) - t0))" >>"$result"
  case "$1" in
    skipped) skip "cdktn" "$2" ;;
    FAILED) printf 'FAILED: cdktn -- %s\n' "$2" >&2 ;;
    *) log "cdktn: $2" ;;
  esac
  if [[ "$1" == FAILED ]]; then exit 1; fi
  exit 0
}
step_t=0
begin() {
  step_t="$(now)"
  log "cdktn: $*"
}
took() { info "($(($(now) - step_t))s)"; }

# ------------------------------------------------------------ prerequisites --
node_bin="$(sfu_node_bin "$SFU_CDKTN_NODE")" ||
  finish skipped "Node $SFU_CDKTN_NODE is not installed (install-node.sh; cdktn-cli needs Node >= 22.19)"
node_dir="$(dirname "$node_bin")"
node_ver="$("$node_bin" --version)"
command -v npm >/dev/null 2>&1 || finish skipped "npm is not on PATH"
[[ -d "$SFU_REPO_ROOT/node_modules/cdktf" ]] ||
  finish FAILED "no node_modules/cdktf in $SFU_REPO_ROOT: run npm ci first (the cdktf baseline uses it)"
engine=""
if command -v terraform >/dev/null 2>&1; then
  engine="$(command -v terraform)"
elif [[ -x "$SFU_TOFU_BIN" ]]; then
  engine="$SFU_TOFU_BIN"
fi
[[ -n "$engine" ]] || finish FAILED "neither terraform nor tofu ($SFU_TOFU_BIN) for 'cdktn get'"
[[ -f "$SFU_TOFU_CLI_CONFIG" ]] || finish FAILED "no provider mirror config $SFU_TOFU_CLI_CONFIG (install-providers.sh)"
ls "$SFU_PROVIDER_MIRROR"/registry.terraform.io/hashicorp/http/*/"$SFU_PLATFORM"/terraform-provider-http_v* >/dev/null 2>&1 ||
  finish FAILED "no hashicorp/http provider in the mirror $SFU_PROVIDER_MIRROR (install-providers.sh http)"

repo_key="$(printf '%s' "$SFU_REPO_ROOT" | sha256sum | cut -c1-12)"
sfu_lock "cdktn-work-$repo_key"
work="$SFU_CACHE_DIR/cdktn/work-$repo_key"
rm -rf "$work"
base="$work/cdktf"
app="$work/cdktn"
logs="$work/logs"
tools="$work/tools"
mkdir -p "$base" "$app" "$logs" "$tools" "$work/out/cdktf" "$work/out/cdktn"
# run_logged [--quiet] NAME CMD...: output to $logs/NAME.log; on failure its
# tail is shown (not with --quiet: the caller reports).
run_logged() {
  local quiet=0 name rc=0
  if [[ "$1" == --quiet ]]; then
    quiet=1
    shift
  fi
  name="$1"
  shift
  "$@" >"$logs/$name.log" 2>&1 || rc=$?
  if [[ $rc -ne 0 && $quiet -eq 0 ]]; then
    tail -n 40 "$logs/$name.log" | sed 's/^/    ! /' >&2
    info "full log: $logs/$name.log"
  fi
  return "$rc"
}

# ------------------------------------------------------------------ 1. copy --
begin "copy the sources twice (cdktf as is, cdktn converted) under $work"
(
  cd "$SFU_REPO_ROOT"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
      [[ -f "$f" ]] && printf '%s\0' "$f"
    done | xargs -0 cp --parents -t "$base"
  else
    tar -cf - --exclude=./node_modules --exclude=./dist --exclude='./cdktf.out*' --exclude=./.build \
      --exclude=./.git --exclude=./.local . | tar -xf - -C "$base"
  fi
)
cp -a "$base/." "$app/"
ln -s "$SFU_REPO_ROOT/node_modules" "$base/node_modules"
# The helpers, built from this copy (the tier may be rebuilding the repository's dist/).
(cd "$base" && node scripts/build.js)
cp "$base"/dist/scripts/verify-iac/{cdktn-convert,cdktn-compare,jest-report}.js "$tools/"
info "$(find "$app" -type f | wc -l) files each"
"$node_bin" "$tools/cdktn-convert.js" "$app" \
  --cdktn "$SFU_CDKTN_VERSION" --cdktn-cli "$SFU_CDKTN_CLI_VERSION" \
  --provider-aws "$SFU_CDKTN_PROVIDER_AWS_VERSION" --provider-archive "$SFU_CDKTN_PROVIDER_ARCHIVE_VERSION" \
  --constructs "$SFU_CDKTN_CONSTRUCTS_VERSION" --http-constraint "$SFU_CDKTN_HTTP_CONSTRAINT" \
  --files-out "$work/converted.txt" || finish FAILED "the conversion failed (see above)"
took

# ----------------------------------------------- 2. node_modules (cached) --
deps_key="$(cat "$app/package.json" "$app/package-lock.json" | sha256sum | cut -c1-16)"
deps="$SFU_CACHE_DIR/cdktn/deps-$deps_key"
install_pid=""
if [[ -f "$deps/.sfu-complete" ]]; then
  info "node_modules for the converted package.json: cached ($deps)"
else
  info "node_modules for the converted package.json: npm install into $deps (in the background)"
  mkdir -p "$SFU_CACHE_DIR/cdktn"
  deps_tmp="$(mktemp -d "$deps.tmp.XXXXXX")" # own directory: another clone's run may install the same key
  cp "$app/package.json" "$app/package-lock.json" "$deps_tmp/"
  (
    export PATH="$node_dir:$PATH"
    cd "$deps_tmp" && npm install --prefer-offline --no-audit --no-fund
  ) >"$logs/npm-install.log" 2>&1 &
  install_pid=$!
fi

# ------------------------------------------------------- 3. cdktf baseline --
mapfile -t envs < <(cd "$app/config" && for f in *.json; do printf '%s\n' "${f%.json}"; done)
[[ ${#envs[@]} -gt 0 ]] || finish FAILED "no config/*.json in the copy"
modes=(edge-sigv4 oac)
cp -r "$base/config" "$work/config-orig"
set_mode() { # DIR ENV MODE: write edge.signingMode into DIR/config/ENV.json
  "$node_bin" -e '
    const fs = require("fs"); const [file, mode] = process.argv.slice(1);
    const c = JSON.parse(fs.readFileSync(file, "utf8"));
    c.edge = { ...(c.edge || {}), signingMode: mode };
    fs.writeFileSync(file, JSON.stringify(c, null, 2) + "\n");' "$1/config/$2.json" "$3"
}
begin "cdktf $(node -p 'require(process.argv[1]).version' "$SFU_REPO_ROOT/node_modules/cdktf/package.json") baseline on the machine's Node $(node --version): ${#envs[@]} configs (${envs[*]}) x ${#modes[@]} signing modes"
app_cmd="$(node -p 'require(process.argv[1]).app' "$base/cdktf.json")"
for env in "${envs[@]}"; do
  for mode in "${modes[@]}"; do
    set_mode "$base" "$env" "$mode"
    # shellcheck disable=SC2016 # expanded by the inner bash
    run_logged "cdktf-synth-$env.$mode" bash -c 'cd "$1" && SFU_ENV="$2" CDKTF_OUTDIR="$3" CHECKPOINT_DISABLE=1 bash -c "$4"' _ \
      "$base" "$env" "$work/out/cdktf/$env.$mode" "$app_cmd" ||
      finish FAILED "cdktf synth of $env ($mode) failed (the baseline; see above)"
  done
done
took

if [[ -n "$install_pid" ]]; then
  begin "waiting for npm install (Node $node_ver)"
  if ! wait "$install_pid"; then
    tail -n 40 "$logs/npm-install.log" | sed 's/^/    ! /' >&2
    finish FAILED "npm install of the cdktn packages failed (log: $logs/npm-install.log)"
  fi
  grep -E '^(added|removed|changed|up to date)' "$logs/npm-install.log" | sed 's/^/    /' >&2 || true
  touch "$deps_tmp/.sfu-complete"
  if [[ -f "$deps/.sfu-complete" ]]; then
    rm -rf "$deps_tmp" # another run finished the same install first
  else
    rm -rf "$deps"
    mv "$deps_tmp" "$deps"
  fi
  # Keep this and the previous install only.
  find "$SFU_CACHE_DIR/cdktn" -maxdepth 1 -name 'deps-*' -type d ! -name "deps-$deps_key" ! -name '*.tmp.*' -printf '%T@ %p\n' |
    sort -rn | tail -n +2 | cut -d' ' -f2- | xargs -r rm -rf
  took
fi
ln -s "$deps/node_modules" "$app/node_modules"
cp "$deps/package-lock.json" "$app/package-lock.json"
# One framework at run time: cdktn and constructs once each, cdktf nowhere.
count_pkg() { find -L "$app/node_modules" -path "*/node_modules/$1/package.json" 2>/dev/null | wc -l; }
n_cdktn="$(count_pkg cdktn)"
n_constructs="$(count_pkg constructs)"
n_cdktf="$(count_pkg cdktf)"
n_cdktf_scoped="$(find -L "$app/node_modules" -path '*/node_modules/@cdktf/*/package.json' 2>/dev/null | wc -l)"
constructs_ver="$(node -p 'require(process.argv[1]).version' "$app/node_modules/constructs/package.json")"
info "framework packages in the cdktn copy: cdktn x$n_cdktn, constructs x$n_constructs ($constructs_ver), cdktf x$n_cdktf, @cdktf/* x$n_cdktf_scoped"
[[ "$n_cdktn" == 1 && "$n_constructs" == 1 && "$n_cdktf" == 0 && "$n_cdktf_scoped" == 0 ]] ||
  finish FAILED "expected one cdktn, one constructs and no cdktf or @cdktf/* package in the cdktn copy (a second framework copy at run time)"

export PATH="$node_dir:$PATH" CHECKPOINT_DISABLE=1 CDKTF_DISABLE_PLUGIN_CACHE_ENV=1 CI="${CI:-true}" FORCE_COLOR=0

# ------------------------------------------------------------ 4. cdktn get --
begin "cdktn get: the http binding, generated offline from the provider mirror with $(basename "$engine")"
# shellcheck disable=SC2016
run_logged cdktn-get bash -c 'cd "$1" && TF_CLI_CONFIG_FILE="$2" TERRAFORM_BINARY_NAME="$3" npx cdktn get' _ "$app" "$SFU_TOFU_CLI_CONFIG" "$engine" ||
  finish FAILED "cdktn get failed (see above)"
[[ -f "$app/.gen/providers/http/data-http/index.ts" && -f "$app/.gen/providers/http/provider/index.ts" ]] ||
  finish FAILED "cdktn get wrote no .gen/providers/http/{data-http,provider}"
http_version="$(node -p 'Object.values(require(process.argv[1]))[0]' "$app/.gen/versions.json")"
info "binding: .gen/providers/http (hashicorp/http $http_version, $(cat "$app"/.gen/providers/http/*/index.ts | wc -l) lines of TypeScript)"
took

# ---------------------------------------------------- 5. tsc, jest, synth --
begin "tsc --noEmit on Node $node_ver"
# shellcheck disable=SC2016
# --incremental: the build info (kept beside the work dir, whose path is fixed)
# lets a rerun skip the files whose text did not change.
run_logged tsc bash -c 'cd "$1" && node node_modules/typescript/bin/tsc --noEmit --incremental --tsBuildInfoFile "$2" -p tsconfig.json' _ "$app" "$SFU_CACHE_DIR/cdktn/tsc-$repo_key.tsbuildinfo" ||
  finish FAILED "tsc failed on the cdktn copy (see above)"
took

mapfile -t converted <"$work/converted.txt"
begin "jest on Node $node_ver: the suites related to the ${#converted[@]} files that import the framework"
(
  cd "$app"
  node node_modules/jest/bin/jest.js --ci --roots '<rootDir>' --listTests --findRelatedTests "${converted[@]}" 2>"$logs/jest-list.log" |
    sed "s|^$app/||" | grep '^__tests__/' | sort >"$work/jest-suites.txt" || true
)
mapfile -t suites <"$work/jest-suites.txt"
[[ ${#suites[@]} -gt 0 ]] || finish FAILED "jest found no suite related to the converted files ($logs/jest-list.log)"
info "${#suites[@]} suites: $(sed 's|^__tests__/||; s|\.test\.ts$||' "$work/jest-suites.txt" | paste -sd' ' -)"
jest_rc=0
# shellcheck disable=SC2016
run_logged --quiet jest bash -c 'cd "$1" && shift && node node_modules/jest/bin/jest.js --ci --json --outputFile="$0" --runTestsByPath "$@"' \
  "$work/jest.json" "$app" "${suites[@]}" || jest_rc=$?
[[ -s "$work/jest.json" ]] || {
  tail -n 40 "$logs/jest.log" | sed 's/^/    ! /' >&2
  finish FAILED "jest wrote no report (exit $jest_rc; log $logs/jest.log)"
}
jest_summary="$(cd "$app" && node "$tools/jest-report.js" "$work/jest.json" --expect-provider-source)" ||
  finish FAILED "jest on the cdktn copy: unexpected failures ($jest_summary; log $logs/jest.log)"
info "jest: $jest_summary"
took

begin "cdktn synth on Node $node_ver: ${#envs[@]} configs x ${#modes[@]} signing modes"
for env in "${envs[@]}"; do
  for mode in "${modes[@]}"; do
    set_mode "$app" "$env" "$mode"
    # shellcheck disable=SC2016
    run_logged "cdktn-synth-$env.$mode" bash -c 'cd "$1" && SFU_ENV="$2" npx cdktn synth --output "$3"' _ "$app" "$env" "$work/out/cdktn/$env.$mode" ||
      finish FAILED "cdktn synth of $env ($mode) failed (see above)"
  done
done
took

# --------------------------------------------------------------- 6. compare --
begin "compare the cdktf and cdktn outputs"
cmp_rc=0
node "$tools/cdktn-compare.js" --base "$work/out/cdktf" --other "$work/out/cdktn" \
  --allow "$SFU_VERIFY_DIR/cdktn-differences.txt" --out "$work/compare.txt" || cmp_rc=$?
[[ -s "$work/compare.txt" ]] || finish FAILED "the comparison wrote no result (exit $cmp_rc)"
kv() { sed -n "s/^$1=//p" "$work/compare.txt"; }
fields="$(kv kinds | tr ',' '\n' | sed 's/^cdk\.tf\.json://; s/^manifest\.json:/manifest.json /' | paste -sd, - | sed 's/,/, /g')"
variants="$(kv variants)"
cat "$work/compare.txt" >>"$result"
# The variant the tier applies (config/emulator.json as it is): stacks.sh plans it
# against the state OpenTofu applied from the cdktf synth.
emu_mode="$(node -p 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); (c.edge && c.edge.signingMode) || "edge-sigv4"' "$work/config-orig/emulator.json" 2>/dev/null || true)"
[[ -z "$emu_mode" || ! -d "$work/out/cdktn/emulator.$emu_mode" ]] || echo "plan_out=$work/out/cdktn/emulator.$emu_mode" >>"$result"
read -r j_suites j_passed j_expected < <(sed -E 's/.*suites=([0-9]+) tests=[0-9]+ passed=([0-9]+).* expected=([0-9]+) .*/\1 \2 \3/' <<<"$jest_summary")
line="cdktn $SFU_CDKTN_VERSION on Node ${node_ver#v}: $(kv stacks) stacks ($variants variants: ${envs[*]} x ${modes[*]}), $(kv addresses) addresses compared ($(kv bodies) resource/data bodies, $(kv assets) asset files)"
if [[ $cmp_rc -eq 0 ]]; then
  finish ok "$line, differences = only the documented fields ($fields; $(kv documented) values); tsc ok; jest $j_suites suites: $j_passed tests passed, $j_expected expected failures (they assert cdktf's provider source); cdktn synth $variants/$variants; http binding by cdktn get (hashicorp/http $http_version)"
else
  finish FAILED "$line: $(kv undocumented) UNDOCUMENTED differences (listed above), $(kv documented) documented"
fi
