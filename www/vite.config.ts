// Vite (dev server + build) and Vitest config for the page. Root: www/ (run as `vite www`).
import { defineConfig } from 'vitest/config';

const here = (file: string): string => decodeURIComponent(new URL(file, import.meta.url).pathname);

export default defineConfig({
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
