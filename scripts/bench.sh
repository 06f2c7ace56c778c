#!/usr/bin/env bash
# `npm run bench`: the simulator's native benchmarks (cargo bench -p raft-core, when raft-core has
# a bench target), then the page budget (bench/page-budget.mjs: first-load size, fps, CPU) on a
# fresh `npm run build`. Benchmarks report; they do not fail on a figure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/ensure-tools.sh --browser

echo
echo "==> cargo bench -p raft-core"
benches="$(cargo metadata --no-deps --format-version 1 | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const p = JSON.parse(s).packages.find((p) => p.name === "raft-core");
    const b = (p?.targets ?? []).filter((t) => t.kind.includes("bench")).map((t) => t.name);
    console.log(b.join(" "));
  });')"
if [[ -n $benches ]]; then
  args=()
  for b in $benches; do args+=(--bench "$b"); done
  cargo bench -p raft-core "${args[@]}"
else
  echo "skipped: raft-core has no bench target yet"
fi

echo
echo "==> page budget (npm run build, node bench/page-budget.mjs)"
if [[ -f web/Cargo.toml && -f www/src/main.ts ]]; then
  npm run --silent build
  node bench/page-budget.mjs
  echo
  echo "==> time travel (node bench/timetravel.mjs)"
  node bench/timetravel.mjs
else
  echo "skipped: web/ or www/src/main.ts not there yet"
fi
