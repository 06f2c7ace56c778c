// Membership changes (dissertation §4.1–4.3) in a real browser, against the production build:
// each membership scenario picked from the menu and played to its end, then what the page must
// show of it: the added server in the ring with the leader's log, a configuration entry drawn as
// its own kind of cell, a removed server drawn apart, the feed's lines; and in free play the
// "Add server" control and the inspector's "Remove" with the mouse, at 1280 and 360 px.
// withPage fails on any console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';
import { byId, openScenario, ready, settleCommittedLeader } from './scenario-steps.mjs';

/** Seeks to caption `k` (-1: the last) plus `ms`, and draws. */
async function seekCaption(page, k, ms) {
  await page.evaluate(
    ([k, ms]) => {
      const e = document.querySelector('raft-playground');
      const captions = e.session.captions;
      e.playground.seek(captions[k < 0 ? captions.length + k : k].at + ms);
      e.play();
      e.pause();
    },
    [k, ms],
  );
  await page.waitForTimeout(400); // the ring glides into place
}

/** The highest term any member of the configuration in force holds. */
const memberTerm = (page) =>
  page.evaluate(() => {
    const pg = document.querySelector('raft-playground').playground;
    const members = pg.members();
    return Math.max(...[...Array(pg.nodeCount).keys()].filter((id) => members & (1 << id)).map((id) => pg.inspect(id).currentTerm));
  });

/** What the page shows of membership. */
const shown = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const nodes = [...e.querySelectorAll('g.node[data-node]')];
    return {
      nodes: nodes.length,
      outside: nodes.filter((g) => g.classList.contains('outside')).map((g) => Number(g.getAttribute('data-node'))),
      configCells: e.querySelectorAll('.cell.config').length,
      configTitle: e.querySelector('.cell.config')?.getAttribute('title') ?? '',
      feed: e.querySelector('[data-testid="feed"]')?.textContent ?? e.textContent,
      members: e.playground.members(),
      positions: nodes.map((g) => g.getAttribute('transform')),
    };
  });

test('adding a server: S4 joins the ring, catches up, and its configuration entry is drawn as one', () =>
  withPage(
    async (page, _url, ctx) => {
      await openScenario(page, 'add-server');
      const s = await shown(page);
      assert.equal(s.nodes, 4, 'four servers drawn');
      assert.deepEqual(s.outside, [], 'all four are members');
      assert.equal(s.members, 0b1111);
      assert.ok(s.configCells >= 4, `a configuration cell in every log (${s.configCells})`);
      assert.match(s.configTitle, /configuration S1 S2 S3 S4/);
      await ctx.screenshot('.tools/e2e/membership-add-server.png');
      await seekCaption(page, 2, 20);
      assert.match((await shown(page)).feed, /now uses the configuration S1 S2 S3 S4/);
    },
    { path: 'index.html?paused', name: 'membership-add' },
  ));

test('adding a server that catches up by snapshot: S4’s log row starts with the snapshot block, and S4 is drawn as a member', () =>
  withPage(
    async (page, _url, ctx) => {
      await openScenario(page, 'add-server-snapshot');
      const s = await shown(page);
      assert.equal(s.nodes, 4, 'four servers drawn');
      assert.deepEqual(s.outside, [], 'S4 is drawn in the ring, as a member');
      assert.equal(s.members, 0b1111);
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll('raft-playground .snapshot-block')].map((b) => ({
          node: b.closest('[data-node]')?.getAttribute('data-node'),
          text: b.textContent,
        })),
      );
      const s4 = blocks.find((b) => b.node === '3');
      assert.ok(s4, `S4's log row has a snapshot block: ${JSON.stringify(blocks)}`);
      assert.match(s4.text, /^snapshot ≤ 10 · t\d+$/);
      const machines = await page.evaluate(() => {
        const pg = document.querySelector('raft-playground').playground;
        return [0, 1, 2, 3].map((id) => pg.inspect(id));
      });
      // S4's state machine is the running members': the snapshot's sum plus what followed.
      assert.equal(machines[3].machineSum, 78, JSON.stringify(machines[3]));
      assert.equal(machines[3].machineCount, 12);
      assert.equal(machines[3].snapshotIndex, 10);
      for (const m of machines.filter((m) => m.machineSum !== undefined && m.machineSum !== null)) assert.equal(m.machineSum, 78);
      await ctx.screenshot('.tools/e2e/membership-add-server-snapshot.png');
      await seekCaption(page, 3, 5);
      assert.match((await shown(page)).feed, /S4 installed S\d’s snapshot up to index 10/);
    },
    { path: 'index.html?paused', name: 'membership-add-snapshot' },
  ));

