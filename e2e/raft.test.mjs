// What a user does with the playground, checked in the real page (the production build in
// headless chromium): a leader is elected; dragging the leader into a minority partition gets
// the majority a new leader while the old one keeps a leader's badge and cannot commit; a
// submitted entry commits on a majority; healing makes every log equal and committed; a node
// crashed and restarted from its menu rejoins as a follower; a forced split vote is announced.
//
//   npm run build && node --test e2e/raft.test.mjs
//
// Time is deterministic: each page opens paused (`?paused`) with a fixed seed, virtual time only
// moves through `playground.advance(ms)`, and a draw is asked for by playing for exactly one
// animation frame (the clock's first frame after play accounts for no time). Everything a user
// does is done with the real mouse and keyboard; assertions read the rendered DOM (data-testid
// hooks), and a failure prints what the DOM showed. The harness fails a test on any console
// error or failed request.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

/** Fixed, so a run is reproducible; E2E_SEED tries another. */
const SEED = Number(process.env.E2E_SEED ?? 1234567);

// ---- in the page --------------------------------------------------------------------------------

/** Installs window.__e2e: redraw(), snapshot(), step(ms), and a record of every feed line. */
function installHelpers() {
  const el = document.querySelector('raft-playground');
  const all = (sel, root = el) => Array.from(root.querySelectorAll(sel));
  const attr = (node, name) => node?.getAttribute(name) ?? null;
  const feedSeen = [];
  /** A feed line as "<time> <text>". */
  const line = (li) => Array.from(li.children, (c) => c.textContent).join(' ') || li.textContent;
  // The feed keeps its newest lines only; remember every line it ever showed.
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n instanceof HTMLLIElement && n.closest('[data-testid="feed"]')) feedSeen.push(line(n));
      }
    }
  }).observe(el, { subtree: true, childList: true });

  /** One draw without moving virtual time: the clock's first frame after play() advances 0 ms. */
  const redraw = () =>
    new Promise((resolve) => {
      el.play();
      // Registered after the clock's own frame callback, so it runs right after that draw.
      requestAnimationFrame(() => {
        el.pause();
        resolve();
      });
    });

  const snapshot = () => {
    const pg = el.playground;
    const n = pg?.nodeCount ?? 0;
    const nodes = [];
    const logs = [];
    for (let i = 0; i < n; i++) {
      const g = el.querySelector(`[data-testid="node-${i}"]`);
      nodes.push({ id: i, role: attr(g, 'data-role'), term: Number(attr(g, 'data-term')), up: attr(g, 'data-up') });
      const row = el.querySelector(`[data-testid="log-${i}"]`);
      const cells = row
        ? all('.cell[data-index]', row)
            .map((c) => ({ index: Number(attr(c, 'data-index')), term: Number(attr(c, 'data-term')), committed: attr(c, 'data-committed') }))
            .sort((a, b) => a.index - b.index)
        : null;
      logs.push({ id: i, cells });
    }
    const violation = el.querySelector('[data-testid="violation"]');
    return {
      now: pg ? pg.now() : NaN,
      state: attr(el, 'data-state'),
      time: el.querySelector('[data-testid="time"]')?.textContent ?? null,
      nodes,
      logs,
      regions: all('[data-testid^="region-"]').map((r) => attr(r, 'data-members')),
      feed: all('[data-testid="feed"] li').map(line),
      notice: el.querySelector('[data-testid="notice"]')?.textContent ?? null,
      menu: el.querySelector('[data-testid="node-menu"]') ? attr(el.querySelector('[data-testid="node-menu"]'), 'data-node') : null,
      violation: violation && !violation.classList.contains('hidden') ? violation.textContent : null,
    };
  };

  window.__e2e = {
    redraw,
    snapshot,
    feedSeen,
    /** Advances virtual time by `ms`, draws, and returns what the page shows. */
    async step(ms) {
      if (ms > 0) el.playground.advance(ms);
      await redraw();
      return snapshot();
    },
  };
}

// ---- in node ------------------------------------------------------------------------------------

const name = (id) => `S${id + 1}`;

