# shellcheck shell=bash
# Runs named suites, keeps going after a failure, and ends with one summary
# line that CI can read ("suites: N passed, N failed").

SUITES_PASSED=0
SUITES_FAILED=0
SUITES_FAILED_NAMES=()
LOG_DIR="$PLAYGROUND_ROOT/build/logs"
mkdir -p "$LOG_DIR"

# suite NAME COMMAND...: runs COMMAND, its output in build/logs/NAME.log and,
# on failure, the last lines of it on the terminal.
suite() {
  local name="$1" start=$SECONDS log="$LOG_DIR/$1.log"
  shift
  say "$name"
  if "$@" >"$log" 2>&1; then
    SUITES_PASSED=$((SUITES_PASSED + 1))
    grep -E "tests passed|Tests +[0-9]+ passed|passed, [0-9]+ failed|^ok " "$log" | tail -n 2 | sed 's/^/    /'
    printf '    \033[32mok\033[0m %s (%ss)\n' "$name" "$((SECONDS - start))"
  else
    SUITES_FAILED=$((SUITES_FAILED + 1))
    SUITES_FAILED_NAMES+=("$name")
    tail -n 60 "$log" | sed 's/^/    | /'
    printf '    \033[31mFAILED\033[0m %s (%ss, full log: %s)\n' "$name" "$((SECONDS - start))" "${log#"$PLAYGROUND_ROOT"/}"
  fi
}

suites_summary() {
  echo
  [ "$SUITES_FAILED" -eq 0 ] || echo "failed suites: ${SUITES_FAILED_NAMES[*]}"
  echo "suites: $SUITES_PASSED passed, $SUITES_FAILED failed"
  [ "$SUITES_FAILED" -eq 0 ]
}

# Configures, builds and runs the CTest suite of one CMake preset.
native_suite() {
  local preset="$1"
  cmake --preset "$preset" >/dev/null &&
    cmake --build --preset "$preset" -j "$(nproc)" &&
    ctest --preset "$preset" --timeout 300
}
