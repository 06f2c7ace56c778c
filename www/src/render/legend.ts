// A key to the message shapes and node looks, drawn with the same code as the stage so the
// two can never disagree.

import { html, svg } from './dom.js';
import { LOOKS, LOOK_LABEL, drawMessageShape } from './shapes.js';
import { localize, type PlainKey } from '../i18n/index.js';

export function buildLegend(parent: HTMLElement): HTMLElement {
  const box = html('details', { class: 'legend', 'data-testid': 'legend' }, parent);
  localize(html('summary', {}, box), 'legend.summary');
  const list = html('ul', { class: 'legend-list' }, box);
  for (const look of LOOKS) {
    const li = html('li', {}, list);
    const icon = svg('svg', { viewBox: '-16 -11 32 22', width: 32, height: 22, 'aria-hidden': 'true' }, li);
    drawMessageShape(svg('g', {}, icon), look, 2);
    localize(html('span', {}, li), LOOK_LABEL[look]);
  }
  const roles: [string, PlainKey][] = [
    ['role-leader', 'legend.leader'],
    ['role-candidate', 'legend.candidate'],
    ['role-precandidate', 'legend.precandidate'],
    ['role-follower', 'legend.follower'],
    ['down', 'legend.down'],
  ];
  for (const [cls, label] of roles) {
    const li = html('li', {}, list);
    const icon = svg('svg', { viewBox: '-16 -11 32 22', width: 32, height: 22, 'aria-hidden': 'true' }, li);
    // Drawn at legend size rather than scaled down, so ring widths and dashes stay visible.
    const g = svg('g', { class: `node legend-node ${cls}` }, icon);
    svg('circle', { class: 'body', r: 8, fill: '#eef3f8', stroke: cls === 'down' ? '#9a9a9a' : '#4477AA' }, g);
    if (cls === 'role-leader') svg('path', { class: 'crown', d: 'M-4,-3L-4,-7L-2,-5L0,-8L2,-5L4,-7L4,-3Z', transform: 'translate(0,1)' }, g);
    if (cls === 'down') svg('path', { class: 'cross', d: 'M-5,-5L5,5M5,-5L-5,5' }, g);
    localize(html('span', {}, li), label);
  }
  const li = html('li', { class: 'legend-note' }, list);
  localize(li, 'legend.nodes');
  const tl = html('li', { class: 'legend-note' }, list);
  localize(tl, 'legend.timeline');
  return box;
}
