// Log compaction and InstallSnapshot (§7, Figure 13) in a real browser, against the production
// build (npm run build): the "follower down for long" scenario plays to its end, the logs draw
// each server's discarded prefix as a snapshot block, the feed says why the leader sent a
// snapshot, the inspector shows the state machines agree; and "snapshot now" from a server's
// menu, with the real mouse, compacts that server's log on screen. withPage fails on any
// console error.
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

/** Records every feed line the page ever shows (the feed keeps its newest lines only). */
function recordFeed() {
  const el = document.querySelector('raft-playground');
  window.__feed = [];
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n instanceof HTMLLIElement && n.closest('[data-testid="feed"]')) window.__feed.push(n.textContent);
      }
    }
  }).observe(el, { subtree: true, childList: true });
}

/** Plays at `speed` until virtual time reaches `ms`, then pauses. */
async function playTo(page, ms, speed = 2) {
  await page.evaluate((s) => {
    const e = document.querySelector('raft-playground');
    e.setSpeed(s);
    e.play();
  }, speed);
  await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() >= t, ms, { timeout: 30_000 });
  await page.evaluate(() => document.querySelector('raft-playground').pause());
}

const blocks = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('raft-playground .snapshot-block')].map((b) => ({
      node: b.closest('[data-node]')?.getAttribute('data-node'),
      index: b.getAttribute('data-index'),
      text: b.textContent,
      width: b.getBoundingClientRect().width,
    })),
  );

test('snapshot-catch-up: the follower that was down installs the leader’s snapshot, drawn and explained', () =>
  withPage(
    async (page, _url, ctx) => {
      await ready(page);
      await page.evaluate(recordFeed);
      await page.selectOption(byId('scenario-select'), 'snapshot-catch-up');
      await page.waitForFunction(() => document.querySelector('raft-playground').session?.scenarioId === 'snapshot-catch-up');
      await ready(page);
      await playTo(page, 3600);

      // Every server compacted: a block at the start of each log row, named by its snapshot.
      const shown = await blocks(page);
      assert.deepEqual(shown.map((b) => b.node).sort(), ['0', '1', '2'], JSON.stringify(shown));
      for (const b of shown) {
        assert.match(b.text, /^snapshot ≤ 10 · t\d+$/, JSON.stringify(b));
        assert.ok(b.width > 200, `the block spans the discarded entries: ${JSON.stringify(b)}`);
      }
      // The feed said why a snapshot and not entries. The first one went while S3 was down
      // (S2 cannot tell), at S2's first compaction; it then waits for an answer (flow control).
      const feed = await page.evaluate(() => window.__feed);
      const sent = feed.find((l) => /S2 sent S3 its snapshot up to index 5: S3 needs entry 1, but S2 discarded it \(its log starts at 6\)/.test(l));
      assert.ok(sent, `a feed line explains the snapshot:\n${feed.join('\n')}`);
      // When S3 answers again, the latest snapshot goes, once, and the feed says why.
      const back = feed.filter((l) => /S2 sent S3 its snapshot up to index 10: S3 answered for the first time since it went silent, still needing entry 1/.test(l));
      assert.equal(back.length, 1, `one more snapshot, explained, when S3 is back:\n${feed.join('\n')}`);
      assert.equal(feed.filter((l) => /S2 sent S3 its snapshot/.test(l)).length, 2, feed.join('\n'));
      assert.ok(feed.some((l) => /S3 installed S2’s snapshot up to index 10/.test(l)), 'and says it was installed');

      // The inspector: the same state machine on every server.
      for (const id of [0, 1, 2]) {
        await page.evaluate((n) => document.querySelector('raft-playground').inspect(n), id);
        await page.waitForFunction((n) => document.querySelector('[data-testid="inspector"]')?.getAttribute('data-node') === String(n), id);
        assert.equal(await page.locator(byId('insp-machine')).textContent(), 'sum 78 of 12 values', `S${id + 1}`);
        assert.match((await page.locator(byId('insp-snapshot-line')).textContent()) ?? '', /^up to index 10 \(term \d+\)$/);
      }
      await ctx.screenshot('.tools/e2e/snapshot-catch-up.png');
    },
    { path: 'index.html?paused', name: 'snapshot-catch-up' },
  ));

test('snapshot now: from a server’s menu, with the mouse, its log becomes a snapshot block', () =>
  withPage(
    async (page, _url, ctx) => {
      await ready(page);
      await playTo(page, 1500, 4);
      const leader = await page.evaluate(() => document.querySelector('raft-playground').playground.leader());
      assert.ok(leader >= 0, 'a leader by 1.5 s');
      for (let i = 0; i < 4; i++) await page.locator(byId('submit')).click();
      await playTo(page, 2500, 4);
      assert.deepEqual(await blocks(page), [], 'no snapshot yet');

      const follower = (leader + 1) % 5;
      const box = await page.locator(`[data-testid="node-${follower}"] .body`).boundingBox();
      assert.ok(box, 'the server is on screen');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const menu = page.getByTestId('node-menu');
      await menu.waitFor({ state: 'visible' });
      await page.getByTestId('menu-snapshot').click();
      await menu.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelectorAll('raft-playground .snapshot-block').length === 1);
      const [b] = await blocks(page);
      assert.equal(b.node, String(follower));
      assert.match(b.text, /^snapshot ≤ 4 · t\d+$/);
      const recorded = await page.evaluate(() => document.querySelector('raft-playground').playground.actions().map((a) => a.text));
      assert.ok(recorded.includes(`snapshot S${follower + 1}`), JSON.stringify(recorded));
      await ctx.screenshot('.tools/e2e/snapshot-now.png');
    },
    { path: 'index.html?paused&seed=7&nodes=5', name: 'snapshot-now' },
  ));
