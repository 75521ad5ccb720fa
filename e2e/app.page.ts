import { expect, type Page } from '@playwright/test';

/** The app as a user sees it: the pieces tests look at and act on. */
export class AppPage {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.consoleErrors.push(err.message));
  }

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
}
