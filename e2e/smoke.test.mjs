// The built page loads in a real browser: right title, the <raft-playground> element is there and
// defined, nothing logged an error and no request failed (checked by withPage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

test('index.html loads cleanly', () =>
  withPage(
    async (page) => {
      assert.equal(await page.title(), 'Raft Playground');
      assert.equal(await page.locator('raft-playground').count(), 1);
      await page.waitForFunction(() => customElements.get('raft-playground') !== undefined);
      // Let the page run a moment: errors thrown after load (wasm start-up, first frames) count too.
      await page.waitForTimeout(1000);
    },
    { name: 'smoke-index', screenshot: '.tools/e2e/index.png' },
  ));

test('embed.html loads cleanly', () =>
  withPage(
    async (page) => {
      assert.equal(await page.title(), 'Raft Playground');
      assert.equal(await page.locator('raft-playground[embed]').count(), 1);
      await page.waitForFunction(() => customElements.get('raft-playground') !== undefined);
      await page.waitForTimeout(1000);
    },
    { path: 'embed.html', name: 'smoke-embed', screenshot: '.tools/e2e/embed.png' },
  ));