test('removing the leader: it steps down and is drawn apart, dimmed, outside the ring', () =>
  withPage(
    async (page, _url, ctx) => {
      await openScenario(page, 'remove-leader');
      const s = await shown(page);
      assert.equal(s.nodes, 5);
      assert.equal(s.outside.length, 1, `one server outside: ${JSON.stringify(s.outside)}`);
      await ctx.screenshot('.tools/e2e/membership-remove-leader.png');
      await seekCaption(page, 2, 5);
      assert.match((await shown(page)).feed, /stepped down: the configuration without it is committed/);
    },
    { path: 'index.html?paused', name: 'membership-remove' },
  ));

test('a removed server disrupts the cluster; with PreVote it does not', () =>
  withPage(
    async (page) => {
      const termsRise = async (id) => {
        await openScenario(page, id);
        assert.equal((await shown(page)).outside.length, 1, `${id}: the removed server is drawn apart`);
        const end = await memberTerm(page);
        await seekCaption(page, 2, 0); // the network heals
        return end - (await memberTerm(page));
      };
      const disrupted = await termsRise('removed-disrupts');
      assert.ok(disrupted >= 2, `the members' term rose by ${disrupted}`);
      assert.equal(await termsRise('removed-pre-vote'), 0, 'with PreVote the term stays');
    },
    { path: 'index.html?paused', name: 'membership-disrupt' },
  ));

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
]) {
  test(`${viewport.width} px: "Add server" grows the ring, and the inspector removes a server`, () =>
    withPage(
      async (page, _url, ctx) => {
        await ready(page);
        // A leader that has committed an entry of its term: the no-op does it.
        await settleCommittedLeader(page);
        const before = await shown(page);
        await page.locator(byId('add-server')).click();
        await page.waitForFunction((n) => document.querySelectorAll('raft-playground g.node[data-node]').length === n + 1, before.nodes);
        assert.match((await page.locator(byId('notice')).textContent()) ?? '', /appended the configuration change at index \d+/);
        await page.evaluate(() => {
          const e = document.querySelector('raft-playground');
          e.playground.advance(2000);
          e.play();
          e.pause();
        });
        await page.waitForTimeout(400);
        const grown = await shown(page);
        assert.equal(grown.members, (1 << grown.nodes) - 1, 'the new server is a member');
        const rows = await page.evaluate(() => [...document.querySelectorAll('raft-playground .log-row')].map((r) => r.querySelectorAll('.cell').length));
        assert.equal(new Set(rows).size, 1, `every log row drawn in full: ${rows}`);
        await ctx.screenshot(`.tools/e2e/membership-added-${viewport.width}.png`);

        // Remove S1 from the inspector: it is drawn apart.
        await page.evaluate(() => document.querySelector('raft-playground').inspect(0));
        await page.locator(byId('insp-remove')).click();
        await page.evaluate(() => {
          const e = document.querySelector('raft-playground');
          e.playground.advance(2000);
          e.play();
          e.pause();
        });
        await page.waitForTimeout(400);
        const after = await shown(page);
        assert.deepEqual(after.outside, [0], 'S1 is outside the configuration');
        assert.equal(await page.locator(byId('insp-add')).count(), 1, 'the inspector offers to add it back');
        await ctx.screenshot(`.tools/e2e/membership-removed-${viewport.width}.png`);

        // Back before the addition: the new server is not drawn, its log row neither.
        await page.evaluate(() => {
          const e = document.querySelector('raft-playground');
          e.playground.seek(0);
          e.play();
          e.pause();
        });
        const visible = await page.evaluate(() => ({
          nodes: [...document.querySelectorAll('raft-playground g.node[data-node]')].filter((g) => !g.classList.contains('hidden')).length,
          rows: [...document.querySelectorAll('raft-playground .log-row')].filter((r) => !r.classList.contains('hidden')).length,
        }));
        assert.deepEqual(visible, { nodes: before.nodes, rows: before.nodes });
      },
      { path: 'index.html?paused&nodes=3&leadernoop=1&seed=7', viewport, name: `membership-${viewport.width}` },
    ));
}
