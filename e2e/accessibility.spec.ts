import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page.ts';
import { InspectorPage } from './inspector.page.ts';

/**
 * axe's serious and critical findings on the whole page, as "rule (impact): element" lines, so a
 * failure names what to fix. Minor and moderate findings are left to review, not to the build.
 */
async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  // What axe could not decide (contrast under overlapping layers, names on generic elements)
  // goes with the report for a person to review.
  await test.info().attach(`axe-${name}-needs-review.json`, {
    body: JSON.stringify(
      result.incomplete.map((v) => ({ rule: v.id, impact: v.impact, elements: v.nodes.length })),
    ),
    contentType: 'application/json',
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

test('the page, the inspector and the shortcuts dialog have no serious accessibility violations', async ({
  page,
}) => {
  const app = new AppPage(page);
  const inspector = new InspectorPage(page);
  await inspector.open(1);
  await app.runDeployment('web', 2);
  // Paused, the page holds still while axe reads it (packets and pulses stop moving).
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveText('Play');

  expect(await seriousViolations(page, 'page')).toEqual([]);

  // With a pod open in the inspector.
  await app.diagramPods('web-').first().click();
  await expect(inspector.panel()).toBeVisible();
  await expect(inspector.heading()).toHaveText(/^Pod default\/web-/);
  expect(await seriousViolations(page, 'inspector')).toEqual([]);
  await inspector.heading().focus();
  await page.keyboard.press('Escape');
  await expect(inspector.panel()).toBeHidden();

  // With the keyboard shortcuts dialog open (? with the focus on the page itself).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  expect(await seriousViolations(page, 'shortcuts')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(app.consoleErrors).toEqual([]);
});
