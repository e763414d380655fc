#!/usr/bin/env bash
# `npm run cli:wasm -- run SCENARIO ...`: the CLI on the WebAssembly engine in
# Node, with the native CLI's flags and output (scripts/cli-wasm/main.ts).
# Builds the engine first when its files are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$root/web/public/engine/playground-threads.wasm" ] || [ ! -f "$root/web/public/engine/playground-single.wasm" ]; then
  bash "$root/scripts/build-wasm.sh" >&2
fi
# --no-liftoff: V8 compiles the module with its optimising compiler before the
# run, not function by function once hot. A one-shot run otherwise measures
# baseline code: the distance matrix of 250 cities took 83 ms this way and
# 12 ms optimised (native: 13 ms), the event loop 3 M actions/s against 50.
# It costs about a second of start-up, before anything is measured.
exec "$root/node_modules/.bin/tsx" --no-liftoff "$root/scripts/cli-wasm/main.ts" "$@"
