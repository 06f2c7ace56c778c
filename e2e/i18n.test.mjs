// English and Simplified Chinese in a real browser, against the production build: with
// lang=zh-CN the parts of the page that speak the catalogs show no English word from the English
// catalog (node names, role names and protocol names aside), nothing overflows at 1280 and 360 px,
// and the picker switches language without reloading the run. Screenshots of both languages are
// kept in .tools/e2e/ for review.
//
// The space-time diagram and a message's card are checked too: Figure 2's field names there are
// marked translate="no" (the paper's code, the same in every language) and left out of the check.
//
// The notices are checked path by path (a bad tour step, a refused setting and action, a missing
// selection, copy link, save run, a damaged link, a run file without a link), and so are a safety
// violation's banner and the timeline's hover titles (SVG titles, outside innerText). Paths a
// browser cannot be made to take (a drawing that throws) are held by i18n/no-literal-text.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withPage, ROOT } from './harness.mjs';

/** The words of the English catalog's messages (not its keys, not placeholders), lower case. */
function englishWords() {
  const text = readFileSync(`${ROOT}/www/src/i18n/en.ts`, 'utf8');
  const body = text.slice(text.indexOf('export const en'));
  const words = new Set();
  for (const line of body.split('\n')) {
    const value = line.replace(/^\s*'[\w.]+':\s*/, '');
    for (const m of value.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)) {
      const s = (m[1] ?? m[2]).replace(/\{\w+\}/g, ' ');
      for (const w of s.match(/[A-Za-z]{3,}/g) ?? []) words.add(w.toLowerCase());
    }
  }
  // Names kept in every language: roles as the notes write them, messages and fields of the paper,
  // and the names printed on keycaps.
  for (const keep of ['leader', 'follower', 'candidate', 'raft', 'appendentries', 'requestvote', 'installsnapshot', 'timeoutnow', 'prevote', 'checkquorum', 'nextindex', 'matchindex', 'next', 'match', 'currentterm', 'votedfor', 'commitindex', 'lastapplied', 'space', 'enter', 'esc']) words.delete(keep);
  return words;
}
const ENGLISH = englishWords();

/** The regions that speak the catalogs. */
const SPOKEN = ['.rp-header', '.rp-toolbar', '.rp-caption', '.rp-stage', '.rp-feed', '.rp-travel', '.rp-logs', '.options-grid', '.network-grid', '.legend', '.rp-tabs', '.rp-safety', '.break-raft', '.rp-share', '.rp-tour', '.rp-inspector', '.rp-help-sheet'];

/** English catalog words visible in the spoken regions of the first element. */
async function englishOnPage(page, extra = []) {
  const texts = await page.evaluate((selectors) => {
    const el = document.querySelector('raft-playground');
    const root = el.shadowRoot ?? el;
    const out = [];
    for (const sel of selectors) {
      for (const node of root.querySelectorAll(sel)) {
        // Text marked translate="no" (Figure 2's identifiers on a message card) is the paper's code.
        let shown = node;
        if (node.querySelector('[translate="no"]')) {
          shown = node.cloneNode(true);
          for (const kept of shown.querySelectorAll('[translate="no"]')) kept.remove();
        }
        out.push(shown.innerText ?? shown.textContent ?? '');
        for (const withTitle of node.querySelectorAll('[title], [aria-label]')) out.push(withTitle.getAttribute('title') ?? '', withTitle.getAttribute('aria-label') ?? '');
      }
    }
    return out;
  }, [...SPOKEN, ...extra]);
  const found = new Set();
  // Figure 2's code notation (log[N].term) stays as the paper writes it.
  for (const t of texts) for (const w of t.replace(/\w+\[\w+\]\.\w+/g, '').match(/[A-Za-z]{3,}/g) ?? []) if (ENGLISH.has(w.toLowerCase())) found.add(w);
  return [...found];
}

async function ready(page) {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.getAttribute('data-state') === 'ready');
  await page.evaluate(() => document.querySelector('raft-playground').ready);
}

