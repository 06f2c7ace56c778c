// The space-time diagram beside the ring: both show the same messages on the wire at the cursor
// (paused at two moments, after scrubbing back on the timeline, after dragging the diagram); a
// click on a message's line in the diagram, or on its glyph on the ring, opens its card with the
// fields of Figure 2 and the reply; nothing logs an error (withPage fails on any console error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

/** Ids on the wire: the ring's glyphs and the diagram's list. */
const wireIds = (page) =>
  page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const ring = [...document.querySelectorAll('[data-testid="stage"] g[data-testid^="msg-"]')].map((g) => Number(g.getAttribute('data-msg')));
    const list = (document.querySelector('[data-testid="diagram-wire"]').getAttribute('data-ids') || '').split(',').filter(Boolean).map(Number);
    const sort = (a) => a.sort((x, y) => x - y);
    return { ring: sort(ring), diagram: sort(list), now: e.playground.now() };
  });

/** Plays until virtual time passes `ms`, then pauses (a pause draws both views once). */
async function playTo(page, ms) {
  await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    e.setSpeed(1);
    e.play();
  });
  await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() >= t, ms, { timeout: 30_000 });
  await page.evaluate(() => document.querySelector('raft-playground').pause());
}

async function assertAgree(page, where) {
  const w = await wireIds(page);
  assert.ok(w.ring.length > 0, `${where}: some message is on the wire (t = ${w.now})`);
  assert.deepEqual(w.diagram, w.ring, `${where}: the diagram and the ring show the same messages at t = ${w.now}`);
  return w;
}

test('the diagram and the ring agree on the messages in flight at three cursors', () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
      await page.getByTestId('diagram-toggle').click();
      assert.equal(await page.getByTestId('diagram-toggle').getAttribute('aria-expanded'), 'true');
      await playTo(page, 1_500);
      const first = await assertAgree(page, 'paused after an election');
      await playTo(page, 4_000);
      await assertAgree(page, 'paused later');
      // Scrub back on the timeline: the cursor moves, and both views follow it.
      const tl = page.getByTestId('timeline');
      const box = await tl.boundingBox();
      await page.mouse.click(box.x + box.width * 0.35, box.y + box.height / 2);
      await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() < t, 3_000);
      const back = await assertAgree(page, 'scrubbed back');
      assert.ok(back.now < 3_000 && back.now !== first.now, `the cursor moved back (t = ${back.now})`);
      // The diagram's window follows the cursor and zooms.
      const span = await page.getByTestId('diagram-span').textContent();
      await page.getByTestId('diagram-zoom-out').click();
      assert.notEqual(await page.getByTestId('diagram-span').textContent(), span);
      await assertAgree(page, 'zoomed out');
      // The wheel zooms once the diagram has focus (before, it scrolls the page).
      const canvasBox = await page.getByTestId('diagram-canvas').boundingBox();
      await page.getByTestId('diagram-canvas').focus();
      await page.mouse.move(canvasBox.x + canvasBox.width / 2, canvasBox.y + canvasBox.height / 2);
      const beforeWheel = await page.getByTestId('diagram-span').textContent();
      await page.mouse.wheel(0, -400);
      await page.waitForFunction((t) => document.querySelector('[data-testid="diagram-span"]').textContent !== t, beforeWheel);
      // Dragging the diagram sideways scrubs too (pulling the paper right goes back in time);
      // the release opens no card.
      const cb = await page.getByTestId('diagram-canvas').boundingBox();
      const y = cb.y + cb.height / 2;
      await page.mouse.move(cb.x + cb.width * 0.5, y);
      await page.mouse.down();
      await page.mouse.move(cb.x + cb.width * 0.5 + 60, y, { steps: 4 });
      await page.mouse.move(cb.x + cb.width * 0.5 + 150, y, { steps: 4 });
      await page.mouse.up();
      const dragged = await assertAgree(page, 'dragged back in the diagram');
      assert.ok(dragged.now < back.now - 100, `the drag moved the cursor back (${back.now} → ${dragged.now})`);
      assert.equal(await page.getByTestId('message-card').isVisible(), false);
    },
    { path: 'index.html?seed=4&nodes=5&paused', name: 'diagram-agree', screenshot: '.tools/e2e/diagram.png' },
  ));

