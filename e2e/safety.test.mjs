// "Break Raft" in a real browser, against the production build (npm run build): for each unsafe
// switch, its scenario is picked from the menu, the switch is turned off and on again with the
// mouse (each change replays the run under the new rule), the run is played into the violation
// and pauses there; the safety panel names the property and the broken rule, the servers and
// entries are highlighted, the timeline has a violation tick, and scrubbing back before it
// clears everything while going forward shows it again. withPage fails on any console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

const byId = (id) => `[data-testid="${id}"]`;

async function ready(page) {
  await page.waitForFunction(() => {
    const e = document.querySelector('raft-playground');
    return e?.getAttribute('data-state') === 'ready' && e.playground !== null;
  });
}

const now = (page) => page.evaluate(() => document.querySelector('raft-playground').playground.now());
const playing = (page) => page.evaluate(() => document.querySelector('raft-playground').playing);

/** What the page shows of safety: panel state, broken rows, highlighted servers and cells. */
const safetyShown = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    return {
      panel: e.querySelector('[data-testid="safety"]')?.getAttribute('data-state'),
      broken: [...e.querySelectorAll('[data-property][data-state="broken"]')].map((li) => li.getAttribute('data-property')),
      cause: e.querySelector('[data-testid="safety-cause"]')?.textContent ?? '',
      banner: e.querySelector('[data-testid="violation"]')?.classList.contains('hidden') ? null : e.querySelector('[data-testid="violation"]')?.textContent,
      nodes: [...e.querySelectorAll('g.node[data-safety]')].map((g) => `${g.getAttribute('data-node')}:${g.getAttribute('data-safety')}`).sort(),
      cells: [...e.querySelectorAll('.cell[data-safety]')].map((c) => `${c.closest('[data-node]')?.getAttribute('data-node')}:${c.getAttribute('data-index')}`).sort(),
      ticks: e.querySelectorAll('.tl-tick.tl-violation').length,
    };
  });

const CASES = [
  {
    scenario: 'break-old-term-commit',
    switch: 'commitPreviousTerms',
    property: 'leaderCompleteness',
    cause: /S1 committed entry 2 of term 2 by counting its replicas while leading term 4/,
    fault: '4:fault',
    cells: ['0:2', '4:2'],
  },
  {
    scenario: 'break-forgotten-vote',
    switch: 'forgetVoteOnRestart',
    property: 'electionSafety',
    cause: /S1 and S4 both lead term 1: S3 forgot on restart that it had voted for S1 in term 1/,
    fault: '3:fault',
    cells: [],
  },
  {
    scenario: 'break-election-restriction',
    switch: 'noElectionRestriction',
    property: 'leaderCompleteness',
    cause: /S2 voted for S3 in term 2 although its own log was more up-to-date/,
    fault: '2:fault',
    cells: ['0:1'],
  },
  {
    scenario: 'break-snapshot-past-commit',
    switch: 'snapshotPastCommit',
    property: 'stateMachineSafety',
    cause: /S1 applied and snapshotted its log up to index 3 while its commit index was 2, which §7 forbids/,
    fault: '0:fault',
    cells: [],
  },
  {
    scenario: 'break-early-change',
    switch: 'changeBeforeOwnTermCommit',
    property: 'leaderCompleteness',
    cause: /S2 appended the configuration entry at index 1 before committing an entry of its term 2/,
    fault: '0:fault',
    cells: ['0:1', '1:1'],
  },
];

