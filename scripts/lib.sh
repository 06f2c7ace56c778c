# Shared helpers for the scripts in this folder. Source it; don't run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# cargo / rustup / wasm-pack / wasm-bindgen live in ~/.cargo/bin; the npm tools (vite, tsc,
# binaryen's wasm-opt) in node_modules/.bin.
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
case ":$PATH:" in *":$ROOT/node_modules/.bin:"*) ;; *) export PATH="$ROOT/node_modules/.bin:$PATH" ;; esac

die() {
  echo "error: $*" >&2
  exit 1
}

# The exact wasm-bindgen version the web crate pins (`wasm-bindgen = "=0.2.N"`, or
# `wasm-bindgen = { version = "=0.2.N", ... }`), looked up in web/Cargo.toml and then in the root
# Cargo.toml's [workspace.dependencies]. Prints nothing when there is no pin.
wasm_bindgen_pin() {
  local f v
  for f in "$ROOT/web/Cargo.toml" "$ROOT/Cargo.toml"; do
    [[ -f $f ]] || continue
    v="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*(\{[^}]*version[[:space:]]*=[[:space:]]*)?"=([0-9]+\.[0-9]+\.[0-9]+)".*/\2/p' "$f" | head -n1)"
    if [[ -n $v ]]; then
      echo "$v"
      return
    fi
  done
}
