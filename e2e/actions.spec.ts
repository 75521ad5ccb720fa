import { expect, test } from '@playwright/test';
import { ActionsPage } from './actions.page.ts';

test('a deleted pod is replaced by a new one with another name', async ({ page }) => {
  const ui = new ActionsPage(page);
  await ui.open();
  expect(await ui.createDeployment('web', '3')).toBe('deployment.apps/web created');
  await ui.until(async () => (await ui.running('web-')).length, 3);
  const before = await ui.running('web-');

  const victim = before[0]!;
  expect(await ui.deletePod(victim)).toBe(`pod "${victim}" deleted`);
  // The ReplicaSet counts the terminating pod out at once and creates a replacement.
  await ui.until(async () => (await ui.running('web-')).filter((n) => n !== victim).length, 3);
  const after = await ui.running('web-');
  expect(after).not.toContain(victim);
  expect(after.filter((n) => !before.includes(n))).toHaveLength(1);
  expect(ui.consoleErrors).toEqual([]);
});

test('scaling up and down changes how many pods run', async ({ page }) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '2');
  await ui.until(async () => (await ui.running('web-')).length, 2);

  expect(await ui.scale('web', '5')).toBe('deployment.apps/web scaled');
  await ui.until(async () => (await ui.running('web-')).length, 5);
  await expect(page.getByTestId('deployments')).toContainText(/web\s+5\/5\s+5\s+5/);

  expect(await ui.scale('web', '1')).toBe('deployment.apps/web scaled');
  // Scaled-down pods terminate gracefully before they go (30 s by default).
  await ui.until(async () => (await ui.pods('web-')).length, 1, 5000, 30_000);
  expect(await ui.running('web-')).toHaveLength(1);
  expect(ui.consoleErrors).toEqual([]);
});

test("a stopped node's pods are evicted and rescheduled on the other nodes", async ({ page }) => {
  test.setTimeout(150_000);
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '3');
  await ui.until(async () => (await ui.running('web-')).length, 3);
  const first = (await ui.pods('web-')).find((p) => p.phase === 'Running')!;
  const lost = first.node!;
  const onLost = (await ui.pods('web-')).filter((p) => p.node === lost).map((p) => p.uid);

  await expect(await ui.node(lost, 'stop')).toHaveText(
    `machine ${lost} stopped: its kubelet, kube-proxy and containerd are down`,
  );
  await expect(page.getByTestId(`component-kubelet/${lost}`)).toHaveAttribute(
    'data-status',
    'stopped',
  );
  // The node lifecycle controller marks it unreachable after the 40 s grace period...
  const notReady = new RegExp(`${lost}\\s+NotReady`);
  await ui.until(
    async () => notReady.test((await page.getByTestId('nodes').textContent()) ?? ''),
    true,
    5000,
  );
  // ...and the pods' 300 s toleration of node.kubernetes.io/unreachable runs out: they are
  // evicted, and their ReplicaSet starts replacements on the nodes that are still up.
  const rescheduled = async () => {
    const pods = (await ui.pods('web-')).filter((p) => p.phase === 'Running' && !p.deleting);
    return pods.length === 3 && pods.every((p) => p.node !== lost && !onLost.includes(p.uid));
  };
  await ui.until(rescheduled, true, 20_000, 60_000);
  const evicted = (await ui.pods('web-')).filter((p) => onLost.includes(p.uid));
  expect(evicted.every((p) => p.deleting)).toBe(true);
  expect(ui.consoleErrors).toEqual([]);
});

