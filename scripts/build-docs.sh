#!/usr/bin/env bash
# Builds the docs site (docs/, mdBook, and docs/zh-CN/, its Chinese twin) into www/dist/docs, next
# to the page and the element bundle it loads (www/dist/raft-playground.js, by a relative URL). Run
# by `npm run build` after Vite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

command -v mdbook >/dev/null 2>&1 || die "mdbook not found: run bash scripts/ensure-tools.sh"
[[ -f www/dist/raft-playground.js ]] || die "build-docs: www/dist/raft-playground.js is missing: build the bundle first (npm run build)"
command -v node >/dev/null 2>&1 || die "node not found: both books run docs/language-switch.mjs"
# mdBook logs every step at INFO; keep warnings and errors. The English book first: mdBook empties
# its build folder, www/dist/docs, which holds the Chinese book's folder (docs/zh-CN/book.toml).
# Each from its own folder: mdBook runs a preprocessor's command from where it was started.
(cd docs && RUST_LOG=warn mdbook build)
(cd docs/zh-CN && RUST_LOG=warn mdbook build)
# The default theme's fonts, icons and scripts are copied even when the template uses none.
for book in www/dist/docs www/dist/docs/zh-CN; do
  rm -rf "$book"/{FontAwesome,fonts,css,book.js,clipboard.min.js,highlight.js,highlight.css,tomorrow-night.css,ayu-highlight.css,toc.js,toc.html,favicon.png}
done
# mdBook only warns when a preprocessor cannot start (a wrong folder, no node): then the pages
# lack their language switch, so say so here rather than publish them.
missing=$(grep -L 'class="language-switch"' www/dist/docs/*.html www/dist/docs/zh-CN/*.html | grep -v '/404\.html$' || true)
[[ -z $missing ]] || die "build-docs: no language switch in: $missing (docs/language-switch.mjs did not run)"
echo "docs: www/dist/docs ($(find www/dist/docs -maxdepth 1 -name '*.html' | wc -l) pages, en)," \
  "www/dist/docs/zh-CN ($(find www/dist/docs/zh-CN -name '*.html' | wc -l) pages, zh-CN)"
