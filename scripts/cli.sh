#!/usr/bin/env bash
# `npm run cli -- run SCENARIO ...`: the native CLI. Builds it first when it
# is missing or out of date (quietly: build output only appears on failure),
# then runs it with the arguments given. Its stdout is the CLI's alone, so
# `npm run -s cli -- run sleep --json` can be piped into a JSON reader.
set -euo pipefail
source "$(dirname "$0")/lib/deps.sh"
cd "$PLAYGROUND_ROOT"

build_dir="$PLAYGROUND_ROOT/build/native"
binary="$build_dir/wasm/cli/playground"

# What the native build needs; anything missing is installed (apt, as root)
# or named in one sentence. Messages go to stderr, never into --json output.
{
  ensure_debian_packages cli
  command -v cmake >/dev/null || die "CMake is needed to build the CLI: install it (Debian package 'cmake')."
} >&2

mkdir -p "$build_dir"
log="$build_dir/cli-build.log"
(
  # One build at a time when several CLIs start together.
  flock 9
  # Configure when never configured, or configured before the CLI existed.
  if [ ! -f "$build_dir/CMakeCache.txt" ] || [ ! -f "$build_dir/wasm/cli/Makefile" ]; then
    echo "building the native CLI (first run; later runs start at once)..." >&2
    cmake --preset native >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  fi
  cmake --build "$build_dir" --target playground -j"$(nproc)" >"$log" 2>&1 || {
    tail -n 60 "$log" >&2
    echo "error: building the native CLI failed (full log: $log)" >&2
    exit 1
  }
) 9>"$build_dir/.cli-build.lock"

exec "$binary" "$@"
