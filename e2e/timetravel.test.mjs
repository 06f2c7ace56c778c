// Time travel, share links, run files and scenarios in a real browser, against the production
// build (npm run build). withPage fails a test on any console error or failed request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withPage, watchProblems } from './harness.mjs';

const el = 'raft-playground';
const byId = (id) => `[data-testid="${id}"]`;

/** Waits until the element has a playground and is drawn. */
async function ready(page) {
  await page.waitForFunction(() => {
    const e = document.querySelector('raft-playground');
    return e?.getAttribute('data-state') === 'ready' && e.playground !== null;
  });
}

const now = (page) => page.evaluate(() => document.querySelector('raft-playground').playground.now());
const nodeTable = (page) => page.evaluate(() => Array.from(document.querySelector('raft-playground').playground.nodes()));

/** What the stage shows: role and term of every node, from the drawn elements. */
const shown = (page) =>
  page.$$eval('[data-testid^="node-"][data-term]', (els) => els.map((e) => ({ role: e.dataset.role, term: Number(e.dataset.term) })));

/** Runs the cluster (playing, at the fastest speed) until virtual time `ms`, then pauses. */
async function runUntil(page, ms) {
  await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    e.setSpeed(1);
    e.play();
  });
  await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() >= t, ms, { timeout: 30_000 });
  await page.evaluate(() => document.querySelector('raft-playground').pause());
}

const visible = (page, id) => page.locator(byId(id)).isVisible();

test('dragging the timeline cursor back with the mouse shows an earlier cluster', () =>
  withPage(
    async (page) => {
      await ready(page);
      await runUntil(page, 4000);
      const before = await shown(page);
      const tBefore = await now(page);
      const maxTerm = Math.max(...before.map((n) => n.term));
      assert.ok(maxTerm >= 1, `an election happened by ${tBefore} ms`);
      assert.equal(await visible(page, 'past-hint'), false);

      const strip = await page.locator(byId('timeline')).boundingBox();
      const cursor = await page.locator(byId('timeline-cursor')).boundingBox();
      assert.ok(strip && cursor);
      // Grab the cursor and drag it to near the start, in several moves like a hand would.
      await page.mouse.move(cursor.x + cursor.width / 2, strip.y + strip.height / 2);
      await page.mouse.down();
      await page.mouse.move(strip.x + strip.width * 0.5, strip.y + strip.height / 2, { steps: 6 });
      await page.mouse.move(strip.x + 12, strip.y + strip.height / 2, { steps: 6 });
      await page.mouse.up();

      await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() < t / 2, tBefore);
      await page.locator(byId('past-hint')).waitFor({ state: 'visible' });
      assert.match((await page.locator(byId('past-hint')).textContent()) ?? '', /past.*fork/i);
      const after = await shown(page);
      assert.notDeepEqual(after, before, 'the drawn nodes changed');
      assert.ok(Math.max(...after.map((n) => n.term)) < maxTerm, `earlier terms (${JSON.stringify(after)} vs ${JSON.stringify(before)})`);
      // What is drawn is what the playground holds at that moment.
      const table = await page.evaluate(() => {
        const pg = document.querySelector('raft-playground').playground;
        const a = pg.nodes();
        const rows = [];
        for (let o = 0; o < a.length; o += 15) rows.push(a[o + 2]);
        return rows;
      });
      assert.deepEqual(after.map((n) => n.term), table);
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.inPast()), true);

      // Play from the past replays the recorded future.
      const tPast = await now(page);
      await page.locator(byId('play')).click();
      await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() > t + 20, tPast);
      await page.evaluate(() => document.querySelector('raft-playground').pause());
    },
    { path: 'index.html?seed=7&paused', name: 'tt-drag', screenshot: '.tools/e2e/tt-drag.png' },
  ));

