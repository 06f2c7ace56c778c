import { withPage } from './harness.mjs';
const shot = async (page, ctx, f) => { await ctx.screenshot(`.tools/e2e/${f}.png`); };
await withPage(async (page, url, ctx) => {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
  await page.getByTestId('diagram-toggle').click();
  const r = await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const pg = e.playground;
    for (let i = 0; i < 100 && pg.leader() < 0; i++) pg.advance(50);
    pg.setLoss(0.15);
    pg.advance(2000);
    for (let i = 0; i < 5; i++) { try { pg.proposeToLeader(i + 1); } catch {} pg.advance(300); }
    pg.crash(2); pg.advance(1500); pg.restart(2); pg.advance(800);
    pg.forceTimeout(4); pg.advance(700);
    e.setSpeed(1/40); e.play(); e.pause();
    return pg.now();
  });
  await page.waitForTimeout(300);
  await shot(page, ctx, 'dg-loss-crash');
  // one-minute zoom timing
  const t = await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const pg = e.playground;
    pg.setLoss(0);
    pg.advance(60000);
    for (let i = 0; i < 20; i++) document.querySelector('[data-testid="diagram-zoom-out"]').click();
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) e.diagram.draw(pg, true);
    const t1 = performance.now();
    const n = pg.diagram(pg.now() - 60000, pg.now()).length / 12;
    return { msPerDraw: (t1 - t0) / 10, flights: n };
  });
  console.log(JSON.stringify(t));
  await page.evaluate(() => { const e = document.querySelector('raft-playground'); e.play(); e.pause(); });
  await page.waitForTimeout(300);
  await shot(page, ctx, 'dg-minute');
  // zoom in and open a card
  for (let i = 0; i < 14; i++) await page.getByTestId('diagram-zoom-in').click();
  await page.evaluate(() => { const e = document.querySelector('raft-playground'); e.pause(); });
  await page.waitForTimeout(200);
  const id = await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const d = e.diagram;
    const s = d.segments.find((x) => d.row(x.id)?.kind === 5 && !d.row(x.id).ok) ?? d.segments.find((x) => d.row(x.id)?.kind === 4 && d.row(x.id).entries > 0) ?? d.segments[0];
    return s.id;
  });
  await page.evaluate((id) => document.querySelector('[data-testid="diagram-wire"]') && document.querySelector('raft-playground').diagram.hooks.open(id), id);
  await page.waitForTimeout(200);
  await shot(page, ctx, 'dg-card');
}, { path: 'index.html?seed=3&nodes=9&paused', name: 'shots', viewport: { width: 1280, height: 900 } });

await withPage(async (page, url, ctx) => {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
  await page.evaluate(() => { const pg = document.querySelector('raft-playground').playground; pg.advance(3000); });
  await page.getByTestId('tab-diagram').click();
  await page.evaluate(() => { const e = document.querySelector('raft-playground'); e.play(); e.pause(); });
  await page.waitForTimeout(300);
  await shot(page, ctx, 'dg-narrow');
  const d = await page.evaluate(() => { const e = document.querySelector('raft-playground'); const s = e.diagram.segments.find(x => !x.flying); return s.id; });
  await page.evaluate((id) => document.querySelector('raft-playground').diagram.hooks.open(id), d);
  await page.waitForTimeout(200);
  await shot(page, ctx, 'dg-narrow-card');
}, { path: 'index.html?seed=3&nodes=5&paused', name: 'shots2', viewport: { width: 360, height: 740 } });
