// Layout and legibility, checked in the real page (the production build in headless chromium):
// a first-time student at 1280×800 sees, for 9 servers, the ring, every log row and the timeline
// without scrolling; a teacher's lecture-sized embeds (800×450, 360×640) show no text under
// 11 CSS px, keep every control and server inside the element's box, and give the caption and
// toolbar at most a third of the height. Screenshots of the three sizes are kept in .tools/e2e/
// to be looked at.
//
//   npm run build && node --test e2e/layout.test.mjs
//
// Each page runs with a fixed seed at full speed until a leader is elected and entries are in
// the logs, then pauses, so the screenshots show a cluster at work (labels, markers, cells).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

const SEED = Number(process.env.E2E_SEED ?? 1234567);
/** Smallest text a lecture hall (or a phone) can read, CSS px. */
const MIN_TEXT_PX = 11;

/** Opens the run at `path`, runs it until a leader has replicated a few entries, pauses. */
async function settle(page) {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
  await page.evaluate(() => document.querySelector('raft-playground').ready);
  await page.evaluate(async () => {
    const el = document.querySelector('raft-playground');
    const pg = el.playground;
    el.pause();
    for (let i = 0; i < 200 && pg.leader() < 0; i++) pg.advance(50);
    for (let v = 1; v <= 3; v++) {
      try {
        pg.proposeToLeader(v);
      } catch {
        // No leader this instant: the next round of advance finds one.
      }
      pg.advance(60);
    }
    pg.advance(25); // some messages in flight, so the picture is not empty
    // One frame of play draws the new state (the first frame after play adds no time).
    el.play();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    el.pause();
  });
  assert.ok((await page.evaluate(() => document.querySelector('raft-playground').playground.leader())) >= 0, 'a leader was elected');
  // Let resize observers and fonts settle.
  await page.waitForTimeout(300);
}

/** Rect of a selector's first element, in the page's CSS px. */
const rectOf = (page, selector) =>
  page.evaluate((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height } : null;
  }, selector);

const inside = (r, box, slack = 1) =>
  r.left >= box.left - slack && r.top >= box.top - slack && r.right <= box.right + slack && r.bottom <= box.bottom + slack;

/**
 * In the page: every visible text's drawn size, in CSS px. SVG text is scaled by its viewBox and
 * transforms, so its computed font-size is multiplied by the scale it is drawn at.
 */
function textSizes() {
  const el = document.querySelector('raft-playground');
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (!text) continue;
    const parent = n.parentElement;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    // Not drawn (display: none, a closed <select>'s options, <title>), or a screen-reader-only box.
    if (r.width <= 1 || r.height <= 1) continue;
    let opacity = 1;
    for (let a = parent; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.visibility === 'hidden') opacity = 0;
      opacity *= Number(cs.opacity);
    }
    if (opacity < 0.05) continue;
    let px = parseFloat(getComputedStyle(parent).fontSize);
    if (parent instanceof SVGElement) {
      const m = parent.getScreenCTM();
      if (m) px *= Math.hypot(m.a, m.b);
    }
    out.push({ text: text.slice(0, 40), px: Math.round(px * 100) / 100, where: parent.getAttribute('class') ?? parent.tagName });
  }
  return out;
}

/**
 * In the page: every control (button, select, input, slider, focusable server) and every server,
 * brought into view the way a user would (scrolling the toolbar sideways or the element down),
 * then measured against the element's box. Returns the ones that stick out.
 */
function outsideBox() {
  const el = document.querySelector('raft-playground');
  const selector = 'button, select, input, [role="slider"], [role="tab"], g.nodes > g.node';
  const out = [];
  for (const c of el.querySelectorAll(selector)) {
    if (c.getClientRects().length === 0) continue; // not drawn (display: none)
    const cs = getComputedStyle(c);
    if (cs.visibility === 'hidden') continue;
    if (c.closest('.visually-hidden')) continue;
    c.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const box = el.getBoundingClientRect();
    const r = c.getBoundingClientRect();
    const ok = r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
    if (!ok) {
      out.push({
        what: c.getAttribute('data-testid') ?? c.tagName,
        rect: [r.left, r.top, r.right, r.bottom].map(Math.round),
        box: [box.left, box.top, box.right, box.bottom].map(Math.round),
      });
    }
  }
  el.scrollTop = 0;
  for (const s of el.querySelectorAll('.rp-toolbar')) s.scrollLeft = 0;
  return out;
}

async function checkLegible(page, label) {
  const sizes = await page.evaluate(textSizes);
  assert.ok(sizes.length > 20, `${label}: texts were found (${sizes.length})`);
  const small = sizes.filter((s) => s.px < MIN_TEXT_PX - 0.01);
  assert.deepEqual(small, [], `${label}: text under ${MIN_TEXT_PX} px`);
  const out = await page.evaluate(outsideBox);
  assert.deepEqual(out, [], `${label}: controls or servers outside the element's box`);
}

