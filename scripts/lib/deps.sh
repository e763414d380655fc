# shellcheck shell=bash
# Makes sure this machine has what the project needs, installing what is
# missing from Debian's packages and npm only (never a toolchain or browser
# download from anywhere else). Sourced by the other scripts:
#   ensure_deps start   # what `npm start` needs
#   ensure_deps test    # what `npm test` needs
#   ensure_deps bench   # what `npm run bench` needs
#   ensure_debian_packages cli   # only the native build's packages

PLAYGROUND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"  # Emscripten's JS optimizer needs Debian's acorn

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Debian packages each command needs, by profile.
packages_for() {
  local native=(cmake make g++ nlohmann-json3-dev libcli11-dev libfmt-dev libfast-float-dev)
  local common=("${native[@]}" emscripten gzip)
  case "$1" in
    cli) echo "${native[@]}" ;;
    start) echo "${common[@]}" ;;
    # The browser tests' three engines: Chromium, Firefox ESR, WebKitGTK (its WebDriver and MiniBrowser, run under
    # Xvfb); one left out of the tests (scripts/e2e.sh: E2E_SKIP_<ENGINE>=1) is not installed either. MkDocs builds
    # the course site that embeds demos in the Chromium project's tests/e2e/docs-site.e2e.ts.
    test)
      local browsers=()
      [ "${E2E_SKIP_CHROMIUM:-}" = 1 ] || browsers+=(chromium mkdocs)
      [ "${E2E_SKIP_FIREFOX:-}" = 1 ] || browsers+=(firefox-esr)
      [ "${E2E_SKIP_WEBKIT:-}" = 1 ] || browsers+=(webkit2gtk-driver xvfb)
      echo "${common[@]}" googletest libgtest-dev clang clang-format libclang-rt-14-dev "${browsers[@]}"
      ;;
    bench) echo "${common[@]}" libbenchmark-dev chromium ;;
    *) die "unknown dependency profile '$1'" ;;
  esac
}

package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

install_debian_packages() {
  local missing=("$@")
  local runner=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      runner=(sudo)
    else
      die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
    fi
  fi
  say "installing Debian packages: ${missing[*]}"
  "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
    die "apt-get update failed; install these packages yourself: ${missing[*]}"
  "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get could not install: ${missing[*]}. Install them yourself and run this again."
}

ensure_node() {
  command -v node >/dev/null || die "Node.js 20 or newer is needed: install it (for example the 'nodejs' package) and run this again."
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: Vite and the tests need Node.js 20 or newer."
  command -v npm >/dev/null || die "npm is needed: install it (Debian package 'npm') and run this again."
}

# Installs npm packages when node_modules is missing or older than the lock file.
ensure_npm_packages() {
  local stamp="$PLAYGROUND_ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$PLAYGROUND_ROOT/package-lock.json" -nt "$stamp" ]; then
    say "installing npm packages (npm ci)"
    (cd "$PLAYGROUND_ROOT" && npm ci --no-audit --no-fund --loglevel=error) ||
      die "npm ci failed: check your connection to the npm registry and run this again."
  fi
}

# Installs the Debian packages of a profile that are missing.
ensure_debian_packages() {
  local profile="$1" missing=() pkg
  if ! command -v dpkg-query >/dev/null; then
    say "not a Debian/Ubuntu system: make sure these are installed: $(packages_for "$profile")"
    return 0
  fi
  for pkg in $(packages_for "$profile"); do
    package_installed "$pkg" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] || install_debian_packages "${missing[@]}"
}

ensure_deps() {
  ensure_debian_packages "$1"
  ensure_node
  ensure_npm_packages
}
