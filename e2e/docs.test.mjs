// The docs site (docs/, mdBook, built into www/dist/docs by `npm run build`) as GitHub Pages
// serves a project site: under a sub-path (/raft-playground/), with the strict policy sent as a
// header too. Every embedded playground boots and plays; two on one page keep separate state;
// one scrolled out of view is paused; the attributes and the JS API do what the README says.
// The Chinese book (docs/zh-CN, built into www/dist/docs/zh-CN) has the same chapters, its
// playgrounds play and speak Chinese, and the language switch on every page of either book goes
// to the same chapter in the other one.
// Any console error, failed request or Content-Security-Policy violation fails (harness.mjs).
//
//   npm run build && node --test e2e/docs.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, withPage } from './harness.mjs';

export const BASE = '/raft-playground/';
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const served = { base: BASE, headers: { 'content-security-policy': CSP } };

/** A book's chapters: every page of the built book but the 404 page. */
const chaptersOf = (dir) =>
  readdirSync(join(DIST, dir))
    .filter((f) => f.endsWith('.html') && f !== '404.html')
    .sort();

/** The English book's chapters. */
const CHAPTERS = chaptersOf('docs');

/** The two books, each the other's twin: where it is under the site's root, and its language. */
const BOOKS = [
  { dir: 'docs/', lang: 'en' },
  { dir: 'docs/zh-CN/', lang: 'zh-CN' },
];
const twinOf = (book) => BOOKS.find((b) => b !== book);

/** Every chapter of both books. */
const PAGES = BOOKS.flatMap((book) => chaptersOf(book.dir).map((chapter) => ({ book, chapter })));

/** The language an element speaks: its app's lang, and whether its toolbar and stage show Chinese. */
function speaks(handle) {
  return handle.evaluate((node) => {
    // (embed.html's element draws in the page itself, the docs' ones in a shadow root)
    const root = node.shadowRoot ?? node;
    const app = root.querySelector('[lang]');
    const shown = [...root.querySelectorAll('.rp-toolbar, .rp-stage')].map((e) => e.textContent).join(' ');
    return { lang: app?.getAttribute('lang') ?? null, chinese: /\p{Script=Han}/u.test(shown) };
  });
}

/** What an element speaking `lang` shows. */
const speaking = (lang) => ({ lang, chinese: lang === 'zh-CN' });

/**
 * After arriving on a chapter: loads its (lazy) frame and waits until every playground, framed or
 * not, is ready, so that leaving the page aborts no request.
 */
async function arrived(page) {
  const framed = await page.locator('iframe').count();
  if (framed) await page.locator('iframe').first().scrollIntoViewIfNeeded(); // lazy: load it
  // (same origin: the frame's element is reachable from here)
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.contentDocument?.querySelector('raft-playground')?.getAttribute('data-state') === 'ready'));
  await settled(page);
}

/** Waits until every <raft-playground> on the page (not in frames) has drawn its first run. */
async function allReady(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('raft-playground')].every((el) => el.getAttribute('data-state') === 'ready'));
}

/**
 * Waits until every playground on the page and in its frames has drawn and loaded its extras
 * (`ready`): leaving a page earlier aborts their requests, which the harness counts as failures.
 */
async function settled(page) {
  for (const frame of page.frames()) {
    await frame.waitForFunction(() => [...document.querySelectorAll('raft-playground')].every((el) => el.getAttribute('data-state') === 'ready'));
    await frame.evaluate(() => Promise.all([...document.querySelectorAll('raft-playground')].map((el) => el.ready)));
  }
}

/** Virtual time of each element on the page, ms. */
function times(page) {
  return page.evaluate(() => [...document.querySelectorAll('raft-playground')].map((el) => el.playground.now()));
}

test('the book has a chapter per concept of the notes, each with a playground (some by element, one by iframe), in both languages', () => {
  assert.ok(CHAPTERS.length >= 6, `chapters: ${CHAPTERS.join(', ')}`);
  return withPage(
    async (page, _url, ctx) => {
      for (const book of BOOKS) {
        let elements = 0;
        let frames = 0;
        for (const chapter of chaptersOf(book.dir)) {
          await page.goto(new URL(`${book.dir}${chapter}`, ctx.base).href);
          const here = await page.locator('raft-playground').count();
          const framed = await page.locator('iframe').count();
          await arrived(page);
          elements += here;
          frames += framed;
          // The introduction (also index.html) and the embedding how-to are prose only.
          if (['embedding.html', 'index.html', 'introduction.html'].includes(chapter)) continue;
          assert.ok(here + framed >= 1, `${book.dir}${chapter} embeds no playground`);
        }
        assert.ok(elements >= 5, `${book.dir} elements: ${elements}`);
        assert.ok(frames >= 1, `${book.dir} iframes: ${frames}`);
      }
    },
    { ...served, goto: false, name: 'docs-chapters' },
  );
});

