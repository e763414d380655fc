#!/usr/bin/env bash
# `npm run cli:wasm -- run SCENARIO ...`: the CLI on the WebAssembly engine in
# Node, with the native CLI's flags and output (scripts/cli-wasm/main.ts).
# Builds the engine first when its files are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$root/web/public/engine/playground-threads.wasm" ] || [ ! -f "$root/web/public/engine/playground-single.wasm" ]; then
  bash "$root/scripts/build-wasm.sh" >&2
fi
exec "$root/node_modules/.bin/tsx" "$root/scripts/cli-wasm/main.ts" "$@"
