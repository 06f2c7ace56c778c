// Accessibility, touch and small screens, in the built pages (headless chromium):
// - axe-core finds no serious or critical violation on the full page, the embed page (light and
//   dark) and docs pages in both languages (an element in a shadow root, a framed playground);
// - keyboard only: a server is focusable with its name and role, Enter opens its actions, keys
//   move it between partition groups (the equivalent of dragging), S submits, the timeline
//   scrubs with the arrow keys, `?` shows the shortcuts, focus is visible;
// - prefers-reduced-motion: the element starts paused and messages hop instead of gliding;
// - touch (Chromium's touch emulation, real touch events): a drag cuts a server off, a tap opens
//   its menu;
// - 360 px: servers readable, logs scroll sideways, the full page's controls wrap, nothing
//   overflows the page;
// - themes follow prefers-color-scheme unless `theme` says otherwise.
//
//   npm run build && node --test e2e/a11y.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';
import { seriousViolations } from './axe.mjs';

const BASE = '/raft-playground/';
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const served = { base: BASE, headers: { 'content-security-policy': CSP } };
/** NodeCol.Group and NodeCol.Stride of the wasm's node view (web/src, generated .d.ts). */
const GROUP = 13;
const STRIDE = 15;

/** Waits until the first playground has drawn and loaded its extras (`ready`): leaving a page
 * earlier aborts their requests, which the harness counts as failures. */
async function ready(frame) {
  await frame.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
  await frame.evaluate(() => document.querySelector('raft-playground').ready);
}

/** Runs the first element's cluster (paused) until it has a leader, and draws it. */
async function withLeader(frame) {
  await frame.evaluate(() => {
    const el = document.querySelector('raft-playground');
    el.pause();
    for (let i = 0; i < 400 && el.playground.leader() < 0; i++) el.playground.advance(25);
    el.playground.advance(30);
    el.play();
    el.pause();
  });
}

/** The partition group of each server. */
function groups(frame) {
  return frame.evaluate(
    ([g, stride]) => {
      const v = document.querySelector('raft-playground').playground.nodes();
      return Array.from({ length: v.length / stride }, (_, i) => v[i * stride + g]);
    },
    [GROUP, STRIDE],
  );
}

test('axe-core: no serious or critical violation on the full page, the embed page and docs pages in both languages', () =>
  withPage(
    async (page, _url, ctx) => {
      const found = [];
      for (const [path, scheme] of [
        ['index.html', 'light'],
        ['embed.html?scenario=replication', 'light'],
        ['embed.html?scenario=split-vote&theme=dark', 'light'],
        ['embed.html?scenario=partition', 'dark'],
        ['docs/replication.html', 'light'],
        ['docs/split-votes.html', 'dark'],
        // The Chinese book: its chrome (the language switch too) and its Chinese playgrounds.
        ['docs/zh-CN/replication.html', 'dark'],
        ['docs/zh-CN/split-votes.html', 'light'],
      ]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(new URL(path, ctx.base).href);
        const frames = (await page.locator('raft-playground').count()) > 0 ? [page] : [];
        const iframe = page.locator('iframe');
        if ((await iframe.count()) > 0) frames.push(await (await iframe.first().elementHandle()).contentFrame());
        for (const frame of frames) {
          await ready(frame);
          await withLeader(frame);
          // Entries in the logs, messages in flight: the busy picture is the one to judge.
          await frame.evaluate(() => {
            const el = document.querySelector('raft-playground');
            for (let v = 1; v <= 3; v++) {
              try {
                el.playground.proposeToLeader(v);
              } catch {
                // no leader this instant
              }
              el.playground.advance(40);
            }
            el.play();
            el.pause();
          });
          for (const v of await seriousViolations(frame, { exclude: ['iframe'] })) found.push(`${path} (${scheme})${frame === page ? '' : ' [iframe]'}: ${v}`);
        }
      }
      assert.deepEqual(found, []);
    },
    { ...served, goto: false, name: 'a11y-axe' },
  ));