test('the Chinese book has the English book’s chapters, page for page, in Chinese', () => {
  assert.deepEqual(chaptersOf('docs/zh-CN'), CHAPTERS);
  for (const chapter of CHAPTERS) {
    const zh = readFileSync(join(DIST, 'docs/zh-CN', chapter), 'utf8');
    assert.match(zh, /<html lang="zh-CN">/, chapter);
    assert.match(readFileSync(join(DIST, 'docs', chapter), 'utf8'), /<html lang="en">/, chapter);
  }
});

test('every embedded playground boots, plays and speaks its book’s language, the framed one too (under a sub-path, with the CSP header)', () =>
  withPage(
    async (page, _url, ctx) => {
      for (const { book, chapter } of PAGES) {
        await page.goto(new URL(`${book.dir}${chapter}`, ctx.base).href);
        const count = await page.locator('raft-playground').count();
        for (let i = 0; i < count; i++) {
          const el = page.locator('raft-playground').nth(i);
          await el.scrollIntoViewIfNeeded();
          await el.evaluate((node) => node.ready);
          assert.equal(await el.getAttribute('data-state'), 'ready', `${book.dir}${chapter} #${i}`);
          assert.deepEqual(await speaks(await el.elementHandle()), speaking(book.lang), `${book.dir}${chapter} #${i}`);
          // On screen, it plays by itself: its virtual time moves.
          const t0 = await el.evaluate((node) => node.playground.now());
          await page.waitForFunction((node) => node.playing && node.playground.now() > 0, await el.elementHandle());
          await page.waitForFunction(([node, t]) => node.playground.now() > t, [await el.elementHandle(), t0]);
          // Drawn inside its own shadow root, styles and all.
          assert.ok(await el.evaluate((node) => node.shadowRoot !== null && node.shadowRoot.adoptedStyleSheets.length === 1));
          assert.ok(await el.locator('.rp-stage svg').first().isVisible(), `${book.dir}${chapter} #${i}: nothing drawn`);
        }
        for (const handle of await page.locator('iframe').elementHandles()) {
          await handle.scrollIntoViewIfNeeded();
          const frame = await handle.contentFrame();
          assert.ok(frame, `${book.dir}${chapter}: iframe without a document`);
          await frame.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
          await frame.waitForFunction(() => {
            const el = document.querySelector('raft-playground');
            return el.playing && el.playground.now() > 50;
          });
          assert.equal(await frame.evaluate(() => document.querySelector('raft-playground').session.scenarioId), 'split-vote');
          assert.deepEqual(await speaks(await frame.locator('raft-playground').elementHandle()), speaking(book.lang), `${book.dir}${chapter}: the frame`);
        }
        await settled(page);
      }
    },
    { ...served, goto: false, name: 'docs-boot' },
  ));

test('the language switch on every page of both books goes to the same chapter in the other language, and back', () =>
  withPage(
    async (page, _url, ctx) => {
      for (const { book, chapter } of PAGES) {
        const here = new URL(`${book.dir}${chapter}`, ctx.base).href;
        await page.goto(here);
        await arrived(page);
        const twin = twinOf(book);
        // index.html is the introduction under the book's root name: its twin is the introduction.
        const same = chapter === 'index.html' ? 'introduction.html' : chapter;
        const link = page.locator('nav.language-switch a');
        assert.equal(await link.count(), 1, `${book.dir}${chapter}: one switch`);
        assert.equal(await link.getAttribute('hreflang'), twin.lang);
        // Relative, so the site works under any sub-path (this one is /raft-playground/).
        assert.doesNotMatch(await link.getAttribute('href'), /^(\/|[a-z]+:)/, `${book.dir}${chapter}: the switch's link is not relative`);
        const there = new URL(`${twin.dir}${same}`, ctx.base).href;
        assert.equal(new URL(await link.getAttribute('href'), here).href, there, `${book.dir}${chapter}: the switch`);
        await Promise.all([page.waitForURL(there), link.click()]);
        assert.equal(await page.locator('html').getAttribute('lang'), twin.lang, `${book.dir}${chapter} → ${there}`);
        await arrived(page);
        // Its own switch leads back to the page it came from (the introduction, for index.html).
        const back = await page.locator('nav.language-switch a').getAttribute('href');
        assert.equal(new URL(back, page.url()).href, new URL(`${book.dir}${same}`, ctx.base).href);
      }
    },
    { ...served, goto: false, name: 'docs-switch' },
  ));

