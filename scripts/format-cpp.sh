#!/usr/bin/env bash
# The C++ of wasm/ and tests/ in the style of .clang-format (Debian's
# clang-format 14). `npm run format:cpp` rewrites the files; with --check
# (the format-cpp suite of `npm test`) it only says which differ.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format is missing: install the Debian package 'clang-format'" >&2; exit 1; }
mapfile -t files < <(git ls-files 'wasm/*.cpp' 'wasm/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror "${files[@]}"
  echo "format-cpp: ${#files[@]} files as .clang-format writes them"
else
  clang-format -i "${files[@]}"
fi
