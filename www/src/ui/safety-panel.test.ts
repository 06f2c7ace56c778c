// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { SafetyPanel, type HighlightTargets } from './safety-panel.js';
import { FakePlayground, twoLeadersViolation } from '../testing/fixtures.js';
import { PROPERTIES, SWITCHES, describeViolation } from '../safety-words.js';
import type { ViolationView } from '../view.js';

function setup(): { panel: SafetyPanel; root: HTMLElement; setSwitches: ReturnType<typeof vi.fn>; targets: HighlightTargets } {
  const root = document.createElement('div');
  const side = document.createElement('aside');
  const options = document.createElement('section');
  side.append(options);
  const stage = document.createElement('div');
  const logs = document.createElement('div');
  for (let id = 0; id < 5; id++) {
    stage.insertAdjacentHTML('beforeend', `<g class="node" data-node="${id}"></g>`);
    logs.insertAdjacentHTML('beforeend', `<div data-testid="log-${id}"><div class="cell" data-index="1"></div><div class="cell" data-index="2"></div></div>`);
  }
  root.append(side, stage, logs);
  document.body.append(root);
  const setSwitches = vi.fn();
  const panel = new SafetyPanel(side, options, { setSwitches }, options);
  const targets: HighlightTargets = {
    node: (id) => stage.querySelector(`[data-node="${id}"]`),
    logRow: (id) => logs.querySelector(`[data-testid="log-${id}"]`),
  };
  return { panel, root, setSwitches, targets };
}

const states = (root: HTMLElement): Record<string, string | null> =>
  Object.fromEntries([...root.querySelectorAll('[data-property]')].map((li) => [li.getAttribute('data-property'), li.getAttribute('data-state')]));

const marked = (root: HTMLElement): string[] =>
  [...root.querySelectorAll('[data-safety]')].map((el) => `${el.getAttribute('data-node') ?? el.closest('[data-testid]')?.getAttribute('data-testid')}:${el.getAttribute('data-index') ?? ''}:${el.getAttribute('data-safety')}`);

/** Figure 8 broken: S5 leads term 5 without index 2, committed by S1 counting old replicas. */
const missingEntry: ViolationView = {
  property: 'leaderCompleteness',
  atMs: 517.25,
  seq: 214,
  breach: { kind: 'leaderMissingEntry', leader: 4, term: 5, index: 2, entryTerm: 2, committedBy: 0, committedIn: 4, found: 3 },
  cause: { kind: 'countedOldTerm', leader: 0, term: 4, index: 2, entryTerm: 2 },
  switch: 'commitPreviousTerms',
  nodes: [4, 0],
  entries: [
    { node: 0, index: 2, term: 2 },
    { node: 4, index: 2, term: 3 },
  ],
};

