#!/usr/bin/env bash
# The browser end-to-end tests (tests/e2e) against the built site, in three
# engines: Debian's Chromium, Firefox ESR and WebKitGTK (tests/e2e/vitest.config.ts
# has one project for each, and one for the engine's worker guard in Node).
# The site is dist/ (build it first: npx vite build), or E2E_SITE=path for another build.
# A browser is left out only when asked: E2E_SKIP_CHROMIUM=1, E2E_SKIP_FIREFOX=1,
# E2E_SKIP_WEBKIT=1 (and it is said so); a missing browser is an error.
# The notice tests (tests/e2e/notice.e2e.ts, engines/*-notice.e2e.ts) build their test-only page
# into build/e2e/notice-page/ (tests/e2e/notice-page/build.ts): it is never part of the site.
# Screenshots and request logs go to test-results/. Extra arguments go to Vitest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
site="${E2E_SITE:-dist}"
[ -f "$site/index.html" ] || { echo "e2e: no built site in $site: run npx vite build first" >&2; exit 1; }
compgen -G "$site/engine/playground-threads.*wasm" >/dev/null || { echo "e2e: $site has no engine: run npm run build:wasm, then npx vite build" >&2; exit 1; }

projects=(--project engine)
# browser NAME SKIP_VARIABLE PROJECT FILE:DEBIAN_PACKAGE...
browser() {
  local name="$1" skip="$2" project="$3" need
  shift 3
  if [ "${!skip:-}" = 1 ]; then
    echo "e2e: $name skipped ($skip=1)"
    return
  fi
  for need in "$@"; do
    [ -x "${need%%:*}" ] || { echo "e2e: $name is missing (${need%%:*}): install the Debian package '${need##*:}', or set $skip=1 to leave $name out" >&2; exit 1; }
  done
  projects+=(--project "$project")
}
browser Chromium E2E_SKIP_CHROMIUM chromium "${PLAYGROUND_CHROMIUM:-/usr/bin/chromium}:chromium"
browser Firefox E2E_SKIP_FIREFOX firefox "${PLAYGROUND_FIREFOX:-/usr/bin/firefox-esr}:firefox-esr"
browser WebKitGTK E2E_SKIP_WEBKIT webkit "${PLAYGROUND_WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}:webkit2gtk-driver" \
  "${PLAYGROUND_MINIBROWSER:-/usr/lib/$(uname -m)-linux-gnu/webkit2gtk-4.1/MiniBrowser}:webkit2gtk-driver" /usr/bin/xvfb-run:xvfb
mkdir -p test-results
exec "$root/node_modules/.bin/vitest" run --config tests/e2e/vitest.config.ts "${projects[@]}" "$@"