/** Runs (paused) until a leader is elected and a few entries commit, then draws. */
async function busyRun(page) {
  await page.evaluate(() => {
    const el = document.querySelector('raft-playground');
    el.pause();
    for (let i = 0; i < 400 && el.playground.leader() < 0 && el.playground.now() < 3000; i++) el.playground.advance(10);
    for (let v = 1; v <= 3; v++) {
      try {
        el.playground.proposeToLeader(v);
      } catch {
        // no leader this instant
      }
      el.playground.advance(60);
    }
    el.play();
    el.pause();
  });
}

async function inChinese(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('raft-playground');
    const root = el.shadowRoot ?? el;
    return root.querySelector('.rp-app')?.getAttribute('lang') === 'zh-CN';
  });
}

async function noOverflow(page, what) {
  const m = await page.evaluate(() => ({ page: document.scrollingElement.scrollWidth, view: document.documentElement.clientWidth }));
  assert.ok(m.page <= m.view, `${what}: the page is ${m.page}px wide in a ${m.view}px window`);
}

for (const width of [1280, 360]) {
  test(`zh-CN at ${width} px: the full page speaks Chinese in a scenario, with its feed and logs, and nothing overflows`, () =>
    withPage(
      async (page) => {
        await ready(page);
        await inChinese(page);
        await busyRun(page);
        await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('[data-testid="caption"]')?.textContent ?? ''));
        const feed = await page.locator('.rp-feed li').allTextContents();
        assert.ok(feed.length > 0, 'the feed has lines');
        assert.ok(feed.every((l) => /[\u4e00-\u9fff]/.test(l)), `feed lines in Chinese: ${feed.slice(0, 3)}`);
        if (width === 1280) {
          // The inspector of the leader: its lines and its "why".
          await page.locator('[data-testid="node-0"]').first().click();
          await page.keyboard.press('Escape');
          await page.waitForSelector('[data-testid="inspector"]:not(.hidden)');
          assert.match(await page.locator('[data-testid="insp-title"]').textContent(), /任期/);
          // The ? sheet.
          await page.locator('[data-testid="help"]').click();
          await page.waitForSelector('[data-testid="help-sheet"]:not([hidden]) dd');
          assert.match(await page.locator('[data-testid="help-sheet"] h2').textContent(), /快捷键/);
        }
        assert.deepEqual(await englishOnPage(page), []);
        await noOverflow(page, `zh-CN ${width}`);
        await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-zh-CN-${width}.png`, fullPage: true });
      },
      { path: 'index.html?lang=zh-CN&scenario=split-vote&paused', viewport: { width, height: 800 }, name: `i18n-zh-${width}` },
    ));
}

test('zh-CN: the space-time diagram and a message card speak Chinese, a refusal phrased from its code', () =>
  withPage(
    async (page) => {
      await ready(page);
      await inChinese(page);
      await busyRun(page);
      await page.waitForFunction(() => document.querySelector('raft-playground').diagram?.view?.segments.length > 0);
      assert.match(await page.getByTestId('diagram-toggle').textContent(), /时空图/);
      // A refused reply if the window shows one (the split vote refuses votes, §5.2), else any line.
      const target = await page.evaluate(() => {
        const d = document.querySelector('raft-playground').diagram.view;
        const segs = d.segments.filter((s) => !s.flying && Math.hypot(s.x2 - s.x1, s.y2 - s.y1) > 20);
        const long = (x) => -Math.hypot(x.x2 - x.x1, x.y2 - x.y1);
        const s = segs.filter((x) => d.row(x.id)?.ok === false && !x.lost).sort((a, b) => long(a) - long(b))[0] ?? segs[0];
        return { x: (s.x1 + s.x2) / 2, y: (s.y1 + s.y2) / 2 };
      });
      const box = await page.getByTestId('diagram-canvas').boundingBox();
      await page.mouse.click(box.x + target.x, box.y + target.y);
      const card = page.getByTestId('message-card');
      await card.waitFor({ state: 'visible' });
      assert.match(await card.locator('h3').first().textContent(), /^(请求|回复)：/);
      // Whether the message the click landed on was refused, by the core's own account.
      const refused = await page.evaluate((id) => {
        const pg = document.querySelector('raft-playground').playground;
        const d = pg.messageDetail(id);
        const f = d.fields;
        return f.kind === 'voteReply' ? !f.granted : f.kind === 'appendReply' ? !f.success : d.delivered?.replyOk === false;
      }, Number(await card.getAttribute('data-msg')));
      const outcome = await page.getByTestId('message-outcome').textContent();
      assert.match(outcome, /[\u4e00-\u9fff]/, `outcome in Chinese: ${outcome}`);
      if (refused) assert.match(outcome, /^(拒绝投票|被拒绝)：.*[\u4e00-\u9fff].*。$/, `the refusal's reason in Chinese: ${outcome}`);
      assert.deepEqual(await englishOnPage(page, ['.rp-diagram', '.rp-msg-card']), []);
      await noOverflow(page, 'zh-CN diagram and card');
      await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-zh-CN-diagram-1280.png`, fullPage: true });
      // Switched back by the picker, the open diagram and card speak English again.
      await page.locator('[data-testid="lang"]').selectOption('en');
      await page.waitForFunction(() => document.querySelector('.rp-app')?.getAttribute('lang') === 'en');
      assert.equal(await page.getByTestId('diagram-toggle').textContent(), 'Space-time diagram');
      assert.match(await page.getByTestId('diagram-span').textContent(), /^[\d.]+ (s|ms)$/);
      assert.match(await page.getByTestId('message-outcome').textContent(), /^(Vote granted|Vote refused|Success|Refused|No reply)/);
      assert.match(await page.locator('.dg-key').textContent(), /^Thin: heartbeat/);
    },
    { path: 'index.html?lang=zh-CN&scenario=split-vote&paused&diagram', viewport: { width: 1280, height: 900 }, context: { locale: 'en-US' }, name: 'i18n-zh-diagram' },
  ));

test('English stays English, and its screenshot is kept beside the Chinese one', () =>
  withPage(
    async (page) => {
      await ready(page);
      await busyRun(page);
      assert.equal(await page.locator('[data-testid="lang"]').inputValue(), 'en');
      assert.match(await page.locator('.rp-feed li').first().textContent(), /[a-z]/);
      await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-en-1280.png`, fullPage: true });
    },
    { path: 'index.html?scenario=split-vote&paused', context: { locale: 'en-US' }, name: 'i18n-en' },
  ));