test('1280×800, 9 servers: the ring, every log row and the timeline are in view without scrolling', () =>
  withPage(
    async (page) => {
      await settle(page);
      const view = { left: 0, top: 0, right: 1280, bottom: 800 };
      for (let i = 0; i < 9; i++) {
        const r = await rectOf(page, `raft-playground [data-testid="log-${i}"]`);
        assert.ok(r && r.height > 0, `log row ${i} is drawn`);
        assert.ok(inside(r, view), `log row S${i + 1} in the viewport: ${JSON.stringify(r)}`);
        const n = await rectOf(page, `raft-playground [data-testid="node-${i}"]`);
        assert.ok(n && inside(n, view), `server S${i + 1} in the viewport: ${JSON.stringify(n)}`);
      }
      const strip = await rectOf(page, 'raft-playground [data-testid="timeline"]');
      assert.ok(strip && strip.width > 300 && inside(strip, view), `timeline in the viewport: ${JSON.stringify(strip)}`);
      // The logs sit beside the ring (RaftScope's arrangement), not under it.
      const stage = await rectOf(page, 'raft-playground [data-testid="stage"]');
      const logs = await rectOf(page, 'raft-playground [data-testid="logs"]');
      assert.ok(logs.left >= stage.right - 1, `logs right of the ring: ${JSON.stringify({ stage, logs })}`);
      assert.equal(await page.evaluate(() => window.scrollY), 0);

      // The header orients: real server count, and the help sheet opens and closes.
      const orient = await page.locator('[data-testid="orientation"]').textContent();
      assert.match(orient, /^9 servers elect a leader\./);
      const sheet = page.locator('[data-testid="help-sheet"]');
      assert.equal(await sheet.isHidden(), true);
      await page.locator('[data-testid="help"]').click();
      assert.equal(await sheet.getAttribute('hidden'), null, 'the ? button opens the sheet');
      await page.keyboard.press('Escape');
      assert.equal(await sheet.isHidden(), true, 'Escape closes it');
      await page.locator('[data-testid="help"]').click();
      await page.locator('[data-testid="help"]').click();
      assert.equal(await sheet.isHidden(), true, 'the button closes it again');

      // Markers sit in the follower's row and say whose view they are.
      const leader = await page.evaluate(() => document.querySelector('raft-playground').playground.leader());
      const follower = leader === 0 ? 1 : 0;
      const marker = await rectOf(page, `raft-playground [data-testid="next-${follower}"]`);
      const row = await rectOf(page, `raft-playground [data-testid="log-${follower}"]`);
      assert.ok(marker.top >= row.top - 1 && marker.bottom <= row.bottom + 1, `next marker inside its row: ${JSON.stringify({ marker, row })}`);
      assert.equal(await page.locator(`[data-testid="next-${follower}"]`).textContent(), `S${leader + 1}'s next`);
    },
    { path: `index.html?nodes=9&seed=${SEED}`, viewport: { width: 1280, height: 800 }, name: 'layout-full', screenshot: '.tools/e2e/layout-full-1280x800.png' },
  ));

