#!/usr/bin/env bash
# The browser end-to-end tests (tests/e2e) in Debian's Chromium against the built
# site: dist/ (build it first: npx vite build), or E2E_SITE=path for another build.
# Screenshots and request logs go to test-results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
site="${E2E_SITE:-dist}"
[ -f "$site/index.html" ] || { echo "e2e: no built site in $site: run npx vite build first" >&2; exit 1; }
compgen -G "$site/engine/playground-threads.*wasm" >/dev/null || { echo "e2e: $site has no engine: run npm run build:wasm, then npx vite build" >&2; exit 1; }
[ -x "${PLAYGROUND_CHROMIUM:-/usr/bin/chromium}" ] || { echo "e2e: Chromium is missing: install the Debian package 'chromium'" >&2; exit 1; }
mkdir -p test-results
exec "$root/node_modules/.bin/vitest" run --config tests/e2e/vitest.config.ts "$@"