for (const c of CASES) {
  test(`${c.switch}: turned on in the options, ${c.scenario} plays into ${c.property} and the panel shows it`, () =>
    withPage(
      async (page, _url, ctx) => {
        await ready(page);
        await page.selectOption(byId('scenario-select'), c.scenario);
        await page.waitForFunction((id) => document.querySelector('raft-playground').session?.scenarioId === id, c.scenario);
        await ready(page);
        // Stop at once, near the start, to change the rules before the story unfolds.
        if (await playing(page)) await page.locator(byId('play')).click();
        const box = page.locator(byId(`switch-${c.switch}`));
        assert.equal(await box.isChecked(), true, 'the scenario runs with its switch on');
        await box.click(); // off: the same run, every rule kept
        await page.waitForFunction((s) => document.querySelector('raft-playground').playground.options()[s] === false, c.switch);
        assert.equal(await box.isChecked(), false);
        assert.equal((await safetyShown(page)).panel, 'ok');
        await box.click(); // on again, with the mouse
        await page.waitForFunction((s) => document.querySelector('raft-playground').playground.options()[s] === true, c.switch);
        assert.equal(await box.isChecked(), true);
        const before = await safetyShown(page);
        assert.deepEqual([before.panel, before.broken, before.nodes, before.banner], ['ok', [], [], null], 'nothing broken yet');

        // Play: the run stops by itself at the violation.
        await page.evaluate(() => document.querySelector('raft-playground').setSpeed(1));
        await page.locator(byId('play')).click();
        await page.waitForFunction(() => {
          const e = document.querySelector('raft-playground');
          return !e.playing && e.playground.violationAt() >= 0;
        }, null, { timeout: 20_000 });
        const at = await page.evaluate(() => document.querySelector('raft-playground').playground.violationAt());
        assert.ok(at > 0 && at < 3000, `violated within 3 s (at ${at} ms)`);
        assert.equal(await now(page), at, 'paused at the violation itself');
        assert.match((await page.locator(byId('notice')).textContent()) ?? '', /Paused at the safety violation/);
        const shown = await safetyShown(page);
        assert.equal(shown.panel, 'broken');
        assert.deepEqual(shown.broken, [c.property]);
        assert.match(shown.cause, c.cause);
        assert.match(shown.banner ?? '', /^Safety violation: /);
        assert.ok(shown.nodes.includes(c.fault), `highlighted ${JSON.stringify(shown.nodes)}`);
        assert.deepEqual(shown.cells, c.cells);
        assert.equal(shown.ticks, 1, 'one violation tick on the timeline');
        await ctx.screenshot(`.tools/e2e/safety-${c.scenario}.png`);

        // Scrub back before the mark (Home on the focused timeline): all clear.
        await page.locator(byId('timeline')).focus();
        await page.keyboard.press('Home');
        await page.waitForFunction(() => document.querySelector('raft-playground').playground.now() === 0);
        const back = await safetyShown(page);
        assert.deepEqual([back.panel, back.broken, back.nodes, back.cells, back.banner], ['ok', [], [], [], null]);
        assert.equal(back.ticks, 1, 'the mark stays on the timeline');
        // Forward to the end of what was simulated: shown again.
        await page.keyboard.press('End');
        await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() >= t, at);
        const again = await safetyShown(page);
        assert.deepEqual([again.panel, again.broken], ['broken', [c.property]]);
        assert.ok(again.nodes.includes(c.fault));
      },
      { path: 'index.html?paused', name: `safety-${c.switch}` },
    ));
}

test('360×740: the violation banner, the panel and the unsafe group fit the narrow layout', () =>
  withPage(
    async (page) => {
      await ready(page);
      await page.evaluate(() => {
        const e = document.querySelector('raft-playground');
        e.setSpeed(1);
        e.play();
      });
      await page.waitForFunction(() => {
        const e = document.querySelector('raft-playground');
        return !e.playing && e.playground.violationAt() >= 0;
      }, null, { timeout: 20_000 });
      const boxes = await page.evaluate(() => {
        const e = document.querySelector('raft-playground');
        const r = (sel) => {
          const b = e.querySelector(sel)?.getBoundingClientRect();
          return b ? { left: b.left, right: b.right, width: b.width, height: b.height } : null;
        };
        return { banner: r('[data-testid="violation"]'), panel: r('[data-testid="safety"]'), group: r('[data-testid="break-raft"]'), doc: document.documentElement.scrollWidth };
      });
      for (const [name, b] of Object.entries(boxes)) {
        if (name === 'doc') continue;
        assert.ok(b && b.width > 0 && b.left >= 0 && b.right <= 360, `${name} inside 360 px: ${JSON.stringify(b)}`);
      }
      assert.ok(boxes.doc <= 360, `no sideways scroll (${boxes.doc} px)`);
      assert.ok(boxes.banner.height < 120, `the banner stays short: ${boxes.banner.height} px`);
    },
    { path: 'index.html?scenario=break-forgotten-vote', viewport: { width: 360, height: 740 }, name: 'safety-360', screenshot: '.tools/e2e/safety-360x740.png' },
  ));