/** What the DOM showed, for failure messages. */
function describe(s) {
  const lines = [`  page at virtual ${s.now?.toFixed?.(1)} ms (label "${s.time}"), state ${s.state}`];
  for (const n of s.nodes) lines.push(`  ${name(n.id)}: role=${n.role} term=${n.term} up=${n.up}`);
  for (const l of s.logs) {
    const cells = l.cells === null ? '(no row)' : l.cells.map((c) => `${c.index}:t${c.term}${c.committed === '1' ? '*' : ''}`).join(' ') || '(empty)';
    lines.push(`  log ${name(l.id)}: ${cells}`);
  }
  lines.push(`  regions: ${s.regions.length ? s.regions.map((m) => `[${m}]`).join(' ') : '(none)'}`);
  if (s.menu !== null) lines.push(`  node menu open for ${name(Number(s.menu))}`);
  if (s.notice) lines.push(`  notice: ${s.notice}`);
  if (s.violation) lines.push(`  VIOLATION: ${s.violation}`);
  lines.push(`  feed (newest first):${s.feed.map((f) => `\n    ${f}`).join('') || ' (empty)'}`);
  lines.push('  (log cells are index:term, * = data-committed="1")');
  return lines.join('\n');
}

function check(cond, message, snap) {
  if (!cond) assert.fail(`${message}\nThe page showed:\n${describe(snap)}`);
}

/** Waits for the element, installs the helpers, checks the page opened paused at t = 0. */
async function start(page) {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
  await page.evaluate(() => document.querySelector('raft-playground').ready);
  await page.evaluate(installHelpers);
  await page.evaluate(() => document.querySelector('raft-playground').pause());
  const s = await snap(page);
  check(s.now === 0, 'the page should open paused at virtual time 0 (?paused)', s);
  return s;
}

const snap = (page) => page.evaluate(() => window.__e2e.snapshot());
const step = (page, ms) => page.evaluate((ms) => window.__e2e.step(ms), ms);

/**
 * Advances virtual time in steps of `stepMs` until `pred(snapshot)` holds; fails after `maxMs`
 * of virtual time, printing the last DOM seen.
 */
async function advanceUntil(page, what, pred, { maxMs = 3000, stepMs = 50 } = {}) {
  let s = await snap(page);
  if (pred(s)) return s;
  for (let spent = 0; spent < maxMs; spent += stepMs) {
    s = await step(page, stepMs);
    if (pred(s)) return s;
  }
  return assert.fail(`${what}: not seen within ${maxMs} ms of virtual time\nThe page showed:\n${describe(s)}`);
}

const leaders = (s) => s.nodes.filter((n) => n.role === 'leader');

/** One leader, every other node a follower of its term. */
const settled = (s) => {
  const l = leaders(s);
  return l.length === 1 && s.nodes.every((n) => n.up === '1' && n.term === l[0].term && (n.id === l[0].id || n.role === 'follower'));
};

const cellAt = (s, id, index) => s.logs[id].cells?.find((c) => c.index === index);
const lastIndex = (s, id) => Math.max(0, ...(s.logs[id].cells ?? []).map((c) => c.index));

