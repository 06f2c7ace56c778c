// Vitest: instantiate the page's wasm once, synchronously, so the tests call the same functions
// the page does (node names and the layouts' codes come from it; nothing is copied for tests).
// `npm test` builds www/pkg before it runs Vitest.
import { readFileSync } from 'node:fs';
import { initSync } from './pkg/raft_playground_web.js';

// The path comes from vite.config.ts: jsdom gives this module no file: URL to resolve against.
initSync({ module: readFileSync(process.env.RAFT_PLAYGROUND_WASM) });
