// The distributable bundle's entry (dist/raft-playground.js): defines <raft-playground> for any
// page. The element draws into a shadow root with the stylesheet adopted as a constructable
// sheet (a Content-Security-Policy with `style-src 'self'` forbids inline <style>); the wasm and
// the scenario catalogue load from URLs relative to this script, so it works from any origin.

import './embed/shadow-setup.js';

export { RaftPlaygroundElement } from './element.js';