test('a copied link opens the same moment in a new page', () =>
  withPage(
    async (page, _url, ctx) => {
      await ready(page);
      await runUntil(page, 2500);
      // Act, so the link carries actions too.
      await page.evaluate(() => {
        const pg = document.querySelector('raft-playground').playground;
        pg.crash(1);
      });
      await runUntil(page, 3500);
      await page.locator(byId('copy-link')).click();
      const field = page.locator(byId('link-text'));
      await field.waitFor({ state: 'visible' });
      const link = await field.inputValue();
      assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/index\.html#r2\./);
      const t = await now(page);
      const table = await nodeTable(page);

      const other = await page.context().newPage();
      const problems = watchProblems(other);
      await other.goto(link, { waitUntil: 'load' });
      await ready(other);
      assert.equal(await now(other), t);
      assert.deepEqual(await nodeTable(other), table);
      assert.equal(await other.evaluate(() => document.querySelector('raft-playground').playing), false, 'opens paused');
      assert.deepEqual(problems, []);
      await other.close();
      assert.deepEqual(ctx.problems, []);
    },
    { path: 'index.html?seed=11&paused', name: 'tt-link' },
  ));

for (const [hash, words] of [
  ['#r2.garbage', /damaged|truncated/],
  ['#r9.AAAA', /newer version/],
  // A link from before the postcard format (the "first election" scenario as r1 wrote it).
  ['#r1.BfCTCeCnEtCGA0AAQJBOsOoBAAAAAAAAAAAAgSANAAAA', /older version/],
  ['#r2.' + 'A'.repeat(70_000), /too long/],
  ['#%3Cimg%20src=x%20onerror=alert(1)%3E', /not a Raft Playground link/],
]) {
  test(`a bad link (${hash.slice(0, 16)}) gives a notice and a running default cluster`, () =>
    withPage(
      async (page) => {
        await ready(page);
        const notice = page.locator(byId('notice'));
        await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('Could not open'));
        const text = (await notice.textContent()) ?? '';
        assert.match(text, words);
        assert.match(text, /fresh cluster/);
        assert.equal(await page.locator(`${el} img`).count(), 0);
        assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.nodeCount), 5);
        const t0 = await now(page);
        await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() > t, t0);
        assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playing), true);
      },
      { path: `index.html${hash}`, name: 'tt-badlink' },
    ));
}

test('export, then import through the file input, restores the moment; a bad file is refused', () =>
  withPage(
    async (page) => {
      await ready(page);
      await runUntil(page, 3000);
      const t = await now(page);
      const table = await nodeTable(page);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(byId('export')).click()]);
      assert.match(download.suggestedFilename(), /^raft-run-seed5-at-[\d.]+s\.json$/);
      const path = await download.path();
      const file = JSON.parse(await readFile(path, 'utf8'));
      assert.equal(file.format, 'raft-playground-run');
      assert.equal(file.version, 1);
      assert.equal(file.cursorMs, t);
      assert.equal(file.options.nodes, 5);
      assert.ok(Array.isArray(file.actions));
      assert.ok(file.trace.length > 200, `the whole trace, page by page (${file.trace.length})`);

      // Move on, then import: back to the exported moment.
      await runUntil(page, t + 1500);
      assert.notEqual(await now(page), t);
      await page.locator(byId('import-input')).setInputFiles(path);
      await page.waitForFunction((x) => document.querySelector('raft-playground').playground.now() === x, t);
      assert.deepEqual(await nodeTable(page), table);

      // A malformed file: a notice, and the run is untouched.
      const pg = await page.evaluateHandle(() => document.querySelector('raft-playground').playground);
      await page.locator(byId('import-input')).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "raft-playground-run", "vers') });
      // Phrased from the reader's code (runFileNotRunFile), no longer the developer's "(it is not JSON)".
      await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('that file is not a Raft Playground run file'));
      await page.locator(byId('import-input')).setInputFiles({
        name: 'future.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...file, version: 2 })),
      });
      await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('newer Raft Playground (version 2;'));
      await page.locator(byId('import-input')).setInputFiles({
        name: 'badlink.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...file, link: 'r2.garbage' })),
      });
      await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('Could not open that run file'));
      assert.equal(await page.evaluate((p) => document.querySelector('raft-playground').playground === p, pg), true);
      assert.equal(await now(page), t);

      // Dropped on the element: the same run file opens too.
      await runUntil(page, t + 800);
      const text = await readFile(path, 'utf8');
      await page.evaluate((body) => {
        const target = document.querySelector('raft-playground');
        const dt = new DataTransfer();
        dt.items.add(new File([body], 'dropped.json', { type: 'application/json' }));
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, text);
      await page.waitForFunction((x) => document.querySelector('raft-playground').playground.now() === x, t);
      assert.deepEqual(await nodeTable(page), table);
    },
    { path: 'index.html?seed=5&paused', name: 'tt-file' },
  ));

