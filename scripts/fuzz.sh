#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a
# bounded time from the checked-in seed corpus. FUZZ_SECONDS sets the time
# per target (default 30). New inputs go to build/fuzz/corpus, never to the
# checked-in seeds; a crash leaves its input in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target locations_csv_fuzz scenario_fuzz
for target in locations_csv scenario; do
  work="build/fuzz/corpus/$target"
  mkdir -p "$work"
  echo "fuzzing $target for ${seconds}s"
  (cd build/fuzz && "tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 "../../$work" "../../tests/fuzz/corpus/$target")
done
echo "fuzz: 2 passed, 0 failed"
