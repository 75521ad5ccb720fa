import { expect, type Locator, type Page } from '@playwright/test';

/** The inspector panel, as a learner reads it. */
export class InspectorPage {
  constructor(readonly page: Page) {}

  panel(): Locator {
    return this.page.getByTestId('inspector');
  }

  heading(): Locator {
    return this.panel().getByRole('heading', { level: 2 });
  }

  /** Opens the app on a seed and waits for it to draw. */
  async open(seed: number): Promise<void> {
    await this.page.goto(`/?seed=${seed}`);
    await expect(this.page.getByRole('heading', { name: 'Kubeviz' })).toBeVisible();
  }

  yaml(): Locator {
    return this.page.getByTestId('inspector-yaml');
  }

  key(): Locator {
    return this.page.getByTestId('inspector-key');
  }

  revision(): Locator {
    return this.page.getByTestId('inspector-revision');
  }

  diff(): Locator {
    return this.page.getByTestId('inspector-diff');
  }

  versions(): Locator {
    return this.page.getByTestId('inspector-version');
  }

  /** The links of the "why" chain, oldest first. */
  whyLinks(): Locator {
    return this.page.getByTestId('inspector-why').locator('li');
  }

  informer(resource: string): Locator {
    return this.page.getByTestId(`informer-${resource}`);
  }

  queueDepth(name: string): Locator {
    return this.page.getByTestId(`queue-${name}`).getByTestId('queue-depth');
  }

  messageRows(): Locator {
    return this.page.getByTestId('trace-row');
  }

  /**
   * Pauses the run and waits until the log shows its last message, which it returns. The pause
   * reaches the run a moment later, and frames the page had no time to draw (while axe held the
   * main thread, say) can still push a row it has read out of the log's window.
   */
  async pauseWithLogSettled(): Promise<number> {
    await this.page.evaluate(() => window.kubeviz!.pause());
    let newest = -1;
    await expect
      .poll(async () => {
        newest = await this.page.evaluate(() => {
          const snapshot = window.kubeviz!.snapshot();
          return snapshot.running ? -1 : (snapshot.recentTrace.at(-1)?.seq ?? -1);
        });
        return newest;
      })
      .toBeGreaterThan(0);
    await expect(this.messageRows().first()).toHaveAttribute('data-seq', String(newest));
    return newest;
  }
}
