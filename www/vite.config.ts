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

export default defineConfig({
  plugins: [preloadWasm()],
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