test('each book’s playgrounds speak its language whatever the browser’s: a Chinese browser reads the English book in English', () =>
  withPage(
    async (page, _url, ctx) => {
      for (const book of BOOKS) {
        await page.goto(new URL(`${book.dir}replication.html`, ctx.base).href);
        await allReady(page);
        await settled(page);
        assert.deepEqual(await speaks(await page.locator('raft-playground').elementHandle()), speaking(book.lang), book.dir);
      }
    },
    { ...served, goto: false, context: { locale: 'zh-CN' }, name: 'docs-browser-language' },
  ));

for (const width of [1280, 360]) {
  test(`a Chinese chapter at ${width} px: nothing overflows, the switch is in view (screenshot kept)`, () =>
    withPage(
      async (page) => {
        await allReady(page);
        await settled(page);
        // Let the scenario run a little (on screen: one scrolled out of view is paused): a leader,
        // a few messages in flight.
        await page.locator('raft-playground').scrollIntoViewIfNeeded();
        await page.waitForFunction(() => document.querySelector('raft-playground').playground.now() > 150);
        const m = await page.evaluate(() => ({
          pageWidth: document.scrollingElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          switchBox: document.querySelector('nav.language-switch a').getBoundingClientRect().toJSON(),
        }));
        assert.ok(m.pageWidth <= m.viewport, `the page is ${m.pageWidth}px wide in a ${m.viewport}px window`);
        assert.ok(m.switchBox.width > 0 && m.switchBox.right <= m.viewport, `the switch: ${JSON.stringify(m.switchBox)}`);
        await page.evaluate(() => document.querySelector('raft-playground').pause());
      },
      {
        ...served,
        path: 'docs/zh-CN/replication.html',
        viewport: { width, height: width === 360 ? 740 : 900 },
        name: `docs-zh-CN-${width}`,
        screenshot: `.tools/e2e/docs-zh-CN-${width}.png`,
      },
    ));
}

test('two playgrounds on one page keep separate state', () =>
  withPage(
    async (page) => {
      await allReady(page);
      const ids = await page.evaluate(() => [...document.querySelectorAll('raft-playground')].map((el) => el.session.scenarioId));
      assert.deepEqual(ids, ['backtracking', 'backtracking-fast']);
      // One wasm module for both: fetched once.
      const wasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).length);
      assert.equal(wasm, 1);
      // Both on screen (a tall window): both play.
      await page.waitForFunction(() => [...document.querySelectorAll('raft-playground')].every((el) => el.playing));
      // Pausing one leaves the other going, and its clock stands still.
      await page.evaluate(() => document.querySelectorAll('raft-playground')[0].pause());
      const [a0, b0] = await times(page);
      await page.waitForFunction((b) => document.querySelectorAll('raft-playground')[1].playground.now() > b + 20, b0);
      const [a1] = await times(page);
      assert.equal(a1, a0);
      // An entry submitted to one lands in its log only.
      const lengths = await page.evaluate(() => {
        const [a, b] = document.querySelectorAll('raft-playground');
        b.pause();
        const before = b.playground.nodes().slice();
        const leaderOf = (el) => {
          for (let i = 0; i < 400 && el.playground.leader() < 0; i++) el.playground.advance(50);
          return el.playground.leader();
        };
        const la = leaderOf(a);
        a.playground.proposeToLeader(99);
        const logA = a.playground.log(la).length;
        return { la, logA, bSame: String(before) === String(b.playground.nodes()), linksDiffer: a.link() !== b.link() };
      });
      assert.ok(lengths.la >= 0 && lengths.logA > 0);
      assert.ok(lengths.bSame, 'proposing to one playground changed the other');
      assert.ok(lengths.linksDiffer);
    },
    { ...served, path: 'docs/repair.html', viewport: { width: 1280, height: 2200 }, name: 'docs-two' },
  ));

test('a playground scrolled out of view is paused, and plays again when it comes back', () =>
  withPage(
    async (page) => {
      await allReady(page);
      const els = page.locator('raft-playground');
      // A short window: the first is on screen, the second below the fold.
      await page.waitForFunction(() => document.querySelectorAll('raft-playground')[0].playing);
      const second = await els.nth(1).elementHandle();
      assert.equal(await second.evaluate((el) => el.playing), false);
      const t = await second.evaluate((el) => el.playground.now());
      await page.waitForTimeout(600);
      assert.equal(await second.evaluate((el) => el.playground.now()), t, 'the off-screen playground ran');
      // Scroll to it: it plays; the first, now out of view, pauses.
      await second.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 400));
      await page.waitForFunction((el) => el.playing && el.playground.now() > 0, second);
      await page.waitForFunction(() => !document.querySelectorAll('raft-playground')[0].playing);
    },
    { ...served, path: 'docs/repair.html', viewport: { width: 1280, height: 700 }, name: 'docs-offscreen' },
  ));

