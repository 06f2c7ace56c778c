// Browser-run motion in a real Chromium: messages glide by themselves between the page's frames,
// hold still when paused, and the page's own loop sleeps while nothing is due (the CPU budget's
// mechanism; the figure itself is in bench/page-budget.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

const ready = (page) =>
  page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');

/** Advances until a leader exists and heartbeats fly, then lets the page draw. */
async function elect(page) {
  await page.evaluate(() => {
    const pg = document.querySelector('raft-playground').playground;
    for (let i = 0; i < 100 && pg.leader() < 0; i++) pg.advance(50);
  });
}

/** Id and on-screen x of a message that has a running animation and at least `ms` of flight left. */
function flyingMessage(page, ms) {
  return page.waitForFunction((left) => {
    for (const el of document.querySelectorAll('raft-playground [data-testid^="msg-"]')) {
      const a = el.getAnimations()[0];
      if (!a || a.playState !== 'running') continue;
      const t = a.effect.getComputedTiming();
      if (t.duration - t.localTime < left) continue;
      return { id: el.getAttribute('data-msg'), x: el.getBoundingClientRect().x };
    }
    return null;
  }, ms).then((h) => h.jsonValue());
}

const xOf = (page, id) =>
  page.evaluate((msg) => document.querySelector(`raft-playground [data-msg="${msg}"]`)?.getBoundingClientRect().x ?? null, id);

test('a message glides on its own while playing and holds still while paused', () =>
  withPage(
    async (page) => {
      await ready(page);
      await elect(page);
      const m = await flyingMessage(page, 600);
      await page.waitForTimeout(250);
      const later = await xOf(page, m.id);
      assert.ok(later !== null && Math.abs(later - m.x) > 1, `message ${m.id} moved from ${m.x} to ${later}`);

      await page.keyboard.press('Space'); // pause
      await page.waitForFunction(() => !document.querySelector('raft-playground').playing);
      const states = await page.evaluate(() => document.getAnimations().map((a) => a.playState));
      assert.ok(states.length > 0 && states.every((s) => s !== 'running'), `no animation runs while paused: ${states}`);
      const held = await xOf(page, m.id);
      await page.waitForTimeout(300);
      assert.equal(await xOf(page, m.id), held, 'a paused message stays where it is');

      await page.keyboard.press('Space'); // play
      await page.waitForTimeout(250);
      const resumed = await xOf(page, m.id);
      assert.ok(resumed === null || Math.abs(resumed - held) > 1, 'it glides on after play (or has arrived)');
    },
    { name: 'motion-glide' },
  ));

test('the page sleeps between events instead of drawing every display frame', () =>
  withPage(
    async (page) => {
      await ready(page);
      await elect(page);
      await page.waitForTimeout(500);
      const perSecond = await page.evaluate(
        () =>
          new Promise((done) => {
            const el = document.querySelector('raft-playground');
            // The element's clock calls frame() for each frame it draws.
            const callbacks = el.clock.callbacks;
            const frame = callbacks.frame;
            let n = 0;
            callbacks.frame = (v, w) => {
              n += 1;
              frame(v, w);
            };
            setTimeout(() => {
              callbacks.frame = frame;
              done(n / 2);
            }, 2000);
          }),
      );
      // Heartbeats fly almost all the time at the default speed: without sleeping this is ~60.
      assert.ok(perSecond > 0 && perSecond < 30, `frames drawn per second: ${perSecond}`);
    },
    { name: 'motion-sleep' },
  ));
