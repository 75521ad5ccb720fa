import { expect } from '@playwright/test';
import { KubevizPage } from './kubevizPage.ts';

/** The app as a user sees it: the pieces tests look at and act on. */
export class AppPage extends KubevizPage {
  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Kubeviz' })).toBeVisible();
  }

  namespaceRows() {
    return this.page.getByTestId('namespaces').locator('tbody tr');
  }

  async revision(): Promise<number> {
    return Number(await this.page.getByTestId('etcd-revision').textContent());
  }

  async createNamespace(name: string): Promise<string> {
    await this.page.getByLabel('Create a namespace').fill(name);
    await this.page.getByTestId('create-namespace').click();
    const result = this.page.getByTestId('namespace-result');
    await expect(result).toBeVisible();
    return (await result.textContent()) ?? '';
  }

  async setSpeed(speed: string): Promise<void> {
    await this.page.getByTestId('speed').selectOption(speed);
  }

  /**
   * At 16x, once the three nodes are Ready, creates a Deployment with the form and waits until
   * its pods run on the diagram.
   */
  async runDeployment(name: string, replicas: number): Promise<void> {
    await this.setSpeed('16');
    for (const n of ['node-1', 'node-2', 'node-3'])
      await expect(this.diagramNode(n)).toHaveAttribute('data-status', 'Ready', {
        timeout: 20_000,
      });
    expect(await this.createDeployment(name, replicas)).toBe(`deployment.apps/${name} created`);
    const running = this.page.locator('[data-testid="diagram-pod"][data-status="Running"]');
    await expect(running).toHaveCount(replicas, { timeout: 20_000 });
  }

  /** The Deployment form, as a learner fills it in; resolves once kubectl's reply shows. */
  async createDeployment(name: string, replicas: number): Promise<string> {
    await this.submitDeploymentForm(name, replicas);
    const result = this.page.getByTestId('deploy-result');
    // The reply takes well under a second; a rare run on a busy machine waited more than 5 s for
    // it. If it ever times out, the failure says what the page logged.
    try {
      await expect(result).toBeVisible();
    } catch (err) {
      const logged = this.consoleErrors.join('\n') || 'no errors';
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `${message}\nThe page logged: ${logged}\nThe runtime: ${await this.runtimeState()}`,
        {
          cause: err,
        },
      );
    }
    return (await result.textContent()) ?? '';
  }

  /** Where the run stands, for a failure message: its clock, its status, what is in flight. */
  async runtimeState(): Promise<string> {
    return this.page
      .evaluate(() => {
        const k = window.kubeviz!;
        const s = k.snapshot();
        return JSON.stringify({
          status: k.status(),
          now: s.now,
          running: s.running,
          speed: s.speed,
          trace: k.traceLength(),
          inFlight: s.inFlight.slice(0, 6).map((m) => `${m.from} -> ${m.to}: ${m.summary}`),
          recent: s.recentTrace.slice(-6).map((e) => `${e.seq} ${e.from} -> ${e.to}: ${e.summary}`),
        });
      })
      .catch((e: unknown) => `unreadable (${String(e)})`);
  }

  // The architecture diagram.

  diagram() {
    return this.page.getByTestId('diagram');
  }

  /** A component's box (or, for a node agent such as kubelet/node-1, its chip). */
  diagramComponent(id: string) {
    return this.page.getByTestId(`component-${id}`);
  }

  /** A machine's box. */
  diagramNode(name: string) {
    return this.page.getByTestId(`node-${name}`);
  }

  /** Pod boxes on the diagram, optionally only those whose name starts with `prefix`. */
  diagramPods(prefix = '') {
    return this.page.locator(`[data-testid="diagram-pod"][data-pod^="default/${prefix}"]`);
  }

  packets() {
    return this.page.getByTestId('packet');
  }
}
