import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page.ts';
import { InspectorPage } from './inspector.page.ts';

/** axe's findings inside one part of the page, as "rule: element" lines. */
async function violations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

test('a pod, the scheduler and a message open in the inspector', async ({ page }) => {
  // A long walk through three inspectors; on a busy two-core machine it needs more than a minute.
  test.setTimeout(120_000);
  const app = new AppPage(page);
  const inspector = new InspectorPage(page);
  await inspector.open(1);
  await app.runDeployment('web', 2);

  // A pod: its YAML, where etcd keeps it, what changed, and why it exists.
  const pod = app.diagramPods('web-').first();
  const podKey = (await pod.getAttribute('data-pod'))!;
  const name = podKey.slice('default/'.length);
  await pod.click();
  await expect(inspector.panel()).toBeVisible();
  await expect(inspector.heading()).toHaveText(`Pod ${podKey}`);
  await expect(inspector.heading()).toBeFocused();
  await expect(inspector.yaml()).toContainText(`name: ${name}`);
  await expect(inspector.yaml()).toContainText('kind: Pod');
  await expect(inspector.key()).toHaveText(`/registry/pods/default/${name}`);
  await expect(inspector.revision()).toHaveText(/^\d+$/);
  // Running means the kubelet wrote status after the scheduler's binding: several versions.
  expect(await inspector.versions().locator('option').count()).toBeGreaterThan(2);
  await expect(inspector.diff()).toContainText(/^[-+] /m);
  // The chain starts with the learner's action, then kubectl's POST of the Deployment.
  await expect(inspector.whyLinks().first()).toContainText('you: ');
  await expect(inspector.whyLinks().nth(1)).toContainText(
    'kubectl → kube-apiserver: POST /apis/apps/v1/namespaces/default/deployments',
  );
  await expect(inspector.whyLinks().last()).toContainText(`/registry/pods/default/${name}`);
  // The first version: created by the ReplicaSet controller, still because of the same POST.
  const first = await inspector.versions().locator('option').first().getAttribute('value');
  await inspector.versions().selectOption(first!);
  await expect(inspector.diff()).toContainText('there is no earlier version');
  await expect(inspector.whyLinks().nth(1)).toContainText('kubectl → kube-apiserver: POST');
  await expect(inspector.yaml()).not.toContainText('nodeName');
  await page.screenshot({ path: test.info().outputPath('inspector-pod.png') });
  expect(await violations(page, '[data-testid="inspector"]')).toEqual([]);
  await inspector.whyLinks().first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('inspector-pod-why.png') });

  // Escape closes it and gives focus back to the pod's box; Enter there opens it again.
  await inspector.heading().focus();
  await page.keyboard.press('Escape');
  await expect(inspector.panel()).toBeHidden();
  const podBox = page.locator(`.react-flow__node[data-id="pod:${podKey}"]`);
  await expect(podBox).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(inspector.heading()).toHaveText(`Pod ${podKey}`);
  await page.keyboard.press('Escape');
  await expect(inspector.panel()).toBeHidden();

  // The scheduler: its informer caches next to etcd, and its queues.
  await app.diagramComponent('kube-scheduler').click();
  await expect(inspector.heading()).toHaveText('Component kube-scheduler');
  await expect(page.getByTestId('inspector-status')).toContainText('running');
  const pods = inspector.informer('pods');
  await expect(pods).toBeVisible();
  // Once the cluster is quiet the cache and etcd agree: the same count of pods on both sides.
  await expect
    .poll(async () => {
      const cached = await pods.getByTestId('cache-count').textContent();
      const stored = await pods.getByTestId('etcd-count').textContent();
      return cached === stored ? Number(cached) : -1;
    })
    .toBeGreaterThanOrEqual(2);
  await expect(inspector.informer('nodes').getByTestId('cache-count')).toHaveText('3');
  await expect(inspector.informer('nodes').getByTestId('etcd-count')).toHaveText('3');
  await expect(inspector.queueDepth('activeQ')).toHaveText(/^\d+$/);
  await expect(inspector.queueDepth('unschedulablePods')).toHaveText('0');
  await page.screenshot({ path: test.info().outputPath('inspector-scheduler.png') });
  expect(await violations(page, '[data-testid="inspector"]')).toEqual([]);

  // A message from the log: who sent it, when, and what it noted.
  await page.keyboard.press('Escape');
  const log = page.getByTestId('trace');
  await expect(log).toHaveAttribute('tabindex', '0');
  await expect(log).toHaveAccessibleName('Messages, newest first');
  // Paused, so the row stays where it is while it is clicked.
  const seq = String(await inspector.pauseWithLogSettled());
  await inspector
    .messageRows()
    .and(page.locator(`[data-seq="${seq}"]`))
    .click();
  await expect(inspector.heading()).toHaveText(`Message #${seq}`);
  await expect(inspector.heading()).toBeInViewport();
  await expect(page.getByTestId('inspector-message')).toContainText('delivered at');
  await page.screenshot({ path: test.info().outputPath('inspector-message.png') });
  // The log scrolls on its own and is reachable from the keyboard; so are the events.
  expect(await violations(page, '.log')).toEqual([]);
  expect(await violations(page, '[data-testid="events"]')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(inspector.panel()).toBeHidden();
  await expect(inspector.messageRows().and(page.locator(`[data-seq="${seq}"]`))).toBeFocused();
  await page.locator('.log').screenshot({ path: test.info().outputPath('message-log.png') });
  await page.getByTestId('events').screenshot({ path: test.info().outputPath('event-log.png') });
  expect(app.consoleErrors).toEqual([]);
});