/** Centre of a node's circle, in page pixels (the glyph's box also holds its outer labels). */
async function nodeCentre(page, id) {
  const box = await page.locator(`[data-testid="node-${id}"] .body`).boundingBox();
  assert.ok(box, `node-${id} has no box on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real drag with the mouse: press, move in steps, release. */
async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/** Clicks a node (the real mouse), then an item of the menu that opens. */
async function nodeMenu(page, id, item) {
  const c = await nodeCentre(page, id);
  await page.mouse.click(c.x, c.y);
  const menu = page.getByTestId('node-menu');
  await menu.waitFor({ state: 'visible' });
  assert.equal(await menu.getAttribute('data-node'), String(id), 'the menu opened for another node');
  await page.getByTestId(item).click();
  await menu.waitFor({ state: 'detached' });
}

// ---- the tests ----------------------------------------------------------------------------------

test('a leader emerges; a follower crashed and restarted from its menu rejoins', () =>
  withPage(
    async (page, url) => {
      await start(page);

      // Favicon: the page names one and it is served (headless chromium does not fetch it itself).
      const icon = await page.evaluate(async () => {
        const href = document.querySelector('link[rel~="icon"]')?.href;
        if (!href) return null;
        const r = await fetch(href);
        return { href, status: r.status, type: r.headers.get('content-type') };
      });
      assert.ok(icon, 'index.html names no favicon');
      assert.equal(icon.status, 200, `favicon ${icon.href}`);
      assert.match(icon.type, /^image\//, `favicon ${icon.href} content-type`);

      // (a) Within a few virtual seconds exactly one leader, every other node its follower.
      let s = await advanceUntil(page, 'one leader with every other node its follower in its term', settled, { maxMs: 4000 });
      const leader = leaders(s)[0];
      check(leader.term >= 1, 'the leader should be in term 1 or later', s);
      const seen = await page.evaluate(() => window.__e2e.feedSeen);
      check(
        seen.some((line) => line.includes(`${name(leader.id)} became leader of term ${leader.term}`)),
        `the feed should have said "${name(leader.id)} became leader of term ${leader.term}"`,
        s,
      );

      // (e) Crash a follower from its menu, then restart it from its menu.
      const victim = s.nodes.find((n) => n.id !== leader.id).id;
      await nodeMenu(page, victim, 'menu-crash');
      s = await snap(page);
      check(s.nodes[victim].up === '0', `${name(victim)} should show data-up="0" once crashed`, s);
      s = await step(page, 300);
      check(s.nodes[victim].up === '0', `${name(victim)} should stay down until restarted`, s);
      check(leaders(s).length === 1 && leaders(s)[0].id === leader.id, 'the leader should carry on with four nodes', s);

      await nodeMenu(page, victim, 'menu-restart');
      s = await snap(page);
      check(s.nodes[victim].up === '1', `${name(victim)} should show data-up="1" once restarted`, s);
      s = await advanceUntil(
        page,
        `${name(victim)} back as a follower in the leader's term`,
        (x) => settled(x) && leaders(x)[0].id === leader.id && x.nodes[victim].role === 'follower' && x.nodes[victim].term === leaders(x)[0].term,
        { maxMs: 2000 },
      );
      check(s.violation === null, 'no safety violation', s);
    },
    { path: `index.html?seed=${SEED}&paused`, name: 'raft-leader-crash' },
  ));

