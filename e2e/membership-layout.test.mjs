// Membership changes (dissertation §4.1–4.3) as a reader sees them, in Chinese on a phone and in
// both languages at 1280 px, against the production build: the membership scenarios played to
// their end with nothing overflowing the page, the ring's stage or the viewport; the snapshot
// block's label readable in the part of the block on screen; the Servers option showing the
// size in force; every option's label apart from its control; and the space-time diagram's
// lanes starting where a server started and faded where it left. Screenshots go to
// .tools/e2e/membership-zh-*.png, to be looked at. withPage fails on any console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';
import { byId, openScenario, ready, settleCommittedLeader } from './scenario-steps.mjs';

/** What spills out: the page sideways, a server (its labels too) out of the stage, a text out
 * of the viewport (scrolled log rows and screen-reader text aside). */
const overflows = (page) =>
  page.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    const e = document.querySelector('raft-playground');
    const stage = e.querySelector('[data-testid="stage"]')?.getBoundingClientRect();
    for (const g of e.querySelectorAll('g.node[data-node]')) {
      if (g.classList.contains('hidden') || !stage) continue;
      const r = g.getBoundingClientRect();
      // (A label's line box may reach a few px past its glyphs: 3 px of slack up and down.)
      if (r.left < stage.left - 1 || r.right > stage.right + 1 || r.top < stage.top - 3 || r.bottom > stage.bottom + 3) {
        const box = (x) => `${Math.round(x.left)}–${Math.round(x.right)} × ${Math.round(x.top)}–${Math.round(x.bottom)}`;
        out.push(`S${Number(g.getAttribute('data-node')) + 1} (with its labels) leaves the stage: ${box(r)} of ${box(stage)}`);
      }
    }
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const parent = n.parentElement;
      if (!text || !parent || parent.closest('.log-scroll, .visually-hidden, select, [hidden], .hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue;
      // Cut short on purpose (an ellipsis, a scroller) by a box that is itself in view.
      let clipper = parent;
      while (clipper && clipper !== e && getComputedStyle(clipper).overflowX === 'visible') clipper = clipper.parentElement;
      const c = clipper && clipper !== e ? clipper.getBoundingClientRect() : null;
      if (c && c.left >= -1 && c.right <= vw + 1) continue;
      if (r.left < -1 || r.right > vw + 1) out.push(`"${text.slice(0, 30)}" out of the viewport: ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return out;
  });

/** Each snapshot block's visible label, where it is drawn and what part of the block shows. */
const snapshotLabels = (page) =>
  page.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll('raft-playground .snapshot-block')].map((b) => {
      const scroller = b.closest('.log-scroll').getBoundingClientRect();
      const r = b.getBoundingClientRect();
      const after = getComputedStyle(b, '::after');
      canvas.font = `${after.fontWeight} ${after.fontSize} ${after.fontFamily}`;
      const label = b.getAttribute('data-label') ?? '';
      const right = r.right - 2 - parseFloat(after.right);
      return {
        node: b.closest('[data-node]').getAttribute('data-node'),
        full: b.textContent,
        label,
        left: right - canvas.measureText(label).width,
        right,
        shown: Math.min(r.right, scroller.right) - Math.max(r.left, scroller.left),
        view: { left: scroller.left, right: scroller.right },
      };
    });
  });

function assertLabelsReadable(labels, what) {
  assert.ok(labels.length > 0, `${what}: snapshot blocks drawn`);
  for (const l of labels) {
    assert.match(l.full, /≤ 10 · t\d+$/, `${what}: the full label is kept for screen readers: ${JSON.stringify(l)}`);
    if (l.shown >= 60) assert.match(l.label, /≤ 10/, `${what}: a block with ${Math.round(l.shown)} px on screen is named: ${JSON.stringify(l)}`);
    if (!l.label) continue;
    assert.ok(l.left >= l.view.left - 0.5 && l.right <= l.view.right + 0.5, `${what}: S${Number(l.node) + 1}'s label "${l.label}" is wholly in view: ${JSON.stringify(l)}`);
  }
}

for (const [id, members] of [
  ['add-server-snapshot', 4],
  ['remove-leader', 4],
  ['removed-disrupts', 4],
  ['removed-pre-vote', 4],
]) {
  test(`zh-CN, 360 px: "${id}" played to its end, nothing overflows, the Servers option says ${members}`, () =>
    withPage(
      async (page, _url, ctx) => {
        await openScenario(page, id, 500);
        assert.equal(await page.evaluate(() => document.querySelector('.rp-app')?.getAttribute('lang')), 'zh-CN');
        assert.equal(await page.locator(byId('size')).inputValue(), String(members), 'the size in force, not the starting one');
        assert.deepEqual(await overflows(page), [], 'the cluster view');
        await ctx.screenshot(`.tools/e2e/membership-zh-${id}-360.png`);
        await page.locator(byId('tab-logs')).click();
        await page.waitForTimeout(300);
        assert.deepEqual(await overflows(page), [], 'the logs view');
        if (id === 'add-server-snapshot') assertLabelsReadable(await snapshotLabels(page), `${id} at 360 px`);
        await ctx.screenshot(`.tools/e2e/membership-zh-${id}-360-logs.png`);
        await page.locator(byId('tab-diagram')).click();
        await page.waitForTimeout(300);
        assert.deepEqual(await overflows(page), [], 'the diagram view');
        await ctx.screenshot(`.tools/e2e/membership-zh-${id}-360-diagram.png`);
      },
      { path: 'index.html?lang=zh-CN&paused', viewport: { width: 360, height: 740 }, context: { locale: 'en-US' }, name: `membership-zh-${id}` },
    ));
}

for (const lang of ['en', 'zh-CN']) {
  test(`${lang}, 1280 px: the snapshot block's label is readable where the rows are scrolled, and every option's label stands apart from its control`, () =>
    withPage(
      async (page) => {
        await openScenario(page, 'add-server-snapshot', 500);
        assertLabelsReadable(await snapshotLabels(page), `${lang} at the newest entries`);
        // Scrolled by hand to where only a sliver of the block shows, then back to the start.
        for (const left of [300, 240, 0]) {
          await page.evaluate((x) => {
            const s = document.querySelector('raft-playground .log-scroll');
            s.scrollLeft = x;
            s.dispatchEvent(new Event('scroll'));
          }, left);
          await page.waitForTimeout(50);
          assertLabelsReadable(await snapshotLabels(page), `${lang} scrolled to ${left}`);
        }
        const gaps = await page.evaluate(() =>
          [...document.querySelectorAll('raft-playground .options-grid > label:not(.check)')].map((l) => {
            const text = l.querySelector('span');
            const control = l.querySelector('select, input, output');
            const range = document.createRange();
            range.selectNodeContents(text);
            return { label: text.textContent.trim(), gap: control.getBoundingClientRect().left - range.getBoundingClientRect().right };
          }),
        );
        assert.ok(gaps.length >= 4, JSON.stringify(gaps));
        for (const g of gaps) assert.ok(g.gap >= 4, `"${g.label}" has ${g.gap.toFixed(1)} px before its control`);
      },
      { path: `index.html?lang=${lang}&paused`, context: { locale: 'en-US' }, name: `membership-label-${lang}` },
    ));
}

test('the space-time diagram: a server added starts its lane where it started, lanes persist, a removed server is faded from where it left', () =>
  withPage(
    async (page, _url, ctx) => {
      await openScenario(page, 'add-server-snapshot', 500);
      const lanes = () =>
        page.evaluate(() => {
          const e = document.querySelector('raft-playground');
          const view = e.diagram.view;
          const pg = e.playground;
          const rows = pg.lanes(0, pg.now());
          const starts = [];
          for (let o = 0; o + 4 <= rows.length; o += 4) if (rows[o + 2] === 6) starts.push({ node: rows[o + 1], at: rows[o] });
          return { stretches: view.stretches, starts };
        });
      const s = await lanes();
      const started = s.starts.find((x) => x.node === 3);
      assert.ok(started, `S4 started: ${JSON.stringify(s.starts)}`);
      const s4 = s.stretches.filter((x) => x.node === 3);
      assert.ok(s4.length > 0, 'S4 has a lane');
      assert.equal(Math.min(...s4.map((x) => x.from)), started.at, 'its lane begins where it started, not at the window’s start');
      assert.ok(Math.min(...s.stretches.filter((x) => x.node === 0).map((x) => x.from)) < started.at, 'S1’s lane runs from before');
      assert.ok(s4.every((x) => x.member), 'S4 joined as it started');
      await ctx.screenshot('.tools/e2e/membership-diagram-add-1280.png');

      // Removing the leader: its lane runs on, outside the configuration, from where it left.
      await openScenario(page, 'remove-leader', 500);
      const r = await lanes();
      const outside = r.stretches.filter((x) => !x.member);
      assert.ok(outside.length > 0, 'a lane outside the configuration');
      const gone = outside[0].node;
      const inside = r.stretches.filter((x) => x.node === gone && x.member);
      assert.ok(inside.length > 0 && Math.max(...inside.map((x) => x.to)) <= Math.min(...outside.map((x) => x.from)), 'a member first, then outside');
      await ctx.screenshot('.tools/e2e/membership-diagram-remove-1280.png');
    },
    { path: 'index.html?paused&diagram', name: 'membership-diagram' },
  ));

test('free play: adding a server keeps the diagram as it was (the message whose card is open stays chosen), with one lane more', () =>
  withPage(
    async (page) => {
      await ready(page);
      await settleCommittedLeader(page);
      // A line of the diagram chosen, as a click on it does (its card open).
      const chosen = await page.evaluate(() => {
        const d = document.querySelector('raft-playground').diagram;
        const id = d.view.segments[0].id;
        d.select(id);
        return id;
      });
      const before = await page.evaluate(() => document.querySelector('raft-playground').diagram.view.stretches.length);
      await page.locator(byId('add-server')).click();
      await page.waitForFunction(() => document.querySelectorAll('raft-playground g.node[data-node]:not(.hidden)').length === 4);
      await page.evaluate(() => {
        const e = document.querySelector('raft-playground');
        e.playground.advance(200);
        e.play();
        e.pause();
      });
      const after = await page.evaluate(() => {
        const v = document.querySelector('raft-playground').diagram.view;
        return { selected: v.selected, lanes: new Set(v.stretches.map((x) => x.node)).size, count: v.stretches.length };
      });
      assert.equal(after.selected, chosen, 'the chosen message is still highlighted');
      assert.equal(after.lanes, 4, 'four lanes');
      assert.ok(after.count >= before, `the old lanes are all still drawn (${before} → ${after.count})`);
    },
    { path: 'index.html?paused&nodes=3&leadernoop=1&seed=7&diagram', name: 'membership-diagram-free' },
  ));
