import type { Page } from '@playwright/test';

/**
 * What every page object shares: the errors the page logs (a test ends by asserting there were
 * none), and the Deployment form as a learner fills it in.
 */
export class KubevizPage {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.consoleErrors.push(err.message));
  }

  /** Fills in the Deployment form and submits it. */
  protected async submitDeploymentForm(name: string, replicas: number | string): Promise<void> {
    await this.page.getByTestId('deploy-name').fill(name);
    await this.page.getByTestId('deploy-replicas').fill(String(replicas));
    await this.page.getByTestId('create-deployment').click();
  }
}
