#!/usr/bin/env bash
# go-wrapper-build.sh OUT REQUIRED_PATH SOURCE_PATH VERSION PACKAGE [LDFLAGS]
#
# Builds PACKAGE from a throwaway wrapper module (a temp dir) that requires
# REQUIRED_PATH at VERSION and repeats the dependency's own replace and godebug
# directives, which `go install pkg@version` refuses to honour. When the module
# declares a path other than the one the proxy serves it under
# (SOURCE_PATH != REQUIRED_PATH), the wrapper requires the declared path and
# replaces it with the served one. Writes OUT atomically (OUT.tmp, then mv).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -ge 5 ]] || die "usage: $0 OUT REQUIRED_PATH SOURCE_PATH VERSION PACKAGE [LDFLAGS]"
out="$1" req="$2" src="$3" ver="$4" pkg="$5" ldflags="${6:-}"
sfu_go_env

dir="$(mktemp -d "${TMPDIR:-/tmp}/sfu-gowrap.XXXXXX")"
trap 'rm -rf "$dir"' EXIT

info "fetching $src@$ver (module zip and go.mod via the Go module proxy)"
modfile="$(go mod download -json "$src@$ver" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if d.get("Error"):
    sys.exit(d["Error"])
print(d["GoMod"])')"
godir="$(go mod edit -json "$modfile" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("Go") or "1.22")')"

cd "$dir"
go mod init sfu.local/build-wrapper >/dev/null 2>&1
go mod edit -go="$godir"
if [[ "$src" == "$req" ]]; then
  go mod edit -require="$req@$ver"
else
  go mod edit -require="$req@v0.0.0-00010101000000-000000000000" -replace="$req=$src@$ver"
fi
# Repeat the dependency's replace and godebug directives.
go mod edit -json "$modfile" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for r in d.get("Replace") or []:
    old, new = r["Old"], r["New"]
    lhs = old["Path"] + ("@" + old["Version"] if old.get("Version") else "")
    if not new.get("Version"):
        sys.exit("dependency replaces %s with a local path (%s): cannot repeat it" % (lhs, new["Path"]))
    print("-replace=%s=%s@%s" % (lhs, new["Path"], new["Version"]))
for g in d.get("Godebug") or []:
    print("-godebug=%s=%s" % (g["Key"], g["Value"]))
' >"$dir/directives.txt"
if [[ -s "$dir/directives.txt" ]]; then
  info "repeating directives of $src: $(tr '\n' ' ' <"$dir/directives.txt")"
  # shellcheck disable=SC2046
  go mod edit $(cat "$dir/directives.txt")
else
  info "$src declares no replace/godebug directives"
fi
rm -f "$dir/directives.txt"
printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >tools.go
info "resolving dependencies (go mod tidy)"
go mod tidy
info "compiling $pkg (go build -trimpath -ldflags='-s -w${ldflags:+ $ldflags}')"
mkdir -p "$(dirname "$out")"
go build -trimpath -ldflags="-s -w $ldflags" -o "$out.tmp" "$pkg"
mv -f "$out.tmp" "$out"
info "built $out ($(du -h "$out" | cut -f1))"
