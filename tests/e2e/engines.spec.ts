/**
 * The resolver picker and the three resolvers side by side, in Chromium against the built app:
 * pip 23.2 picked, the terminal shows pip's own output and the pip voice says it is pip's;
 * the Engines tab shows pip 23.2, pip 20.2 and the complete answer with their counters.
 */
import { expect, test } from '@playwright/test';

test("pip 23.2 picked: pip's own words; the three resolvers side by side", async ({ page }) => {
  await page.goto('/');
  const library = page.getByRole('navigation', { name: 'Scenario library' });
  await expect(library.getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
  await library.getByRole('button', { name: /Direct clash/ }).first().click();

  const picker = page.getByTestId('engine-picker');
  await picker.getByLabel('pip 23.2').check();
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();

  await page.getByRole('tab', { name: 'Conflict' }).click();
  await page.getByRole('tab', { name: 'pip 23.2' }).click();
  await expect(page.getByTestId('pip-voice-note')).toContainText("pip 23.2's own output");
  await expect(page.getByTestId('explanation-text')).toContainText('ERROR: Cannot install');

  await page.getByRole('tab', { name: 'Engines' }).click();
  const comparison = page.getByTestId('engine-comparison');
  await expect(comparison.getByTestId('engine-pip')).toContainText('No solution', { timeout: 20_000 });
  await expect(comparison.getByTestId('engine-pubgrub')).toContainText('No solution');
  await expect(comparison.getByTestId('engine-legacy')).toContainText('What pip 20.2 would have installed');
  await expect(comparison.getByTestId('engine-pip')).toContainText('Rounds');

  // Back to the complete resolver: the pip voice is pip-style wording, not pip's output.
  await picker.getByLabel('Complete (PubGrub)').check();
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await page.getByRole('tab', { name: 'Conflict' }).click();
  await page.getByRole('tab', { name: 'pip-style' }).click();
  await expect(page.getByTestId('pip-voice-note')).toContainText("not pip's output");
});
