// Leadership transfer (dissertation §3.10) in a real browser, against the production build:
// from a follower's menu with the real mouse the leader hands over (TimeoutNow drawn as its own
// shape on the ring, the feed says who hands leadership to whom and who was told to time out
// now), and the "a leadership transfer" scenario plays to its end with the target leading.
// withPage fails on any console error.
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

/** Runs `ms` of virtual time and draws once without moving the clock further. */
const advance = (page, ms) =>
  page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const e = document.querySelector('raft-playground');
        if (ms > 0) e.playground.advance(ms);
        e.play();
        requestAnimationFrame(() => {
          e.pause();
          resolve();
        });
      }),
    ms,
  );

const roles = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    return Array.from({ length: e.playground.nodeCount }, (_, i) => e.querySelector(`[data-testid="node-${i}"]`)?.getAttribute('data-role'));
  });

for (const width of [1280, 360]) {
  test(`${width} px: a follower's menu hands it leadership; TimeoutNow is drawn and the feed says so`, () =>
    withPage(
      async (page, _url, ctx) => {
        await ready(page);
        await page.evaluate(() => document.querySelector('raft-playground').pause());
        await page.waitForFunction(() => {
          const pg = document.querySelector('raft-playground').playground;
          pg.advance(100);
          return pg.leader() >= 0;
        });
        await advance(page, 200);
        // The feed keeps its newest lines only: remember every line it shows from now on.
        await page.evaluate(() => {
          const e = document.querySelector('raft-playground');
          window.feedSeen = [];
          new MutationObserver((records) => {
            for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLLIElement && n.closest('[data-testid="feed"]')) window.feedSeen.push(n.textContent);
          }).observe(e, { subtree: true, childList: true });
        });
        const before = await roles(page);
        const leader = before.indexOf('leader');
        assert.ok(leader >= 0, `a leader is shown: ${before}`);
        const target = (leader + 1) % before.length;
        const box = await page.locator(`[data-testid="node-${target}"] .body`).boundingBox();
        assert.ok(box);
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        const menu = page.getByTestId('node-menu');
        await menu.waitFor({ state: 'visible' });
        const item = page.getByTestId('menu-transfer');
        assert.equal(await item.isEnabled(), true, 'a follower can take over while a leader runs');
        await item.click();
        await menu.waitFor({ state: 'detached' });
        // The target is up to date, so TimeoutNow left at once: catch it on the wire.
        await advance(page, 2);
        await page.locator('g.msg.m-tn').first().waitFor({ state: 'attached' });
        await ctx.screenshot(`.tools/e2e/transfer-timeoutnow-${width}.png`);
        // In small steps: each draw shows only the newest feed lines.
        for (let i = 0; i < 20; i++) await advance(page, 20);
        const after = await roles(page);
        assert.equal(after[target], 'leader', `S${target + 1} leads: ${after}`);
        assert.notEqual(after[leader], 'leader');
        const feed = await page.evaluate(() => window.feedSeen.join('\n'));
        assert.match(feed, new RegExp(`S${leader + 1} hands leadership to S${target + 1}`));
        assert.match(feed, new RegExp(`S${target + 1} was told to time out now`));
        // The leader's own menu offers no transfer to itself, and says why.
        const lbox = await page.locator(`[data-testid="node-${target}"] .body`).boundingBox();
        await page.mouse.click(lbox.x + lbox.width / 2, lbox.y + lbox.height / 2);
        await menu.waitFor({ state: 'visible' });
        assert.equal(await page.getByTestId('menu-transfer').isDisabled(), true);
        assert.match((await page.getByTestId('menu-transfer').getAttribute('title')) ?? '', /is the leader already/);
      },
      { path: 'index.html?seed=11&paused', name: `transfer-menu-${width}`, viewport: { width, height: 800 } },
    ));
}

test('the "a leadership transfer" scenario plays to its end with the target leading', () =>
  withPage(
    async (page) => {
      await ready(page);
      await page.waitForFunction(() => document.querySelector('[data-testid="scenario-select"]').options.length > 1);
      await page.selectOption(byId('scenario-select'), 'leadership-transfer');
      await page.waitForFunction(() => document.querySelector('raft-playground').session?.scenarioId === 'leadership-transfer');
      await ready(page);
      const captions = await page.evaluate(() => document.querySelector('raft-playground').session.captions);
      assert.ok(captions.length >= 5);
      assert.match(captions[0].text, /§3\.10/);
      const last = captions.reduce((a, c) => (c.at >= a.at ? c : a));
      await page.evaluate((end) => {
        const e = document.querySelector('raft-playground');
        e.setSpeed(1);
        e.play();
        const pg = e.playground;
        const left = end + 300 - pg.now();
        if (left > 0) pg.advance(left);
      }, last.at);
      await page.waitForFunction((text) => document.querySelector('[data-testid="caption"]')?.textContent === text, last.text);
      await page.evaluate(() => document.querySelector('raft-playground').pause());
      const shown = await roles(page);
      // S2 led term 2 and handed over to S4 (the captions name them).
      assert.match(captions[2].text, /asks S2 to hand leadership to it/);
      assert.equal(shown[3], 'leader', `${shown}`);
      assert.equal(shown[1], 'follower', `${shown}`);
    },
    { path: 'index.html?paused', name: 'transfer-scenario' },
  ));