test('the browser language decides by default: a zh-CN browser gets Chinese without asking', () =>
  withPage(
    async (page) => {
      await ready(page);
      await inChinese(page);
      assert.equal(await page.locator('[data-testid="lang"]').inputValue(), 'zh-CN');
    },
    { path: 'index.html?seed=3&paused', context: { locale: 'zh-CN' }, name: 'i18n-browser' },
  ));

test('embed.html?lang=zh-CN: the embedded element speaks Chinese, and nothing overflows at 360 px', () =>
  withPage(
    async (page) => {
      await ready(page);
      await inChinese(page);
      await busyRun(page);
      assert.deepEqual(await englishOnPage(page), []);
      await noOverflow(page, 'embed zh-CN');
      await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-zh-CN-embed-360.png`, fullPage: true });
    },
    { path: 'embed.html?lang=zh-CN&scenario=replication&paused', viewport: { width: 360, height: 700 }, context: { locale: 'en-US' }, name: 'i18n-embed' },
  ));

test('the tour in zh-CN: chapter title and step text in Chinese, keyed by chapter and step', () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => {
        const e = document.querySelector('raft-playground');
        return e?.tour?.active && e.session?.scenarioId === 'election';
      });
      await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('[data-testid="tour-text"]')?.textContent ?? ''));
      const title = await page.locator('[data-testid="tour-title"]').textContent();
      const text = await page.locator('[data-testid="tour-text"]').textContent();
      assert.equal(title, '选出一个领导者');
      assert.match(text, /^S4 的计时器最先走完/);
      assert.deepEqual(await englishOnPage(page), []);
      await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-zh-CN-tour-1280.png`, fullPage: true });
    },
    { path: 'index.html?lang=zh-CN&tour=election:2', context: { locale: 'en-US' }, name: 'i18n-tour' },
  ));

