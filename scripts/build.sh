#!/usr/bin/env bash
# `npm run build`: both WebAssembly builds, then the static site in dist/
# (any static host serves it; see the README's hosting notes).
set -euo pipefail
source "$(dirname "$0")/lib/deps.sh"
ensure_deps start
cd "$PLAYGROUND_ROOT"
bash scripts/build-wasm.sh
say "building the static site into dist/"
npx vite build
