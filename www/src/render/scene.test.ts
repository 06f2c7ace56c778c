// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RING_CENTER, RING_RADIUS, ringPoint } from '../geometry.js';
import { FakeView, message, EVENTS_PAGE, twoLeadersViolation } from '../testing/fixtures.js';
import { type SceneHost, mountSceneHost } from '../testing/host.js';
import { DropCode, MsgKindCode, RoleCode, TimerCode } from '../view.js';
import { CELL_W, cellLeft, markerX } from './logs.js';
import { BURST_WALL_MS } from './messages.js';
import { timerOffset } from './nodes.js';
import { Scene } from './scene.js';

let host: SceneHost;

beforeEach(() => {
  host = mountSceneHost();
});

afterEach(() => {
  document.body.innerHTML = '';
});

const q = (sel: string): Element => {
  const el = document.querySelector(sel);
  if (!el) throw new Error(`no element ${sel}`);
  return el;
};
const testid = (id: string): Element => q(`[data-testid="${id}"]`);

/** The translate() of an element's transform attribute. */
function position(el: Element): { x: number; y: number } {
  const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute('transform') ?? '');
  if (!m) throw new Error(`no translate on ${el.outerHTML.slice(0, 80)}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

function scene(view: FakeView): Scene {
  const s = new Scene(host, view.nodeCount, EVENTS_PAGE);
  s.draw(view, 0, 1 / 50);
  return s;
}

describe('nodes', () => {
  it('a row with role 3 is drawn as the leader, with its label and crown', () => {
    const v = new FakeView(5);
    v.setNode(0, { role: RoleCode.Leader, term: 4, votedFor: 0 });
    scene(v);
    const g = testid('node-0');
    expect(g.getAttribute('data-role')).toBe('leader');
    expect(g.getAttribute('data-term')).toBe('4');
    expect(g.classList.contains('role-leader')).toBe(true);
    expect(g.querySelector('.role')?.textContent).toBe('Leader');
    expect(g.querySelector('.name')?.textContent).toBe('S1');
    expect(g.querySelector('.crown')?.classList.contains('hidden')).toBe(false);
    expect(testid('node-1').querySelector('.crown')?.classList.contains('hidden')).toBe(true);
  });

  it('shows term, vote, and a candidate\'s tally against the majority', () => {
    const v = new FakeView(5);
    v.setNode(1, { role: RoleCode.Candidate, term: 3, votedFor: 1, votesGranted: 2 });
    v.setNode(2, { term: 3, votedFor: 1 });
    scene(v);
    expect(testid('node-1').getAttribute('data-role')).toBe('candidate');
    expect(testid('node-1').querySelector('.votes')?.textContent).toBe('2/3 votes');
    expect(testid('node-1').querySelector('.role')?.textContent).toBe('Candidate');
    expect(testid('node-2').querySelector('.votes')?.textContent).toBe('voted S2');
    // The term is the big number inside the node; the accessible name spells it out.
    expect(testid('node-2').querySelector('.term')?.textContent).toBe('3');
    expect(testid('node-2').getAttribute('aria-label')).toContain('term 3');
    expect(testid('node-3').querySelector('.votes')?.textContent).toBe('no vote');
  });

  it('greys and crosses a crashed node', () => {
    const v = new FakeView(3);
    v.setNode(2, { up: false });
    scene(v);
    const g = testid('node-2');
    expect(g.getAttribute('data-up')).toBe('0');
    expect(g.classList.contains('down')).toBe(true);
    expect(g.querySelector('.cross')?.classList.contains('hidden')).toBe(false);
    expect(g.querySelector('.role')?.textContent).toBe('Crashed');
    expect(g.querySelector('.timer')?.classList.contains('hidden')).toBe(true);
    expect(testid('node-0').querySelector('.cross')?.classList.contains('hidden')).toBe(true);
  });

  it('sits on the ring by index, S1 at the top', () => {
    const v = new FakeView(5);
    scene(v);
    const p = position(testid('node-0'));
    expect(p.x).toBeCloseTo(RING_CENTER.x, 0);
    expect(p.y).toBeCloseTo(RING_CENTER.y - RING_RADIUS, 0);
    const p3 = position(testid('node-3'));
    const want = ringPoint(3, 5);
    expect(p3.x).toBeCloseTo(want.x, 0);
    expect(p3.y).toBeCloseTo(want.y, 0);
  });

  it('depletes the election timer arc from timerStart to timerDeadline', () => {
    const v = new FakeView(3);
    v.setNode(0, { timerStart: 100, timerDeadline: 300 });
    v.time = 200;
    scene(v);
    const arc = testid('node-0').querySelector('.timer');
    expect(Number(arc?.getAttribute('stroke-dashoffset'))).toBeCloseTo(timerOffset(0.5), 1);
    expect(arc?.classList.contains('hidden')).toBe(false);
  });
});

describe('messages', () => {
  it('a message at half flight is at the midpoint of its line', () => {
    const v = new FakeView(4);
    v.msgs = [message({ id: 7, from: 0, to: 2, sentAt: 100, arriveAt: 120 })];
    v.time = 110;
    scene(v);
    const a = ringPoint(0, 4);
    const b = ringPoint(2, 4);
    const p = position(testid('msg-7'));
    expect(p.x).toBeCloseTo((a.x + b.x) / 2, 0);
    expect(p.y).toBeCloseTo((a.y + b.y) / 2, 0);
  });

  it('keeps one element per message id and moves it', () => {
    const v = new FakeView(3);
    v.msgs = [message({ id: 1, from: 0, to: 1, sentAt: 0, arriveAt: 20 })];
    const s = scene(v);
    const el = testid('msg-1');
    const before = position(el);
    v.time = 10;
    s.draw(v, 16, 1 / 50);
    expect(testid('msg-1')).toBe(el);
    expect(position(el)).not.toEqual(before);
    expect(document.querySelectorAll('[data-testid^="msg-"]')).toHaveLength(1);
  });

  it('removes a delivered message', () => {
    const v = new FakeView(3);
    v.msgs = [message({ id: 1, from: 0, to: 1 })];
    const s = scene(v);
    v.msgs = [];
    v.time = 21;
    s.draw(v, 16, 1 / 50);
    expect(document.querySelector('[data-testid="msg-1"]')).toBeNull();
  });

  it("marks the message a step delivered on its path, following the servers, until cleared", () => {
    const v = new FakeView(3);
    const m = message({ id: 4, from: 0, to: 2, kind: MsgKindCode.RequestVote });
    v.msgs = [m];
    const s = scene(v);
    v.msgs = []; // delivered: off the wire
    v.time = 21;
    s.draw(v, 16, 1 / 50);
    s.messages.markDelivered(m, s.layout);
    const mark = testid('stepped-msg');
    expect(mark.getAttribute('data-msg')).toBe('4');
    const a = ringPoint(0, 3);
    const b = ringPoint(2, 3);
    expect(mark.getAttribute('d')).toBe(`M${a.x.toFixed(1)},${a.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}`);
    // The receiver dragged elsewhere: the mark follows it.
    s.layout.startDrag(2, { x: 500, y: 400 });
    s.draw(v, 16, 1 / 50);
    expect(testid('stepped-msg').getAttribute('d')).toMatch(/L500\.0,400\.0$/);
    s.layout.endDrag();
    s.messages.markDelivered(null, null);
    expect(document.querySelector('[data-testid="stepped-msg"]')).toBeNull();
  });

  it('tells kinds apart by shape class', () => {
    const v = new FakeView(3);
    v.msgs = [
      message({ id: 1, from: 0, to: 1, kind: MsgKindCode.RequestVote }),
      message({ id: 2, from: 1, to: 0, kind: MsgKindCode.RequestVoteResponse, ok: true }),
      message({ id: 3, from: 2, to: 0, kind: MsgKindCode.RequestVoteResponse, ok: false }),
      message({ id: 4, from: 0, to: 1, kind: MsgKindCode.AppendEntries, entryCount: 0 }),
      message({ id: 5, from: 0, to: 2, kind: MsgKindCode.AppendEntries, entryCount: 3 }),
      message({ id: 6, from: 1, to: 0, kind: MsgKindCode.AppendEntriesResponse, ok: false }),
      message({ id: 8, from: 1, to: 0, kind: MsgKindCode.PreVote }),
    ];
    scene(v);
    expect(testid('msg-1').classList.contains('m-rv')).toBe(true);
    expect(testid('msg-2').classList.contains('m-vote-ok')).toBe(true);
    expect(testid('msg-3').classList.contains('m-vote-no')).toBe(true);
    expect(testid('msg-4').classList.contains('m-hb')).toBe(true);
    expect(testid('msg-5').classList.contains('m-ae')).toBe(true);
    expect(testid('msg-5').querySelector('.count')?.textContent).toBe('+3');
    expect(testid('msg-6').classList.contains('m-ae-no')).toBe(true);
    expect(testid('msg-8').classList.contains('m-prevote')).toBe(true);
    expect(testid('msg-1').querySelector('title')?.textContent).toBe('RequestVote, S1 → S2, term 1');
  });

  it('a lost message flies until dropAt, bursts there, then disappears', () => {
    const v = new FakeView(2);
    v.msgs = [message({ id: 9, from: 0, to: 1, sentAt: 0, arriveAt: 20, dropAt: 10, dropReason: DropCode.Partition })];
    v.time = 5;
    const speed = 1 / 50;
    const s = new Scene(host, 2, EVENTS_PAGE);
    s.draw(v, 0, speed);
    expect(document.querySelector('[data-testid="msg-9"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="burst-9"]')).toBeNull();

    v.time = 11;
    s.draw(v, 16, speed);
    expect(document.querySelector('[data-testid="msg-9"]')).toBeNull();
    const burst = testid('burst-9');
    const a = ringPoint(0, 2);
    const b = ringPoint(1, 2);
    const p = position(burst);
    expect(p.x).toBeCloseTo((a.x + b.x) / 2, 0);
    expect(p.y).toBeCloseTo((a.y + b.y) / 2, 0);
    expect(burst.querySelector('.reason')?.textContent).toBe('blocked');

    // The binding may stop listing it; the burst still finishes.
    v.msgs = [];
    v.time = 12;
    s.draw(v, 16, speed);
    expect(document.querySelector('[data-testid="burst-9"]')).not.toBeNull();

    v.time = 10 + BURST_WALL_MS * speed + 0.01;
    s.draw(v, 16, speed);
    expect(document.querySelector('[data-testid="burst-9"]')).toBeNull();
  });

  it('messages blocked at the same spot of the partition line say "blocked" once, not stacked', () => {
    const v = new FakeView(3);
    const blocked = { dropReason: DropCode.Partition, sentAt: 0, arriveAt: 20, dropAt: 10 };
    v.msgs = [
      message({ id: 1, from: 0, to: 1, ...blocked }),
      message({ id: 2, from: 1, to: 0, ...blocked, dropAt: 10.5 }),
      message({ id: 3, from: 0, to: 2, ...blocked }),
    ];
    const speed = 1 / 50;
    const s = new Scene(host, 3, EVENTS_PAGE);
    v.time = 11;
    s.draw(v, 16, speed);
    const word = (id: number): string => testid(`burst-${id}`).querySelector('.reason')?.textContent ?? '';
    // 1 and 2 burst at the middle of the same line: one word between them.
    expect([word(1), word(2)].sort()).toEqual(['', 'blocked']);
    // 3 bursts on another line, far away: its own word.
    expect(word(3)).toBe('blocked');
  });
});

describe('partition regions', () => {
  it('draws none while whole, one per group when split, and seats groups together', () => {
    const v = new FakeView(5);
    const s = scene(v);
    expect(s.regions.count).toBe(0);
    [0, 1, 0, 1, 0].forEach((g, id) => v.setNode(id, { group: g }));
    s.draw(v, 0, 1 / 50);
    expect(s.regions.count).toBe(2);
    expect(document.querySelectorAll('path.region')).toHaveLength(2);
    expect(testid('region-0').getAttribute('data-members')).toBe('0,2,4');
    expect(testid('region-1').getAttribute('data-members')).toBe('1,3');
    // Node 1 now sits right after the {0,2,4} group and its gap: slot 4 of 7.
    const p1 = position(testid('node-1'));
    const want = ringPoint(4, 7);
    expect(p1.x).toBeCloseTo(want.x, 0);
    expect(p1.y).toBeCloseTo(want.y, 0);
  });

  it('a dropped server is drawn where it was dropped; time travel to another partition sends it back to the ring', () => {
    const v = new FakeView(5);
    const s = scene(v);
    const drop = { x: 520, y: 300 };
    s.layout.pin(2, drop);
    [0, 0, 1, 0, 0].forEach((g, id) => v.setNode(id, { group: g }));
    s.draw(v, 0, 1 / 50);
    expect(position(testid('node-2'))).toEqual(drop);
    // A step back within the same partition keeps it there.
    s.rewind(0);
    s.draw(v, 0, 1 / 50);
    expect(position(testid('node-2'))).toEqual(drop);
    // Back to a moment with another partition: the drop belonged to a later part of the run.
    s.rewind(0);
    [0, 1, 1, 0, 0].forEach((g, id) => v.setNode(id, { group: g }));
    s.draw(v, 0, 1 / 50);
    expect(s.layout.pinned(2)).toBe(false);
    expect(position(testid('node-2'))).not.toEqual(drop);
  });
});

describe('logs', () => {
  function cells(id: number): Element[] {
    return [...testid(`log-${id}`).querySelectorAll('.cell:not(.ghost)')];
  }

  it('one cell per entry, showing its term, committed ones solid', () => {
    const v = new FakeView(3);
    v.setLog(0, [1, 1, 2]);
    v.setNode(0, { commitIndex: 2 });
    scene(v);
    const row = cells(0);
    expect(row.map((c) => c.getAttribute('data-index'))).toEqual(['1', '2', '3']);
    expect(row.map((c) => c.getAttribute('data-term'))).toEqual(['1', '1', '2']);
    expect(row.map((c) => c.textContent)).toEqual(['1', '1', '2']);
    expect(row.map((c) => c.getAttribute('data-committed'))).toEqual(['1', '1', '0']);
    expect(row[0].classList.contains('committed')).toBe(true);
    expect(row[2].classList.contains('committed')).toBe(false);
  });

  it('aligns columns by index across nodes', () => {
    const v = new FakeView(2);
    v.setLog(0, [1, 1, 1]);
    v.setLog(1, [1, 2]);
    scene(v);
    const left = (id: number, i: number) => (cells(id)[i - 1] as HTMLElement).style.left;
    expect(left(0, 2)).toBe(left(1, 2));
    expect(left(0, 2)).toBe(`${cellLeft(1) + CELL_W}px`);
  });

  it('fetches a log only when its logVersion changes', () => {
    const v = new FakeView(3);
    v.setLog(1, [1]);
    const s = scene(v);
    const calls = v.logCalls;
    s.draw(v, 16, 1 / 50);
    s.draw(v, 16, 1 / 50);
    expect(v.logCalls).toBe(calls);
    v.setLog(1, [1, 1]);
    s.draw(v, 16, 1 / 50);
    expect(v.logCalls).toBe(calls + 1);
    expect(cells(1)).toHaveLength(2);
  });

  it('reads only the entries a log gained, however long it grows, and all of it again after a truncation (§5.3)', () => {
    const v = new FakeView(3);
    const s = scene(v);
    const terms: number[] = [];
    v.logEntriesRead = 0;
    for (let f = 0; f < 500; f++) {
      terms.push(1 + Math.floor(f / 100));
      v.setLog(1, [...terms]);
      s.draw(v, 16 * f, 1 / 50);
    }
    // Refetching the whole log at every append read 1 + 2 + … + 500 = 125,250 entries.
    expect(v.logEntriesRead).toBe(500);
    // A new leader's AppendEntries erases a conflicting suffix (§5.3): the row is read afresh.
    v.setLog(1, [...terms.slice(0, 450), 9, 9]);
    s.draw(v, 16 * 501, 1 / 50);
    expect(v.logEntriesRead).toBe(500 + 452);
    const row = testid('log-1');
    expect(row.querySelector('[data-index="451"]:not(.ghost)')?.getAttribute('data-term')).toBe('9');
    expect(row.querySelector('[data-index="452"]:not(.ghost)')?.textContent).toBe('9');
  });

  it('places the leader\'s next and match markers over the follower\'s row', () => {
    const v = new FakeView(3);
    v.leaderId = 0;
    v.setNode(0, { role: RoleCode.Leader });
    v.setLog(0, [1, 1, 2, 2]);
    v.setLog(2, [1, 1, 1]);
    v.progressRows = [
      [-1, -1],
      [5, 4],
      [3, 1],
    ];
    const s = scene(v);
    const next = testid('next-2') as HTMLElement;
    const match = testid('match-2') as HTMLElement;
    expect(next.getAttribute('data-index')).toBe('3');
    expect(next.style.transform).toBe(`translateX(${markerX(3)}px)`);
    expect(match.getAttribute('data-index')).toBe('1');
    expect(next.classList.contains('hidden')).toBe(false);
    expect(testid('next-0').classList.contains('hidden')).toBe(true);

    // nextIndex walks back one entry: the marker moves one column left.
    v.progressRows[2] = [2, 1];
    s.draw(v, 16, 1 / 50);
    expect(next.style.transform).toBe(`translateX(${markerX(2)}px)`);
    expect(markerX(3) - markerX(2)).toBe(CELL_W);
    expect(next.classList.contains('back-a') || next.classList.contains('back-b')).toBe(true);
  });

  it("names whose view the markers are (the view carries the current leader's progress)", () => {
    // §5.3: nextIndex and matchIndex are the leader's volatile state. While a deposed leader
    // still believes it leads (two leaders), the markers must not read as its view.
    const v = new FakeView(3);
    v.leaderId = 2;
    v.setNode(2, { role: RoleCode.Leader, term: 3 });
    v.setNode(0, { role: RoleCode.Leader, term: 2 });
    v.progressRows = [
      [2, 1],
      [2, 1],
      [-1, -1],
    ];
    const s = scene(v);
    expect(testid('next-0').textContent).toBe("S3's next");
    expect(testid('match-1').textContent).toBe("S3's match");
    expect(testid('next-1').getAttribute('title')).toBe("S3's nextIndex for S2: 2");
    // Another leader's view: the names follow.
    v.leaderId = 0;
    v.progressRows = [
      [-1, -1],
      [3, 2],
      [3, 2],
    ];
    s.draw(v, 16, 1 / 50);
    expect(testid('next-2').textContent).toBe("S1's next");
    expect(testid('next-2').getAttribute('title')).toBe("S1's nextIndex for S3: 3");
  });

  it('hides markers when there is no leader', () => {
    const v = new FakeView(3);
    scene(v);
    expect(testid('next-1').classList.contains('hidden')).toBe(true);
    expect(testid('match-1').classList.contains('hidden')).toBe(true);
  });

  it('flashes the entries a truncation removed, with their old terms', () => {
    const v = new FakeView(3);
    v.setLog(2, [1, 2, 2]);
    const s = scene(v);
    v.setLog(2, [1, 3]);
    v.trace = [{ seq: 1, at: 50, kind: 'truncated', node: 2, from: 2, count: 2 }];
    s.draw(v, 16, 1 / 50);
    const ghosts = [...testid('log-2').querySelectorAll('.cell.ghost')];
    expect(ghosts.map((g) => g.getAttribute('data-ghost-index'))).toEqual(['2', '3']);
    expect(ghosts.map((g) => g.textContent)).toEqual(['2', '2']);
    expect(cells(2).map((c) => c.getAttribute('data-term'))).toEqual(['1', '3']);
  });

  it('keeps a long log cheap: only the visible window has cells', () => {
    const v = new FakeView(3);
    v.setLog(0, Array.from({ length: 1000 }, (_, i) => 1 + Math.floor(i / 100)));
    scene(v);
    const shown = cells(0).map((c) => Number(c.getAttribute('data-index')));
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(120);
    // It follows the tail: the newest entry is on screen.
    expect(Math.max(...shown)).toBe(1000);
  });
});

describe('feed', () => {
  it('narrates new events once, newest first, at most 8', () => {
    const v = new FakeView(5);
    const s = scene(v);
    v.trace = Array.from({ length: 10 }, (_, i) => ({ seq: i + 1, at: i, kind: 'crashed', node: i % 5 }));
    s.draw(v, 16, 1 / 50);
    s.draw(v, 16, 1 / 50); // the fake returns seq >= since: the last event again
    const items = [...testid('feed').querySelectorAll('li .text')].map((li) => li.textContent);
    expect(items).toHaveLength(8);
    expect(items[0]).toBe('S5 crashed'); // seq 10, node 4
    expect(items[1]).toBe('S4 crashed');
    expect(v.eventCalls.at(-1)).toBe(10);
  });

  it('reads a long trace page by page without losing events', () => {
    const v = new FakeView(5);
    const s = scene(v);
    v.trace = Array.from({ length: 450 }, (_, i) => ({ seq: i + 1, at: i, kind: 'crashed', node: i % 5 }));
    s.draw(v, 16, 1 / 50);
    const first = testid('feed').querySelector('li .text')?.textContent;
    expect(first).toBe('S5 crashed'); // seq 450: node 449 % 5 = 4
    expect(testid('feed').querySelector('li .at')?.textContent).toBe('449 ms');
  });

  it('reports a violation from the trace', () => {
    const v = new FakeView(3);
    const s = new Scene(host, 3, EVENTS_PAGE);
    const seen: string[] = [];
    s.onViolation = (violation) => seen.push(violation.property);
    v.trace = [{ seq: 1, at: 5, kind: 'violation', violation: twoLeadersViolation(5) }];
    s.draw(v, 0, 1 / 50);
    expect(seen).toEqual(['electionSafety']);
  });
});

describe('redraw economy', () => {
  it('an unchanged frame writes nothing to the DOM', async () => {
    const v = new FakeView(5);
    v.setNode(0, { role: RoleCode.Leader, term: 2, timerKind: TimerCode.Heartbeat });
    v.setLog(0, [1, 2]);
    v.leaderId = 0;
    v.progressRows = v.progressRows.map((_, i): [number, number] => (i === 0 ? [-1, -1] : [3, 2]));
    const s = scene(v);
    const root = document.body;
    const records: MutationRecord[] = [];
    const obs = new MutationObserver((r) => records.push(...r));
    obs.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
    s.draw(v, 16, 1 / 50);
    s.draw(v, 16, 1 / 50);
    await Promise.resolve();
    records.push(...obs.takeRecords());
    obs.disconnect();
    expect(records).toEqual([]);
  });
});
