import { expect } from '@playwright/test';
import { KubevizPage } from './kubevizPage.ts';
import type { StepNarration } from '../src/runtime/narrationFeed.ts';

/** The narration panel and the paused cluster it tells about, stepped one message at a time. */
export class NarrationPage extends KubevizPage {
  /** Opens a paused cluster: only the test moves virtual time. */
  async openPaused(seed = 1): Promise<void> {
    await this.page.goto(`/?paused&seed=${seed}`);
    await expect(this.page.getByRole('heading', { name: 'Kubeviz' })).toBeVisible();
    await this.page.waitForFunction(() => window.kubeviz !== undefined);
  }

  panel() {
    return this.page.getByTestId('narration');
  }

  /** Scrolls the panel's top into view (acting on the form scrolled the side column down). */
  async showPanel(): Promise<void> {
    await this.panel().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await this.page.evaluate(() => window.scrollTo(0, 0));
  }

  headline() {
    return this.panel().getByTestId('narration-headline');
  }

  schedulingTable() {
    return this.panel().getByTestId('scheduling-table');
  }

  /** Runs virtual time until every node is Ready and untainted, so pods can be scheduled. */
  async bootNodes(count = 3): Promise<void> {
    await this.page.evaluate(async (count) => {
      const k = window.kubeviz!;
      const ready = () => {
        const nodes = k.snapshot().nodes;
        return (
          nodes.length === count &&
          nodes.every((n) => {
            const status = n.status as { conditions?: { type: string; status: string }[] };
            const spec = n.spec as { taints?: { key: string }[] } | undefined;
            return (
              status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') &&
              !(spec?.taints ?? []).some((t) => t.key.startsWith('node.'))
            );
          })
        );
      };
      for (let i = 0; i < 60 && !ready(); i++) {
        const before = k.snapshot().now;
        k.advance(1_000);
        while (k.snapshot().now < before + 1_000) await new Promise((r) => setTimeout(r, 10));
      }
      if (!ready()) throw new Error('the nodes did not become Ready');
    }, count);
  }

  /** Fills in the Deployment form; paused, the request waits in flight for the next step. */
  async createDeployment(name: string, replicas: number): Promise<void> {
    await this.submitDeploymentForm(name, replicas);
    await this.page.waitForFunction(() =>
      window
        .kubeviz!.snapshot()
        .inFlight.some((m) => m.from === 'kubectl' && m.to === 'kube-apiserver'),
    );
  }

  /**
   * Delivers one message at a time until `done` says so (or `max` steps), and returns what the
   * narration told after each step.
   */
  async stepUntil(done: string, max: number): Promise<StepNarration[]> {
    return this.page.evaluate(
      async ({ done, max }) => {
        const k = window.kubeviz!;
        const stop = new RegExp(done);
        const told: StepNarration[] = [];
        for (let i = 0; i < max; i++) {
          const before = k.traceLength();
          k.step();
          // The frame that carries the new trace event carries its narration.
          while (k.snapshot().narration?.steps.at(-1)?.seq !== before + 1)
            await new Promise((r) => setTimeout(r, 2));
          const step = k.snapshot().narration!.steps.at(-1)!;
          told.push(step);
          if (stop.test(step.title ?? '')) break;
        }
        return told;
      },
      { done, max },
    );
  }
}
