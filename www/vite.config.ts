// Vite (dev server + build) and Vitest config for the page. Root: www/ (run as `vite www`).
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const here = (file: string): string => decodeURIComponent(new URL(file, import.meta.url).pathname);

/**
 * The wasm starts downloading with the page's script instead of after it: the glue fetches it
 * only once main.js has run, which on a slow link is a third round trip before the first drawn
 * cluster. `as="fetch"` + `crossorigin` match the glue's own `fetch`, so the browser reuses the
 * preloaded response.
 */
function preloadWasm(): Plugin {
  return {
    name: 'raft-playground:preload-wasm',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const wasm = Object.keys(ctx.bundle ?? {}).filter((file) => file.endsWith('.wasm'));
        return wasm.map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', href: `./${file}`, as: 'fetch', type: 'application/wasm', crossorigin: '' },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The Content-Security-Policy every built page ships (docs/theme/index.hbs carries the same):
 * scripts and styles only from files of the site, and wasm compiled from them. Built pages only:
 * Vite's dev server injects inline styles for hot reload.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

function contentSecurityPolicy(): Plugin {
  return {
    name: 'raft-playground:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' as const },
      ],
    },
  };
}

export default defineConfig({
  plugins: [contentSecurityPolicy(), preloadWasm()],
  root: here('.'),
  // Relative asset URLs: dist/ works from any sub-path and from plain static hosting.
  base: './',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // wasm stays a separate file (fetched + compiled while streaming), never inlined as base64.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    rolldownOptions: {
      input: {
        index: here('./index.html'),
        embed: here('./embed.html'),
      },
    },
  },
  server: {
    host: 'localhost',
    port: 5173,
  },
  preview: {
    host: 'localhost',
    port: 4173,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.js'],
    env: { RAFT_PLAYGROUND_WASM: here('./pkg/raft_playground_web_bg.wasm') },
    passWithNoTests: true,
  },
});