describe('safety panel', () => {
  it('lists the seven properties, all holding, with their meanings', () => {
    const { root } = setup();
    expect(Object.keys(states(root))).toEqual([...PROPERTIES]);
    expect(Object.values(states(root)).every((s) => s === 'ok')).toBe(true);
    const first = root.querySelector('[data-property="electionSafety"]');
    expect(first?.textContent).toContain('Election Safety');
    expect(first?.textContent).toContain('at most one leader per term');
    expect(root.querySelector('[data-testid="safety-status"]')?.textContent).toBe('All 7 hold so far.');
  });

  it('turns the broken property red, says why, and highlights its servers and entries while the cursor is past it', () => {
    const { panel, root, targets } = setup();
    const pg = new FakePlayground(5);
    pg.violationValue = missingEntry;
    pg.time = 100;
    expect(panel.update(pg, targets)).toBeNull();
    expect(marked(root)).toEqual([]);

    pg.time = 600;
    expect(panel.update(pg, targets)).toEqual(missingEntry);
    expect(states(root)['leaderCompleteness']).toBe('broken');
    expect(Object.values(states(root)).filter((s) => s === 'broken')).toHaveLength(1);
    const cause = root.querySelector('[data-testid="safety-cause"]');
    expect(cause?.classList.contains('hidden')).toBe(false);
    expect(cause?.textContent).toBe(
      'S5 leads term 5 without entry 2 (term 2), which S1 committed in term 4; its own entry there is from term 3: S1 committed entry 2 of term 2 by counting its replicas while leading term 4, which §5.4.2 forbids.',
    );
    expect(marked(root)).toEqual(['0::involved', '4::fault', 'log-0:2:entry', 'log-4:2:entry']); // document order

    // Scrubbing back before it clears everything; forward again shows it again.
    pg.time = 500;
    panel.update(pg, targets);
    expect(Object.values(states(root)).every((s) => s === 'ok')).toBe(true);
    expect(marked(root)).toEqual([]);
    expect(cause?.classList.contains('hidden')).toBe(true);
    pg.time = 520;
    panel.update(pg, targets);
    expect(states(root)['leaderCompleteness']).toBe('broken');
    expect(marked(root)).toHaveLength(4);
  });

  it('re-marks a log cell the logs drew afresh, and writes nothing when nothing changed', () => {
    const { panel, root, targets } = setup();
    const pg = new FakePlayground(5);
    pg.violationValue = missingEntry;
    pg.time = 600;
    panel.update(pg, targets);
    const row = root.querySelector('[data-testid="log-0"]');
    row?.querySelector('[data-index="2"]')?.remove();
    row?.insertAdjacentHTML('beforeend', '<div class="cell" data-index="2"></div>');
    panel.update(pg, targets);
    expect(marked(root)).toContain('log-0:2:entry');
    const seen: MutationRecord[] = [];
    const observer = new MutationObserver((records) => seen.push(...records));
    observer.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
    panel.update(pg, targets);
    expect(observer.takeRecords()).toEqual([]);
    observer.disconnect();
  });

  it('phrases a forgotten vote as the issue does', () => {
    expect(describeViolation(twoLeadersViolation())).toBe(
      'S1 and S4 both lead term 1: S3 forgot on restart that it had voted for S1 in term 1, and then voted for S4.',
    );
  });

  it('offers the unsafe switches in a marked unsafe group, each naming the rule it breaks', () => {
    const { panel, root, setSwitches } = setup();
    const group = root.querySelector('[data-testid="break-raft"]');
    expect(group?.querySelector('legend')?.textContent).toBe('Break Raft (unsafe)');
    const boxes = SWITCHES.map((s) => root.querySelector<HTMLInputElement>(`[data-testid="switch-${s}"]`));
    expect(boxes.every((b) => b !== null && !b.checked)).toBe(true);
    expect(boxes[0]?.closest('label')?.title).toContain('§5.4.1');
    expect(boxes[1]?.closest('label')?.title).toContain('§5.4.2');
    expect(boxes[2]?.closest('label')?.title).toContain('Persistent state');
    expect(boxes[3]?.closest('label')?.title).toContain('§7');
    expect(boxes[4]?.closest('label')?.title).toContain('§3.10');
    expect(boxes[5]?.closest('label')?.title).toContain('§4.2');
    expect(group?.textContent).toContain('replays this run');

    const box = boxes[2];
    if (!box) throw new Error('no switch');
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    expect(setSwitches).toHaveBeenCalledWith({ noElectionRestriction: false, commitPreviousTerms: false, forgetVoteOnRestart: true, snapshotPastCommit: false, trustTransferTarget: false, changeBeforeOwnTermCommit: false });

    panel.showSwitches({ commitPreviousTerms: true });
    expect(boxes.map((b) => b?.checked)).toEqual([false, true, false, false, false, false]);
    expect(group?.classList.contains('active')).toBe(true);
    panel.showSwitches({});
    expect(group?.classList.contains('active')).toBe(false);
  });
});
