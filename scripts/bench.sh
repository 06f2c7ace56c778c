#!/usr/bin/env bash
# `npm run bench`: every benchmark of the project in one run, printed as ONE table (Markdown, with
# the machine it ran on) at the end. Benchmarks report; they do not fail on a figure.
#   1. bench/raft-rs-compare (its own crate and lock, outside the workspace): propose→commit per
#      entry, raft-core against tikv's raft-rs on one workload, and one hour of the simulator
#      natively;
#   2. on a fresh `npm run build`: the same hour in the page's wasm under node
#      (bench/wasm-sim.mjs), time travel in Chromium (bench/timetravel.mjs), and the page budget
#      (bench/page-budget.mjs: first load, first draw over the slow link, CPU, fps).
# Each part's own report goes to target/bench/<part>.log; the progress lines go to stderr.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/ensure-tools.sh --browser >&2

OUT="$ROOT/target/bench"
mkdir -p "$OUT"
export BENCH_RESULTS="$OUT/results.jsonl"
: >"$BENCH_RESULTS"

part() {
  local name=$1
  shift
  echo "==> $name (report: target/bench/$name.log)" >&2
  if ! "$@" >"$OUT/$name.log" 2>&1; then
    echo "    $name failed; its log:" >&2
    tail -n 20 "$OUT/$name.log" >&2
    return 1
  fi
}

part core env CARGO_TARGET_DIR="$ROOT/target/raft-rs-compare" \
  cargo run --release --quiet --manifest-path bench/raft-rs-compare/Cargo.toml
part build npm run --silent build
part wasm-sim node bench/wasm-sim.mjs
part timetravel node bench/timetravel.mjs
part page-budget node bench/page-budget.mjs
part docs-page node bench/docs-page.mjs

echo >&2
node bench/table.mjs "$BENCH_RESULTS"
