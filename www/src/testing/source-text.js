// Tests only: the text of a file under www/src, read from disk (Vitest hands CSS imports to
// tests as empty strings, `?raw` and `?inline` alike). Plain JS: node's types are not installed.
import { readFileSync } from 'node:fs';

// Kept apart from `new URL(…)`: Vite rewrites `new URL(template, import.meta.url)` as an asset.
const HERE = import.meta.url;

export function sourceText(path) {
  return readFileSync(new URL('../' + path, HERE), 'utf8');
}
