import { withPage } from './harness.mjs';
await withPage(async (page) => {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
  await page.getByTestId('diagram-toggle').click();
  const t = await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const pg = e.playground;
    for (let i = 0; i < 100 && pg.leader() < 0; i++) pg.advance(50);
    pg.advance(60000);
    for (let i = 0; i < 20; i++) document.querySelector('[data-testid="diagram-zoom-out"]').click();
    const now = pg.now();
    const med = (f) => { const xs = []; for (let i = 0; i < 15; i++) { const t0 = performance.now(); f(); xs.push(performance.now() - t0); } xs.sort((a, b) => a - b); return +xs[7].toFixed(2); };
    return {
      fetch: med(() => pg.diagram(now - 60000, now)),
      lanes: med(() => pg.lanes(now - 60000, now)),
      draw: med(() => e.diagram.draw(pg, true)),
      detail: med(() => pg.messageDetail(pg.diagram(now - 1000, now)[0])),
      detailOld: med(() => pg.messageDetail(pg.diagram(now - 59000, now - 58990)[0])),
    };
  });
  console.log(JSON.stringify(t));
}, { path: 'index.html?seed=3&nodes=9&paused', name: 'prof' });
