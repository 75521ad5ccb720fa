import { expect, test, type Page } from '@playwright/test';

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

/** Runs one scripted scenario, paused so only the script moves time, and returns the trace. */
async function traceIn(page: Page, placement: string): Promise<string> {
  await page.goto(`/?placement=${placement}&paused&seed=4`);
  await page.waitForFunction(() => window.kubeviz !== undefined);
  return page.evaluate(async (deployment) => {
    const k = window.kubeviz!;
    k.advance(2_000);
    // Paused: the reply arrives only as the script moves virtual time on.
    const created = k.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: deployment,
    });
    k.advance(6_000);
    if ((await created).code !== 201) throw new Error('the Deployment was not created');
    await k.act({ type: 'setComponentRunning', id: 'kube-scheduler', running: false });
    k.advance(2_000);
    await k.act({ type: 'setComponentRunning', id: 'kube-scheduler', running: true });
    await k.act({ type: 'stopNode', name: 'node-3' });
    k.advance(5_000);
    return k.exportTrace();
  }, DEPLOYMENT);
}

test('the same seed and actions give the same trace in every placement', async ({ page }) => {
  const perComponent = await traceIn(page, 'per-component');
  expect(await page.evaluate(() => window.kubeviz!.status().placement)).toBe('per-component');
  const singleWorker = await traceIn(page, 'single-worker');
  const inProcess = await traceIn(page, 'in-process');
  expect(JSON.parse(perComponent).length).toBeGreaterThan(500);
  // On a difference, say where the traces part rather than printing them whole.
  const firstDifference = (a: string, b: string) => {
    const [x, y] = [JSON.parse(a) as unknown[], JSON.parse(b) as unknown[]];
    const i = x.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(y[k]));
    return i < 0 && x.length === y.length ? 'identical' : { at: i, a: x[i], b: y[i] };
  };
  expect(firstDifference(perComponent, singleWorker)).toBe('identical');
  expect(firstDifference(perComponent, inProcess)).toBe('identical');
});
