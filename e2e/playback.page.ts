import { expect } from '@playwright/test';
import { KubevizPage } from './kubevizPage.ts';

/** The playback bar and timeline, as a learner uses them. */
export class PlaybackPage extends KubevizPage {
  /** Opens a paused cluster that has already run `warmUpMs` of virtual time. */
  async open(seed = 1, warmUpMs = 20_000): Promise<void> {
    await this.page.goto(`/?paused&seed=${seed}&warmup=${warmUpMs}`);
    await this.page.waitForFunction(() => window.kubeviz !== undefined);
    await expect(this.page.getByTestId('play-pause')).toHaveText('Play');
  }

  traceLength(): Promise<number> {
    return this.page.evaluate(() => window.kubeviz!.traceLength());
  }

  /** Waits until the trace has exactly `n` events (commands are asynchronous). */
  async expectTraceLength(n: number): Promise<void> {
    await expect.poll(() => this.traceLength()).toBe(n);
  }

  pods(): Promise<string[]> {
    return this.page.evaluate(() =>
      window.kubeviz!.snapshot().pods.map((p) => p.metadata.name as string),
    );
  }

  deployments(): Promise<string[]> {
    return this.page.evaluate(() =>
      window.kubeviz!.snapshot().deployments.map((d) => d.metadata.name as string),
    );
  }

  markers() {
    return this.page.getByTestId('timeline-marker');
  }

  pastNote() {
    return this.page.getByTestId('past-note');
  }

  async createDeployment(name: string, replicas: number): Promise<void> {
    await this.submitDeploymentForm(name, replicas);
  }

  /** Presses a key with the focus on the page body (not in a field). */
  async press(key: string, times = 1): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key);
  }
}