test('with kube-scheduler stopped new pods stay Pending; started, it schedules them', async ({
  page,
}) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '1');
  await ui.until(async () => (await ui.running('web-')).length, 1);

  expect(await ui.toggleComponent('kube-scheduler')).toBe('kube-scheduler stopped');
  await expect(page.getByTestId('control-status-kube-scheduler')).toHaveText('stopped');
  // The diagram shows the process as stopped too.
  await expect(page.getByTestId('component-kube-scheduler')).toHaveAttribute(
    'data-status',
    'stopped',
  );
  await expect(page.getByTestId('component-kube-scheduler')).toContainText('stopped');

  expect(await ui.scale('web', '3')).toBe('deployment.apps/web scaled');
  await ui.until(async () => (await ui.pods('web-')).length, 3);
  await ui.advance(30_000);
  await ui.until(async () => (await ui.pods('web-')).filter((p) => !p.node).length, 2);
  await expect(page.getByTestId('pods')).toContainText(/web-\S+\s+0\/1\s+Pending/);

  expect(await ui.toggleComponent('kube-scheduler')).toBe(
    'kube-scheduler started: it lists and watches from the apiserver again',
  );
  await expect(page.getByTestId('component-kube-scheduler')).toHaveAttribute(
    'data-status',
    'running',
  );
  await ui.until(async () => (await ui.running('web-')).length, 3);
  expect((await ui.pods('web-')).every((p) => p.node)).toBe(true);
  expect(ui.consoleErrors).toEqual([]);
});

test('cordon and drain print what kubectl prints, and the pods move', async ({ page }) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '3');
  await ui.until(async () => (await ui.running('web-')).length, 3);
  const node = (await ui.pods('web-'))[0]!.node!;
  const onNode = (await ui.pods('web-')).filter((p) => p.node === node).map((p) => p.name);

  await expect(await ui.node(node, 'cordon')).toHaveText(`node/${node} cordoned`);
  await expect(page.getByTestId('nodes')).toContainText(
    new RegExp(`${node}\\s+Ready,SchedulingDisabled`),
  );
  const output = await ui.node(node, 'drain');
  await ui.until(async () => (await output.textContent())?.endsWith(`node/${node} drained`), true);
  const lines = ((await output.textContent()) ?? '').split('\n');
  expect(lines[0]).toBe(`node/${node} already cordoned`);
  for (const name of onNode) {
    expect(lines).toContain(`evicting pod default/${name}`);
    expect(lines).toContain(`pod/${name} evicted`);
  }
  await ui.until(async () => (await ui.running('web-')).length, 3);
  expect((await ui.pods('web-')).every((p) => p.node !== node)).toBe(true);
  await ui.area().screenshot({ path: test.info().outputPath('actions-drain.png') });

  await expect(await ui.node(node, 'uncordon')).toHaveText(`node/${node} uncordoned`);
  expect(ui.consoleErrors).toEqual([]);
});

