#!/usr/bin/env bash
# `npm test`: every suite, from a fresh clone. Installs what is missing first.
set -uo pipefail
source "$(dirname "$0")/lib/deps.sh"
ensure_deps test
source "$PLAYGROUND_ROOT/scripts/lib/suites.sh"
cd "$PLAYGROUND_ROOT"

suite typecheck npm run -s typecheck
suite lint npm run -s lint
suite format npm run -s format:check
suite format-cpp bash scripts/format-cpp.sh --check
suite native-unit native_suite native
suite native-tsan native_suite tsan
suite native-asan-ubsan native_suite asan
suite fuzz bash scripts/fuzz.sh
suite wasm-build bash scripts/build-wasm.sh
suite node-wasm npx vitest run --config tests/node/vitest.config.ts
suite web-components npx vitest run --project web
suite site-build npx vite build
suite e2e bash scripts/e2e.sh

suites_summary
