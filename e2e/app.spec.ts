import { expect, test } from '@playwright/test';
import { AppPage } from './app.page.ts';

test('the page runs the engine and shows its live state', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  // The apiserver fills its watch cache and creates the system namespaces.
  await expect(app.namespaceRows()).toHaveCount(4);
  await expect(app.namespaceRows().first()).toContainText('default');
  await expect(app.namespaceRows().first()).toContainText('Active');
  const before = await app.revision();
  expect(before).toBeGreaterThanOrEqual(5);

  // A create goes through the real request path and moves etcd's revision. At 1x each of its four
  // hops is shown for 700 ms, so on a busy machine one attempt can take several seconds.
  await expect
    .poll(() => app.createNamespace('team-a'), { timeout: 30_000 })
    .toBe('namespace/team-a created');
  await expect(app.namespaceRows()).toHaveCount(5);
  expect(await app.revision()).toBeGreaterThan(before);
  await expect(page.getByTestId('trace')).toContainText('POST /api/v1/namespaces');

  // Bad input gets the apiserver's own error and changes nothing.
  const error = await app.createNamespace('Team_A');
  expect(error).toContain(
    'The Namespace "Team_A" is invalid: metadata.name: Invalid value: "Team_A"',
  );
  await expect(app.namespaceRows()).toHaveCount(5);
  const duplicate = await app.createNamespace('team-a');
  expect(duplicate).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists');

  // The typed test API agrees with what the page shows.
  const snapshot = await page.evaluate(() => window.kubeviz!.snapshot());
  expect(snapshot.namespaces.map((n) => n.metadata.name)).toEqual([
    'default',
    'kube-node-lease',
    'kube-public',
    'kube-system',
    'team-a',
  ]);
  expect(snapshot.revision).toBeGreaterThan(before);

  await page.screenshot({ path: test.info().outputPath('foundation.png'), fullPage: true });
  expect(app.consoleErrors).toEqual([]);
});

test('play and pause control virtual time', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveText('Play');
  const paused = await page.getByTestId('virtual-time').textContent();
  await page.waitForTimeout(300);
  await expect(page.getByTestId('virtual-time')).toHaveText(paused!);
  await page.keyboard.press('Tab');
  await page.getByTestId('play-pause').press('Enter');
  await expect(page.getByTestId('play-pause')).toHaveText('Pause');
  await expect(page.getByTestId('virtual-time')).not.toHaveText(paused!);
  expect(app.consoleErrors).toEqual([]);
});

test('a Deployment created from the form runs on the nodes', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.getByTestId('speed').selectOption('16');
  // Three worker nodes register and turn Ready.
  await expect(page.getByTestId('nodes')).toContainText(/node-1\s+Ready/);
  await expect(page.getByTestId('nodes')).toContainText(/node-3\s+Ready/);

  // Bad input gets the apiserver's own validation error.
  await page.getByTestId('deploy-replicas').fill('-1');
  await page.getByTestId('create-deployment').click();
  await expect(page.getByTestId('deploy-result')).toHaveText(
    'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  );

  await page.getByTestId('deploy-replicas').fill('3');
  await page.getByTestId('create-deployment').click();
  await expect(page.getByTestId('deploy-result')).toHaveText('deployment.apps/web created');
  await expect(page.getByTestId('deployments')).toContainText(/web\s+3\/3\s+3\s+3/, {
    timeout: 20_000,
  });
  // The pods table is kubectl's text: count its lines for the three running replicas.
  const runningLines = async () =>
    ((await page.getByTestId('pods').textContent()) ?? '')
      .split('\n')
      .filter((l) => /web-\w+-\w{5}\s+1\/1\s+Running/.test(l)).length;
  await expect.poll(runningLines).toBe(3);
  // The components' Events tell the same story; kubectl create deployment names the container after the image.
  await expect(page.getByTestId('events')).toContainText(/Normal\s+Scheduled\s+pod\/web-/);
  await expect(page.getByTestId('events')).toContainText('Started container nginx');
  await page.screenshot({ path: test.info().outputPath('deployment.png'), fullPage: true });
  expect(app.consoleErrors).toEqual([]);
});
