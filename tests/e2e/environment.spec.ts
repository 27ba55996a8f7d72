/**
 * Installing into an existing environment, in Chromium: paste a pip freeze, resolve a
 * requirement that forces a downgrade, answer the prompt both ways (in the page and in the
 * terminal), see what breaks in pip's words, export, and find it all again after a reload.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const SCENARIO = {
  format: 'pipette-scenario/1',
  id: 'downgrade',
  title: 'A tool that needs an older lib',
  description: 'tool needs lib<2; lib 3.0 is installed, and app 2.0 needs lib>=2.',
  requirements: 'tool\n',
  target: {},
  options: {},
  index: {
    format: 'index-snapshot/1',
    source: 'test',
    projects: {
      tool: { versions: { '1.0': { requires_dist: ['lib<2'] } } },
      lib: { versions: { '1.0': {}, '2.0': {}, '3.0': {} } },
      app: { versions: { '2.0': { requires_dist: ['lib>=2'] } } },
    },
  },
};

async function openWithScenario(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('file-input').setInputFiles({ name: 'downgrade.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(SCENARIO)) });
  await expect(page.getByText(/Imported downgrade\.json/)).toBeVisible();
}

async function resolve(page: Page): Promise<void> {
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.getByTestId('install-plan')).toBeVisible({ timeout: 20_000 });
}

test('a pip freeze, a forced downgrade, the prompt answered both ways, the export and a reload', async ({ page }, testInfo) => {
  await openWithScenario(page);
  const panel = page.getByRole('region', { name: 'Installed packages & constraints' });
  if (!(await page.getByTestId('installed-text').isVisible())) await panel.getByText('Installed packages & constraints').click();
  await page.getByTestId('installed-text').fill('lib==3.0\napp==2.0\n');
  await expect(page.getByTestId('installed-summary')).toHaveText('2 packages, read as pip freeze');

  await resolve(page);
  const plan = page.getByTestId('install-plan');
  await expect(plan.getByRole('row', { name: /downgrade lib 3\.0 → 1\.0/ })).toBeVisible();
  await expect(plan.getByRole('row', { name: /install tool 1\.0/ })).toBeVisible();
  await expect(page.getByTestId('install-broken')).toContainText('app 2.0 requires lib>=2, but you have lib 1.0 which is incompatible.');
  await page.screenshot({ path: testInfo.outputPath('install-plan.png'), fullPage: true });

  // Asked in the page: proceed.
  const prompt = page.getByTestId('install-prompt');
  await expect(prompt).toContainText('lib goes down from 3.0 to 1.0');
  await prompt.getByRole('button', { name: 'Proceed' }).click();
  await expect(page.getByTestId('install-decision')).toContainText('You chose to proceed');

  // The export carries the answer.
  await page.getByRole('tab', { name: /Share & export/ }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download .md' }).click();
  const markdown = readFileSync((await (await download).path())!, 'utf8');
  expect(markdown).toContain('### Into the installed environment');
  expect(markdown).toContain('the person chose: **proceed**');
  expect(markdown).toContain('app 2.0 requires lib>=2, but you have lib 1.0 which is incompatible.');

  // The terminal shows the install that followed the yes.
  await page.getByRole('tab', { name: /Terminal/ }).click();
  const transcript = page.getByTestId('terminal-text');
  await expect(transcript).toContainText('Proceed (y/N)? y');
  await expect(transcript).toContainText('Successfully installed lib-1.0 tool-1.0');

  // Asked again, answered no in the terminal itself.
  await page.getByRole('tab', { name: /Install plan/ }).click();
  await page.getByRole('button', { name: 'Change the answer' }).click();
  await page.getByRole('tab', { name: /Terminal/ }).click();
  await expect(page.getByTestId('terminal-prompt')).toBeVisible();
  await expect(transcript).toContainText(/Proceed \(y\/N\)\?\s*$/);
  await page.getByTestId('terminal').click();
  await page.keyboard.type('n');
  await page.keyboard.press('Enter');
  await expect(transcript).toContainText('Proceed (y/N)? n');
  await expect(transcript).toContainText('Nothing was installed.');
  await expect(transcript).not.toContainText('Successfully installed');
  await page.screenshot({ path: testInfo.outputPath('install-terminal.png'), fullPage: true });

  // What was pasted is still there after a reload.
  await page.reload();
  await expect(page.getByTestId('installed-text')).toHaveValue('lib==3.0\napp==2.0\n', { timeout: 20_000 });
});

test('constraints, a bad installed set named where it is wrong, and the matrix', async ({ page }) => {
  await openWithScenario(page);
  const panel = page.getByRole('region', { name: 'Installed packages & constraints' });
  if (!(await page.getByTestId('installed-text').isVisible())) await panel.getByText('Installed packages & constraints').click();

  await page.getByTestId('installed-text').fill('lib==3.0\nnot a package line\n');
  await expect(panel.getByText(/line 2: 'not a package line' is not 'name==version'/)).toBeVisible();
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.getByText(/Installed packages: .*not 'name==version'/)).toBeVisible({ timeout: 20_000 });
  // Nothing typed was dropped.
  await expect(page.getByTestId('installed-text')).toHaveValue('lib==3.0\nnot a package line\n');

  await page.getByTestId('installed-text').fill('');
  await page.getByTestId('constraints-text').fill('lib>=2\n');
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.getByRole('tab', { name: /Conflict/ })).toHaveAttribute('aria-selected', 'true', { timeout: 20_000 });
  await expect(page.getByText(/your constraint lib>=2/i).first()).toBeVisible();

  await page.getByTestId('constraints-text').fill('');
  await panel.getByRole('button', { name: /Resolve for many Pythons/ }).click();
  const matrix = page.getByTestId('matrix');
  await matrix.getByRole('button', { name: 'Resolve the matrix' }).click();
  await expect(matrix.getByRole('table')).toBeVisible({ timeout: 30_000 });
  await expect(matrix.getByRole('button', { name: /3\.8 on linux: resolves/ })).toBeVisible();
  await expect(matrix.getByRole('button', { name: /resolves/ })).toHaveCount(21);
});
