import { expect, test } from '@playwright/test';
import { AppPage } from './app.page.ts';
import { InspectorPage } from './inspector.page.ts';

const CONTROL_PLANE = [
  'kubectl',
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
];
const NODES = ['node-1', 'node-2', 'node-3'];

async function openWithReadyNodes(app: AppPage): Promise<void> {
  await app.open();
  await app.setSpeed('16');
  for (const n of NODES)
    await expect(app.diagramNode(n)).toHaveAttribute('data-status', 'Ready', { timeout: 20_000 });
}

test('the diagram shows the control plane around the apiserver and three nodes', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await expect(app.diagram()).toBeVisible();
  for (const id of CONTROL_PLANE) {
    await expect(app.diagramComponent(id)).toBeVisible();
    await expect(app.diagramComponent(id)).toHaveAttribute('data-status', 'running');
  }
  // The controller-manager lists the controllers it runs.
  await expect(app.diagramComponent('kube-controller-manager')).toContainText('ReplicaSet');
  await expect(app.diagramComponent('kube-controller-manager')).toContainText('Deployment');

  await app.setSpeed('16');
  for (const n of NODES) {
    await expect(app.diagramNode(n)).toBeVisible();
    await expect(app.diagramNode(n)).toHaveAttribute('data-status', 'Ready', { timeout: 20_000 });
    for (const agent of ['kubelet', 'kube-proxy', 'containerd'])
      await expect(app.diagramComponent(`${agent}/${n}`)).toHaveAttribute('data-status', 'running');
  }
  // kubectl's own view of the nodes agrees with the diagram.
  await expect(page.getByTestId('nodes')).toContainText(/node-3\s+Ready/);
  await page.screenshot({ path: test.info().outputPath('diagram-3-nodes.png') });
  expect(app.consoleErrors).toEqual([]);
});

test("a Deployment's pods appear inside the nodes and reach Running, with packets in flight", async ({
  page,
}) => {
  const app = new AppPage(page);
  await openWithReadyNodes(app);
  expect(await app.createDeployment('web', 3)).toBe('deployment.apps/web created');
  // The controllers, the scheduler and the kubelets talk: their messages travel as packets.
  await expect(app.packets().first()).toBeVisible();

  const running = page.locator('[data-testid="diagram-pod"][data-status="Running"]');
  await expect(app.diagramPods('web-')).toHaveCount(3, { timeout: 20_000 });
  await expect(running).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByTestId('deployments')).toContainText(/web\s+3\/3/);

  // Each pod is drawn inside the box of the node it is bound to.
  for (const pod of await app.diagramPods('web-').all()) {
    const node = await pod.getAttribute('data-node');
    expect(NODES).toContain(node);
    const inner = (await pod.boundingBox())!;
    const outer = (await app.diagramNode(node!).boundingBox())!;
    expect(inner.x).toBeGreaterThanOrEqual(outer.x);
    expect(inner.y).toBeGreaterThanOrEqual(outer.y);
    expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width);
    expect(inner.y + inner.height).toBeLessThanOrEqual(outer.y + outer.height);
  }
  await page.screenshot({ path: test.info().outputPath('diagram-deployment.png') });
  expect(app.consoleErrors).toEqual([]);
});

test('with reduced motion packets hold still at mid-line and the state still changes', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const app = new AppPage(page);
  await openWithReadyNodes(app);
  expect(await app.createDeployment('api', 2)).toBe('deployment.apps/api created');
  await expect(app.packets().first()).toBeVisible();
  const progress = await app
    .packets()
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-progress')));
  expect(progress.length).toBeGreaterThan(0);
  expect(new Set(progress)).toEqual(new Set(['0.500']));
  await expect(page.locator('[data-testid="diagram-pod"][data-status="Running"]')).toHaveCount(2, {
    timeout: 20_000,
  });
  expect(app.consoleErrors).toEqual([]);
});

test('nodes, pods and node agents can be selected with the keyboard and the mouse', async ({
  page,
}) => {
  const app = new AppPage(page);
  await openWithReadyNodes(app);
  await app.createDeployment('web', 1);
  await expect(app.diagramPods('web-')).toHaveCount(1, { timeout: 20_000 });

  // React Flow makes each box focusable; Enter selects it, and focus moves on to the inspector's
  // heading once the keypress is over. Waiting for that keeps the next focus() from racing it.
  const inspectorHeading = new InspectorPage(page).heading();
  const podKey = await app.diagramPods('web-').getAttribute('data-pod');
  const podBox = page.locator(`.react-flow__node[data-id="pod:${podKey}"]`);
  await podBox.focus();
  await page.keyboard.press('Enter');
  await expect(app.diagramPods('web-')).toHaveClass(/selected/);
  await expect(inspectorHeading).toHaveText(`Pod ${podKey}`);
  await expect(inspectorHeading).toBeFocused();

  const nodeBox = page.locator('.react-flow__node[data-id="node:node-2"]');
  await nodeBox.focus();
  await page.keyboard.press('Enter');
  await expect(app.diagramNode('node-2')).toHaveClass(/selected/);
  await expect(inspectorHeading).toHaveText('Node node-2');
  await expect(inspectorHeading).toBeFocused();
  await expect(app.diagramPods('web-')).not.toHaveClass(/selected/);

  // A click does the same.
  await app.diagramNode('node-3').click();
  await expect(app.diagramNode('node-3')).toHaveClass(/selected/);
  await expect(app.diagramNode('node-2')).not.toHaveClass(/selected/);
  await expect(inspectorHeading).toHaveText('Node node-3');
  await expect(inspectorHeading).toBeFocused();

  // An agent's chip is a button of its own.
  await app.diagramComponent('kubelet/node-2').focus();
  await page.keyboard.press('Enter');
  await expect(app.diagramComponent('kubelet/node-2')).toHaveClass(/selected/);
  expect(app.consoleErrors).toEqual([]);
});

test('a deleted pod fades where it stood while its replacement grows in', async ({ page }) => {
  await page.goto('/?paused&seed=1');
  await page.waitForFunction(() => window.kubeviz !== undefined);
  await page.evaluate(() => {
    const k = window.kubeviz!;
    void k.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    k.advance(15_000);
  });
  const pods = page.getByTestId('diagram-pod');
  await expect(pods.filter({ has: page.getByText('Running') })).toHaveCount(2);
  const doomed = (await pods.first().getAttribute('data-pod'))!;
  const [namespace, name] = doomed.split('/');
  await page.evaluate(
    (path) => void window.kubeviz!.request('DELETE', path),
    `/api/v1/namespaces/${namespace}/pods/${name}`,
  );
  // Half a second of virtual time at a time, until the pod has left the diagram.
  const leaving = page.getByTestId('leaving-pod');
  await expect
    .poll(async () => {
      if ((await leaving.count()) > 0) return true;
      await page.evaluate(() => window.kubeviz!.advance(500));
      return false;
    })
    .toBe(true);
  await expect(leaving).toContainText(name!.slice(0, 8));
  await expect(page.locator(`[data-testid="diagram-pod"][data-pod="${doomed}"]`)).toHaveCount(0);
  await expect(leaving).toHaveCount(0);
});
