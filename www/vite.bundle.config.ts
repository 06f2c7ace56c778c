// The distributable bundle (run after the page's build, into the same www/dist):
//   raft-playground.js            one ES module: defines <raft-playground>, styles in its shadow root
//   raft-playground/…             the wasm and the lazily loaded scenario catalogue it fetches
// Every URL in it is relative to the script (import.meta.url), so a host page on any origin loads
// it with a single <script type="module" src=".../raft-playground.js">.
import { defineConfig } from 'vite';

const here = (file: string): string => decodeURIComponent(new URL(file, import.meta.url).pathname);

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  // No .env files are read: the bundle is the same wherever it is built.
  envDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    assetsDir: 'raft-playground',
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    // Not library mode: that inlines every asset (the wasm as base64); an app build with a script
    // entry keeps the wasm a file fetched and compiled while streaming.
    rolldownOptions: {
      input: here('./src/bundle.ts'),
      preserveEntrySignatures: false,
      output: {
        entryFileNames: 'raft-playground.js',
        chunkFileNames: 'raft-playground/[name]-[hash].js',
        assetFileNames: 'raft-playground/[name]-[hash][extname]',
      },
    },
    copyPublicDir: false,
    modulePreload: false,
  },
});
