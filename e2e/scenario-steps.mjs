// Steps the scenario tests share: wait for a ready playground, open a scenario from the menu and
// seek to the end of its story, settle a leader that has committed.

/** The CSS selector of an element by its test id. */
export const byId = (id) => `[data-testid="${id}"]`;

/** Waits until the page's playground is built and running. */
export async function ready(page) {
  await page.waitForFunction(() => {
    const e = document.querySelector('raft-playground');
    return e?.getAttribute('data-state') === 'ready' && e.playground !== null;
  });
}

/** Picks `id` from the scenario menu and seeks to the end of its story, paused there. */
export async function openScenario(page, id, glideMs = 400) {
  await ready(page);
  await page.selectOption(byId('scenario-select'), id);
  await page.waitForFunction((s) => document.querySelector('raft-playground').session?.scenarioId === s, id);
  await ready(page);
  await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    e.pause();
    const captions = e.session.captions;
    e.playground.seek(captions[captions.length - 1].at + 300);
    e.play();
    e.pause();
  });
  await page.waitForTimeout(glideMs); // the ring glides into place
}

/** Runs the paused playground on until a leader has committed an entry of its term (its no-op
 * does it), then shows that moment, paused: a cluster ready for a membership change. */
export async function settleCommittedLeader(page) {
  await page.evaluate(() => {
    const e = document.querySelector('raft-playground');
    e.pause();
    for (let i = 0; i < 200; i++) {
      const l = e.playground.leader();
      if (l >= 0 && e.playground.inspect(l).commitIndex > 0) break;
      e.playground.advance(25);
    }
    e.play();
    e.pause();
  });
}