for (const [width, height] of [
  [800, 450],
  [360, 640],
]) {
  test(`${width}×${height} embed: text at least ${MIN_TEXT_PX} px, controls and servers inside the box`, () =>
    withPage(
      async (page, _url, ctx) => {
        await settle(page);
        await checkLegible(page, `${width}×${height} cluster`);
        const narrow = await page.locator('[data-testid="tab-logs"]').isVisible();
        if (width < 640) assert.ok(narrow, 'the Cluster | Logs tabs show where the logs cannot sit beside the ring');
        if (narrow) {
          // The logs in their tab: every row inside the box, legible too.
          await ctx.screenshot(`.tools/e2e/layout-embed-${width}x${height}.png`);
          await page.locator('[data-testid="tab-logs"]').click();
          const box = await rectOf(page, 'raft-playground');
          // A long log scrolls sideways inside its panel: the rows' visible part is the panel's.
          const scroller = await rectOf(page, 'raft-playground .log-scroll');
          assert.ok(scroller && scroller.width > 200 && inside(scroller, box), `log panel inside the element: ${JSON.stringify(scroller)}`);
          for (let i = 0; i < 5; i++) {
            const r = await rectOf(page, `raft-playground [data-testid="log-${i}"]`);
            assert.ok(r && r.height > 0 && r.top >= box.top && r.bottom <= box.bottom, `log row S${i + 1} inside the element: ${JSON.stringify(r)}`);
            assert.ok(r.left >= scroller.left - 1, `log row S${i + 1} starts in its panel`);
          }
          // Every entry so far is in view without scrolling the log (3 entries, a few columns).
          const cells = await page.evaluate(() => {
            const box = document.querySelector('raft-playground .log-scroll').getBoundingClientRect();
            return Array.from(document.querySelectorAll('raft-playground .log-row .cell')).filter((c) => {
              const r = c.getBoundingClientRect();
              return r.left < box.left - 1 || r.right > box.right + 1;
            }).length;
          });
          assert.equal(cells, 0, 'every log cell in view');
          await checkLegible(page, `${width}×${height} logs`);
          await ctx.screenshot(`.tools/e2e/layout-embed-${width}x${height}-logs.png`);
          await page.locator('[data-testid="tab-cluster"]').click();
        } else {
          const box = await rectOf(page, 'raft-playground');
          for (let i = 0; i < 5; i++) {
            const r = await rectOf(page, `raft-playground [data-testid="log-${i}"]`);
            assert.ok(r && inside(r, box), `log row S${i + 1} beside the ring, inside the element: ${JSON.stringify(r)}`);
          }
          const strip = await rectOf(page, 'raft-playground [data-testid="timeline"]');
          assert.ok(strip && inside(strip, box), `timeline inside the element without scrolling: ${JSON.stringify(strip)}`);
          await ctx.screenshot(`.tools/e2e/layout-embed-${width}x${height}.png`);
        }
        // The toolbar is one row: every item overlaps every other vertically.
        const span = await page.evaluate(() => {
          let top = -Infinity;
          let bottom = Infinity;
          for (const c of document.querySelectorAll('raft-playground .rp-toolbar > *')) {
            if (!c.getClientRects().length) continue;
            const r = c.getBoundingClientRect();
            top = Math.max(top, r.top);
            bottom = Math.min(bottom, r.bottom);
          }
          return { top, bottom };
        });
        assert.ok(span.top < span.bottom, `one toolbar row: ${JSON.stringify(span)}`);
        // A toolbar that scrolls sideways says so: the edge hiding buttons fades (data-overflow),
        // and a toolbar that fits has no fade.
        const bar = 'raft-playground .rp-toolbar';
        const hint = () =>
          page.evaluate((sel) => {
            const t = document.querySelector(sel);
            const cue = getComputedStyle(t, '::after');
            return { overflows: t.scrollWidth > t.clientWidth + 1, edge: t.getAttribute('data-overflow'), cue: cue.content, fade: cue.backgroundImage };
          }, bar);
        const h = await hint();
        if (width < 640) assert.ok(h.overflows, 'at 360 px the one-row toolbar is wider than the element');
        if (h.overflows) {
          assert.equal(h.edge, 'end', `the toolbar's hidden end is hinted: ${JSON.stringify(h)}`);
          assert.ok(h.cue.includes('›') && /gradient/.test(h.fade), `the hidden end fades into a chevron: ${JSON.stringify(h)}`);
          await ctx.screenshot(`.tools/e2e/layout-embed-${width}x${height}-toolbar.png`);
          await page.evaluate((sel) => document.querySelector(sel).scrollTo({ left: 1e6 }), bar);
          await page.waitForFunction((sel) => document.querySelector(sel).getAttribute('data-overflow') === 'start', bar);
          await page.evaluate((sel) => document.querySelector(sel).scrollTo({ left: 0 }), bar);
          await page.waitForFunction((sel) => document.querySelector(sel).getAttribute('data-overflow') === 'end', bar);
        } else {
          assert.equal(h.edge, null, `a toolbar that fits has no fade: ${JSON.stringify(h)}`);
        }
      },
      { path: `embed.html?seed=${SEED}`, viewport: { width, height }, name: `layout-embed-${width}` },
    ));

  test(`${width}×${height} embed with a scenario: caption and toolbar take at most a third of the height`, () =>
    withPage(
      async (page) => {
        await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
        await page.locator('[data-testid="caption-panel"]').waitFor({ state: 'visible' });
        await page.waitForFunction(() => (document.querySelector('[data-testid="caption"]')?.textContent ?? '').length > 0);
        const caption = await rectOf(page, 'raft-playground [data-testid="caption-panel"]');
        const toolbar = await rectOf(page, 'raft-playground .rp-toolbar');
        const box = await rectOf(page, 'raft-playground');
        assert.ok(caption.height + toolbar.height <= box.height / 3, `caption ${caption.height} + toolbar ${toolbar.height} px of ${box.height}`);
        await checkLegible(page, `${width}×${height} scenario`);
      },
      { path: `embed.html?scenario=split-vote`, viewport: { width, height }, name: `layout-scenario-${width}` },
    ));
}

test('360×640 embed, 9 servers split in two: a crowded ring keeps its text at 11 px or more', () =>
  withPage(
    async (page) => {
      await settle(page);
      await page.evaluate(async () => {
        const el = document.querySelector('raft-playground');
        el.playground.setPartition([[0, 1, 2, 3], [4, 5, 6, 7, 8]]);
        el.playground.advance(40);
        el.play();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        el.pause();
      });
      await page.waitForTimeout(300);
      // The glyphs are drawn smaller (two gaps on the ring); their text is not.
      const scaled = await page.evaluate(() => /scale\(/.test(document.querySelector('raft-playground g.nodes > g.node')?.getAttribute('transform') ?? ''));
      assert.ok(scaled, 'the crowded ring draws its nodes scaled down');
      await checkLegible(page, '360×640, 9 servers, partitioned');
    },
    { path: `embed.html?nodes=9&seed=${SEED}`, viewport: { width: 360, height: 640 }, name: 'layout-embed-crowded', screenshot: '.tools/e2e/layout-embed-360x640-nine-split.png' },
  ));
