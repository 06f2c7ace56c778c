// Far seeks and long advances keep the page responsive (issue 12, defect 3): through the
// element's API (`el.seek(ms)`, `el.advance(ms)`) and the playground's (`beginSeek`, `seekSlice`)
// they run in slices with the progress pill and Cancel, and land exactly where a seek in one call
// lands. The longest main-thread task is measured with a PerformanceObserver (longtask), as in
// hostile.test.mjs. Against the production build; withPage fails a test on any console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

const HOUR_MS = 3_600_000;
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
    window.__longTaskObserver?.disconnect();
    window.__longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    });
    window.__longTaskObserver.observe({ type: 'longtask' });
  });

/** The longest main-thread task since watchLongTasks, ms (0 when none reached 50 ms). */
async function longestTask(page) {
  // A task that just ended is reported after it: give the observer a frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  return page.evaluate(() => Math.max(0, ...window.__longTasks));
}

/** Paused at t = 2 s, with a leader. */
const pausedAtTwoSeconds = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    e.pause();
    e.playground.advance(2000);
  });

test('a seek an hour past the horizon never blocks the page for 100 ms, and lands where one seek lands', () =>
  withPage(
    async (page) => {
      await ready(page);
      await pausedAtTwoSeconds(page);
      // The reference: the same run, seeked in one call, in a second playground.
      const expected = await page.evaluate(async (hour) => {
        const e = document.querySelector('raft-playground');
        const copy = e.playground.constructor.fromLink(e.link());
        const t0 = performance.now();
        copy.seek(copy.horizon() + hour);
        const blockedMs = performance.now() - t0;
        const at = { now: copy.now(), horizon: copy.horizon(), leader: copy.leader(), marks: [...copy.marks()], blockedMs };
        copy.free();
        return at;
      }, HOUR_MS);
      console.log(`one seek call an hour ahead blocks ${expected.blockedMs.toFixed(0)} ms`);
      await watchLongTasks(page);
      const sawPill = page.waitForSelector(`${byId('skip-progress')}:not(.hidden)`);
      const arrived = await page.evaluate((hour) => {
        const e = document.querySelector('raft-playground');
        return e.seek(e.playground.horizon() + hour);
      }, HOUR_MS);
      assert.equal(arrived, true);
      await sawPill; // it was long enough to show its progress
      assert.equal(await page.locator(byId('skip-progress')).isVisible(), false);
      const got = await page.evaluate(() => {
        const pg = document.querySelector('raft-playground').playground;
        return { now: pg.now(), horizon: pg.horizon(), leader: pg.leader(), marks: [...pg.marks()] };
      });
      // The same hour: every leader change, commit and split vote at the same moment.
      const { blockedMs: _, ...same } = expected;
      assert.deepEqual(got, same);
      const longest = await longestTask(page);
      console.log(`longest main-thread task during the sliced seek: ${longest.toFixed(0)} ms`);
      assert.ok(longest < 100, `the page blocked ${longest} ms`);

      // Back through the hour: a re-simulation from the checkpoint before, as responsive.
      await watchLongTasks(page);
      const back = await page.evaluate(() => document.querySelector('raft-playground').seek(1_234_567));
      assert.equal(back, true);
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.now()), 1_234_567);
      const longestBack = await longestTask(page);
      assert.ok(longestBack < 100, `seeking back blocked the page ${longestBack} ms`);
    },
    { path: '/?seed=7&paused', name: 'long-seek', timeoutMs: 60_000 },
  ));

test('an advance of an hour runs in slices too, and Cancel stops it where it got', () =>
  withPage(
    async (page) => {
      await ready(page);
      await pausedAtTwoSeconds(page);
      await watchLongTasks(page);
      const before = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      const done = page.evaluate((hour) => document.querySelector('raft-playground').advance(hour).then((ok) => ok), HOUR_MS);
      await page.waitForSelector(`${byId('skip-progress')}:not(.hidden)`);
      await page.click(byId('skip-cancel'));
      assert.equal(await done, false);
      const stopped = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      assert.ok(stopped > before && stopped < before + HOUR_MS, `stopped at ${stopped}`);
      assert.equal(await page.locator(byId('skip-progress')).isVisible(), false);
      // The run goes on from there: a later short advance and a step work.
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').advance(500)), true);
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.now()), stopped + 500);
      const longest = await longestTask(page);
      assert.ok(longest < 100, `the page blocked ${longest} ms`);
    },
    { path: '/?seed=7&paused', name: 'long-advance', timeoutMs: 60_000 },
  ));

test("the playground's own sliced seek: begin, slice, and refusals as Errors", () =>
  withPage(
    async (page) => {
      await ready(page);
      await pausedAtTwoSeconds(page);
      const r = await page.evaluate(() => {
        const pg = document.querySelector('raft-playground').playground;
        const errors = [];
        const refuse = (f) => {
          try {
            f();
            errors.push(null);
          } catch (e) {
            errors.push(e instanceof Error ? e.message : String(e));
          }
        };
        refuse(() => pg.seekSlice(100)); // none in progress
        refuse(() => pg.beginSeek(-1));
        refuse(() => pg.beginSeek(Number.NaN));
        refuse(() => pg.beginAdvance(1e12));
        pg.beginSeek(pg.horizon() + 60_000);
        refuse(() => pg.seekSlice(0));
        let slices = 0;
        let s;
        do {
          s = pg.seekSlice(200);
          slices++;
        } while (!s.done);
        return { errors, slices, s, now: pg.now() };
      });
      assert.ok(r.errors.every((m) => typeof m === 'string' && m.length > 0), JSON.stringify(r.errors));
      assert.ok(r.slices > 1);
      assert.equal(r.s.progress, 1);
      assert.equal(r.now, r.s.targetMs);
    },
    { path: '/?seed=7&paused', name: 'long-api' },
  ));
