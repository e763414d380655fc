#!/usr/bin/env bash
# `npm run bench`: builds what the benchmarks need (native CLI, Google Benchmark
# binary, WebAssembly engine, the site) and prints one Markdown table
# (scripts/bench/run.ts): distance matrix native / wasm in Node / wasm in Chromium,
# the coroutine loop's actions/s, microbenchmarks, page transfer size and time to
# interactive. The table is also written to build/bench/results.md.
set -euo pipefail
source "$(dirname "$0")/lib/deps.sh"
ensure_deps bench
cd "$PLAYGROUND_ROOT"
jobs="${PLAYGROUND_JOBS:-$(nproc)}"

say "native CLI and Google Benchmark binary (preset bench: Release)"
cmake --preset bench >/dev/null
cmake --build --preset bench --target playground playground_bench -j "$jobs" >/dev/null
say "WebAssembly engine (incremental)"
bash scripts/build-wasm.sh >/dev/null
say "site (build/bench-site)"
node_modules/.bin/vite build --outDir "$PLAYGROUND_ROOT/build/bench-site" --emptyOutDir --logLevel error

say "measuring (a few minutes)"
mkdir -p build/bench
# --no-liftoff: the Node column measures the engine as `npm run cli:wasm` runs it (scripts/cli-wasm.sh says why).
exec node_modules/.bin/tsx --no-liftoff scripts/bench/run.ts --site build/bench-site --out build/bench/results.md "$@"