test('keyboard only: focus a server, Enter opens its actions; keys partition, submit and scrub; ? lists the keys', () =>
  withPage(
    async (page) => {
      await ready(page);
      await withLeader(page);
      // Tab from the top of the page reaches the servers, named with their role and term.
      let label = null;
      for (let i = 0; i < 60 && !label; i++) {
        await page.keyboard.press('Tab');
        label = await page.evaluate(() => (document.activeElement?.closest('[data-testid^="node-"]') ? document.activeElement.getAttribute('aria-label') : null));
      }
      assert.match(label ?? '', /^In term \d+: S1, (Follower|Leader|Candidate)/);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'button');
      // Focus is visible: an outline on the focused server.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none');
      // Enter opens its actions, focus in the menu; Escape closes it.
      await page.keyboard.press('Enter');
      await page.getByTestId('node-menu').waitFor({ state: 'visible' });
      assert.ok(await page.evaluate(() => document.activeElement?.closest('[data-testid="node-menu"]') !== null));
      await page.keyboard.press('Escape');
      await page.getByTestId('node-menu').waitFor({ state: 'detached' });

      // Partition by keys: select S2 (digit), isolate it (I): it is alone in its group.
      await page.keyboard.press('2');
      await page.keyboard.press('i');
      let g = await groups(page);
      assert.equal(g.filter((x) => x === g[1]).length, 1, `S2 isolated: ${g}`);
      // G moves it on to the next group: back with the others here (two groups: it joins them).
      await page.keyboard.press('g');
      g = await groups(page);
      assert.ok(new Set(g).size <= 2, `groups after G: ${g}`);
      await page.keyboard.press('h'); // heal
      assert.equal(new Set(await groups(page)).size, 1);

      // Submit by key: the leader's log grows.
      const leader = await page.evaluate(() => document.querySelector('raft-playground').playground.leader());
      const before = await page.evaluate((l) => document.querySelector('raft-playground').playground.log(l).length, leader);
      await page.keyboard.press('Escape');
      await page.keyboard.press('s');
      const after = await page.evaluate((l) => document.querySelector('raft-playground').playground.log(l).length, leader);
      assert.ok(after > before, 'S submitted nothing');

      // Scrub: Tab to the timeline, arrows move the cursor back, Home to the start.
      let onStrip = false;
      for (let i = 0; i < 80 && !onStrip; i++) {
        await page.keyboard.press('Tab');
        onStrip = await page.evaluate(() => document.activeElement?.getAttribute('role') === 'slider' && document.activeElement.closest('.rp-travel') !== null);
      }
      assert.ok(onStrip, 'the timeline is not reachable with Tab');
      const t0 = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      await page.keyboard.press('ArrowLeft');
      const t1 = await page.evaluate(() => document.querySelector('raft-playground').playground.now());
      assert.ok(t1 < t0, `ArrowLeft: ${t0} -> ${t1}`);
      await page.keyboard.press('Home');
      assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playground.now()), 0);

      // ? shows the shortcuts.
      await page.keyboard.press('?');
      await page.locator('.rp-help-sheet').waitFor({ state: 'visible' });
    },
    { ...served, path: 'index.html?seed=7', name: 'a11y-keyboard' },
  ));

test('keyboard in a docs page: the element in its shadow root takes Enter on a focused server', () =>
  withPage(
    async (page) => {
      await ready(page);
      await withLeader(page);
      const el = page.locator('raft-playground').first();
      await el.locator('[data-testid="node-0"]').focus();
      await page.keyboard.press('Enter');
      await el.locator('[data-testid="node-menu"]').waitFor({ state: 'visible' });
      assert.ok(await el.evaluate((node) => node.shadowRoot.activeElement?.closest('[data-testid="node-menu"]') !== null));
      await page.keyboard.press('Escape');
      // A server key acts on the focused server: I isolates S1.
      await el.locator('[data-testid="node-0"]').focus();
      await page.keyboard.press('i');
      const g = await groups(page);
      assert.equal(g.filter((x) => x === g[0]).length, 1, `S1 isolated: ${g}`);
    },
    { ...served, path: 'docs/roles.html', name: 'a11y-keyboard-docs' },
  ));

test('prefers-reduced-motion: the element starts paused and messages hop instead of gliding', () =>
  withPage(
    async (page, _url, ctx) => {
      for (const path of ['embed.html?scenario=election', 'docs/elections.html']) {
        await page.goto(new URL(path, ctx.base).href);
        await ready(page);
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => document.querySelector('raft-playground').playing), false, `${path} plays by itself`);
      }
      // Played by the reader: the flights are stepped animations.
      await page.evaluate(() => document.querySelector('raft-playground').play());
      await page.waitForFunction(() => document.querySelector('raft-playground').shadowRoot.getAnimations().length > 0);
      const easings = await page.evaluate(() => document.querySelector('raft-playground').shadowRoot.getAnimations().map((a) => a.effect.getTiming().easing));
      assert.ok(easings.every((e) => e.startsWith('steps(')), `easings: ${easings}`);
    },
    { ...served, goto: false, context: { reducedMotion: 'reduce' }, name: 'a11y-motion' },
  ));

