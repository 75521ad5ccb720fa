import { expect, type Locator } from '@playwright/test';
import { KubevizPage } from './kubevizPage.ts';

export interface PodRow {
  name: string;
  uid: string;
  node: string | undefined;
  phase: string | undefined;
  deleting: boolean;
}

type Tab = 'workloads' | 'nodes' | 'control-plane' | 'run';
type WorkloadAction =
  'create' | 'scale' | 'image' | 'rollout' | 'expose' | 'curl' | 'delete' | 'crash' | 'load';

/**
 * The actions area as a learner uses it, on a paused cluster whose virtual time the test moves
 * with window.kubeviz.advance: each wait below moves the clock in steps until what the learner
 * would see holds, so a wait costs virtual time, not wall time.
 */
export class ActionsPage extends KubevizPage {
  /** Opens a paused cluster and runs it until its three nodes are Ready. */
  async open(query = ''): Promise<void> {
    await this.page.goto(`/?paused${query}`);
    await expect(this.page.getByRole('heading', { name: 'Kubeviz' })).toBeVisible();
    await this.until(async () => (await this.readyNodes()).length, 3);
  }

  area(): Locator {
    return this.page.getByTestId('actions');
  }

  async advance(ms: number): Promise<void> {
    await this.page.evaluate((step) => window.kubeviz!.advance(step), ms);
  }

  /** Moves virtual time `stepMs` at a time until `read()` gives `expected`. */
  async until<T>(read: () => Promise<T>, expected: T, stepMs = 1000, timeout = 20_000) {
    await expect
      .poll(
        async () => {
          const value = await read();
          if (JSON.stringify(value) !== JSON.stringify(expected)) await this.advance(stepMs);
          return value;
        },
        { timeout },
      )
      .toEqual(expected);
  }

  /** Moves virtual time until the result shows text, and returns it. */
  async result(testId: string, stepMs = 500): Promise<string> {
    const out = this.page.getByTestId(testId);
    await this.until(async () => (await out.textContent()) !== '', true, stepMs);
    return (await out.textContent()) ?? '';
  }

  async readyNodes(): Promise<string[]> {
    return this.page.evaluate(() =>
      window
        .kubeviz!.snapshot()
        .nodes.filter((n) =>
          (n.status as { conditions?: { type: string; status: string }[] }).conditions?.some(
            (c) => c.type === 'Ready' && c.status === 'True',
          ),
        )
        .map((n) => n.metadata.name!),
    );
  }

  async pods(prefix: string): Promise<PodRow[]> {
    const all = await this.page.evaluate(() =>
      window.kubeviz!.snapshot().pods.map((p) => ({
        name: p.metadata.name!,
        uid: p.metadata.uid!,
        node: (p.spec as { nodeName?: string }).nodeName,
        phase: (p.status as { phase?: string } | undefined)?.phase,
        deleting: p.metadata.deletionTimestamp !== undefined,
      })),
    );
    return all.filter((p) => p.name.startsWith(prefix));
  }

  /** Names of the pods Running and not being deleted, sorted. */
  async running(prefix: string): Promise<string[]> {
    return (await this.pods(prefix))
      .filter((p) => p.phase === 'Running' && !p.deleting)
      .map((p) => p.name)
      .sort();
  }

  /** The image of each pod's first container, terminating pods included. */
  async images(): Promise<string[]> {
    return this.page.evaluate(() =>
      window
        .kubeviz!.snapshot()
        .pods.map((p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image),
    );
  }

  /** Moves virtual time until exactly `replicas` pods are left, all Running `image`. */
  async rolledOutTo(prefix: string, replicas: number, image: string): Promise<void> {
    await this.until(
      async () => {
        const images = await this.images();
        return (
          (await this.running(prefix)).length === replicas &&
          images.length === replicas &&
          images.every((i) => i === image)
        );
      },
      true,
      2000,
      30_000,
    );
  }

  async tab(name: Tab): Promise<void> {
    await this.page.getByTestId(`actions-tab-${name}`).click();
  }

  async workload(action: WorkloadAction): Promise<void> {
    await this.tab('workloads');
    await this.page.getByTestId('workload-action').selectOption(action);
  }

  async createDeployment(name: string, replicas: string): Promise<string> {
    await this.workload('create');
    await this.submitDeploymentForm(name, replicas);
    return this.result('deploy-result');
  }

  async scale(name: string, replicas: string): Promise<string> {
    await this.workload('scale');
    await this.page.getByTestId('scale-target').selectOption({ label: name });
    await this.page.getByTestId('scale-replicas').fill(replicas);
    await this.page.getByTestId('scale-submit').click();
    return this.result('scale-result');
  }

  async deletePod(name: string): Promise<string> {
    await this.workload('delete');
    await this.page.getByTestId('delete-pod-target').selectOption({ label: name });
    await this.page.getByTestId('delete-pod-submit').click();
    return this.result('delete-pod-result');
  }

  /** Presses a node verb (cordon, drain, stop...) for a node; returns once it printed. */
  async node(name: string, verb: string): Promise<Locator> {
    await this.tab('nodes');
    await this.page.getByTestId('node-target').selectOption(name);
    await this.page.getByTestId(`node-${verb}`).click();
    await this.result('node-result');
    return this.page.getByTestId('node-result');
  }

  async toggleComponent(id: string): Promise<string> {
    await this.tab('control-plane');
    await this.page.getByTestId(`control-toggle-${id}`).click();
    return this.result('control-result');
  }
}