test('attributes: a bad value is named inside the element and the default used; changes apply at run time', () =>
  withPage(
    async (page) => {
      await allReady(page);
      const el = page.locator('raft-playground').first();
      const note = el.locator('[data-testid=attribute-note]');
      assert.equal(await note.isVisible(), false);
      await el.evaluate((node) => node.setAttribute('theme', 'purple'));
      await note.waitFor({ state: 'visible' });
      assert.match(await note.innerText(), /theme="purple" is not understood \(expected light \| dark \| auto\); using auto/);
      assert.equal(await el.getAttribute('data-theme'), 'auto');
      await el.evaluate((node) => node.setAttribute('theme', 'dark'));
      await note.waitFor({ state: 'hidden' });
      assert.equal(await el.getAttribute('data-theme'), 'dark');
      // controls: none hides the toolbar and the time line; full brings them back.
      assert.ok(await el.locator('.rp-toolbar').isVisible());
      await el.evaluate((node) => node.setAttribute('controls', 'none'));
      assert.equal(await el.locator('.rp-toolbar').isVisible(), false);
      assert.equal(await el.locator('.rp-travel').isVisible(), false);
      await el.evaluate((node) => node.setAttribute('controls', 'full'));
      assert.ok(await el.locator('.rp-toolbar').isVisible());
      // height: a length sets it; a bad one is named.
      await el.evaluate((node) => node.setAttribute('height', '400'));
      assert.equal(Math.round((await el.boundingBox()).height), 400);
      // scenario: another story opens; nodes: a new cluster of that size.
      await el.evaluate((node) => node.setAttribute('scenario', 'split-vote'));
      await page.waitForFunction(() => document.querySelector('raft-playground').session?.scenarioId === 'split-vote');
      await el.evaluate((node) => {
        node.removeAttribute('scenario');
        node.setAttribute('nodes', '7');
      });
      await page.waitForFunction(() => document.querySelector('raft-playground').playground?.nodeCount === 7);
      await el.evaluate((node) => node.setAttribute('nodes', 'many'));
      await note.waitFor({ state: 'visible' });
      assert.match(await note.innerText(), /nodes="many"/);
      // speed
      await el.evaluate((node) => node.setAttribute('speed', '0.5'));
      await page.waitForFunction(() => document.querySelector('raft-playground').shadowRoot.querySelector('[data-testid=speed-label]').textContent === '1/2×');
    },
    { ...served, path: 'docs/elections.html', name: 'docs-attributes' },
  ));

test('the JS API: pause(), play(), link() and load(link), and the leaderchange and commit events', () =>
  withPage(
    async (page) => {
      await allReady(page);
      const result = await page.evaluate(async () => {
        const el = document.querySelector('raft-playground');
        const heard = { leaderchange: [], commit: [] };
        document.addEventListener('leaderchange', (e) => heard.leaderchange.push(e.detail));
        document.addEventListener('commit', (e) => heard.commit.push(e.detail));
        el.pause();
        const paused = !el.playing;
        el.play();
        const playing = el.playing;
        el.setSpeed(1);
        const until = (ok) =>
          new Promise((resolve, reject) => {
            const t0 = performance.now();
            const tick = () => (ok() ? resolve() : performance.now() - t0 > 10000 ? reject(new Error('timed out')) : setTimeout(tick, 50));
            tick();
          });
        await until(() => heard.leaderchange.some((d) => d.leader >= 0));
        el.playground.proposeToLeader(7);
        await until(() => heard.commit.length > 0);
        el.pause();
        const link = el.link();
        const at = el.playground.now();
        el.setAttribute('scenario', 'election');
        await until(() => el.playground.now() !== at);
        const opened = await el.load(link);
        return { paused, playing, leader: heard.leaderchange.find((d) => d.leader >= 0), commit: heard.commit[0], link, opened, back: el.playground.now() === at, bad: await el.load('not a link') };
      });
      assert.ok(result.paused && result.playing);
      assert.match(result.leader.name, /^S\d$/);
      assert.ok(result.leader.term >= 1);
      assert.ok(result.commit.index >= 1);
      assert.match(result.link, /^r2\./);
      assert.ok(result.opened && result.back, 'load(link) reopened the run at its moment');
      assert.equal(result.bad, false);
    },
    { ...served, path: 'docs/roles.html', name: 'docs-api' },
  ));

test('the full page and the embed page work from the sub-path under the policy header', () =>
  withPage(
    async (page, _url, ctx) => {
      for (const path of ['index.html', 'embed.html?scenario=replication&controls=minimal&theme=dark']) {
        await page.goto(new URL(path, ctx.base).href);
        await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
        await page.waitForFunction(() => document.querySelector('raft-playground').playground.now() > 100);
        const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        assert.equal(meta, CSP);
      }
      assert.equal(await page.locator('raft-playground').getAttribute('data-theme'), 'dark');
      assert.equal(await page.locator('[data-testid=heal]').isVisible(), false);
    },
    { ...served, goto: false, name: 'docs-pages' },
  ));
