/**
 * Security advisories in the browser: import an OSV file, resolve a scenario with a vulnerable
 * dependency, see the chain and the fixed version, switch to avoid and to block, ignore one
 * advisory with a reason, reload: the policy and the ignore list are kept with the scenario.
 * Then the metadata audit of the index, with drill-down.
 */
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
}

test('advisories: warn, avoid, block, an ignored one, kept across a reload; the index audit', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('vulnerable.scenario.json'));
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText('httplib<2');
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.locator('header [data-status]')).toContainText('Solved');

  const panel = page.getByRole('region', { name: /Security advisories/ });
  await panel.getByLabel('OSV advisory files', { exact: true }).setInputFiles(fixture('httplib-advisories.osv.json'));
  await expect(panel.getByTestId('advisory-info')).toContainText('2 advisories imported');
  await expect(panel.getByRole('status')).toContainText('Imported: 2 new advisories, 2 in all.');
  // The watch list: the imported scenario is one of yours, and its plan is newly affected.
  await expect(panel.getByRole('status')).toContainText('your saved scenarios newly affected');
  await expect(panel.getByRole('status')).toContainText('“A web app on a vulnerable HTTP library”: httplib 1.1');

  // warn: the affected package, its advisory, the fixed version and the chain from your requirement.
  const report = panel.getByTestId('trust-report');
  const httplib = report.locator('[data-package="httplib"]');
  await expect(httplib).toContainText('httplib 1.1');
  await expect(httplib).toContainText('TEST-2024-2');
  await expect(httplib).toContainText('CVE-2024-90002');
  await expect(httplib).toContainText('fixed in 2.0');
  await expect(httplib).toContainText(/Pulled in by: you require (httplib<2|webapp → webapp 1\.0 requires httplib>=1\.0)/);
  await page.screenshot({ path: testInfo.outputPath('trust-warn.png'), fullPage: true });

  // avoid: nothing below 2 is clean, so httplib stays affected, and the report says why.
  await panel.getByRole('radio', { name: /^Avoid/ }).check();
  await expect(report).toContainText('Compared with warn:');
  await expect(report.getByText(/httplib 1\.1 stays affected/)).toBeVisible();

  // block: no plan; the cause is the advisories, and the fix was checked by resolving.
  await panel.getByRole('radio', { name: /^Block/ }).check();
  await expect(report).toContainText('No plan without an affected release');
  await expect(report).toContainText('Require a fixed release: change httplib<2 to httplib>=2.0');
  await expect(report.locator('pre')).toContainText('affected by known security advisories');

  // Ignore the advisory on 1.0, with a reason: block now finds httplib 1.0.
  await panel.getByLabel('Advisory id').fill('TEST-2024-1');
  await panel.getByLabel('Reason').fill('we only call httplib on localhost');
  await panel.getByRole('button', { name: 'Ignore', exact: true }).click();
  await expect(panel.getByRole('list', { name: 'Ignored advisories' })).toContainText('TEST-2024-1 — we only call httplib on localhost');
  await expect(httplib).toContainText('httplib 1.0');
  await expect(httplib).toContainText('TEST-2024-1 ignored: we only call httplib on localhost');
  await page.screenshot({ path: testInfo.outputPath('trust-block-ignored.png'), fullPage: true });

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText('httplib<2', { timeout: 20_000 });
  const again = page.getByRole('region', { name: /Security advisories/ });
  await expect(again.getByTestId('advisory-info')).toContainText('2 advisories imported');
  await expect(again.getByRole('list', { name: 'Ignored advisories' })).toContainText('TEST-2024-1 — we only call httplib on localhost');
  await expect(again.getByRole('radio', { name: /^Block/ })).toBeChecked();

  // The metadata audit of the index, with a drill-down and "who needs".
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.locator('header [data-status]')).toContainText('Solved');
  await again.getByRole('button', { name: 'Audit this index' }).click();
  const audit = again.getByTestId('index-audit');
  await expect(audit).toContainText('2 projects, 4 releases');
  await audit.getByText('Releases with known security advisories').click();
  await expect(audit).toContainText('httplib 1.1 is affected by TEST-2024-2');
  await audit.getByLabel('Who needs').fill('httplib');
  await audit.getByRole('button', { name: 'Find' }).click();
  await expect(audit.getByRole('list', { name: 'Who needs httplib' })).toContainText('webapp 1.0: httplib>=1.0');

  // The panel itself: no serious or critical accessibility violations.
  const results = await new AxeBuilder({ page }).include('section.trust').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
});
