// The node inspector and the guided tour in a real browser, against the production build (npm
// run build), with the real mouse and keyboard. withPage fails a test on any console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

const byId = (id) => `[data-testid="${id}"]`;

/** Waits until the tour stands on `chapterId` with its run installed and drawn. */
async function onChapter(page, chapterId) {
  await page.waitForFunction((id) => {
    const e = document.querySelector('raft-playground');
    return e?.getAttribute('data-state') === 'ready' && e.tour?.active && e.session?.scenarioId === id && e.tour.chapters[e.tour.position.chapter]?.id === id;
  }, chapterId);
}

/** Everything a step shows: the tour's place and text, the virtual time, the node table (less its
 * LogVersion column, a redraw counter that changes on every move back) and every log. */
const fingerprint = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    return {
      step: e.tour.position,
      text: document.querySelector('[data-testid="tour-text"]').textContent,
      now: e.playground.now(),
      // NodeCol: 21 numbers a row, LogVersion (14) left out.
      nodes: Array.from(e.playground.nodes()).filter((_, i) => i % 21 !== 14),
      logs: Array.from({ length: e.playground.nodeCount }, (_, i) => Array.from(e.playground.log(i))),
    };
  });

test('the inspector shows the leader’s nextIndex for S2 stepping back one entry at a time in the backtracking chapter (§5.3)', () =>
  withPage(
    async (page) => {
      await onChapter(page, 'backtracking');
      assert.equal(await page.locator(byId('tour-text')).textContent().then((t) => t.startsWith('S2 rejects')), true);
      // Click S1 (the leader) with the mouse: its inspector opens.
      await page.locator(byId('node-0')).first().click();
      await page.keyboard.press('Escape'); // the quick menu; the inspector stays
      await page.waitForSelector(`${byId('inspector')}:not(.hidden)`);
      assert.equal(await page.locator(byId('insp-title')).textContent(), 'S1 · leader · term 7');
      const seen = [];
      const stepButton = page.locator(byId('step-forward'));
      for (let i = 0; i < 200; i++) {
        const next = Number(await page.locator(byId('insp-next-1')).textContent());
        if (seen.at(-1) !== next) seen.push(next);
        if (seen.length > 1 && next === 11) break; // repaired: nextIndex past the leader's log again
        await stepButton.click();
      }
      assert.deepEqual(seen, [11, 10, 9, 8, 7, 6, 5, 4, 11], `nextIndex[S2] as shown: ${seen.join(' → ')}`);
      const why = await page.locator(byId('insp-why-step-back')).textContent();
      assert.match(why, /^S2 refused S1's AppendEntries \(term 7\): .*index 4.*, so nextIndex\[S2\] went 5 → 4/, why);
      assert.equal(await page.locator(byId('insp-match-1')).textContent(), '10');
      // S2's own inspector says why it refused, in the trace's words.
      await page.locator(byId('node-1')).first().click();
      await page.keyboard.press('Escape');
      assert.match(await page.locator(byId('insp-why-append')).textContent(), /^S2 refused S1's AppendEntries \(term 7\): term mismatch at index 4/);
      // Scrubbing back: the inspector follows the cursor.
      await page.locator(byId('tour-back')).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="insp-title"]').textContent.startsWith('S2 · follower'));
      assert.equal(await page.locator(byId('insp-why-append')).count(), 0, 'before the leader was elected S2 refused nothing');
    },
    { path: 'index.html?tour=backtracking:3', name: 'tour-inspector', screenshot: '.tools/e2e/tour-inspector.png' },
  ));

test('the inspector acts on its server: submit to the leader, crash and restart a follower, force its timeout', () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
      await page.locator('[data-testid="ff-leader"]').click();
      await page.waitForFunction(() => document.querySelector('raft-playground').playground.leader() >= 0);
      const leader = await page.evaluate(() => document.querySelector('raft-playground').playground.leader());
      const follower = (leader + 1) % 5;
      await page.locator(byId(`node-${leader}`)).first().click();
      await page.keyboard.press('Escape');
      assert.match(await page.locator(byId('insp-title')).textContent(), /· leader · term \d+$/);
      assert.equal(await page.locator(`${byId('node-' + leader)}[data-inspected]`).count(), 1, 'the ring marks the server shown');
      await page.locator(byId('insp-submit')).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="insp-log-runs"]').textContent.startsWith('1 entry'));
      assert.equal(await page.locator(byId('insp-timeout')).isDisabled(), true, 'a leader has no election timeout');

      await page.locator(byId(`node-${follower}`)).first().click();
      await page.keyboard.press('Escape');
      await page.locator(byId('insp-crash')).click();
      await page.waitForSelector(byId('insp-restart'));
      assert.match(await page.locator(byId('insp-title')).textContent(), /· crashed · term/);
      assert.match(await page.locator(byId('insp-volatile')).textContent(), /Crashed: no role/);
      assert.equal(await page.locator(byId('insp-voted')).count(), 1, 'the persistent state stays on show');
      await page.locator(byId('insp-restart')).click();
      await page.waitForSelector(byId('insp-crash'));
      await page.locator(byId('insp-timeout')).click();
      await page.waitForFunction(() => /· (candidate|leader) · /.test(document.querySelector('[data-testid="insp-title"]').textContent));
      await page.locator(byId('insp-close')).click();
      assert.equal(await page.locator(byId('inspector')).isVisible(), false);
      assert.equal(await page.locator('[data-inspected]').count(), 0);
    },
    { path: 'index.html?paused&seed=4', name: 'inspector-actions' },
  ));

