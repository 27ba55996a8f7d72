/**
 * The words of a failure in the page (issue 8): every separate problem named, and a fix that
 * changes a flag (--no-binary) applied to the text and checked by resolving again.
 */
import { expect, test, type Page } from '@playwright/test';

function scenario(id: string, requirements: string, projects: Record<string, unknown>): string {
  return JSON.stringify({
    format: 'pipette-scenario/1',
    id,
    title: id,
    description: 'Made by the words spec.',
    requirements,
    target: { python: '3.12', os: 'linux', arch: 'x86_64', implementation: 'cpython' },
    options: { policy: 'pip' },
    index: { format: 'index-snapshot/1', source: 'words spec', projects },
  });
}

async function open(page: Page, name: string, text: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
  await page.evaluate(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content!], fileName!, { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [name, text],
  );
  await expect(page.getByText(new RegExp(`Imported ${name.replace('.', '\\.')}`))).toBeVisible();
}

const status = (page: Page) => page.locator('header [data-status]');

test('a --no-binary in the way: the fix lifts it for that project, in the text, and resolves', async ({ page }) => {
  await open(
    page,
    'wheel-only.json',
    scenario('wheel-only', '--no-binary wheelonly,other\nwheelonly\n', { wheelonly: { versions: { '1.0': { requires_dist: [], wheel_tags: ['py3-none-any'], sdist: false } } } }),
  );
  await page.getByRole('button', { name: /^Resolve/ }).click();
  await expect(status(page)).toContainText('No solution');
  await page.getByRole('tab', { name: /Conflict/ }).click();
  const fix = page.getByTestId('suggestion').first();
  await expect(fix.locator('.title')).toHaveText('Allow wheels of wheelonly (take it out of --no-binary)');
  // No plan resolved before: the fix shows its whole plan, not a diff against nothing.
  await expect(fix.locator('.plan')).toHaveText('Installs 1 package: wheelonly 1.0');
  await fix.click();
  await expect(status(page)).toContainText('Solved');
  const editor = page.getByRole('textbox', { name: 'Requirements' });
  await expect(editor).toContainText('--no-binary other');
  await expect(editor).not.toContainText('wheelonly,');
});

test('a missing project beside a clash: the plain voice names both problems', async ({ page }) => {
  await open(
    page,
    'two-problems.json',
    scenario('two-problems', 'black\ntyper\nrich>=13\n', {
      black: { versions: { '22.1': { requires_dist: ['click>=8'] } } },
      typer: { versions: { '0.3': { requires_dist: ['click<8'] } } },
      click: { versions: { '7.1': { requires_dist: [] }, '8.0': { requires_dist: [] } } },
    }),
  );
  await page.getByRole('button', { name: /^Resolve/ }).click();
  await expect(status(page)).toContainText('No solution');
  await page.getByRole('tab', { name: /Conflict/ }).click();
  await expect(page.getByTestId('conflict-headline')).toContainText('There is one more problem');
  // The plain voice is the one shown first.
  await expect(page.getByTestId('explanation-text')).toContainText('There are 2 separate problems');
  await expect(page.getByTestId('explanation-text')).toContainText('rich');
  await expect(page.getByTestId('explanation-text')).toContainText('click');
});
