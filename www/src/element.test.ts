// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlaygroundConfig } from './config.js';
import { FAKE_LIMITS, FakePlayground, twoLeadersViolation } from './testing/fixtures.js';

const wasm = vi.hoisted(() => ({
  made: [] as { config: PlaygroundConfig; pg: unknown }[],
  fail: null as string | null,
  links: [] as string[],
  scenarios: [] as string[],
  /** In order: 'wasm' each time the wasm's limits are in, 'catalogue' when the scenario list is asked for. */
  loads: [] as string[],
}));

vi.mock('./wasm.js', () => ({
  createPlayground: async (config: PlaygroundConfig) => {
    if (wasm.fail) throw new Error(wasm.fail);
    const pg = new FakePlayground(config.nodes ?? 5, config.seed ?? 1);
    wasm.made.push({ config, pg });
    return pg.session();
  },
  playgroundFromLink: async (text: string) => {
    wasm.links.push(text);
    if (!text.startsWith('r2.')) throw new Error('this link was made by a newer version (r9)');
    if (text.includes('garbage')) throw new Error('the link is damaged (truncated or altered)');
    const pg = new FakePlayground(3, 7);
    pg.time = 1234;
    pg.horizonMs = 5000;
    pg.optionValues = { preVote: true, backtracking: 'by-conflict-term' };
    return pg.session();
  },
  playgroundFromScenario: async (id: string) => {
    wasm.scenarios.push(id);
    if (id === 'nope') throw new Error('no scenario "nope"');
    const pg = new FakePlayground(5, 9);
    pg.scenario = id;
    pg.captionList = [
      { at: 0, text: 'Five servers start as followers.' },
      { at: 500, text: 'S2 times out first.' },
    ];
    pg.optionValues = { checkQuorum: true };
    return pg.session();
  },
  loadLimits: async () => {
    await Promise.resolve();
    wasm.loads.push('wasm');
    return FAKE_LIMITS;
  },
  listScenarios: async () => {
    wasm.loads.push('catalogue');
    return SCENARIO_LIST;
  },
}));

const SCENARIO_LIST = vi.hoisted(() => [
  { id: 'election', title: 'A first election' },
  { id: 'split-vote', title: 'Split vote' },
]);

const { RaftPlaygroundElement } = await import('./element.js');

function mount(attrs: Record<string, string> = {}): InstanceType<typeof RaftPlaygroundElement> {
  const el = document.createElement('raft-playground');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.appendChild(el);
  return el;
}

