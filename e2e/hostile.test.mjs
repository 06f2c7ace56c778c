// Long operations keep the page responsive (issue 12): a skip-to runs in slices with a progress
// bar and Cancel, and stops at once, saying why, when its target can never come. Against the
// production build; withPage fails a test on any console error.
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

/** Starts recording long tasks (main-thread blocks of 50 ms or more). */
const watchLongTasks = (page) =>
  page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
/** Makes every slice small, as on a slow device, so a skip lasts long enough to watch. */
const smallSlices = (page) =>
  page.evaluate(() => {
    const pg = document.querySelector('raft-playground').playground;
    const slice = pg.runUntilSlice.bind(pg);
    pg.runUntilSlice = (maxEvents) => slice(Math.min(maxEvents, 100));
  });
/** Fails when a main-thread block since watchLongTasks reached 250 ms. */
async function assertNeverBlocked(page) {
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  console.log(`longest main-thread block: ${longest.toFixed(0)} ms`);
  assert.ok(longest < 250, `the page blocked ${longest} ms`);
}
/** Pauses the element and plays its run to t = 2 s, so the skips start from a cluster with a leader. */
const pausedAtTwoSeconds = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    e.pause();
    e.playground.advance(2000);
  });

test('loss 1 then skip to the next commit: stops at once and says why, the page never blocks', () =>
  withPage(
    async (page) => {
      await ready(page);
      await pausedAtTwoSeconds(page);
      await page.evaluate(() => document.querySelector('raft-playground').playground.setLoss(1));
      await watchLongTasks(page);
      const before = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      await page.click(byId('ff-commit'));
      await page.waitForFunction(() => /every message is lost/.test(document.querySelector('[data-testid="notice"]').textContent));
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.now()), before);
      await assertNeverBlocked(page);
    },
    { path: '/?seed=7&paused', name: 'hostile-loss' },
  ));

test('a long skip shows its progress, and Cancel stops it where it got', () =>
  withPage(
    async (page, _url, ctx) => {
      await ready(page);
      await pausedAtTwoSeconds(page);
      await watchLongTasks(page);
      await smallSlices(page);
      const before = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      // No split vote comes in a healthy cluster: the look-ahead runs its whole ten minutes.
      await page.click(byId('ff-split'));
      await page.waitForSelector(`${byId('skip-progress')}:not(.hidden)`);
      await ctx.screenshot('.tools/e2e/skip-progress-1280.png');
      await page.click(byId('skip-cancel'));
      await page.waitForFunction(() => /cancelled/.test(document.querySelector('[data-testid="notice"]').textContent));
      assert.equal(await page.locator(byId('skip-progress')).isVisible(), false);
      // The look-ahead runs on a copy: the run itself has not moved.
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.now()), before);
      // A later skip starts afresh and finishes.
      await page.click(byId('ff-split'));
      await page.waitForFunction(() => /No split vote in the next 10 minutes/.test(document.querySelector('[data-testid="notice"]').textContent), null, { timeout: 30_000 });
      await assertNeverBlocked(page);
    },
    { path: '/?seed=7&paused', name: 'hostile-cancel' },
  ));

test('the progress pill fits a narrow screen', () =>
  withPage(
    async (page, _url, ctx) => {
      await ready(page);
      await pausedAtTwoSeconds(page);
      await smallSlices(page);
      await page.click(byId('ff-split'));
      await page.waitForSelector(`${byId('skip-progress')}:not(.hidden)`);
      await ctx.screenshot('.tools/e2e/skip-progress-360.png');
      const box = await page.locator(byId('skip-progress')).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `pill at ${JSON.stringify(box)}`);
      await page.click(byId('skip-cancel'));
    },
    { path: '/?seed=7&paused', name: 'hostile-narrow', viewport: { width: 360, height: 640 } },
  ));
