#!/usr/bin/env bash
# Installs what the build and the tests need, only where it is missing. Idempotent; a second run
# only checks (well under a second). Prints one line per thing it installs; install output goes
# to .tools/logs/.
#
#   bash scripts/ensure-tools.sh            # Rust toolchain (rust-toolchain.toml), wasm-pack,
#                                           # wasm-bindgen-cli, npm deps
#   bash scripts/ensure-tools.sh --browser  # ... and Debian's chromium + chromium-driver
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

want_browser=0
for arg in "$@"; do
  case $arg in
    --browser) want_browser=1 ;;
    -h | --help)
      sed -n '2,8p' "$0"
      exit 0
      ;;
    *) die "ensure-tools: unknown argument '$arg' (known: --browser)" ;;
  esac
done

T0=$SECONDS
LOGS="$ROOT/.tools/logs"
mkdir -p "$LOGS"

# run_logged NAME CMD...: runs CMD with its output in .tools/logs/NAME.log; on failure shows the
# end of the log and stops.
run_logged() {
  local name=$1
  shift
  local log="$LOGS/$name.log"
  local t0=$SECONDS
  if ! "$@" >"$log" 2>&1 </dev/null; then
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2
    die "ensure-tools: '$*' failed (full log: $log)"
  fi
  echo "  done in $((SECONDS - t0))s"
}

# Another session (or an earlier, interrupted run) may be installing the same tool right now:
# wait for it instead of starting a second, concurrent build.
wait_for_other() {
  local pattern=$1 what=$2 said=0
  while pgrep -f -- "$pattern" >/dev/null 2>&1; do
    if [[ $said == 0 ]]; then
      echo "waiting: another process is installing $what"
      said=1
    fi
    sleep 5
  done
}

# --- Rust -----------------------------------------------------------------------------------------
# rust-toolchain.toml names the toolchain, its wasm target and its components. `rustup toolchain
# install` (no toolchain argument) installs what that file names and completes a toolchain that
# lacks one of them; when everything is there it checks locally and returns (about 30 ms: with a
# pinned version it does not even look for channel updates). Done here rather than left to the
# first cargo call: rustup only installs on use when RUSTUP_AUTO_INSTALL allows it, and even then
# never adds a missing target to a toolchain that is already installed. Needs rustup >= 1.28 (the
# first to take `toolchain install` without a name).
command -v rustup >/dev/null 2>&1 || die "rustup not found (looked on PATH and in ~/.cargo/bin); install Rust with rustup first"
[[ -f rust-toolchain.toml ]] || die "rust-toolchain.toml not found in $ROOT"
wait_for_other 'rustup (toolchain install|install|target add|component add|update)' 'the Rust toolchain'
log="$LOGS/rust-toolchain.log"
if ! rustup toolchain install --no-self-update >"$log" 2>&1 </dev/null; then
  rustup_version="$(rustup --version 2>/dev/null | awk 'NR == 1 { print $2 }')"
  [[ $(printf '%s\n' 1.28.0 "$rustup_version" | sort -V | head -n1) == 1.28.0 ]] ||
    die "rustup ${rustup_version:-?} is too old: 1.28 or newer installs from rust-toolchain.toml (run: rustup self update)"
  echo "---- last lines of $log ----" >&2
  tail -n 40 "$log" >&2
  die "ensure-tools: 'rustup toolchain install' (rust-toolchain.toml) failed (full log: $log)"
fi
if grep -q 'downloading' "$log"; then
  echo "installed: Rust toolchain $(rustup show active-toolchain | cut -d' ' -f1) with what rust-toolchain.toml names (log: $log)"
fi
command -v cargo >/dev/null 2>&1 || die "cargo not found after rustup toolchain install"

# --- wasm-pack ------------------------------------------------------------------------------------
if ! command -v wasm-pack >/dev/null 2>&1; then
  wait_for_other 'cargo install .*wasm-pack' wasm-pack
  if ! command -v wasm-pack >/dev/null 2>&1; then
    echo "installing: wasm-pack (cargo install, ~2-3 min)"
    run_logged wasm-pack cargo install wasm-pack --locked
  fi
fi

# --- wasm-bindgen-cli, exactly the version web/Cargo.toml pins ----------------------------------------
pin="$(wasm_bindgen_pin)"
[[ -n $pin ]] || die 'web/Cargo.toml must pin wasm-bindgen exactly (wasm-bindgen = "=0.2.N"): wasm-bindgen-cli has to match it'
have="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{print $2}')"
if [[ $have != "$pin" ]]; then
  wait_for_other 'cargo install .*wasm-bindgen-cli' wasm-bindgen-cli
  have="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{print $2}')"
fi
if [[ $have != "$pin" ]]; then
  echo "installing: wasm-bindgen-cli $pin${have:+ (replacing $have)} (cargo install, ~5-6 min)"
  # Without --locked: that is the way it was checked to build on this machine kind.
  run_logged wasm-bindgen-cli cargo install wasm-bindgen-cli --version "$pin" --force
fi

# --- mdBook, for the docs site (docs/ -> www/dist/docs) -----------------------------------------------
# Without its default features (a local server, file watching, search): the build needs none.
MDBOOK_VERSION=0.4.52
have="$( (mdbook --version 2>/dev/null || true) | awk '{print $2}')"
if [[ $have != "v$MDBOOK_VERSION" ]]; then
  wait_for_other 'cargo install .*mdbook' mdbook
  have="$( (mdbook --version 2>/dev/null || true) | awk '{print $2}')"
fi
if [[ $have != "v$MDBOOK_VERSION" ]]; then
  echo "installing: mdbook $MDBOOK_VERSION (cargo install, ~2 min)"
  run_logged mdbook cargo install mdbook --version "$MDBOOK_VERSION" --locked --no-default-features --force
fi

# --- Node packages ----------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node not found: Node.js >= 20.19 is needed (vite 8)"
command -v npm >/dev/null 2>&1 || die "npm not found"
# `node --version` rather than a script: it answers without starting V8 (a few ms, not ~0.1 s).
node_version="$(node --version)"
[[ $(printf '%s\n' v20.19.0 "$node_version" | sort -V | head -n1) == v20.19.0 ]] ||
  die "Node.js $node_version is too old: vite 8 needs >= 20.19"

if [[ ! -f package-lock.json ]]; then
  echo "installing: npm packages (npm install; no package-lock.json yet)"
  run_logged npm npm install --no-audit --no-fund
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "installing: npm packages (npm ci)"
  run_logged npm npm ci --no-audit --no-fund
fi

# --- Chromium for the browser tests and the page benchmark ------------------------------------------
if [[ $want_browser == 1 && ! -x /usr/bin/chromium ]]; then
  sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "chromium is missing and installing it needs root (apt-get)"
    sudo=(sudo -n)
  fi
  wait_for_other 'apt-get .*install.*chromium' chromium
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "installing: chromium + chromium-driver (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    run_logged apt-update "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update
    run_logged apt-chromium "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y chromium chromium-driver
  fi
  [[ -x /usr/bin/chromium ]] || die "apt-get finished but /usr/bin/chromium is not there"
fi

echo "tools ready ($((SECONDS - T0))s)"