const byTestId = (root: Element, id: string): HTMLElement => {
  const el = root.querySelector(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no ${id}`);
  return el as HTMLElement;
};

function fake(el: InstanceType<typeof RaftPlaygroundElement>): FakePlayground {
  if (!(el.playground instanceof FakePlayground)) throw new Error('no playground');
  return el.playground;
}

beforeEach(() => {
  wasm.made.length = 0;
  wasm.links.length = 0;
  wasm.scenarios.length = 0;
  wasm.loads.length = 0;
  wasm.fail = null;
});

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState(null, '', location.pathname);
});

const hidden = (el: HTMLElement): boolean => el.classList.contains('hidden');

describe('<raft-playground>', () => {
  it('creates the playground from attributes and draws every node', async () => {
    const el = mount({ paused: '', nodes: '3', seed: '99' });
    await el.ready;
    expect(el.getAttribute('data-state')).toBe('ready');
    expect(wasm.made[0].config).toMatchObject({ nodes: 3, seed: 99 });
    expect(el.querySelectorAll('[data-testid^="node-"]:not([data-testid="node-menu"])')).toHaveLength(3);
    expect(el.querySelectorAll('[data-testid^="log-"]')).toHaveLength(3);
    expect(byTestId(el, 'seed').textContent).toBe('99');
    expect(byTestId(el, 'speed-label').textContent).toBe('1/40×');
  });

  it('asks for the scenario catalogue only once the wasm is in, and then fills the menu', async () => {
    // On a slow link the catalogue's bytes would otherwise share the wire with the wasm and
    // delay the first drawn cluster.
    const el = mount({ paused: '' });
    await el.ready;
    await vi.waitFor(() => expect(byTestId(el, 'scenario-select').querySelectorAll('option')).toHaveLength(1 + SCENARIO_LIST.length));
    expect(wasm.loads).toContain('catalogue');
    expect(wasm.loads.indexOf('catalogue')).toBeGreaterThan(wasm.loads.indexOf('wasm'));
  });

  it('shows a clear message, not a blank page, when the simulator cannot load', async () => {
    wasm.fail = 'WebAssembly.instantiate(): bad magic';
    const el = mount({ paused: '' });
    await el.ready;
    expect(el.getAttribute('data-state')).toBe('error');
    expect(byTestId(el, 'fatal').textContent).toContain('bad magic');
    expect(el.playground).toBeNull();
  });

  it('turns a refused entry into a notice and keeps going', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    fake(el).failWith = 'no leader';
    byTestId(el, 'submit').click();
    expect(byTestId(el, 'notice').textContent).toBe('Value 1 refused: no leader');
    byTestId(el, 'submit').click();
    expect(fake(el).calls).toContain('proposeToLeader 1');
    byTestId(el, 'submit').click();
    expect(fake(el).calls).toContain('proposeToLeader 2');
  });

  it('steps exactly one event and stays paused', async () => {
    const el = mount();
    await el.ready;
    expect(el.playing).toBe(true);
    byTestId(el, 'step-forward').click();
    expect(el.playing).toBe(false);
    expect(fake(el).calls.filter((c) => c === 'step')).toHaveLength(1);
    // No step is silent: it says when and what (here only a timer moved).
    expect(byTestId(el, 'notice').textContent).toMatch(/^t = 1 ms · \S/);
    expect(byTestId(el, 'play').textContent).toBe('Play');
  });

  it('advances only while playing', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    await new Promise((r) => setTimeout(r, 80));
    expect(pg.calls.filter((c) => c === 'advance')).toHaveLength(0);
    el.play();
    await new Promise((r) => setTimeout(r, 120));
    el.pause();
    const advanced = pg.calls.filter((c) => c === 'advance').length;
    expect(advanced).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(pg.calls.filter((c) => c === 'advance')).toHaveLength(advanced);
  });

  it('pauses itself and says why when a frame throws', async () => {
    const el = mount();
    await el.ready;
    fake(el).failWith = 'simulator exploded';
    await new Promise((r) => setTimeout(r, 100));
    expect(el.playing).toBe(false);
    expect(byTestId(el, 'notice').textContent).toContain('simulator exploded');
  });

  it('recreates the playground for a new size, freeing the old one', async () => {
    const el = mount({ paused: '', seed: '5' });
    await el.ready;
    const first = fake(el);
    const size = byTestId(el, 'size') as unknown as HTMLSelectElement;
    size.value = '7';
    size.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(wasm.made).toHaveLength(2));
    await vi.waitFor(() => expect(el.playground).not.toBe(first));
    expect(first.freed).toBe(true);
    expect(wasm.made[1].config).toMatchObject({ nodes: 7, seed: 5 });
    expect(el.querySelectorAll('[data-testid^="log-"]')).toHaveLength(7);
  });

  it('shows the size in force in the Servers option once servers are added or removed (§4.2), and a size chosen there still starts a fresh cluster', async () => {
    const el = mount({ paused: '', nodes: '3', seed: '5' });
    await el.ready;
    const size = byTestId(el, 'size') as unknown as HTMLSelectElement;
    expect(size.value).toBe('3');
    byTestId(el, 'add-server').click();
    await vi.waitFor(() => expect(size.value).toBe('4'));
    fake(el).removeServer(0);
    fake(el).removeServer(1);
    await el.advance(1);
    await vi.waitFor(() => expect(size.value).toBe('2'));
    byTestId(el, 'add-server').click(); // S1 back
    await vi.waitFor(() => expect(size.value).toBe('3'));
    size.value = '6';
    size.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(wasm.made).toHaveLength(2));
    expect(wasm.made[1].config).toMatchObject({ nodes: 6, seed: 5 });
    await vi.waitFor(() => expect(el.querySelectorAll('[data-testid^="log-"]')).toHaveLength(6));
    expect(size.value).toBe('6');
  });

  it('the orientation line counts the servers in force, not the processes, after a change (§4.2)', async () => {
    const el = mount({ paused: '', nodes: '3', seed: '5' });
    await el.ready;
    const orientation = byTestId(el, 'orientation');
    expect(orientation.textContent).toMatch(/^3 servers/);
    byTestId(el, 'add-server').click();
    await vi.waitFor(() => expect(orientation.textContent).toMatch(/^4 servers/));
    fake(el).removeServer(0);
    fake(el).removeServer(1);
    await el.advance(1);
    await vi.waitFor(() => expect(orientation.textContent).toMatch(/^2 servers/));
  });

  it('New seed changes the seed, Restart keeps it', async () => {
    const el = mount({ paused: '', seed: '5' });
    await el.ready;
    byTestId(el, 'restart').click();
    await vi.waitFor(() => expect(wasm.made).toHaveLength(2));
    expect(wasm.made[1].config.seed).toBe(5);
    byTestId(el, 'new-seed').click();
    await vi.waitFor(() => expect(wasm.made).toHaveLength(3));
    expect(wasm.made[2].config.seed).not.toBe(5);
  });

  it('exposes setSpeed for tests and shows it', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    el.setSpeed(1 / 10);
    expect(byTestId(el, 'speed-label').textContent).toBe('1/10×');
  });

  it('shows the safety violation at the cursor in a banner, phrased from its data', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    expect(byTestId(el, 'violation').classList.contains('hidden')).toBe(true);
    fake(el).violationValue = twoLeadersViolation(0);
    fake(el).trace = [{ seq: 1, at: 0, kind: 'violation', violation: twoLeadersViolation(0) }];
    byTestId(el, 'heal').click(); // any action redraws while paused
    expect(byTestId(el, 'violation').classList.contains('hidden')).toBe(false);
    expect(byTestId(el, 'violation').textContent).toBe(
      'Safety violation: Election Safety broken: S1 and S4 both lead term 1.',
    );
  });

  it('playing into a safety violation pauses at its event, shows it, and scrubbing back clears it', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    pg.violationValue = twoLeadersViolation(30);
    el.setSpeed(1);
    el.play();
    await vi.waitFor(() => expect(el.playing).toBe(false), { timeout: 2000 });
    expect(pg.calls).toContain('seek 30');
    expect(pg.now()).toBe(30);
    expect(byTestId(el, 'notice').textContent).toContain('Paused at the safety violation (t = 30');
    expect(el.querySelector('[data-property="electionSafety"]')?.getAttribute('data-state')).toBe('broken');
    expect(byTestId(el, 'safety-cause').textContent).toContain('S3 forgot on restart');
    expect(byTestId(el, 'violation').classList.contains('hidden')).toBe(false);
    expect(el.querySelector('[data-testid="node-3"]')?.getAttribute('data-safety')).toBe('fault');
    // Playing on from the violation does not stop again.
    const seeks = pg.calls.filter((c) => c.startsWith('seek')).length;
    el.play();
    await new Promise((r) => setTimeout(r, 60));
    el.pause();
    expect(pg.calls.filter((c) => c.startsWith('seek'))).toHaveLength(seeks);
    // Back before it: all clear again.
    pg.seek(10);
    byTestId(el, 'heal').click();
    expect(el.querySelector('[data-property="electionSafety"]')?.getAttribute('data-state')).toBe('ok');
    expect(el.querySelector('[data-safety]')).toBeNull();
    expect(byTestId(el, 'violation').classList.contains('hidden')).toBe(true);
  });

  it('a Break Raft switch replays the same run under the new rule at the same moment, captions kept', async () => {
    const el = mount({ paused: '', scenario: 'break-forgotten-vote' });
    await el.ready;
    const first = fake(el);
    first.optionValues = { ...first.optionValues, forgetVoteOnRestart: true };
    first.violationValue = twoLeadersViolation(30);
    first.seek(40);
    byTestId(el, 'heal').click();
    expect(el.querySelector('[data-state="broken"]')).not.toBeNull();
    const box = byTestId(el, 'switch-forgetVoteOnRestart') as HTMLInputElement;
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    const second = fake(el);
    expect(second).not.toBe(first);
    expect(first.calls).toContain('withSwitches {"noElectionRestriction":false,"commitPreviousTerms":false,"forgetVoteOnRestart":false,"snapshotPastCommit":false,"trustTransferTarget":false}');
    expect(second.now()).toBe(40);
    expect(el.session?.scenarioId).toBe('break-forgotten-vote');
    expect(byTestId(el, 'caption-panel').classList.contains('hidden')).toBe(false);
    expect(el.querySelector('[data-testid="safety"]')?.getAttribute('data-state')).toBe('ok');
    expect((byTestId(el, 'switch-forgetVoteOnRestart') as HTMLInputElement).checked).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    expect((byTestId(el, 'switch-forgetVoteOnRestart') as HTMLInputElement).checked).toBe(true);
  });

  it('Heal heals', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    byTestId(el, 'heal').click();
    expect(fake(el).calls).toContain('heal');
  });

  it('one event back and forward, by button and by key', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    pg.time = 10;
    pg.horizonMs = 10;
    byTestId(el, 'step-back').click();
    expect(pg.calls).toContain('stepBack');
    expect(pg.time).toBe(9);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: ',' }));
    expect(pg.time).toBe(8);
    byTestId(el, 'step-forward').click();
    expect(pg.time).toBe(9);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: '.' }));
    expect(pg.time).toBe(10);
  });

  it('says so at the start of the run', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    byTestId(el, 'step-back').click();
    expect(byTestId(el, 'notice').textContent).toContain('start of the run');
  });

  it('shows the past hint behind the horizon, and a fork notice when acting there', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    expect(hidden(byTestId(el, 'past-hint'))).toBe(true);
    pg.horizonMs = 5000;
    pg.time = 2000;
    byTestId(el, 'step-forward').click(); // any redraw
    expect(hidden(byTestId(el, 'past-hint'))).toBe(false);
    expect(byTestId(el, 'past-hint').textContent).toMatch(/past.*fork/i);
    expect(hidden(byTestId(el, 'fork-notice'))).toBe(true);
    byTestId(el, 'heal').click();
    expect(pg.forks()).toBe(1);
    expect(hidden(byTestId(el, 'fork-notice'))).toBe(false);
    expect(hidden(byTestId(el, 'past-hint'))).toBe(true);
  });

  it('fast-forwards, and says when nothing was found', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    const found = pg.time;
    byTestId(el, 'ff-leader').click();
    // In slices (fast-forward.ts): begun in the core, then sliced until done.
    expect(pg.calls).toContain('beginRunUntil leader 600000');
    await vi.waitFor(() => expect(byTestId(el, 'notice').textContent).toMatch(/at the new leader/));
    expect(pg.time).toBe(found + 100);
    pg.untilFound = false;
    const at = pg.time;
    byTestId(el, 'ff-split').click();
    // The core looks ahead first; with nothing to find, the run itself is never moved.
    expect(pg.calls).toContain('beginRunUntil split 600000');
    await vi.waitFor(() => expect(byTestId(el, 'notice').textContent).toContain('No split vote in the next 10 minutes'));
    // Nothing found: the cursor stays where it was.
    expect(pg.time).toBe(at);
    // A target that can never come says why.
    pg.untilWhy = 'no server can become leader: only 2 servers are up and a leader needs the votes of 3';
    byTestId(el, 'ff-leader').click();
    await vi.waitFor(() => expect(byTestId(el, 'notice').textContent).toContain('No server can become leader: only 2 servers are up'));
    expect(pg.time).toBe(at);
    const before = pg.time;
    byTestId(el, 'skip-minute').click();
    expect(pg.time).toBe(before + 60_000);
  });

  it('a skip in progress shows its progress and gives way to Play, Cancel or an action', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    const progress = byTestId(el, 'skip-progress');
    let cancels = 0;
    for (const stop of [() => byTestId(el, 'play').click(), () => byTestId(el, 'skip-cancel').click(), () => byTestId(el, 'heal').click()]) {
      if (el.playing) byTestId(el, 'play').click();
      pg.slicesLeft = 1_000_000;
      const at = pg.time;
      byTestId(el, 'ff-commit').click();
      expect(hidden(progress)).toBe(false);
      expect(progress.textContent).toContain('Skipping to next commit');
      stop();
      await vi.waitFor(() => expect(hidden(progress)).toBe(true));
      expect(pg.calls.filter((c) => c === 'cancelRunUntil').length).toBe(++cancels);
      expect(pg.time).toBeGreaterThanOrEqual(at);
    }
    pg.slicesLeft = 1;
  });

  it('A times out every follower at once and names them', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    pg.timeoutFollowers = () => {
      pg.calls.push('timeoutFollowers');
      return new Uint32Array([0, 1, 3, 4]);
    };
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(pg.calls).toContain('timeoutFollowers');
    expect(byTestId(el, 'notice').textContent).toBe('S1, S2, S4, S5 timed out together: watch the votes split');
    byTestId(el, 'timeout-all').click();
    expect(pg.calls.filter((c) => c === 'timeoutFollowers')).toHaveLength(2);
  });

  it('names a submitted entry by value, index and term', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    pg.logs[0] = [2];
    byTestId(el, 'submit').click();
    expect(byTestId(el, 'notice').textContent).toBe('Value 1 appended at index 1, term 2 by leader S1');
  });

  it('the address bar follows the run (replaceState) and is not reopened as a link', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    const entries = history.length;
    byTestId(el, 'step-forward').click();
    await vi.waitFor(() => expect(location.hash).toBe(`#${pg.link()}`), { timeout: 3000 });
    expect(history.length).toBe(entries);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await Promise.resolve();
    expect(wasm.links).toEqual([]);
    expect(el.playground).toBe(pg);
  });

  it('a long run\'s link is encoded for the address bar in proportion to its length, not every second', async () => {
    // Issue 12's soak: the address bar re-encoded the whole link about once a second, a cost
    // that grew with the tape up to the link's 64 KB cap. A 48 KB link now waits 12 s.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance'] });
    try {
      const el = mount({ paused: '' });
      await el.ready;
      const pg = fake(el);
      let encodes = 0;
      pg.link = () => {
        encodes++;
        return `r2.${'A'.repeat(48 * 1024)}-${pg.now()}`;
      };
      for (let second = 0; second < 60; second++) {
        // The run changes every second (a step, as an action or the clock would).
        byTestId(el, 'step-forward').click();
        await vi.advanceTimersByTimeAsync(1000);
      }
      expect(encodes).toBeGreaterThanOrEqual(3);
      expect(encodes).toBeLessThanOrEqual(6);
      expect(location.hash).toContain('r2.AAAA');
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens a share link from the fragment, paused, and syncs the options', async () => {
    history.replaceState(null, '', '#r2.good');
    const el = mount();
    await el.ready;
    expect(wasm.links).toEqual(['r2.good']);
    expect(wasm.made).toHaveLength(0);
    expect(el.playing).toBe(false);
    expect(el.playground?.now()).toBe(1234);
    expect((byTestId(el, 'prevote') as HTMLInputElement).checked).toBe(true);
    expect((byTestId(el, 'backtracking') as HTMLSelectElement).value).toBe('by-conflict-term');
    expect((byTestId(el, 'size') as HTMLSelectElement).value).toBe('3');
    expect(hidden(byTestId(el, 'past-hint'))).toBe(false);
  });

  it.each([['#r2.garbage', 'damaged'], ['#r9.AAAA', 'newer version'], ['#<img src=x onerror=alert(1)>', 'newer version']])(
    'a bad fragment %s gives a notice and the default cluster',
    async (hash, words) => {
      history.replaceState(null, '', hash);
      const el = mount({ nodes: '4' });
      await el.ready;
      await vi.waitFor(() => expect(wasm.made).toHaveLength(1));
      await vi.waitFor(() => expect(el.getAttribute('data-state')).toBe('ready'));
      expect(wasm.made[0].config.nodes).toBe(4);
      const notice = byTestId(el, 'notice');
      expect(notice.textContent).toContain(words);
      expect(notice.textContent).toContain('Starting a fresh cluster instead.');
      expect(notice.children).toHaveLength(0); // text only, never markup
      expect(el.querySelector('img')).toBeNull();
      expect(el.playing).toBe(true);
    },
  );

  it('copies a link, falling back to the text field', async () => {
    const el = mount({ paused: '', seed: '1' });
    await el.ready;
    byTestId(el, 'copy-link').click();
    const field = byTestId(el, 'link-text') as HTMLInputElement;
    await vi.waitFor(() => expect(field.value).toMatch(/#r2\.fake-1-0$/));
    expect(hidden(field)).toBe(false);
    expect(field.value.startsWith(location.origin + location.pathname)).toBe(true);
  });

  it('lists scenarios, loads one with its captions, follows the cursor, and goes back to free play', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const select = byTestId(el, 'scenario-select') as HTMLSelectElement;
    await vi.waitFor(() => expect(select.options).toHaveLength(3));
    expect(select.options[1].textContent).toBe('A first election');
    select.value = 'election';
    select.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(wasm.scenarios).toEqual(['election']));
    await vi.waitFor(() => expect(fake(el).scenario).toBe('election'));
    expect(hidden(byTestId(el, 'caption-panel'))).toBe(false);
    expect(byTestId(el, 'scenario-title').textContent).toBe('A first election');
    expect(byTestId(el, 'caption').textContent).toBe('Five servers start as followers.');
    expect((byTestId(el, 'checkquorum') as HTMLInputElement).checked).toBe(true);
    el.pause();
    fake(el).horizonMs = 900;
    byTestId(el, 'step-forward').click(); // draws: the strip learns the horizon
    byTestId(el, 'timeline').dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(byTestId(el, 'caption').textContent).toBe('S2 times out first.');
    byTestId(el, 'timeline').dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    expect(byTestId(el, 'caption').textContent).toBe('Five servers start as followers.');
    byTestId(el, 'scenario-exit').click();
    await vi.waitFor(() => expect(wasm.made).toHaveLength(2));
    await vi.waitFor(() => expect(hidden(byTestId(el, 'caption-panel'))).toBe(true));
    expect(select.value).toBe('');
  });

  it('opens a scenario named by attribute, selected in the picker once the list arrives', async () => {
    const el = mount({ paused: '', scenario: 'split-vote' });
    await el.ready;
    expect(wasm.scenarios).toEqual(['split-vote']);
    expect(wasm.made).toHaveLength(0);
    const select = byTestId(el, 'scenario-select') as HTMLSelectElement;
    await vi.waitFor(() => expect(select.options).toHaveLength(3));
    expect(select.value).toBe('split-vote');
    expect(byTestId(el, 'scenario-title').textContent).toBe('Split vote');
  });

  it('opens a link pasted into the address bar (hashchange)', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const first = el.playground;
    history.replaceState(null, '', '#r2.pasted');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => expect(wasm.links).toEqual(['r2.pasted']));
    await vi.waitFor(() => expect(el.playground).not.toBe(first));
    window.dispatchEvent(new HashChangeEvent('hashchange')); // the same text: no reload
    expect(wasm.links).toHaveLength(1);
  });

  it('a scenario that fails to load keeps the current run', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const first = el.playground;
    const select = byTestId(el, 'scenario-select') as HTMLSelectElement;
    await vi.waitFor(() => expect(select.options).toHaveLength(3));
    html_option(select, 'nope');
    select.value = 'nope';
    select.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(byTestId(el, 'notice').textContent).toContain('no scenario "nope"'));
    expect(el.playground).toBe(first);
    expect(select.value).toBe('');
  });

  it('imports a run file and refuses bad ones with a notice', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const first = el.playground;
    const input = byTestId(el, 'import-input') as HTMLInputElement;
    const choose = (file: File): void => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
    };
    choose(new File(['{"format":"raft-playground-run","version":7,"link":"r2.x"}'], 'future.json'));
    await vi.waitFor(() => expect(byTestId(el, 'notice').textContent).toContain('newer Raft Playground (version 7;'));
    choose(new File(['not json'], 'junk.json'));
    await vi.waitFor(() => expect(byTestId(el, 'notice').textContent).toContain('not a Raft Playground run file'));
    expect(el.playground).toBe(first);
    choose(new File([JSON.stringify({ format: 'raft-playground-run', version: 1, link: 'r2.good', cursorMs: 1234 })], 'run.json'));
    await vi.waitFor(() => expect(wasm.links).toEqual(['r2.good']));
    await vi.waitFor(() => expect(el.playground).not.toBe(first));
    expect(el.playground?.now()).toBe(1234);
  });

  it('exports a run file', async () => {
    const el = mount({ paused: '', seed: '1' });
    await el.ready;
    const urls: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      urls.push(b as Blob);
      return 'blob:fake';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fake(el).trace = [{ seq: 0, at: 1, kind: 'crashed', node: 1 }];
    byTestId(el, 'export').click();
    // runfile.ts loads on the first export.
    await vi.waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const text = await urls[0].text();
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'raft-playground-run', version: 1, link: 'r2.fake-1-0', cursorMs: 0 });
    expect(file.trace).toHaveLength(1);
    create.mockRestore();
    revoke.mockRestore();
    click.mockRestore();
  });
});

function html_option(select: HTMLSelectElement, value: string): void {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = value;
  select.appendChild(o);
}