test('partition by dragging the leader, commit on the majority, heal', () =>
  withPage(
    async (page) => {
      await start(page);
      let s = await advanceUntil(page, 'a first leader', settled, { maxMs: 4000 });
      const old = leaders(s)[0];
      const buddy = s.nodes.find((n) => n.id !== old.id).id;
      const majority = s.nodes.map((n) => n.id).filter((id) => id !== old.id && id !== buddy);

      // (b) Drag the leader off the ring onto empty space (the middle of the ring): a partition.
      const svgBox = await page.locator('.stage-svg').boundingBox();
      assert.ok(svgBox, 'the stage has no box on screen');
      const middle = { x: svgBox.x + svgBox.width / 2, y: svgBox.y + svgBox.height / 2 };
      await drag(page, await nodeCentre(page, old.id), middle);
      s = await snap(page);
      check(s.regions.length === 2, `dragging ${name(old.id)} away should split the network into two regions`, s);
      check(s.regions.includes(String(old.id)), `one region should hold ${name(old.id)} alone`, s);
      // It stays where it was dropped, not at a ring slot: the drop point is its home now.
      await page.waitForTimeout(400);
      const dropped = await nodeCentre(page, old.id);
      assert.ok(
        Math.hypot(dropped.x - middle.x, dropped.y - middle.y) <= 3,
        `${name(old.id)} should stay where it was dropped (${middle.x.toFixed(0)},${middle.y.toFixed(0)}), is at (${dropped.x.toFixed(0)},${dropped.y.toFixed(0)})`,
      );

      // A second node dropped onto the old leader's region joins it.
      await drag(page, await nodeCentre(page, buddy), await nodeCentre(page, old.id));
      s = await snap(page);
      const minority = [old.id, buddy].sort((a, b) => a - b).join(',');
      check(s.regions.length === 2 && s.regions.includes(minority), `${name(buddy)} should have joined ${name(old.id)}'s region [${minority}]`, s);
      check(s.regions.includes(majority.join(',')), `the other region should be [${majority.join(',')}]`, s);

      // The majority elects a new leader in a higher term; the old one still believes it leads.
      s = await advanceUntil(
        page,
        'a new leader in the majority group with a higher term',
        (x) => x.nodes.some((n) => majority.includes(n.id) && n.role === 'leader' && n.term > old.term),
        { maxMs: 5000, stepMs: 100 },
      );
      const fresh = s.nodes.find((n) => majority.includes(n.id) && n.role === 'leader');
      check(s.nodes[old.id].role === 'leader' && s.nodes[old.id].term === old.term, `${name(old.id)} should still show leader in term ${old.term}`, s);

      // An entry submitted to the old leader (its menu) is stored but never committed.
      await nodeMenu(page, old.id, 'menu-submit');
      s = await snap(page);
      const stale = lastIndex(s, old.id);
      check(stale >= 1 && cellAt(s, old.id, stale)?.term === old.term, `${name(old.id)} should have appended an entry of term ${old.term}`, s);
      s = await step(page, 2000);
      check(cellAt(s, old.id, stale)?.committed === '0', `${name(old.id)}'s entry ${stale} should stay data-committed="0"`, s);
      const copy = cellAt(s, buddy, stale);
      check(copy?.term === old.term, `${name(buddy)} should hold a copy of entry ${stale} (term ${old.term})`, s);
      check(copy.committed === '0', `${name(buddy)}'s copy of entry ${stale} should stay data-committed="0"`, s);

      // (c) Entries submitted with the Submit button and the 's' key commit on a majority.
      await page.getByTestId('submit').click();
      await page.keyboard.press('s');
      s = await snap(page);
      const last = lastIndex(s, fresh.id);
      check(last >= 2, `${name(fresh.id)} (the new leader) should have received both entries`, s);
      const committedRows = (x, index) => x.logs.filter((l) => l.cells?.some((c) => c.index === index && c.committed === '1')).length;
      s = await advanceUntil(
        page,
        `entries ${last - 1} and ${last} committed on at least 3 of 5 log rows`,
        (x) => committedRows(x, last - 1) >= 3 && committedRows(x, last) >= 3,
        { maxMs: 3000 },
      );
      for (const id of majority) check(cellAt(s, id, last)?.term === fresh.term, `${name(id)} should hold entry ${last} of term ${fresh.term}`, s);

      // (d) Heal: every log row becomes the same, and committed everywhere.
      await page.getByTestId('heal').click();
      s = await snap(page);
      check(s.regions.length === 0, 'healing should remove the regions', s);
      s = await advanceUntil(
        page,
        'all log rows equal and committed',
        (x) => {
          const ref = x.logs[fresh.id].cells;
          if (!ref || ref.length < last) return false;
          return x.logs.every(
            (l) => l.cells && l.cells.length === ref.length && l.cells.every((c, k) => c.index === ref[k].index && c.term === ref[k].term && c.committed === '1'),
          );
        },
        { maxMs: 5000 },
      );
      check(settled(s) && leaders(s)[0].term >= fresh.term, 'after healing one leader, all others its followers', s);
      check(s.violation === null, 'no safety violation', s);
    },
    { path: `index.html?seed=${SEED}&paused`, name: 'raft-partition' },
  ));

test('a forced split vote is announced in the feed', () =>
  withPage(
    async (page) => {
      let s = await start(page);
      check(s.nodes.length === 4, '?nodes=4 should give four nodes', s);
      // S1 reaches only S3, S2 reaches only S4 (and neither reaches the other).
      await page.evaluate(() => {
        const pg = document.querySelector('raft-playground').playground;
        for (const [from, to] of [[0, 1], [0, 3], [1, 0], [1, 2]]) pg.cutLink(from, to);
      });
      // Both time out at the same moment, from their menus.
      await nodeMenu(page, 0, 'menu-timeout');
      await nodeMenu(page, 1, 'menu-timeout');
      s = await snap(page);
      check(s.nodes[0].role === 'candidate' && s.nodes[1].role === 'candidate', 'S1 and S2 should both be candidates', s);
      s = await advanceUntil(page, 'a feed line "split vote in term 1"', (x) => x.feed.some((f) => f.includes('split vote in term 1')), {
        maxMs: 1500,
        stepMs: 10,
      });
      const line = s.feed.find((f) => f.includes('split vote in term 1'));
      check(line.includes('S1 2 votes') && line.includes('S2 2 votes'), 'the notice should give both tallies (2 votes each)', s);
    },
    { path: `index.html?nodes=4&seed=${SEED}&paused`, name: 'raft-split-vote' },
  ));