test('bad input gets a clear message and changes nothing', async ({ page }) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '2');
  await ui.until(async () => (await ui.running('web-')).length, 2);

  expect(await ui.createDeployment('Web_1', '1')).toContain(
    'The Deployment "Web_1" is invalid: metadata.name: Invalid value: "Web_1"',
  );
  expect(await ui.createDeployment('api', 'three')).toBe(
    'error: invalid argument "three" for "-r, --replicas" flag: strconv.ParseInt: parsing "three": invalid syntax',
  );
  expect(await ui.scale('web', '-2')).toBe(
    'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
  );
  expect(await ui.scale('web', '2.5')).toBe(
    'error: invalid argument "2.5" for "--replicas" flag: strconv.ParseInt: parsing "2.5": invalid syntax',
  );

  await ui.workload('crash');
  await page.getByTestId('crash-exit-code').fill('300');
  await page.getByTestId('crash-submit').click();
  expect(await ui.result('crash-result')).toBe(
    'error: exit code "300" must be a whole number from 1 to 255',
  );

  await ui.workload('load');
  await page.getByTestId('load-cpu').fill('lots');
  await page.getByTestId('load-submit').click();
  expect(await ui.result('load-result')).toContain(
    'error: CPU load "lots": quantities must match the regular expression',
  );

  await ui.tab('nodes');
  await page.getByTestId('add-node-name').fill('Node_4');
  await page.getByTestId('add-node-submit').click();
  expect(await ui.result('add-node-result')).toContain(
    'The Node "Node_4" is invalid: metadata.name: Invalid value: "Node_4": a lowercase RFC 1123 subdomain',
  );
  await page.getByTestId('add-node-name').fill('node-2');
  await page.getByTestId('add-node-submit').click();
  expect(await ui.result('add-node-result')).toBe('error: node node-2 already exists');
  await page.getByTestId('add-node-name').fill('node-4');
  await page.getByTestId('add-node-memory').fill('8 GB');
  await page.getByTestId('add-node-submit').click();
  expect(await ui.result('add-node-result')).toContain(
    'error: memory "8 GB": quantities must match',
  );
  await ui.area().screenshot({ path: test.info().outputPath('actions-error.png') });
  await expect(await ui.node('node-1', 'start')).toHaveText(
    'error: machine node-1 is already running',
  );

  await ui.tab('run');
  await page.getByTestId('seed-input').fill('0');
  await page.getByTestId('seed-reset').click();
  expect(await ui.result('seed-result')).toBe(
    'error: seed "0" must be a whole number from 1 to 4294967295',
  );
  expect(new URL(page.url()).searchParams.get('seed')).toBeNull();

  // Nothing above reached etcd, and nothing changed in the cluster.
  await ui.advance(5000);
  await expect.poll(() => page.evaluate(() => window.kubeviz!.snapshot().now)).toBeGreaterThan(0);
  const after = await page.evaluate(() => window.kubeviz!.snapshot());
  expect(
    after.deployments.map((d) => [d.metadata.name, (d.spec as { replicas: number }).replicas]),
  ).toEqual([['web', 2]]);
  expect(after.nodes.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
  expect(await ui.running('web-')).toHaveLength(2);
  expect(ui.consoleErrors).toEqual([]);
});

test('a reset starts a new cluster from the seed typed in', async ({ page }) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '1');
  await ui.tab('run');
  await page.getByTestId('seed-input').fill('7');
  await page.getByTestId('seed-reset').click();
  await page.waitForURL(/seed=7/);
  const url = new URL(page.url());
  expect(url.searchParams.has('paused')).toBe(true);
  await expect(page.getByRole('heading', { name: 'Kubeviz' })).toBeVisible();
  await ui.tab('run');
  await expect(page.getByTestId('seed-input')).toHaveValue('7');
  await expect
    .poll(() => page.evaluate(() => window.kubeviz!.snapshot().deployments.length))
    .toBe(0);
});

test('the actions area fits the side column at 1366x768 and works from the keyboard', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '3');
  await ui.until(async () => (await ui.running('web-')).length, 3);
  const area = ui.area();
  const box = (await area.boundingBox())!;
  const side = (await page.locator('aside.side').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(side.x);
  expect(box.x + box.width).toBeLessThanOrEqual(side.x + side.width + 0.5);
  // No control spills out of the card sideways.
  const overflow = await area.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The four tabs sit on one line.
  const tops = await area
    .getByRole('tab')
    .evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  await area.screenshot({ path: test.info().outputPath('actions-workloads.png') });

  // Arrow keys move between the tabs; every control has a name.
  await page.getByTestId('actions-tab-workloads').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('actions-tab-nodes')).toBeFocused();
  await expect(page.getByTestId('actions-tab-nodes')).toHaveAttribute('aria-selected', 'true');
  await area.screenshot({ path: test.info().outputPath('actions-nodes.png') });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('actions-tab-control-plane')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('control-toggle-kube-scheduler')).toBeFocused();
  await area.screenshot({ path: test.info().outputPath('actions-control-plane.png') });
  for (const control of await area.locator('input, select, button').all()) {
    if (!(await control.isVisible())) continue;
    const name = await control.evaluate(
      (el) =>
        (el as HTMLInputElement).labels?.[0]?.textContent ||
        el.getAttribute('aria-label') ||
        el.textContent,
    );
    expect(name?.trim(), await control.evaluate((el) => el.outerHTML)).toBeTruthy();
  }
  await area.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('actions-1366.png') });
  expect(ui.consoleErrors).toEqual([]);
});

