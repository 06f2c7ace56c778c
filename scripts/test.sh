#!/usr/bin/env bash
# Every test of the project, in order, stopping at the first failure (`npm test`, and CI through
# .ci/run), with a closing summary of the steps and their times.
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

report() {
  echo
  echo "---- summary ($((SECONDS - T0))s) ----"
  printf '%s\n' "${summary[@]}"
}

e2e_tests=(e2e/*.test.mjs)

step "tools (scripts/ensure-tools.sh --browser)" bash scripts/ensure-tools.sh --browser

step "rustfmt (cargo fmt --check)" cargo fmt --all -- --check
step "clippy (-D warnings)" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test --workspace --release" cargo test --workspace --release --exclude raft-model
# stateright over the real Node: every path of up to MODEL_DEPTH (10) steps, about a minute.
step "model check (cargo test -p raft-model --release)" cargo test -p raft-model --release
step "raft-core builds no_std for wasm32" \
  cargo build -p raft-core --target wasm32-unknown-unknown --no-default-features

step "wasm-bindgen tests (wasm-pack test --node web)" wasm-pack test --node web
step "npm run build (wasm + vite -> www/dist)" npm run --silent build
step "typescript (tsc --noEmit -p www)" tsc --noEmit -p www
step "unit tests (vitest run)" vitest run --root www
step "browser tests (node --test e2e/)" \
  node --test --test-reporter=spec --test-timeout=180000 "${e2e_tests[@]}"

report
echo "all tests passed"
