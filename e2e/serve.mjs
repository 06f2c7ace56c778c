// Serves the built page (www/dist) for the browser tests and the page benchmark: Vite's own
// preview server, started in this process, on 127.0.0.1 and a free port.
//
//   import { serve } from './serve.mjs';
//   const server = await serve('www/dist');   // { url: 'http://127.0.0.1:PORT/', port, close() }
//   ...
//   await server.close();
//
// Or by hand: node e2e/serve.mjs [dir=www/dist] [port=8080]   (or: npx vite preview www)
//
// Served as a static host would serve it: html, js, css and json gzipped by vite preview, and the
// wasm gzipped too (below), so the slow-link figure of bench/page-budget.mjs moves the bytes its
// gzip size report counts. Nothing is fetched from anywhere else.

import { readFile, stat } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * vite preview compresses only what its Content-Type calls text, javascript, json or xml, so it
 * would send the wasm, the largest file of the first load, uncompressed, where static hosts gzip
 * it. This answers .wasm requests that accept gzip with the gzipped file (zlib's default level,
 * as vite preview uses for the rest); anything else, or a file that is not there, goes on to
 * vite preview (and its 404).
 * @param {string} dist absolute path of the folder served
 * @param {string} [base] the sub-path the site is served under ('/' by default)
 * @returns {import('vite').Plugin}
 */
function gzipWasm(dist, base = '/') {
  /** gzipped bytes by file, with the mtime they were made from */
  const cache = new Map();
  return {
    name: 'raft-playground:gzip-wasm',
    configurePreviewServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
        let path;
        try {
          path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        } catch {
          return next(); // vite preview answers a malformed URL
        }
        if (!path.endsWith('.wasm') || !path.startsWith(base)) return next();
        path = path.slice(base.length - 1); // the file's path in dist, under a sub-path too
        try {
          const file = resolve(join(dist, path));
          if (!file.startsWith(dist + sep)) return next();
          const st = await stat(file).catch(() => null);
          if (!st?.isFile()) return next();
          const mtime = st.mtimeMs;
          let entry = cache.get(file);
          if (entry?.mtime !== mtime) {
            entry = { mtime, body: gzipSync(await readFile(file)) };
            cache.set(file, entry);
          }
          res.writeHead(200, {
            'content-type': 'application/wasm',
            'content-encoding': 'gzip',
            'content-length': entry.body.length,
            'cache-control': 'no-cache',
            vary: 'Accept-Encoding',
            'x-content-type-options': 'nosniff',
          });
          res.end(req.method === 'HEAD' ? undefined : entry.body);
        } catch (err) {
          next(err);
        }
      });
    },
  };
}

/**
 * Serves `dir` with vite preview on 127.0.0.1. Resolves to { url, port, close() } once listening.
 * @param {string} dir the built site (www/dist, or E2E_DIST)
 * @param {{ port?: number, base?: string, headers?: Record<string, string> }} [opts] port 0
 *   (default): a free one; base: the sub-path the site is served under ('/raft-playground/', as
 *   GitHub Pages serves a project site; '/' by default); headers: sent with every response
 */
export async function serve(dir, opts = {}) {
  const base = opts.base ?? '/';
  const dist = resolve(dir);
  if (!existsSync(dist) || !statSync(dist).isDirectory()) {
    throw new Error(`serve: ${dist} is not a directory (run npm run build first?)`);
  }
  const server = await preview({
    root: join(ROOT, 'www'),
    // The build is served as the files it is: www/vite.config.ts (dev server, build, vitest) has
    // nothing the preview needs, and not loading it keeps each start at a few milliseconds.
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    // No single-page fallback: a request for a file that is not in the build is a 404 (which the
    // harness fails on), not index.html.
    appType: 'mpa',
    base,
    build: { outDir: dist },
    plugins: [gzipWasm(dist, base)],
    preview: {
      host: '127.0.0.1',
      port: opts.port ?? 0,
      strictPort: false,
      open: false,
      headers: { 'x-content-type-options': 'nosniff', ...opts.headers },
    },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') {
    await server.close();
    throw new Error('serve: vite preview is not listening on a TCP port');
  }
  const { port } = address;
  return {
    port,
    url: `http://127.0.0.1:${port}${base}`,
    // vite preview destroys the open (keep-alive) sockets before closing.
    close: () => server.close(),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(ROOT, 'www', 'dist');
  const s = await serve(dir, { port: Number(process.argv[3] ?? 8080) });
  console.log(`serving ${resolve(dir)} on ${s.url}`);
}