test('set image rolls out, a crashed container restarts, load is set, a node joins and leaves', async ({
  page,
}) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '2');
  await ui.until(async () => (await ui.running('web-')).length, 2);

  await ui.workload('image');
  await expect(page.getByTestId('image-container')).toHaveValue('nginx');
  await page.getByTestId('image-value').fill('nginx:1.26');
  await page.getByTestId('image-submit').click();
  expect(await ui.result('image-result')).toBe('deployment.apps/web image updated');
  await ui.rolledOutTo('web-', 2, 'nginx:1.26');
  await page.getByTestId('image-submit').click();
  expect(await ui.result('image-result')).toContain('no change');

  const target = (await ui.running('web-'))[0]!;
  await ui.workload('crash');
  await page.getByTestId('crash-pod').selectOption({ label: target });
  await page.getByTestId('crash-submit').click();
  expect(await ui.result('crash-result')).toBe(
    `container nginx of pod ${target} exited with code 1`,
  );
  const restarts = () =>
    page.evaluate(
      (name) =>
        (
          window.kubeviz!.snapshot().pods.find((p) => p.metadata.name === name)?.status as {
            containerStatuses?: { restartCount: number }[];
          }
        )?.containerStatuses?.[0]?.restartCount,
      target,
    );
  await ui.until(restarts, 1);

  await ui.workload('load');
  await page.getByTestId('load-cpu').fill('500m');
  await page.getByTestId('load-submit').click();
  expect(await ui.result('load-result')).toBe('load on web (app=web) set to 500m CPU in total');

  await ui.tab('nodes');
  await expect(page.getByTestId('add-node-name')).toHaveValue('node-4');
  await page.getByTestId('add-node-submit').click();
  expect(await ui.result('add-node-result')).toBe(
    'machine node-4 added: its kubelet registers node/node-4',
  );
  await ui.until(async () => (await ui.readyNodes()).includes('node-4'), true, 2000);
  await expect(page.getByTestId('component-kubelet/node-4')).toHaveAttribute(
    'data-status',
    'running',
  );
  await expect(await ui.node('node-4', 'partition')).toHaveText(
    'machine node-4 cut off from the network',
  );
  await expect(await ui.node('node-4', 'heal')).toHaveText('machine node-4 back on the network');
  await expect(await ui.node('node-4', 'remove')).toHaveText(
    'machine node-4 deleted in the cloud; the cloud-controller-manager deletes its Node',
  );
  const nodeNames = () =>
    page.evaluate(() => window.kubeviz!.snapshot().nodes.map((n) => n.metadata.name));
  await ui.until(nodeNames, ['node-1', 'node-2', 'node-3'], 5000, 30_000);
  expect(ui.consoleErrors).toEqual([]);
});