test('clicking a message line in the diagram shows its fields and its reply', () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
      // Opened by ?diagram in the address.
      assert.equal(await page.getByTestId('diagram-toggle').getAttribute('aria-expanded'), 'true');
      await playTo(page, 2_500);
      await page.waitForFunction(() => document.querySelector('raft-playground').diagram.view !== null);
      // A delivered AppendEntries from the leader: its line's middle, in the canvas.
      const target = await page.evaluate(() => {
        const e = document.querySelector('raft-playground');
        const d = e.diagram.view; // loaded when the diagram first opened
        const segs = d.segments.filter((s) => !s.flying && !s.lost && Math.hypot(s.x2 - s.x1, s.y2 - s.y1) > 30);
        const s = segs.find((x) => d.row(x.id)?.kind === 4) ?? segs[0];
        return { id: s.id, x: (s.x1 + s.x2) / 2, y: (s.y1 + s.y2) / 2 };
      });
      const box = await page.getByTestId('diagram-canvas').boundingBox();
      await page.mouse.click(box.x + target.x, box.y + target.y);
      const card = page.getByTestId('message-card');
      await card.waitFor({ state: 'visible' });
      const shown = Number(await card.getAttribute('data-msg'));
      const detail = await page.evaluate((id) => document.querySelector('raft-playground').playground.messageDetail(id), shown);
      const text = await card.textContent();
      assert.match(text, /term/);
      if (detail.fields.kind === 'append') {
        for (const f of ['leader', 'prevLogIndex', 'prevLogTerm', 'entries', 'leaderCommit']) assert.ok(await card.locator(`[data-field="${f}"]`).count(), `shows ${f}`);
        assert.equal(await card.locator('[data-field="prevLogIndex"]').first().textContent(), String(detail.fields.prevLogIndex));
        // The follower's reply (§5.3): success or a refusal, in its own section.
        assert.equal(await card.locator('[data-part="reply"]').count(), 1);
        assert.match(await page.getByTestId('message-outcome').textContent(), /^(Success|Refused)/);
      } else if (detail.fields.kind === 'vote') {
        for (const f of ['candidate', 'lastLogIndex', 'lastLogTerm']) assert.ok(await card.locator(`[data-field="${f}"]`).count(), `shows ${f}`);
      } else {
        // A reply: its request is shown above it.
        assert.equal(await card.locator('[data-part="request"]').count(), 1);
      }
      await page.getByTestId('message-card-close').click();
      await card.waitFor({ state: 'hidden' });
    },
    { path: 'index.html?seed=9&nodes=5&paused&diagram', name: 'diagram-click', screenshot: '.tools/e2e/diagram-card.png' },
  ));

test("clicking a message's glyph on the ring opens the same card", () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
      await playTo(page, 1_000);
      // Slow links, so messages spend time out between the servers.
      await page.evaluate(() => document.querySelector('raft-playground').playground.setLatency(200, 300));
      await playTo(page, 2_130);
      // A glyph out in the open (one just sent still sits under its sender).
      const glyph = await page.evaluate(() => {
        for (const g of document.querySelectorAll('[data-testid="stage"] g[data-testid^="msg-"]')) {
          const b = g.getBoundingClientRect();
          const at = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
          if (document.elementFromPoint(at.x, at.y)?.closest('[data-msg]') === g) return { id: Number(g.getAttribute('data-msg')), ...at };
        }
        return null;
      });
      assert.ok(glyph, 'some message glyph is clear of the servers');
      const id = glyph.id;
      await page.mouse.click(glyph.x, glyph.y);
      const card = page.getByTestId('message-card');
      await card.waitFor({ state: 'visible' });
      const shownIds = await card.locator('[data-part]').count();
      assert.ok(shownIds >= 1);
      // The card is about the clicked message (it may show its request or reply beside it).
      assert.equal(Number(await card.getAttribute('data-msg')), id);
      assert.match(await card.locator('.mc-flight').first().textContent(), /on the wire|arrived|lost/);
    },
    { path: 'index.html?seed=5&nodes=5&paused', name: 'diagram-ring-click' },
  ));

test("on a phone the Diagram tab puts the diagram in the ring's place", () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
      assert.equal(await page.getByTestId('diagram-canvas').isVisible(), false, 'hidden until asked for');
      await page.getByTestId('tab-diagram').click();
      await playTo(page, 1_200);
      assert.equal(await page.getByTestId('diagram-canvas').isVisible(), true);
      assert.equal(await page.getByTestId('stage').isVisible(), false);
      const box = await page.getByTestId('diagram-canvas').boundingBox();
      assert.ok(box.width <= 360 && box.height >= 100, `fits the phone: ${JSON.stringify(box)}`);
      assert.ok((await page.getByTestId('diagram-wire').getAttribute('data-ids')).length > 0, 'messages on the wire are listed');
      await page.getByTestId('tab-cluster').click();
      assert.equal(await page.getByTestId('stage').isVisible(), true);
    },
    { path: 'index.html?seed=2&nodes=5&paused', name: 'diagram-phone', viewport: { width: 360, height: 740 } },
  ));
