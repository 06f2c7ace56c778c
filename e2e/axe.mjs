// axe-core (the npm package) run inside a page under test: injected through the DevTools
// protocol (page.evaluate), which a page's Content-Security-Policy does not govern, so the page
// keeps its strict policy while it is checked.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe on `frame` (a page or a frame) and resolves to its violations of impact serious or
 * critical, each as "rule: help (n nodes: selector, …)".
 */
export async function seriousViolations(frame, { exclude = [] } = {}) {
  await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async (excluded) => {
    const result = await window.axe.run(
      { exclude: excluded.map((s) => [s]) },
      { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : '')) }));
  }, exclude);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 4).join('; ')})`);
}
