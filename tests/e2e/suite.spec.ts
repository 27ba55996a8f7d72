/**
 * The interoperability lab in Chromium: a packse zip (built here from ../shared/data/packse
 * when present, plus scenarios written for the test) imported, run with two combinations,
 * filtered to disagreements, a cell opened, the columns compared and JUnit exported; the suite
 * and its run are still there after a reload.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { sharedDataDir } from '../../src/cli/files.ts';
import { packseFolder } from '../unit/suite/fixtures.ts';
import { parseXml } from '../support/xml.ts';
import { pigeonholeScenario } from './harness/pigeonhole.ts';

function packseZip(): { zip: Buffer; scenarios: number } {
  const files: Record<string, Uint8Array> = {};
  for (const f of packseFolder()) files[`packse-test/scenarios/${f.path}`] = strToU8(f.text);
  const data = sharedDataDir();
  const shared = data ? join(data, 'packse') : null;
  if (shared && existsSync(shared)) {
    for (const f of readdirSync(shared, { recursive: true, encoding: 'utf8' }) as string[]) {
      if (f.endsWith('.toml')) files[`packse-test/scenarios/${f}`] = readFileSync(join(shared, f));
    }
  }
  return { zip: Buffer.from(zipSync(files)), scenarios: Object.keys(files).length };
}

async function openLab(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Interoperability lab' }).click();
  await expect(page.getByRole('navigation', { name: 'Suites' })).toBeVisible();
}

test('a packse zip: import, run two combinations, disagreements, a cell, a diff, JUnit', async ({ page }) => {
  test.setTimeout(120_000);
  const { zip, scenarios } = packseZip();
  await openLab(page);
  await page.getByTestId('suite-file-input').setInputFiles({ name: 'packse-test.zip', mimeType: 'application/zip', buffer: zip });
  const suites = page.getByRole('navigation', { name: 'Suites' });
  await expect(suites.getByRole('button', { name: new RegExp(`${scenarios} scenarios · packse zip: packse-test\\.zip`) })).toBeVisible({ timeout: 30_000 });

  // The two default combinations: PubGrub under uv's rules and under pip's.
  const setup = page.getByRole('region', { name: 'Run the suite' });
  await expect(setup.getByRole('listitem')).toHaveText([/PubGrub · uv rules/, /PubGrub · pip rules/]);
  await setup.getByRole('button', { name: new RegExp(`^Run ${scenarios} scenarios × 2`) }).click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(progress).toContainText(`${scenarios} / ${scenarios} scenarios · done`);

  const matrix = page.getByRole('region', { name: 'Results matrix' });
  await expect(matrix.getByTestId('row-count')).toHaveText(`${scenarios} of ${scenarios} scenarios`);
  await expect(matrix.getByTestId('column-summary').first()).toContainText(/\d+ pass/);
  // pip's rules let a transitive `>=2.0.0a1` pick a pre-release, where packse (uv's rules) says no solution.
  await expect(matrix.getByTestId('column-summary').nth(1)).toContainText(/[1-9]\d* fail/);

  await matrix.getByLabel('Only disagreements').check();
  const rows = matrix.locator('tbody tr');
  const shown = await rows.count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(scenarios);
  await expect(rows.filter({ hasText: 'pipette-transitive-pre' })).toHaveCount(1);
  await expect(matrix.getByTestId('row-count')).toHaveText(`${shown} of ${scenarios} scenarios`);
  await matrix.getByLabel('Category').selectOption('prereleases');
  await expect(rows.first()).toContainText('prereleases');

  await matrix.getByRole('button', { name: 'pipette-transitive-pre, PubGrub · pip rules: fail, solved' }).click();
  const dialog = page.getByRole('dialog', { name: 'pipette-transitive-pre with PubGrub · pip rules' });
  await expect(dialog.getByTestId('cell-status')).toContainText('fail — packse expects no solution; solved: a==1.0.0 b==2.0.0a1');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'b==2.0.0a1' })).toContainText('(pre-release)');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await matrix.getByRole('button', { name: 'pipette-transitive-pre, PubGrub · uv rules: pass, no solution' }).click();
  const uvDialog = page.getByRole('dialog', { name: 'pipette-transitive-pre with PubGrub · uv rules' });
  await expect(uvDialog.getByText('Why there is no solution')).toBeVisible();
  await expect(uvDialog.locator('pre').first()).toContainText('b');
  await uvDialog.getByRole('button', { name: 'Close' }).click();

  const diff = page.getByRole('region', { name: 'Compare two columns' });
  await expect(diff.getByRole('row').filter({ hasText: 'pipette-transitive-pre' })).toContainText('no solution → solved');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JUnit XML' }).click();
  const path = await (await download).path();
  const root = parseXml(readFileSync(path!, 'utf8'));
  expect(root.name).toBe('testsuites');
  expect(root.children.map((s) => [s.name, s.attributes.tests])).toEqual([
    ['testsuite', String(scenarios)],
    ['testsuite', String(scenarios)],
  ]);
  const failing = root.children[1]!.children.find((c) => c.attributes.name === 'pipette-transitive-pre')!;
  expect(failing.attributes.classname).toBe('packse-test.prereleases');
  expect(failing.children.find((c) => c.name === 'failure')?.attributes.message).toMatch(/^packse expects no solution/);

  // Kept in this browser: the suite and its run come back after a reload.
  await openLab(page);
  await expect(page.getByTestId('run-progress')).toContainText(`${scenarios} / ${scenarios} scenarios · done`);
});

test('an engine this build lacks gives error cells that say so', async ({ page }) => {
  await openLab(page);
  const files = packseFolder().map((f) => ({ name: f.path.split('/').pop()!, mimeType: 'application/toml', buffer: Buffer.from(f.text) }));
  await page.getByTestId('suite-file-input').setInputFiles(files);
  await expect(page.getByRole('navigation', { name: 'Suites' }).getByRole('button', { name: /3 scenarios · packse folder: 3 files/ })).toBeVisible({ timeout: 20_000 });
  const setup = page.getByRole('region', { name: 'Run the suite' });
  await setup.getByLabel('Engine', { exact: true }).selectOption('legacy');
  await setup.getByLabel('Rules', { exact: true }).selectOption('pip');
  await setup.getByLabel('Python', { exact: true }).fill('3.8');
  await setup.getByRole('button', { name: 'Add' }).click();
  await expect(setup.getByRole('listitem')).toHaveCount(3);
  await setup.getByRole('button', { name: /^Run 3 scenarios × 3/ }).click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const legacyCell = page.getByRole('button', { name: /^python-bound, pip 20\.2 legacy · pip rules · Python 3\.8: / });
  if ((await legacyCell.getAttribute('data-status')) === 'error') await expect(legacyCell).toHaveAttribute('title', /^the legacy engine is not available in this build \(available: pubgrub/);
  else await expect(legacyCell).toHaveAttribute('title', /solved|no solution/);
});

test('a run is cancelled at once, and keeps what it finished', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('suite-file-input').setInputFiles([
    ...packseFolder().map((f) => ({ name: f.path.split('/').pop()!, mimeType: 'application/toml', buffer: Buffer.from(f.text) })),
    { name: 'pigeonhole.json', mimeType: 'application/json', buffer: Buffer.from(pigeonholeScenario(12)) },
  ]);
  await expect(page.getByRole('navigation', { name: 'Suites' }).getByRole('button', { name: /4 scenarios · files: 4 files/ })).toBeVisible({ timeout: 20_000 });
  const setup = page.getByRole('region', { name: 'Run the suite' });
  await setup.getByLabel('Workers').fill('2');
  await setup.getByRole('button', { name: /^Run 4 scenarios × 2/ }).click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toContainText('3 / 4 scenarios', { timeout: 30_000 });
  await setup.getByRole('button', { name: 'Cancel run' }).click();
  await expect(progress).toHaveAttribute('data-state', 'cancelled');
  await expect(progress).toContainText('3 / 4 scenarios · cancelled');
  const matrix = page.getByRole('region', { name: 'Results matrix' });
  await expect(matrix.getByRole('row').filter({ hasText: 'Pigeonhole' })).toContainText('…');
});

test('the bundled scenarios as a suite: no expectations, each cell says what it found; no serious accessibility violations', async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  await page.getByRole('navigation', { name: 'Suites' }).getByRole('button', { name: 'Bundled scenarios' }).click();
  const suite = page.getByRole('navigation', { name: 'Suites' }).getByRole('button', { name: /^Bundled scenarios \d+ scenarios · bundled scenarios: the scenario library/ });
  await expect(suite).toBeVisible({ timeout: 20_000 });
  const count = Number(/(\d+) scenarios/.exec((await suite.textContent()) ?? '')![1]);
  expect(count).toBeGreaterThanOrEqual(9);
  await page.getByRole('region', { name: 'Run the suite' }).getByRole('button', { name: new RegExp(`^Run ${count} scenarios × 2`) }).click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const matrix = page.getByRole('region', { name: 'Results matrix' });
  await expect(matrix.locator('[data-status="unjudged"]')).toHaveCount(count * 2);
  await expect(matrix.getByRole('button', { name: /^Pinned numpy is too old for the pinned pandas, PubGrub · pip rules: unjudged, no solution$/ })).toBeVisible();
  const results = await new AxeBuilder({ page }).include('.lab').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
});

test('files dropped on the lab become a suite', async ({ page }) => {
  await openLab(page);
  const text = packseFolder()[0]!.text;
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'dropped.toml', { type: 'application/toml' }));
    return data;
  }, text);
  await page.locator('.lab').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByRole('navigation', { name: 'Suites' }).getByRole('button', { name: /^dropped 1 scenarios · packse folder: dropped\.toml/ })).toBeVisible({ timeout: 20_000 });
});
