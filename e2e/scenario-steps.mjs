// Steps the scenario tests share: wait for a ready playground, open a scenario from the menu and
// seek to the end of its story.

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
