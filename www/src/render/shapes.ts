// The look of each message kind. Every kind differs by shape (and by colour, set in CSS through
// the `m-<look>` class), so the picture reads in greyscale too: diamonds ask for votes, circles
// answer them, squares/envelopes carry AppendEntries, triangles answer those; dashed outlines are
// the PreVote variants; a check or a cross says granted or refused. InstallSnapshot (§7) is a
// framed block, like the compacted block it carries; its reply a hexagon.
// A lightning bolt is TimeoutNow.

import { MsgKindCode } from '../view.js';
import { svg } from './dom.js';
import type { PlainKey } from '../i18n/index.js';

export type MessageLook =
  | 'rv'
  | 'vote-ok'
  | 'vote-no'
  | 'prevote'
  | 'prevote-ok'
  | 'prevote-no'
  | 'hb'
  | 'ae'
  | 'ae-ok'
  | 'ae-no'
  | 'snap'
  | 'snap-ok'
  | 'tn';

export function messageLook(kind: MsgKindCode, ok: boolean, entryCount: number): MessageLook {
  switch (kind) {
    case MsgKindCode.RequestVote:
      return 'rv';
    case MsgKindCode.RequestVoteResponse:
      return ok ? 'vote-ok' : 'vote-no';
    case MsgKindCode.PreVote:
      return 'prevote';
    case MsgKindCode.PreVoteResponse:
      return ok ? 'prevote-ok' : 'prevote-no';
    case MsgKindCode.AppendEntries:
      return entryCount > 0 ? 'ae' : 'hb';
    case MsgKindCode.AppendEntriesResponse:
      return ok ? 'ae-ok' : 'ae-no';
    case MsgKindCode.InstallSnapshot:
      return 'snap';
    case MsgKindCode.InstallSnapshotResponse:
      return 'snap-ok';
    case MsgKindCode.TimeoutNow:
      return 'tn';
    default:
      return 'hb';
  }
}

export const LOOK_LABEL: Record<MessageLook, PlainKey> = {
  rv: 'look.rv',
  'vote-ok': 'look.voteOk',
  'vote-no': 'look.voteNo',
  prevote: 'look.prevote',
  'prevote-ok': 'look.prevoteOk',
  'prevote-no': 'look.prevoteNo',
  hb: 'look.hb',
  ae: 'look.ae',
  'ae-ok': 'look.aeOk',
  'ae-no': 'look.aeNo',
  snap: 'look.snap',
  'snap-ok': 'look.snapOk',
  tn: 'look.tn',
};

/** Legend order: requests before their answers. */
export const LOOKS: readonly MessageLook[] = ['rv', 'vote-ok', 'vote-no', 'prevote', 'prevote-ok', 'prevote-no', 'hb', 'ae', 'ae-ok', 'ae-no', 'snap', 'snap-ok', 'tn'];

const CHECK = 'M-3.5,0.2L-1,2.8L3.6,-2.6';
const CROSS = 'M-2.8,-2.8L2.8,2.8M2.8,-2.8L-2.8,2.8';
const DIAMOND = 'M0,-9L9,0L0,9L-9,0Z';
const TRIANGLE = 'M0,-8.5L8.5,6L-8.5,6Z';
const HEXAGON = 'M-4.5,-8L4.5,-8L9,0L4.5,8L-4.5,8L-9,0Z';
/** TimeoutNow: a lightning bolt, "start your election now" (§3.10). */
const BOLT = 'M2,-10L-6,1L-0.5,1L-2,10L6,-1L0.5,-1Z';

/** Draws the glyph centred on (0,0) into `parent` (a <g> that the caller moves). */
export function drawMessageShape(parent: SVGGElement, look: MessageLook, entryCount: number): void {
  parent.classList.add('msg', `m-${look}`);
  switch (look) {
    case 'rv':
    case 'prevote':
      svg('path', { class: 'shape', d: DIAMOND }, parent);
      return;
    case 'vote-ok':
    case 'prevote-ok':
      svg('circle', { class: 'shape', r: 7.5 }, parent);
      svg('path', { class: 'mark', d: CHECK }, parent);
      return;
    case 'vote-no':
    case 'prevote-no':
      svg('circle', { class: 'shape', r: 7.5 }, parent);
      svg('path', { class: 'mark', d: CROSS }, parent);
      return;
    case 'hb':
      svg('rect', { class: 'shape', x: -4.5, y: -4.5, width: 9, height: 9, rx: 1.5 }, parent);
      return;
    case 'ae': {
      const label = `+${entryCount}`;
      const w = 12 + 6 * label.length;
      svg('rect', { class: 'shape', x: -w / 2, y: -8, width: w, height: 16, rx: 3 }, parent);
      const t = svg('text', { class: 'count', y: 4 }, parent);
      t.textContent = label;
      return;
    }
    case 'ae-ok':
      svg('path', { class: 'shape', d: TRIANGLE }, parent);
      svg('path', { class: 'mark', d: CHECK, transform: 'translate(0,1.5)' }, parent);
      return;
    case 'ae-no':
      svg('path', { class: 'shape', d: TRIANGLE }, parent);
      svg('path', { class: 'mark', d: CROSS, transform: 'translate(0,1.5)' }, parent);
      return;
    case 'snap':
      svg('rect', { class: 'shape', x: -10, y: -10, width: 20, height: 20, rx: 2 }, parent);
      svg('rect', { class: 'mark', x: -5.5, y: -5.5, width: 11, height: 11, rx: 1 }, parent);
      return;
    case 'snap-ok':
      svg('path', { class: 'shape', d: HEXAGON }, parent);
      svg('path', { class: 'mark', d: CHECK }, parent);
      return;
    case 'tn':
      svg('path', { class: 'shape', d: BOLT }, parent);
      return;
  }
}

/** The burst drawn where a lost message disappears: a small star and the reason. */
export function drawBurst(parent: SVGGElement, reasonText: string): void {
  parent.classList.add('burst');
  let d = '';
  for (let k = 0; k < 8; k++) {
    const a = (Math.PI * k) / 4;
    const c = Math.cos(a);
    const s = Math.sin(a);
    d += `M${(5 * c).toFixed(1)},${(5 * s).toFixed(1)}L${(12 * c).toFixed(1)},${(12 * s).toFixed(1)}`;
  }
  svg('path', { class: 'rays', d }, parent);
  if (reasonText) {
    const t = svg('text', { class: 'reason', y: -15 }, parent);
    t.textContent = reasonText;
  }
}