test('the picker switches language without reloading the run, and the choice is remembered', () =>
  withPage(
    async (page) => {
      await ready(page);
      await busyRun(page);
      const before = await page.evaluate(() => {
        const el = document.querySelector('raft-playground');
        el.playground.__sameRun = true;
        return { now: el.playground.now(), link: el.link(), lines: document.querySelectorAll('.rp-feed li').length };
      });
      await page.locator('[data-testid="lang"]').selectOption('zh-CN');
      await inChinese(page);
      await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('.rp-feed li')?.textContent ?? ''));
      const after = await page.evaluate(() => {
        const el = document.querySelector('raft-playground');
        return { same: el.playground.__sameRun === true, now: el.playground.now(), link: el.link(), lines: document.querySelectorAll('.rp-feed li').length, url: location.href };
      });
      assert.equal(after.same, true, 'the same playground');
      assert.equal(after.now, before.now, 'time did not move');
      assert.equal(after.link, before.link, 'the share link carries no language');
      assert.equal(after.lines, before.lines, 'the feed was told again, line for line');
      assert.doesNotMatch(after.url, /lang=/);
      assert.deepEqual(await englishOnPage(page), []);
      // Remembered: a reload opens in Chinese.
      await page.reload();
      await ready(page);
      await inChinese(page);
      // The attribute wins over the remembered choice.
      await page.evaluate(() => document.querySelector('raft-playground').setAttribute('lang', 'en'));
      await page.waitForFunction(() => document.querySelector('.rp-app')?.getAttribute('lang') === 'en');
      assert.equal(await page.locator('[data-testid="tab-cluster"]').textContent(), 'Cluster');
    },
    { path: 'index.html?seed=3&paused', context: { locale: 'en-US' }, name: 'i18n-picker' },
  ));

/** The notice's text once it shows `pattern`. */
async function noticeMatching(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="notice"]')?.textContent ?? ''), pattern.source);
  return page.locator('[data-testid="notice"]').textContent();
}

/** English catalog words in a text. */
function englishIn(text) {
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => ENGLISH.has(w.toLowerCase()));
}

