/** Two tabs of the app in one browser: each keeps its own unsaved draft across a reload. */
import { expect, test, type Page } from '@playwright/test';

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
}

async function typeDraft(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Requirements' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  // The draft is written half a second after the last change.
  await page.waitForTimeout(1200);
}

test('each tab keeps its own draft: tab 2 typing does not replace tab 1 on reload', async ({ page, context }) => {
  await openApp(page);
  await typeDraft(page, '# tab one\nflask\n');
  const second = await context.newPage();
  await openApp(second);
  await typeDraft(second, '# tab two\nrequests\n');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText('# tab one', { timeout: 20_000 });
  await second.reload();
  await expect(second.getByRole('textbox', { name: 'Requirements' })).toContainText('# tab two', { timeout: 20_000 });

  // A new tab opens the latest draft of any tab.
  const third = await context.newPage();
  await openApp(third);
  await expect(third.getByRole('textbox', { name: 'Requirements' })).toContainText('# tab two');
});

test('a save over a version another tab saved meanwhile asks first; declining keeps both', async ({ page, context }) => {
  await openApp(page);
  const library = page.getByRole('navigation', { name: 'Scenario library' });
  await library.getByRole('button', { name: /Yanked/ }).first().click();
  await page.getByLabel('Save the current scenario as').fill('Shared case');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved “Shared case”')).toBeVisible();

  const second = await context.newPage();
  await openApp(second);
  await second.getByRole('list', { name: 'Your scenarios' }).getByRole('button', { name: /^Shared case/ }).click();

  // Tab 1 saves A.
  await typeDraft(page, '# version A\n');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved “Shared case”').last()).toBeVisible();

  // Tab 2 saves B over it: asked; declining saves B beside A.
  await typeDraft(second, '# version B\n');
  const asked: string[] = [];
  second.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await second.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('was saved in another tab');
  await expect(second.getByRole('list', { name: 'Your scenarios' }).getByRole('button', { name: /^Shared case/ })).toHaveCount(2);
});
