// A key to the message shapes and node looks, drawn with the same code as the stage so the
// two can never disagree.

import { html, svg } from './dom.js';
import { LOOKS, LOOK_LABEL, drawMessageShape } from './shapes.js';

export function buildLegend(parent: HTMLElement): HTMLElement {
  const box = html('details', { class: 'legend', 'data-testid': 'legend' }, parent);
  html('summary', {}, box, 'Key');
  const list = html('ul', { class: 'legend-list' }, box);
  for (const look of LOOKS) {
    const li = html('li', {}, list);
    const icon = svg('svg', { viewBox: '-16 -11 32 22', width: 32, height: 22, 'aria-hidden': 'true' }, li);
    drawMessageShape(svg('g', {}, icon), look, 2);
    html('span', {}, li, LOOK_LABEL[look]);
  }
  const roles: [string, string][] = [
    ['role-leader', 'leader: thick ring, crown'],
    ['role-candidate', 'candidate: dashed ring'],
    ['role-precandidate', 'pre-candidate: dotted ring'],
    ['role-follower', 'follower: plain ring'],
    ['down', 'crashed: grey, crossed'],
  ];
  for (const [cls, label] of roles) {
    const li = html('li', {}, list);
    const icon = svg('svg', { viewBox: '-16 -11 32 22', width: 32, height: 22, 'aria-hidden': 'true' }, li);
    // Drawn at legend size rather than scaled down, so ring widths and dashes stay visible.
    const g = svg('g', { class: `node legend-node ${cls}` }, icon);
    svg('circle', { class: 'body', r: 8, fill: '#eef3f8', stroke: cls === 'down' ? '#9a9a9a' : '#4477AA' }, g);
    if (cls === 'role-leader') svg('path', { class: 'crown', d: 'M-4,-3L-4,-7L-2,-5L0,-8L2,-5L4,-7L4,-3Z', transform: 'translate(0,1)' }, g);
    if (cls === 'down') svg('path', { class: 'cross', d: 'M-5,-5L5,5M5,-5L-5,5' }, g);
    html('span', {}, li, label);
  }
  const li = html('li', { class: 'legend-note' }, list);
  li.textContent =
    'Big number in a node: its current term. Arc around a node: time left before its timer fires. Log cells show the term of each entry: solid = committed, dashed = not yet. “S5’s next / match”: the leader S5’s nextIndex and matchIndex for that follower.';
  const tl = html('li', { class: 'legend-note' }, list);
  tl.textContent =
    'Timeline: bands = terms (hatched: many terms in a row); crown = new leader, green tick = commit, ▼ = split vote, × = crash, dot = your action. Hover a mark for details.';
  return box;
}
