import { expect, test } from '@playwright/test';
import { PlaybackPage } from './playback.page.ts';

test('step forward one message at a time, back again, and to the end', async ({ page }) => {
  const app = new PlaybackPage(page);
  await app.open();
  const start = await app.traceLength();
  await app.createDeployment('web', 2);
  await expect(app.markers()).toHaveCount(1);
  // The create is one step (the learner's action), then one message per press.
  await app.press('ArrowRight', 12);
  await app.expectTraceLength(start + 13);
  const trace = await page.evaluate(() => window.kubeviz!.exportTrace());
  await app.press('ArrowLeft', 3);
  await app.expectTraceLength(start + 10);
  await expect(app.pastNote()).toBeVisible();
  // Going back cut the trace to exactly the run's prefix.
  const back = await page.evaluate(() => window.kubeviz!.exportTrace());
  expect(JSON.parse(back)).toEqual(JSON.parse(trace).slice(0, start + 10));
  // End replays the same three messages.
  await app.press('End');
  await app.expectTraceLength(start + 13);
  expect(await page.evaluate(() => window.kubeviz!.exportTrace())).toBe(trace);
  await expect(app.pastNote()).toBeHidden();
  // A story beat is several messages at once: back to just after the create, one beat delivers
  // the whole write (the request, etcd's txn and its answer, the reply), with any messages of
  // other beats due on the way.
  await app.press('ArrowLeft', 12);
  await app.expectTraceLength(start + 1);
  await page.getByTestId('step-beat').click();
  await expect.poll(() => app.traceLength()).toBeGreaterThanOrEqual(start + 5);
  const beat = JSON.parse(await page.evaluate(() => window.kubeviz!.exportTrace())) as {
    kind: string;
    to: string;
  }[];
  expect(beat.at(-1)).toMatchObject({ kind: 'api.response', to: 'kubectl' });
  await page.screenshot({ path: test.info().outputPath('playback-stepping.png') });
});

test('rewind before an action and act differently: the run forks', async ({ page }) => {
  const app = new PlaybackPage(page);
  await app.open(2);
  await app.createDeployment('web', 2);
  await page.evaluate(() => window.kubeviz!.advance(15_000));
  await expect.poll(() => app.pods()).toHaveLength(2);
  // Back to just before the create: no Deployment, no pods; a future lies ahead.
  await app.markers().first().click();
  await expect.poll(() => app.deployments()).toEqual([]);
  await expect.poll(() => app.pods()).toEqual([]);
  await expect(app.pastNote()).toBeVisible();
  await expect(page.getByTestId('pods')).not.toContainText('web-');
  // Acting here forks: the old future (web) is gone, the new one (api) runs instead.
  await app.createDeployment('api', 1);
  await expect(app.pastNote()).toBeHidden();
  await expect(app.markers()).toHaveCount(1);
  await page.evaluate(() => window.kubeviz!.advance(15_000));
  await expect.poll(() => app.deployments()).toEqual(['api']);
  await expect.poll(async () => (await app.pods()).every((p) => p.startsWith('api-'))).toBe(true);
  await expect.poll(() => app.pods()).toHaveLength(1);
  await page.screenshot({ path: test.info().outputPath('playback-forked.png') });
});

test('the timeline scrubs back in virtual time', async ({ page }) => {
  const app = new PlaybackPage(page);
  await app.open(3);
  await page.evaluate(() => window.kubeviz!.advance(10_000));
  await expect(page.getByTestId('virtual-time')).toHaveText('0:30.000');
  const range = page.getByTestId('timeline-range');
  await range.fill('25000');
  await expect(page.getByTestId('virtual-time')).toHaveText('0:25.000');
  await expect(app.pastNote()).toBeVisible();
  await page.getByTestId('seek-end').click();
  await expect(page.getByTestId('virtual-time')).toHaveText('0:30.000');
});

test('keys drive playback, but never while typing in a field', async ({ page }) => {
  const app = new PlaybackPage(page);
  await app.open(4);
  const start = await app.traceLength();
  await app.press(' ');
  await expect(page.getByTestId('play-pause')).toHaveText('Pause');
  await app.press(' ');
  await expect(page.getByTestId('play-pause')).toHaveText('Play');
  const paused = await app.traceLength();
  expect(paused).toBeGreaterThanOrEqual(start);
  // In a text field the same keys are the learner's text.
  const name = page.getByTestId('deploy-name');
  await name.fill('abc');
  await name.press('ArrowLeft');
  await name.press(' ');
  await name.press('ArrowRight');
  await expect(page.getByTestId('play-pause')).toHaveText('Play');
  expect(await app.traceLength()).toBe(paused);
  await expect(name).toHaveValue('ab c');
  // ? lists the shortcuts; Escape closes the list.
  await app.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Step forward one story beat');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await app.press('ArrowRight');
  await app.expectTraceLength(paused + 1);
});