test('the tour goes forward, back and jumps, lands on identical states when revisited, and hands over', () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
      await page.locator(byId('tour-start')).click();
      await onChapter(page, 'roles-timers');
      assert.equal(await page.locator(byId('tour-chapter')).textContent(), 'Chapter 1 of 13'); // ten chapters from the notes, then three that break Raft
      assert.match(page.url(), /[?&]tour=roles-timers%3A1/);
      const visits = new Map();
      const record = async () => {
        const f = await fingerprint(page);
        const key = `${f.step.chapter}:${f.step.step}`;
        if (visits.has(key)) assert.deepEqual(f, visits.get(key), `step ${key} looks the same on a second visit`);
        else visits.set(key, f);
        return f;
      };
      const first = await record();
      assert.equal(first.now, 0);
      // Forward through the first chapter and into the second, with the mouse.
      const steps = first.step && (await page.evaluate(() => document.querySelector('raft-playground').tour.chapters[0].steps.length));
      for (let i = 0; i < steps; i++) {
        await page.locator(byId('tour-next')).click();
        await page.waitForFunction((n) => {
          const t = document.querySelector('raft-playground').tour;
          return t.position.chapter * 100 + t.position.step === n;
        }, i + 1 < steps ? i + 1 : 100);
        await record();
      }
      await onChapter(page, 'election');
      // Back across the chapter boundary, then back and forth again: the same states.
      await page.locator(byId('tour-back')).click();
      await onChapter(page, 'roles-timers');
      await record();
      await page.locator(byId('tour-back')).click();
      await page.waitForFunction((s) => document.querySelector('raft-playground').tour.position.step === s, steps - 2);
      await record();
      await page.keyboard.press('.'); // a step with the keyboard moves the run, not the tour's step list
      await page.locator(byId('tour-next')).click();
      await page.waitForFunction((s) => document.querySelector('raft-playground').tour.position.step === s, steps - 1);
      await record();
      // Jump with the list to the split vote's second step, and to Figure 8's last.
      await page.locator(byId('tour-jump')).selectOption({ label: await page.evaluate(() => document.querySelector('[data-testid="tour-jump"] option[value="2:1"]').textContent) });
      await onChapter(page, 'split-vote');
      const split = await record();
      assert.equal(split.step.step, 1);
      const splitSteps = await page.evaluate(() => document.querySelector('raft-playground').tour.chapters[2].steps.length);
      assert.equal(await page.locator(byId('tour-step')).textContent(), `Step 2 of ${splitSteps}`);
      const progress = Number(await page.locator(byId('tour-progress')).getAttribute('aria-valuenow'));
      assert.ok(progress > steps + 3, `progress counts the earlier chapters: ${progress}`);
      const last = await page.evaluate(() => {
        const t = document.querySelector('raft-playground').tour;
        const c = t.chapters.findIndex((x) => x.id === 'figure-8');
        return `${c}:${t.chapters[c].steps.length - 1}`;
      });
      await page.locator(byId('tour-jump')).selectOption(last);
      await onChapter(page, 'figure-8');
      await record();
      // Back to the split vote's step by the list: identical to the first visit.
      await page.locator(byId('tour-jump')).selectOption('2:1');
      await onChapter(page, 'split-vote');
      await record();
      // Acting in the step's past forks the run; Back and Next still land on the script's states.
      await page.keyboard.press('a');
      await page.waitForFunction(() => document.querySelector('raft-playground').playground.forks() === 1);
      await page.locator(byId('tour-back')).click();
      await page.waitForFunction(() => {
        const e = document.querySelector('raft-playground');
        return e.tour.position.step === 0 && e.playground.forks() === 0;
      });
      await page.locator(byId('tour-next')).click();
      await page.waitForFunction(() => document.querySelector('raft-playground').tour.position.step === 1);
      await record();

      // The link opens the tour at this very step, in a fresh page.
      const href = await page.locator(byId('tour-link')).getAttribute('href');
      assert.match(href, /tour=split-vote%3A2/);

      // Try it yourself: free play from this moment, the scripted future dropped.
      const at = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      await page.locator(byId('tour-try')).click();
      await page.waitForFunction(() => !document.querySelector('raft-playground').tour.active);
      const after = await page.evaluate(() => {
        const e = document.querySelector('raft-playground');
        return { playing: e.playing, scenario: document.querySelector('[data-testid="scenario-select"]').value, actions: e.playground.actions().length, tour: e.hasAttribute('data-tour') };
      });
      assert.equal(after.playing, true);
      assert.equal(after.scenario, '');
      assert.equal(after.tour, false);
      assert.doesNotMatch(page.url(), /[?&]tour=/);
      assert.ok(after.actions <= 4, `only the actions before t = ${at} ms are left: ${after.actions}`);
      return href;
    },
    { path: 'index.html?paused', name: 'tour-walk', screenshot: '.tools/e2e/tour-walk.png' },
  ).then((href) =>
    withPage(
      async (page) => {
        await onChapter(page, 'split-vote');
        assert.deepEqual(await page.evaluate(() => document.querySelector('raft-playground').tour.position), { chapter: 2, step: 1 });
        const at = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
        const want = await page.evaluate(() => document.querySelector('raft-playground').tour.chapters[2].steps[1].atMs);
        assert.equal(at, want);
      },
      { path: `index.html?${new URL(href).search.slice(1)}`, name: 'tour-link', viewport: { width: 360, height: 740 }, screenshot: '.tools/e2e/tour-360.png' },
    ),
  ));
