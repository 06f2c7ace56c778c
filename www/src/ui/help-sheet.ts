// The `?` sheet: every shortcut and gesture, written from input.ts's key table (the same table
// the key handler reads, so the sheet cannot promise a key that does something else). The
// header owns the sheet's container, its `?` button and whether it is open; this only writes
// what it says.

import { GESTURES, KEY_TABLE, type KeyBinding } from '../input.js';
import { html } from '../render/dom.js';
import { type PlainKey, onLanguageChange, t } from '../i18n/index.js';

/** What each key does, by command, and the sections and gestures, in the catalogs (the key table keeps the English for tests). */
const DOES: Record<KeyBinding['command'], PlainKey> = {
  toggle: 'help.toggle',
  step: 'help.step',
  submit: 'help.submit',
  timeoutAll: 'help.timeoutAll',
  heal: 'help.heal',
  faster: 'help.faster',
  slower: 'help.slower',
  select: 'help.select',
  crashRestart: 'help.crashRestart',
  forceTimeout: 'help.forceTimeout',
  isolate: 'help.isolate',
  cycleGroup: 'help.cycleGroup',
  back: 'help.back',
  skipLeader: 'help.skipLeader',
  skipCommit: 'help.skipCommit',
  skipSplit: 'help.skipSplit',
  help: 'help.help',
  escape: 'help.escape',
};
const SECTION: Record<KeyBinding['section'], PlainKey> = { Run: 'help.sectionRun', Servers: 'help.sectionServers', 'Time travel': 'help.sectionTravel', Page: 'help.sectionPage' };
const GESTURE_WORDS: readonly [PlainKey, PlainKey][] = [
  ['help.gestureClick', 'help.gestureClickDoes'],
  ['help.gestureDrag', 'help.gestureDragDoes'],
  ['help.gestureGroup', 'help.gestureGroupDoes'],
  ['help.gestureTimeline', 'help.gestureTimelineDoes'],
];
/** Sheets already rewritten on a switch. */
const followed = new WeakSet<HTMLElement>();

/** Writes the sheet into `sheet`; its × button calls `close`. */
export function fillHelpSheet(sheet: HTMLElement, close: () => void): void {
  if (!followed.has(sheet)) {
    followed.add(sheet);
    onLanguageChange(() => fillHelpSheet(sheet, close));
  }
  sheet.replaceChildren();
  const head = html('div', { class: 'help-head' }, sheet);
  html('h2', {}, head, t('help.heading'));
  const closeButton = html('button', { type: 'button', class: 'help-close', 'data-testid': 'help-close', 'aria-label': t('help.close') }, head, '×');
  closeButton.addEventListener('click', close);
  const sections = new Map<KeyBinding['section'], KeyBinding[]>();
  for (const b of KEY_TABLE) {
    const list = sections.get(b.section) ?? [];
    list.push(b);
    sections.set(b.section, list);
  }
  for (const [section, rows] of sections) {
    html('h3', {}, sheet, t(SECTION[section]));
    const table = html('dl', { class: 'help-keys' }, sheet);
    for (const b of rows) {
      const dt = html('dt', { 'data-command': b.command }, table);
      html('kbd', {}, dt, b.label);
      html('dd', { 'data-command': b.command }, table, t(DOES[b.command]));
    }
  }
  html('h3', {}, sheet, t('help.pointer'));
  const gestures = html('dl', { class: 'help-keys' }, sheet);
  GESTURES.forEach((g, i) => {
    const words = GESTURE_WORDS[i];
    html('dt', {}, gestures, words ? t(words[0]) : g.gesture);
    html('dd', {}, gestures, words ? t(words[1]) : g.does);
  });
}
