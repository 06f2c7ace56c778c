#!/usr/bin/env bash
# Builds the web/ crate to www/pkg (ES module + .wasm + .d.ts) with wasm-pack, for size:
# opt-level z here, lto / codegen-units=1 / panic=abort from the root Cargo.toml, and wasm-opt -Oz
# from web/Cargo.toml's [package.metadata.wasm-pack.profile.release], run by the npm package
# binaryen's wasm-opt (node_modules/.bin is put first on PATH; Debian's binaryen is too old).
#
# Skips the build when nothing it depends on changed since the last one (content hash in
# www/pkg/.build-stamp). `--force` rebuilds anyway.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

force=0
heap_stats=0
for arg in "$@"; do
  case $arg in
    --force) force=1 ;;
    # A diagnostic build with heapStats() (web's `heap-stats` feature) into target/pkg-heap-stats,
    # for bench/wasm-soak.mjs (WASM_PKG=target/pkg-heap-stats); the page's www/pkg is untouched.
    --heap-stats) heap_stats=1 ;;
    *) die "build-wasm: unknown argument '$arg' (known: --force, --heap-stats)" ;;
  esac
done

[[ -f web/Cargo.toml ]] || die "build-wasm: web/Cargo.toml not found: the wasm crate is missing"

OUT="$ROOT/www/pkg"
NAME=raft_playground_web
STAMP="$OUT/.build-stamp"

command -v wasm-pack >/dev/null 2>&1 || die "wasm-pack not found: run bash scripts/ensure-tools.sh"
command -v wasm-bindgen >/dev/null 2>&1 || die "wasm-bindgen not found: run bash scripts/ensure-tools.sh"
wasm_opt="$(command -v wasm-opt || true)"
[[ $wasm_opt == "$ROOT/node_modules/.bin/wasm-opt" ]] ||
  die "wasm-opt should come from node_modules/.bin (npm package binaryen), found '${wasm_opt:-nothing}': run bash scripts/ensure-tools.sh"

# Everything the wasm depends on: sources and manifests of the crates, the lock file, this script
# and the tool versions.
inputs_hash() {
  {
    find raft-core web \
      \( -name target -o -name pkg -o -name node_modules -o -name '.*' \) -prune -o \
      -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml "$ROOT/scripts/build-wasm.sh"
    [[ -f Cargo.lock ]] && sha256sum Cargo.lock
    [[ -f rust-toolchain.toml ]] && sha256sum rust-toolchain.toml
    rustc --version
    wasm-pack --version
    wasm-bindgen --version
    wasm-opt --version
  } | sha256sum | cut -d' ' -f1
}

if [[ $heap_stats == 1 ]]; then
  echo "building the heap-stats diagnostic wasm -> target/pkg-heap-stats"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
    wasm-pack --log-level warn build web --target web --release \
    --out-dir ../target/pkg-heap-stats --out-name "$NAME" -- --features heap-stats
  exit 0
fi

hash="$(inputs_hash)"
if [[ $force == 0 && -f $STAMP && -f $OUT/${NAME}_bg.wasm && -f $OUT/$NAME.js && "$(cat "$STAMP")" == "$hash" ]]; then
  echo "wasm up to date: www/pkg/${NAME}_bg.wasm (nothing changed under raft-core/ web/ Cargo.*)"
  exit 0
fi

echo "building wasm: wasm-pack build web -> www/pkg (release, opt-level z, wasm-opt -Oz)"
t0=$SECONDS
rm -f "$STAMP"
CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
  wasm-pack --log-level warn build web --target web --release \
  --out-dir ../www/pkg --out-name "$NAME"

wasm="$OUT/${NAME}_bg.wasm"
[[ -f $wasm ]] || die "wasm-pack finished but $wasm is not there"
# Hash again: the build may have written Cargo.lock.
inputs_hash >"$STAMP"
node -e '
  const fs = require("node:fs"), zlib = require("node:zlib");
  const b = fs.readFileSync(process.argv[1]);
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  console.log(`wasm built in ${process.argv[2]}s: ${(b.length / 1000).toFixed(1)} KB, ${(gz / 1000).toFixed(1)} KB gzip`);
' "$wasm" "$((SECONDS - t0))"