test('zh-CN error paths: a damaged link and a file that is no run file are refused in Chinese (the binding sends codes, the page phrases them)', () =>
  withPage(
    async (page) => {
      await ready(page);
      await inChinese(page);
      // A damaged link in the address: the binding throws code linkTruncated, never its English.
      await page.evaluate(() => {
        location.hash = '#r2.AAAA';
      });
      const link = await noticeMatching(page, /链接/);
      assert.match(link, /链接已损坏或被截断/);
      assert.deepEqual(englishIn(link), [], link);
      assert.doesNotMatch(link, /damaged|truncated/);
      // A run file whose settings are of the wrong type: the run-file reader's code, phrased.
      await page.evaluate(() => {
        const el = document.querySelector('raft-playground');
        const root = el.shadowRoot ?? el;
        const input = root.querySelector('input[type="file"]');
        const file = new File(['{"format": "raft-playground-run", "version": 1}'], 'run.json', { type: 'application/json' });
        const list = new DataTransfer();
        list.items.add(file);
        input.files = list.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const file = await noticeMatching(page, /运行文件/);
      assert.match(file, /该运行文件没有分享链接/);
      assert.deepEqual(englishIn(file), [], file);
      // A bad config value handed to the binding: its Error carries the code the page phrases.
      const config = await page.evaluate(async () => {
        const el = document.querySelector('raft-playground');
        const Playground = el.playground.constructor;
        try {
          new Playground({ heartbeatMs: 'five' });
          return null;
        } catch (e) {
          return { code: e.code, field: e.values.field, message: e.message };
        }
      });
      assert.equal(config.code, 'notANumber');
      assert.equal(config.field, 'heartbeatMs');
      assert.match(config.message, /^heartbeatMs must be a number/, 'developers keep the English message');
      await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-zh-CN-error-1280.png`, fullPage: true });
    },
    { path: 'index.html?lang=zh-CN&seed=3&paused', context: { locale: 'en-US' }, name: 'i18n-errors' },
  ));

test('zh-CN notices: a bad tour step, a refused setting, a refused action, a missing selection, copy link and save run all speak Chinese', () =>
  withPage(
    async (page) => {
      await ready(page);
      await inChinese(page);
      /** The notice after `act`, once it says something new, checked for English catalog words. */
      const after = async (what, act, pattern, names = /$^/) => {
        await page.evaluate(() => {
          const n = document.querySelector('[data-testid="notice"]');
          if (n) n.textContent = '';
        });
        await act();
        const text = await noticeMatching(page, pattern);
        assert.deepEqual(englishIn(text.replace(names, '')), [], `${what}: ${text}`);
        return text;
      };
      // A tour step that does not exist: the tour starts from its beginning and says so.
      await after('a bad tour step', () => page.evaluate(() => void document.querySelector('raft-playground').startTour('nope:9')), /导览中没有“nope:9”这一步/);
      await page.locator('[data-testid="tour-leave"]').click().catch(() => {});
      await ready(page);
      // A setting the binding refuses: the run goes on, the refusal names the field in Chinese.
      const apply = await after('a refused setting', () => page.evaluate(() => void document.querySelector('raft-playground').reset({ nodes: 40 })), /^无法应用这项更改：/);
      assert.match(apply, /节点数必须是/);
      // An action the cluster refuses (no leader yet at t = 0): the action's name heads the reason.
      await page.evaluate(() => {
        const el = document.querySelector('raft-playground');
        el.pause();
        el.focus();
      });
      const refused = await after('a refused submit', () => page.keyboard.press('s'), /被拒绝：/);
      assert.match(refused, /^值 \d+ 被拒绝：.*领导者/);
      // A server key with no server selected.
      await after('no server selected', () => page.keyboard.press('c'), /^先选一个节点/);
      // Copy link (copied, or selected for Ctrl+C where the clipboard is not allowed).
      await after('copy link', () => page.locator('[data-testid="copy-link"]').click(), /^(链接已复制|请复制下方选中的链接)/);
      // Save run.
      const [download] = await Promise.all([page.waitForEvent('download'), after('save run', () => page.locator('[data-testid="export"]').click(), /^运行已保存为 raft-run-/, /raft-run-\S+/)]);
      // A file name, not words: it is the same in every language.
      assert.match(download.suggestedFilename(), /^raft-run-seed\d+-at-[\d.]+s\.json$/);
      // The timeline's axis label in the page's units.
      assert.equal(await page.locator('.tl-start').textContent(), '0 秒');
      assert.match(await page.getByTestId('timeline').getAttribute('aria-valuetext'), /秒，共 .*秒$/);
      await page.screenshot({ path: `${ROOT}/.tools/e2e/i18n-zh-CN-notices-1280.png` });
    },
    { path: 'index.html?lang=zh-CN&seed=3&paused', context: { locale: 'en-US' }, name: 'i18n-notices' },
  ));

test('zh-CN: a run played into its safety violation shows the banner and the timeline titles in Chinese', () =>
  withPage(
    async (page) => {
      await ready(page);
      await inChinese(page);
      await page.evaluate(() => document.querySelector('raft-playground').setSpeed(8));
      await page.evaluate(() => document.querySelector('raft-playground').play());
      await page.waitForFunction(() => {
        const e = document.querySelector('raft-playground');
        return !e.playing && e.playground.violationAt() >= 0;
      }, null, { timeout: 30_000 });
      const banner = await page.getByTestId('violation').textContent();
      assert.match(banner, /^违反安全性：/);
      assert.deepEqual(englishIn(banner), [], banner);
      // The hover texts of the timeline's bands and ticks (SVG titles, not in innerText).
      await page.evaluate(() => document.querySelector('raft-playground').pause());
      const titles = await page.locator('.tl-svg title').allTextContents();
      assert.ok(titles.some((t) => /违反安全性/.test(t)), `a violation tick: ${titles.join(' | ')}`);
      assert.ok(titles.length >= 3, `bands and ticks have titles: ${titles.length}`);
      for (const title of titles) assert.deepEqual(englishIn(title), [], title);
      assert.deepEqual(await englishOnPage(page), []);
      // Stepping from the start through the script's first actions: every step's notice in Chinese.
      await page.locator('[data-testid="timeline"]').focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(() => document.querySelector('raft-playground').playground.now() === 0);
      const steps = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('.');
        steps.push((await page.getByTestId('notice').textContent()) ?? '');
      }
      assert.ok(steps.some((s) => /崩溃/.test(s)), `a crash among the first steps: ${steps.join(' | ')}`);
      for (const s of steps) assert.deepEqual(englishIn(s), [], s);
    },
    { path: 'index.html?lang=zh-CN&scenario=break-old-term-commit&paused', context: { locale: 'en-US' }, name: 'i18n-violation' },
  ));