test('a rollout is undone from its history, and a stopped kubelet lets its node go NotReady', async ({
  page,
}) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '2');
  await ui.until(async () => (await ui.running('web-')).length, 2);

  await ui.workload('image');
  await page.getByTestId('image-value').fill('nginx:1.26');
  await page.getByTestId('image-submit').click();
  expect(await ui.result('image-result')).toBe('deployment.apps/web image updated');
  await ui.rolledOutTo('web-', 2, 'nginx:1.26');

  await ui.workload('rollout');
  await expect(page.getByTestId('rollout-verb')).toHaveValue('history');
  await page.getByTestId('rollout-submit').click();
  expect(await ui.result('rollout-result')).toBe(
    'deployment.apps/web \nREVISION   CHANGE-CAUSE\n1          <none>\n2          <none>',
  );
  await page.getByTestId('rollout-verb').selectOption('undo');
  await expect(page.getByText('$ kubectl rollout undo deployment/web')).toBeVisible();
  await page.getByTestId('rollout-submit').click();
  expect(await ui.result('rollout-result')).toBe('deployment.apps/web rolled back');
  await ui.rolledOutTo('web-', 2, 'nginx:1.27');
  await page.getByTestId('rollout-revision').fill('7');
  await page.getByTestId('rollout-submit').click();
  expect(await ui.result('rollout-result')).toBe(
    'error: unable to find specified revision 7 in history',
  );
  await page.getByTestId('rollout-verb').selectOption('history');
  await page.getByTestId('rollout-submit').click();
  expect(await ui.result('rollout-result')).toContain('2          <none>\n3          <none>');

  // The kubelet alone: the machine runs on, but nothing renews the node's Lease.
  await expect(await ui.node('node-2', 'stop-kubelet')).toHaveText(/^kubelet on node-2 stopped/);
  await ui.until(async () => (await ui.readyNodes()).includes('node-2'), false, 5000, 30_000);
  await expect(await ui.node('node-2', 'stop-kubelet')).toHaveText(
    'error: the kubelet on node-2 is not running',
  );
  await expect(await ui.node('node-2', 'start-kubelet')).toHaveText(/^kubelet on node-2 started/);
  await ui.until(async () => (await ui.readyNodes()).includes('node-2'), true, 2000);
  expect(ui.consoleErrors).toEqual([]);
});

test('a Deployment exposed as a NodePort Service answers curl from a node and from outside', async ({
  page,
}) => {
  const ui = new ActionsPage(page);
  await ui.open();
  await ui.createDeployment('web', '2');
  await ui.until(async () => (await ui.running('web-')).length, 2);

  await ui.workload('curl');
  await expect(page.getByTestId('curl-service')).toHaveText(
    '(no Services yet: expose a Deployment)',
  );
  await ui.workload('expose');
  await page.getByTestId('expose-type').selectOption('NodePort');
  await expect(
    page.getByText('$ kubectl expose deployment web --port=80 --type=NodePort'),
  ).toBeVisible();
  await page.getByTestId('expose-submit').click();
  expect(await ui.result('expose-result')).toBe('service/web exposed');
  await page.getByTestId('expose-submit').click();
  expect(await ui.result('expose-result')).toBe(
    'Error from server (AlreadyExists): services "web" already exists',
  );
  // kube-proxy on every node programs the endpoints once they are published.
  await ui.advance(5000);

  await ui.workload('curl');
  const address = page.getByTestId('curl-address');
  await expect(address.locator('option')).toHaveCount(6);
  await expect(address.locator('option').first()).toHaveText(
    /^ClusterIP 10\.\d+\.\d+\.\d+:80, from node-1$/,
  );
  const pods = await ui.running('web-');
  const result = page.getByTestId('curl-result');
  /** Sends the request and moves virtual time until curl printed its answer. */
  const curl = async () => {
    await page.getByTestId('curl-submit').click();
    await ui.until(
      async () => (await result.textContent())?.startsWith('HTTP') ?? false,
      true,
      200,
    );
    return ((await result.textContent()) ?? '').split('\n');
  };
  const [answer, path] = await curl();
  expect(pods.map((p) => `HTTP 200 from pod default/${p}`)).toContain(answer);
  expect(path).toMatch(/^path: kubectl → kube-proxy\/node-1 → .*containerd\/node-\d → .*kubectl$/);

  // From outside, to node-2's IP and the NodePort: node-2's rules take it.
  const nodePort = address.locator('option').nth(4);
  await expect(nodePort).toHaveText(/^NodePort 172\.18\.\d+\.\d+:3\d{4} \(node-2\), from outside$/);
  await address.selectOption({ label: (await nodePort.textContent()) ?? '' });
  await expect(
    page.getByText(/^\$ curl --connect-timeout 10 http:\/\/172\.18\.\d+\.\d+:3\d{4}\/$/),
  ).toBeVisible();
  const [, outside] = await curl();
  expect(outside).toMatch(/^path: kubectl → kube-proxy\/node-2 → /);
  expect(ui.consoleErrors).toEqual([]);
});
