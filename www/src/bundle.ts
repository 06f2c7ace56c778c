// The distributable bundle's entry (dist/raft-playground.js): defines <raft-playground> for any
// page (its class: customElements.get('raft-playground')). The element draws into a shadow root
// with the stylesheet adopted as a constructable sheet (a Content-Security-Policy with
// `style-src 'self'` forbids inline <style>); the wasm, the scenario catalogue and the parts
// loaded after the first draw come from URLs relative to this script, so it works from any origin.

import './embed/shadow-setup.js';
import './element.js';
