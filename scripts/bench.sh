#!/usr/bin/env bash
# `npm run bench`: the simulator's native benchmarks (cargo bench -p raft-core, every bench
# target), then, on a fresh `npm run build`, the page budget (bench/page-budget.mjs: first-load
# size, time to first drawn cluster over a slow link, fps, CPU) and the time-travel figures
# (bench/timetravel.mjs). Benchmarks report; they do not fail on a figure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/ensure-tools.sh --browser

echo
echo "==> cargo bench -p raft-core (every bench target)"
cargo bench -p raft-core --bench '*'

echo
echo "==> page budget (npm run build, node bench/page-budget.mjs)"
npm run --silent build
node bench/page-budget.mjs
echo
echo "==> time travel (node bench/timetravel.mjs)"
node bench/timetravel.mjs
echo
echo "==> a docs page with two playgrounds (node bench/docs-page.mjs)"
node bench/docs-page.mjs
