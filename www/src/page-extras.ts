// The parts of the element that the first drawn cluster does not need, loaded right after it
// (element.ts: loadExtras), so they cost the first load nothing: the full page's share panel
// and key, the `?` sheet's text, the toolbar's overflow hint, the host events with the live region that reads them out, the note on attribute
// values not understood, and what a change of attribute at run time does.

export { Sharing } from './sharing.js';
export { buildLegend } from './render/legend.js';
export { Announcer } from './embed/announcer.js';
export { HostEvents } from './embed/host-events.js';
export { AttributeNote } from './embed/attribute-note.js';
export { applyAttributeChange } from './embed/attribute-change.js';
export { fillHelpSheet } from './ui/help-sheet.js';
export { watchOverflow } from './ui/overflow-hint.js';
export { findProblems } from './embed/problems.js';
