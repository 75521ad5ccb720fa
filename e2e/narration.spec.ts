import { expect, test } from '@playwright/test';
import type { StepNarration } from '../src/runtime/narrationFeed.ts';
import { NarrationPage } from './narration.page.ts';

const SCHEDULED = '^The scheduler binds pod default/web-\\S+ to node-\\d$';
const RUNNING = '^The kubelet on node-\\d reports pod default/web-\\S+ Running$';

/** The index of the first step that matches, failing with `what` when none does. */
function first(told: StepNarration[], what: string, test: (s: StepNarration) => boolean): number {
  const i = told.findIndex(test);
  expect(i, `no step where ${what}`).toBeGreaterThanOrEqual(0);
  return i;
}

test('stepping a Deployment create, the narration tells the pod-creation flow in order', async ({
  page,
}) => {
  const app = new NarrationPage(page);
  await app.openPaused(1);
  await app.bootNodes(3);
  await app.createDeployment('web', 2);

  const toScheduler = await app.stepUntil(SCHEDULED, 600);
  // The panel shows the scheduler's step with its filter and score table: a row per node.
  await expect(app.headline()).toHaveText(
    /^The scheduler picks node-\d for pod default\/web-\S+ and asks the apiserver to bind it\.$/,
  );
  const table = app.schedulingTable();
  await expect(table.locator('caption').first()).toContainText('Filter and score for pod');
  const rows = table.locator('table').first().locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('th[scope="row"]')).toHaveText([/node-\d/, /node-\d/, /node-\d/]);
  const winner = rows.filter({ hasText: '★ chosen' });
  await expect(winner).toHaveCount(1);
  const chosen = await winner.getAttribute('data-node');
  await expect(app.headline()).toContainText(`picks ${chosen} for pod`);
  await expect(app.panel()).toContainText(/It filtered 3 nodes/);
  // The first screen at a laptop's and a projector's size.
  await app.showPanel();
  await page.screenshot({ path: 'test-results/narration-page-1440.png' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.showPanel();
  await page.screenshot({ path: 'test-results/narration-page-1366.png' });
  await page.setViewportSize({ width: 1440, height: 900 });
  // Each score plugin's weighted part, per node, behind a disclosure.
  await table.getByText('Score by plugin').click();
  const plugins = table.locator('table').nth(1);
  await expect(plugins.locator('thead th[scope="col"]')).toHaveCount(4);
  await expect(plugins.locator('tbody th[scope="row"]').first()).toContainText(/×\d+$/);
  // Tall enough for the whole panel in one picture.
  await page.setViewportSize({ width: 1440, height: 1600 });
  await app.showPanel();
  await app.panel().screenshot({ path: 'test-results/narration-scheduler-panel.png' });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The page's own Step and Step back: going back tells the scheduler's step again, table too.
  const scheduled = toScheduler.at(-1)!.seq;
  const shown = app.panel().getByTestId('narration-step');
  await page.getByTestId('step').click();
  await expect(shown).toHaveAttribute('data-seq', String(scheduled + 1));
  await expect(app.schedulingTable()).toHaveCount(0);
  await page.getByTestId('step-back').click();
  await expect(shown).toHaveAttribute('data-seq', String(scheduled));
  await expect(app.schedulingTable().locator('tbody tr').first()).toBeVisible();
  await expect(rows.filter({ hasText: '★ chosen' })).toHaveAttribute('data-node', chosen!);

  const told = [...toScheduler, ...(await app.stepUntil(RUNNING, 1_500))];
  const headline = (re: RegExp) => (s: StepNarration) => re.test(s.headline);
  const title = (re: RegExp) => (s: StepNarration) => re.test(s.title ?? '');
  const order = [
    first(
      told,
      'the apiserver admits the Deployment',
      headline(/^The apiserver checks kubectl's request to create Deployment default\/web /),
    ),
    first(told, 'etcd stores it', headline(/^etcd writes \/registry\/deployments\/default\/web /)),
    first(
      told,
      'the Deployment controller creates the ReplicaSet',
      title(/^The Deployment controller creates ReplicaSet default\/web-\w+ with 2 replicas$/),
    ),
    first(
      told,
      'the ReplicaSet controller creates a pod',
      title(/^The ReplicaSet controller creates a pod for ReplicaSet default\/web-/),
    ),
    first(told, 'the scheduler filters and scores', (s) => s.table?.rows.length === 3),
    first(
      told,
      'the apiserver takes the binding',
      headline(/^The apiserver checks the scheduler's request to bind pod default\/web-/),
    ),
    first(
      told,
      'the kubelet starts the pod',
      title(/^The kubelet on node-\d starts pod default\//),
    ),
    first(told, 'containerd starts the container', headline(/\(StartContainer\)\.$/)),
    first(told, 'the pod is Running', title(new RegExp(RUNNING))),
  ];
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // Stepping shows every delivery, each once, in trace order.
  const seqs = told.map((s) => s.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  await expect(app.headline()).toHaveText(told.at(-1)!.headline);
  expect(app.consoleErrors).toEqual([]);
});
