import { withPage } from './harness.mjs';
await withPage(async (page, url, ctx) => {
  await page.waitForFunction(() => document.querySelector('raft-playground')?.playground);
  await page.getByTestId('diagram-toggle').click();
  await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    const pg = e.playground;
    for (let i = 0; i < 100 && pg.leader() < 0; i++) pg.advance(50);
    pg.advance(500);
    const l = pg.leader();
    pg.crash(l);
    pg.advance(900);
    pg.proposeToLeader(7);
    pg.advance(300);
    pg.restart(l);
    pg.advance(600);
    e.play(); e.pause();
  });
  await page.waitForTimeout(300);
  await ctx.screenshot('.tools/e2e/dg-crash.png');
}, { path: 'index.html?seed=6&nodes=5&paused', name: 'shots3', viewport: { width: 1280, height: 900 } });
