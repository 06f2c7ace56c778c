#!/usr/bin/env bash
# Builds the docs site (docs/, mdBook) into www/dist/docs, next to the page and the element bundle
# it loads (www/dist/raft-playground.js, by a relative URL). Run by `npm run build` after Vite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

command -v mdbook >/dev/null 2>&1 || die "mdbook not found: run bash scripts/ensure-tools.sh"
[[ -f www/dist/raft-playground.js ]] || die "build-docs: www/dist/raft-playground.js is missing: build the bundle first (npm run build)"
# mdBook logs every step at INFO; keep warnings and errors.
RUST_LOG=warn mdbook build docs
# The default theme's fonts, icons and scripts are copied even when the template uses none.
rm -rf www/dist/docs/{FontAwesome,fonts,css,book.js,clipboard.min.js,highlight.js,highlight.css,tomorrow-night.css,ayu-highlight.css,toc.js,toc.html,favicon.png}
echo "docs: www/dist/docs ($(find www/dist/docs -name '*.html' | wc -l) pages)"
