#!/usr/bin/env bash
# The web app's real-browser test (scripts/browser-test.ts): Debian's
# Chromium, headless, driven by playwright-core, against `npm run dev` in
# both signing modes. Installs chromium with apt when it is missing (root, as
# on CI and the dev machines); never downloads a browser build of its own.
#
#   bash scripts/browser-test.sh [--mode edge-sigv4|oac|both] [--artifacts DIR] [--docs-screenshot docs/spa-signed-in.png]
#
# Not part of `npm test`. Screenshots and logs: .local/browser-test/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "browser test: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null | head -1 || true

[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
npm run --silent build
exec node dist/scripts/browser-test.js "$@"
