#!/usr/bin/env bash
# `npm run build:wasm`: the engine's two WebAssembly builds (CMake presets
# wasm-threads and wasm-single), copied to web/public/engine/ where Vite
# serves them and the Node API loads them; prints their sizes, raw and gzipped.
# Incremental: only what changed is recompiled.
set -euo pipefail
source "$(dirname "$0")/lib/deps.sh"
cd "$PLAYGROUND_ROOT"

command -v emcc >/dev/null || die "Emscripten is missing: install the Debian package 'emscripten' (npm start installs it when run as root)."

out="$PLAYGROUND_ROOT/web/public/engine"
mkdir -p "$out"
# The module and its pthread worker are CommonJS (non-ES6 MODULARIZE: the only
# kind that loads in Node too), while this repository's package.json says
# "type": "module"; this tells Node how to read the files in this folder.
printf '{ "type": "commonjs" }\n' >"$out/package.json"
jobs="${PLAYGROUND_JOBS:-$(nproc)}"

for flavour in threads single; do
  say "WebAssembly build: $flavour"
  cmake --preset "wasm-$flavour" >/dev/null
  cmake --build --preset "wasm-$flavour" --target playground_wasm -j "$jobs"
  for file in "build/wasm-$flavour/wasm/bindings/playground-$flavour".*; do
    cp -p "$file" "$out/"
  done
done

say "engine files in ${out#"$PLAYGROUND_ROOT"/}"
printf '  %-32s %10s %10s\n' file bytes gzipped
for file in "$out"/playground-*; do
  printf '  %-32s %10d %10d\n' "$(basename "$file")" "$(stat -c %s "$file")" "$(gzip -9 -c "$file" | wc -c)"
done
