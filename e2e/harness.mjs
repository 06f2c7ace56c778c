// Shared helpers for the browser tests (node --test e2e/) and the page benchmark.
//
//   import { test } from 'node:test';
//   import assert from 'node:assert/strict';
//   import { withPage } from './harness.mjs';
//
//   test('the page loads', () =>
//     withPage(async (page, url) => {
//       assert.equal(await page.title(), 'Raft Playground');
//     }, { path: 'index.html?nodes=9', screenshot: '.tools/e2e/nine.png' }));
//
// withPage serves www/dist (built by `npm run build`, which `npm test` runs first; nothing is
// built here) with vite preview (serve.mjs) on a free localhost port, launches Debian's chromium
// headless through playwright-core, opens the page and hands it to the callback. Console errors,
// uncaught exceptions, failed requests and responses >= 400 seen while the page was open fail the
// test, after the callback ran. On failure a screenshot goes to .tools/e2e/.

import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(ROOT, 'www', 'dist');
export const ARTIFACTS = join(ROOT, '.tools', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless chromium (Debian's, never a downloaded one). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run bash scripts/ensure-tools.sh --browser`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Serves www/dist (or E2E_DIST) with vite preview on a free port: { url, port, close() }.
 * `serveOpts`: serve.mjs's { base, headers }. */
export async function serveDist(dir = DIST, serveOpts = {}) {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${join(dir, 'index.html')} not found: run npm run build first`);
  }
  return serve(dir, serveOpts);
}

/** Full-page screenshot to `file` (folders made as needed); returns the absolute path. */
export async function screenshot(page, file) {
  const path = resolve(ROOT, file);
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Records what went wrong on a page: console errors, uncaught exceptions, failed requests and
 * HTTP responses >= 400. `allow`: patterns of problems to ignore (use sparingly).
 */
export function watchProblems(page, allow = []) {
  const problems = [];
  const add = (text) => {
    if (!allow.some((re) => re.test(text))) problems.push(text);
  };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    add(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => add(`uncaught: ${err.stack || err.message || String(err)}`));
  page.on('requestfailed', (req) => add(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (res) => {
    if (res.status() >= 400) add(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return problems;
}

/**
 * Makes every Content-Security-Policy violation on the page (the built pages ship a strict
 * policy) a console error, which watchProblems turns into a failure.
 */
export async function reportPolicyViolations(page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

/**
 * Opens a page of the built site in a fresh headless chromium and runs `fn(page, url, ctx)`.
 *
 * opts:
 *   dist        folder to serve (www/dist)
 *   path        page to open, relative to the site root, query allowed ('index.html')
 *   goto        open the page before calling fn (true); false: fn navigates itself (to ctx.base...)
 *   viewport    { width, height } (1280 x 800)
 *   screenshot  save a screenshot there after fn succeeded (relative to the repo root)
 *   name        file name stem for the failure screenshot ('page')
 *   allow       RegExps of problems to ignore
 *   timeoutMs   default timeout of page actions (15000)
 *   base        serve the site under this sub-path ('/raft-playground/'; '/')
 *   headers     extra response headers (a Content-Security-Policy, say)
 *   context     extra options for browser.newContext (reducedMotion, hasTouch, colorScheme…)
 *
 * ctx: { base (site root URL), browser, problems (live list), screenshot(file) }
 * Resolves to fn's result; rejects if fn threw or any problem was seen.
 */
export async function withPage(fn, opts = {}) {
  const {
    path = 'index.html',
    goto = true,
    viewport = { width: 1280, height: 800 },
    allow = [],
    timeoutMs = 15000,
    name = 'page',
  } = opts;
  const server = await serveDist(opts.dist, { base: opts.base, headers: opts.headers });
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport, ...opts.context });
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    const problems = watchProblems(page, allow);
    await reportPolicyViolations(page);
    const url = new URL(path, server.url).href;
    const ctx = { base: server.url, browser, problems, screenshot: (file) => screenshot(page, file) };

    let result;
    try {
      if (goto) await page.goto(url, { waitUntil: 'load' });
      result = await fn(page, url, ctx);
      if (opts.screenshot) await screenshot(page, opts.screenshot);
    } catch (err) {
      const shot = await screenshot(page, join(ARTIFACTS, `${name}-failure.png`)).catch(() => null);
      if (shot) err.message += `\n(screenshot: ${shot})`;
      if (problems.length) err.message += `\nproblems on the page:\n  ${problems.join('\n  ')}`;
      throw err;
    }
    // Closing aborts requests still in flight: judge what was seen up to here.
    const seen = [...problems];
    if (seen.length) {
      const shot = await screenshot(page, join(ARTIFACTS, `${name}-failure.png`)).catch(() => null);
      throw new Error(
        `${seen.length} problem(s) on ${url}:\n  ${seen.join('\n  ')}${shot ? `\n(screenshot: ${shot})` : ''}`,
      );
    }
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}