test('every scenario loads, plays to its end and shows its last caption', () =>
  withPage(
    async (page) => {
      await ready(page);
      const select = page.locator(byId('scenario-select'));
      await page.waitForFunction(() => document.querySelector('[data-testid="scenario-select"]').options.length > 1);
      const ids = await select.evaluate((s) => Array.from(s.options).map((o) => o.value).filter(Boolean));
      assert.ok(ids.length >= 5, `scenarios listed: ${ids.join(', ')}`);
      for (const id of ids) {
        await select.selectOption(id);
        await page.waitForFunction((x) => document.querySelector('raft-playground').session?.scenarioId === x, id);
        await page.locator(byId('caption-panel')).waitFor({ state: 'visible' });
        const title = await select.evaluate((s) => s.selectedOptions[0].textContent);
        assert.equal(await page.locator(byId('scenario-title')).textContent(), title);
        const captions = await page.evaluate(() => document.querySelector('raft-playground').session.captions);
        assert.ok(captions.length > 0, `${id} has captions`);
        const last = captions.reduce((a, c) => (c.at >= a.at ? c : a));
        // Play to the end, fast: run the simulation forward while the clock draws.
        await page.evaluate((end) => {
          const e = document.querySelector('raft-playground');
          e.setSpeed(1);
          e.play();
          const pg = e.playground;
          const left = end + 500 - pg.now();
          if (left > 0) pg.advance(left);
        }, last.at);
        await page.waitForFunction((text) => document.querySelector('[data-testid="caption"]')?.textContent === text, last.text);
        await page.evaluate(() => document.querySelector('raft-playground').pause());
      }
      await page.locator(byId('scenario-exit')).click();
      await page.locator(byId('caption-panel')).waitFor({ state: 'hidden' });
      assert.equal(await select.inputValue(), '');
    },
    { path: 'index.html?paused', name: 'tt-scenarios', screenshot: '.tools/e2e/tt-scenarios.png' },
  ));

test('"next leader change" moves time forward to a moment with a leader', () =>
  withPage(
    async (page) => {
      await ready(page);
      const t0 = await now(page);
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.leader()), -1);
      await page.locator(byId('ff-leader')).click();
      await page.waitForFunction((t) => document.querySelector('raft-playground').playground.now() > t, t0);
      assert.ok((await page.evaluate(() => document.querySelector('raft-playground').playground.leader())) >= 0);
      assert.ok(await page.locator(`${byId('stage')} .node.role-leader`).count() >= 1, 'a leader is drawn');
      // Once more: the next change is later still (or a clear notice says none came).
      const t1 = await now(page);
      await page.locator(byId('ff-split')).click();
      await page.waitForFunction(() => /split vote/i.test(document.querySelector('[data-testid="notice"]')?.textContent ?? ''));
      // Found: later; none within the limit: the cursor stays where it was, and the notice says so.
      const t1b = await now(page);
      const said = (await page.locator(byId('notice')).textContent()) ?? '';
      assert.ok(t1b > t1 || (t1b === t1 && /No split vote in the next 10 minutes/.test(said)), `${t1} -> ${t1b}: ${said}`);
      // And back, one event at a time, by keyboard.
      const t2 = await now(page);
      await page.keyboard.press(',');
      await page.keyboard.press(',');
      assert.ok((await now(page)) <= t2);
      await page.locator(byId('past-hint')).waitFor({ state: 'visible' });
      // Acting in the past forks: the hint goes, the fork notice shows.
      const forks = await page.evaluate(() => document.querySelector('raft-playground').playground.forks());
      await page.locator(byId('heal')).click();
      await page.locator(byId('fork-notice')).waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.forks()), forks + 1);
      await page.locator(byId('past-hint')).waitFor({ state: 'hidden' });
    },
    { path: 'index.html?seed=3&paused', name: 'tt-ff' },
  ));
