#!/usr/bin/env bash
# Every test of the project, in order, stopping at the first failure (`npm test`, and CI through
# .ci/run). A step whose part of the project does not exist yet is skipped, saying so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

T0=$SECONDS
summary=()

step() {
  local name=$1
  shift
  echo
  echo "==> $name"
  local t0=$SECONDS
  if "$@"; then
    summary+=("$(printf '  ok       %4ss  %s' "$((SECONDS - t0))" "$name")")
  else
    local rc=$?
    summary+=("$(printf '  FAILED   %4ss  %s' "$((SECONDS - t0))" "$name")")
    report
    echo "FAILED: $name (exit $rc)" >&2
    exit "$rc"
  fi
}

skip() {
  local name=$1 why=$2
  echo
  echo "==> $name"
  echo "skipped: $why"
  summary+=("$(printf '  skipped        %s (%s)' "$name" "$why")")
}

report() {
  echo
  echo "---- summary ($((SECONDS - T0))s) ----"
  printf '%s\n' "${summary[@]}"
}

has_web=0
[[ -f web/Cargo.toml ]] && has_web=1
has_main=0
[[ -f www/src/main.ts ]] && has_main=1
has_ts=0
compgen -G 'www/src/*.ts' >/dev/null && has_ts=1
e2e_tests=(e2e/*.test.mjs)

step "tools (scripts/ensure-tools.sh --browser)" bash scripts/ensure-tools.sh --browser

step "rustfmt (cargo fmt --check)" cargo fmt --all -- --check
step "clippy (-D warnings)" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test --workspace --release" cargo test --workspace --release
step "raft-core builds no_std for wasm32" \
  cargo build -p raft-core --target wasm32-unknown-unknown --no-default-features

if [[ $has_web == 1 ]]; then
  step "wasm-bindgen tests (wasm-pack test --node web)" wasm-pack test --node web
else
  skip "wasm-bindgen tests (wasm-pack test --node web)" "web/ not there yet"
fi

built=0
if [[ $has_web == 1 && $has_main == 1 ]]; then
  step "npm run build (wasm + vite -> www/dist)" npm run --silent build
  built=1
elif [[ $has_web == 0 ]]; then
  skip "npm run build (wasm + vite -> www/dist)" "web/ not there yet"
else
  skip "npm run build (wasm + vite -> www/dist)" "www/src/main.ts not there yet"
fi

if [[ $has_ts == 1 ]]; then
  step "typescript (tsc --noEmit -p www)" tsc --noEmit -p www
  step "unit tests (vitest run)" vitest run --root www
else
  skip "typescript (tsc --noEmit -p www)" "www/src/*.ts not there yet"
  skip "unit tests (vitest run)" "www/src/*.ts not there yet"
fi

if [[ $built == 1 ]]; then
  step "browser tests (node --test e2e/)" \
    node --test --test-reporter=spec --test-timeout=180000 "${e2e_tests[@]}"
else
  skip "browser tests (node --test e2e/)" "no build of the page (see above)"
fi

report
echo "all tests passed"