test('touch: dragging a server with a finger cuts it off; a tap opens its menu (pointer events)', () =>
  withPage(
    async (page) => {
      await ready(page);
      await withLeader(page);
      const cdp = await page.context().newCDPSession(page);
      const centre = async (id) => {
        const b = await page.locator(`[data-testid="node-${id}"] .body`).boundingBox();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      };
      const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
      // A tap: the menu.
      const c1 = await centre(1);
      await touch('touchStart', [c1]);
      await touch('touchEnd', []);
      await page.getByTestId('node-menu').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      // A drag from S1's centre to the stage's corner: S1 is in a partition of its own.
      const c0 = await centre(0);
      const stage = await page.getByTestId('stage').boundingBox();
      const to = { x: stage.x + 20, y: stage.y + stage.height - 20 };
      await touch('touchStart', [c0]);
      for (let i = 1; i <= 12; i++) await touch('touchMove', [{ x: c0.x + ((to.x - c0.x) * i) / 12, y: c0.y + ((to.y - c0.y) * i) / 12 }]);
      await touch('touchEnd', []);
      const g = await groups(page);
      assert.equal(g.filter((x) => x === g[0]).length, 1, `S1 cut off by touch: ${g}`);
    },
    { ...served, path: 'embed.html?seed=3', viewport: { width: 390, height: 700 }, context: { hasTouch: true, isMobile: true }, name: 'a11y-touch' },
  ));

test('360 px: servers readable, logs scroll sideways, the full page\'s controls wrap, nothing overflows the page', () =>
  withPage(
    async (page, _url, ctx) => {
      for (const path of ['index.html?seed=5', 'embed.html?scenario=replication', 'docs/zh-CN/replication.html', 'docs/replication.html']) {
        await page.goto(new URL(path, ctx.base).href);
        await ready(page);
        await withLeader(page);
        // Many entries: the log is wider than the screen.
        await page.evaluate(() => {
          const el = document.querySelector('raft-playground');
          for (let v = 1; v <= 30; v++) {
            try {
              el.playground.proposeToLeader(v);
            } catch {
              // no leader this instant
            }
            el.playground.advance(20);
          }
          el.play();
          el.pause();
        });
        // A narrow full page shows the logs in a tab of their own.
        const logsTab = page.locator('raft-playground').getByTestId('tab-logs');
        if (await logsTab.isVisible()) await logsTab.click();
        const m = await page.evaluate(() => {
          const el = document.querySelector('raft-playground');
          const root = el.shadowRoot ?? el;
          const names = [...root.querySelectorAll('.node .name')].map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1));
          const scroller = root.querySelector('.log-scroll');
          const cells = [...root.querySelectorAll('.log-cell, .cell')].slice(0, 3).map((c) => c.getBoundingClientRect().width);
          return {
            pageWidth: document.scrollingElement.scrollWidth,
            viewport: document.documentElement.clientWidth,
            smallestName: Math.min(...names),
            logScrolls: scroller ? scroller.scrollWidth > scroller.clientWidth && getComputedStyle(scroller).overflowX !== 'hidden' : null,
            cells,
            toolbar: [...root.querySelectorAll('.rp-toolbar > *')]
              .map((c) => c.getBoundingClientRect())
              .filter((r) => r.width > 0)
              .map((r) => ({ top: Math.round(r.top), right: r.right })),
          };
        });
        if (path.startsWith('index.html')) {
          // The full page grows downwards: its controls wrap, each in view (an embed keeps one
          // row that scrolls sideways: layout.test.mjs).
          const rows = new Set(m.toolbar.map((r) => r.top));
          assert.ok(rows.size >= 2, `the controls wrap: ${JSON.stringify(m.toolbar)}`);
          assert.ok(m.toolbar.every((r) => r.right <= m.viewport + 0.5), `every control in view: ${JSON.stringify(m.toolbar)}`);
        }
        assert.ok(m.pageWidth <= m.viewport, `${path}: the page is ${m.pageWidth}px wide in a ${m.viewport}px window`);
        // 11 CSS px, as the layout tests ask (less a rounding hair of the screen matrix).
        assert.ok(m.smallestName >= 10.95, `${path}: server names at ${m.smallestName}px`);
        assert.equal(m.logScrolls, true, `${path}: the logs do not scroll sideways`);
      }
    },
    { ...served, goto: false, viewport: { width: 360, height: 740 }, name: 'a11y-360', screenshot: '.tools/e2e/docs-360.png' },
  ));

test('themes follow prefers-color-scheme unless the theme attribute says otherwise', () =>
  withPage(
    async (page) => {
      await ready(page);
      // The dark theme is the light one inverted (embed/embed.css): a filter on the element.
      const look = () => page.evaluate(() => {
        const s = getComputedStyle(document.querySelector('raft-playground'));
        return s.filter;
      });
      const dark = await look();
      assert.match(dark, /^invert/);
      await page.emulateMedia({ colorScheme: 'light' });
      const light = await look();
      assert.equal(light, 'none');
      // theme="light" holds in a dark system; theme="dark" in a light one.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.evaluate(() => document.querySelector('raft-playground').setAttribute('theme', 'light'));
      assert.equal(await look(), light);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.evaluate(() => document.querySelector('raft-playground').setAttribute('theme', 'dark'));
      assert.equal(await look(), dark);
      // The page around it follows the system on its own.
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    },
    { ...served, path: 'docs/elections.html', context: { colorScheme: 'dark' }, name: 'a11y-theme' },
  ));
