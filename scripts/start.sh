#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the engine (incrementally) and
# serves the playground with the cross-origin isolation headers threads need.
# Extra arguments go to Vite, e.g. `npm start -- --port 8080 --host`.
set -euo pipefail
source "$(dirname "$0")/lib/deps.sh"
ensure_deps start
cd "$PLAYGROUND_ROOT"
bash scripts/build-wasm.sh
say "starting the playground: open the Local address below (Ctrl+C stops it)"
exec npx vite "$@"
