// mdBook preprocessor (both books' book.toml): puts a link to the same chapter in the other
// language's book at the top of every chapter, so a reader switches language without losing
// their place. A template cannot do it: mdBook hands the template the chapter's source path
// (roles.md), never its page (roles.html). The link is relative (`../` per level, then the twin
// book's folder), so the site works under any sub-path; it is plain HTML, nothing inline to run.
//
// [preprocessor.language-switch]
// command = "node ../language-switch.mjs"   (run from the book's folder)
// twin = "zh-CN/"                            (the other book's root, from this book's root)
// twin-lang = "zh-CN"                        (its language: hreflang and lang of the link)
// label = "中文"                             (the link, in the other language)
// nav-label = "Language"                     (the landmark's name, in this book's language)

import { readFileSync } from 'node:fs';

// mdBook first asks whether a renderer is supported: only the HTML book has pages to link.
if (process.argv[2] === 'supports') process.exit(process.argv[3] === 'html' ? 0 : 1);

const [context, book] = JSON.parse(readFileSync(0, 'utf8'));
const config = context.config.preprocessor['language-switch'];
for (const key of ['twin', 'twin-lang', 'label', 'nav-label']) {
  if (typeof config[key] !== 'string') throw new Error(`language-switch: book.toml sets no ${key}`);
}

const escape = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The switch for the chapter at `path` (its source path, e.g. `roles.md` or `part/x.md`). */
function languageSwitch(path) {
  const depth = path.split('/').length - 1;
  const href = '../'.repeat(depth) + config.twin + path.replace(/\.md$/, '.html');
  return (
    `<nav class="language-switch" aria-label="${escape(config['nav-label'])}">` +
    `<a href="${escape(href)}" hreflang="${escape(config['twin-lang'])}" lang="${escape(config['twin-lang'])}" rel="alternate">${escape(config.label)}</a>` +
    `</nav>\n\n`
  );
}

function visit(items) {
  for (const item of items) {
    const chapter = item.Chapter;
    if (!chapter) continue; // separators and part titles
    // A draft chapter (no file) has no page to link to, and none to link from.
    if (chapter.path) chapter.content = languageSwitch(chapter.path.replace(/\\/g, '/')) + chapter.content;
    visit(chapter.sub_items ?? []);
  }
}

// mdBook 0.4 calls the list `sections`, 0.5 `items`.
visit(book.sections ?? book.items ?? []);
process.stdout.write(JSON.stringify(book));
