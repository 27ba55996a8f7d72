/**
 * The app against a live index: a local PEP 691 server (tests/support/index-server.ts) serving
 * a small snapshot written for this spec, on another port than the app, so every request is
 * cross-origin as with PyPI. Picked as "Other index…" or named by the requirements'
 * `--index-url`; resolved with progress, as of a date, by permalink, then offline from the
 * cache; a 500, a cancel mid-download and a full storage quota.
 */
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import { readIndexFile } from '../../src/cli/files.ts';
import { startIndexServer, type IndexServer } from '../support/index-server.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/live-index.snapshot.json', import.meta.url));
const NEWEST = { webframe: '2.0', routekit: '2.0', templatr: '3.0', urlparts: '1.1', 'markupsafe-lite': '1.0' };

let server: IndexServer;

test.beforeEach(async () => {
  server = await startIndexServer({ snapshot: readIndexFile(FIXTURE).index });
});

test.afterEach(async () => {
  await server.close().catch(() => undefined);
});

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
}

async function writeRequirements(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Requirements' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** Makes every answer in the live index cache (IndexedDB `pipette-http`) look fetched `ms` earlier. */
async function ageCachedAnswers(page: Page, ms: number): Promise<void> {
  await page.evaluate(
    (by) =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open('pipette-http');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const tx = db.transaction('responses', 'readwrite');
          tx.objectStore('responses').openCursor().onsuccess = (event) => {
            const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
            if (!cursor) return;
            cursor.update({ ...cursor.value, fetchedAt: cursor.value.fetchedAt - by });
            cursor.continue();
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    ms,
  );
}

async function expectAccessible(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${view}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

function runStatus(page: Page) {
  return page.locator('header [data-status]');
}

async function resolve(page: Page): Promise<void> {
  // The header's button (a stale result offers its own "Resolve again").
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
}

async function expectPlan(page: Page, plan: Record<string, string>): Promise<void> {
  await page.getByRole('tab', { name: /Install plan/ }).click();
  const table = page.getByTestId('plan-table');
  for (const [name, version] of Object.entries(plan)) await expect(table.getByRole('row', { name: new RegExp(`^${name} `) })).toContainText(version);
}

test('"Other index…": resolves with progress, as of a date, by permalink, then offline from the cache', async ({ page, browser }) => {
  await openApp(page);
  const picker = page.getByRole('combobox', { name: 'Resolve against' });
  await picker.selectOption({ label: 'Other index…' });
  const url = page.getByLabel('Index URL');
  await url.fill('pypi.org/simple');
  await expect(page.getByText('"pypi.org/simple" is not a URL')).toBeVisible();
  await url.fill(server.indexUrl);
  await expect(page.getByTestId('live-index-used')).toHaveText(`Resolves against ${server.indexUrl}`);
  await writeRequirements(page, 'webframe\n');

  // Slow metadata files, so that the counters are seen while the resolve runs.
  server.addFault({ path: /\.metadata$/, fault: { kind: 'latency', ms: 400 } });
  await resolve(page);
  await expect(page.getByTestId('index-counters')).toContainText('Projects');
  await expect(runStatus(page)).toContainText(/\d+ projects? · \d+ metadata files? · [\d.]+ (B|KiB) downloaded/);
  await expect(runStatus(page)).toContainText('Solved: 5 packages', { timeout: 20_000 });
  server.clearFaults();
  await expectPlan(page, NEWEST);
  const summary = page.getByTestId('live-index-summary');
  await expect(summary).toContainText('5 project pages (5 downloaded, 0 from the cache); 5 metadata files (5 downloaded, 0 from the cache)');
  await expect(page.getByTestId('live-cache-stats')).toHaveText(/^Cache: 10 answers, [\d.]+ KiB$/);
  await expectAccessible(page, 'live result');
  await page.screenshot({ path: test.info().outputPath('live-index-result.png'), fullPage: true });

  // The choice of index survives a reload, with what was typed for it.
  await page.reload();
  await openApp(page);
  await expect(picker).toHaveValue('live:other');
  await expect(url).toHaveValue(server.indexUrl);

  // As of the end of 2023: the 2024 uploads do not count.
  await page.getByLabel('As of').fill('2023-12-31');
  await resolve(page);
  await expect(runStatus(page)).toContainText('Solved: 4 packages');
  await expectPlan(page, { webframe: '1.0', routekit: '1.5', templatr: '2.4', 'markupsafe-lite': '1.0' });
  await expect(page.getByTestId('live-index-report')).toContainText('only files uploaded before 2023-12-31');

  // The permalink names the index and the date; opening it resolves nothing by itself.
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await page.getByRole('button', { name: 'Make a permalink' }).click();
  const link = await page.getByTestId('permalink').inputValue();
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByText(`It resolves against the live index ${server.indexUrl} as of 2023-12-31`)).toBeVisible({ timeout: 20_000 });
    await expect(other.getByRole('combobox', { name: 'Resolve against' })).toHaveValue('live:other');
    await expect(other.getByLabel('Index URL')).toHaveValue(server.indexUrl);
    await expect(other.getByLabel('As of')).toHaveValue('2023-12-31');
    await expect(other.getByRole('textbox', { name: 'Requirements' })).toContainText('webframe');
  } finally {
    await fresh.close();
  }

  // Offline, with the index gone: the same plan, from the cache alone, with the pages an hour old named as stale.
  await page.getByLabel('As of').fill('');
  await page.getByLabel('Offline: use only the cache').check();
  await server.close();
  await ageCachedAnswers(page, 3_600_000);
  const requestsBefore = server.requests.length;
  await resolve(page);
  await expect(runStatus(page)).toContainText('Solved: 5 packages');
  await expectPlan(page, NEWEST);
  await expect(summary).toContainText('5 project pages (0 downloaded, 5 from the cache); 5 metadata files (0 downloaded, 5 from the cache); 0 B downloaded.');
  await expect(page.getByTestId('live-index-report')).toContainText('offline: from the cache only');
  const stale = page.getByTestId('live-index-stale');
  await expect(stale).toContainText('Offline, so 5 cached answers were used past their freshness (stale)');
  await stale.getByText(/cached answers were used/).click();
  await expect(stale.getByRole('listitem').filter({ hasText: `${server.indexUrl}webframe/` })).toContainText('fetched 1 hour ago');
  expect(server.requests.length).toBe(requestsBefore);

  // What the cache lacks is named, and nothing is passed off as a result.
  await writeRequirements(page, 'webframe\nmissing-from-cache\n');
  await resolve(page);
  await expect(runStatus(page)).toContainText('No result: the index could not be read');
  await expect(page.getByTestId('index-failure')).toContainText('Offline, and the cache lacks what this resolve needs');
  await expect(page.getByTestId('index-failure')).toContainText(`${server.indexUrl}missing-from-cache/`);
});

test("the requirements' --index-url wins; a 500 is an error beside the result; after a cancel the cache serves; why-questions and close names read the index", async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Resolve against' }).selectOption({ label: 'PyPI (live)' });
  const text = `--index-url ${server.indexUrl}\nwebframe\n`;
  await writeRequirements(page, text);
  await expect(page.getByTestId('live-index-used')).toContainText(`Resolves against ${server.indexUrl}`);
  await expect(page.getByTestId('live-index-used')).toContainText('from --index-url in your requirements');

  server.addFault({ path: '/simple/templatr/', fault: { kind: 'status', status: 500 } });
  await resolve(page);
  const failure = page.getByTestId('index-failure');
  await expect(failure).toContainText('The index answered with an error, so there is no result', { timeout: 20_000 });
  await expect(failure).toContainText(`${server.indexUrl}templatr/`);
  await expect(failure).toContainText('The index answered 500 Internal Server Error (gave up after 4 attempts).');
  await expect(failure).toContainText('The index may be down or overloaded; try again in a few minutes.');
  await expect(runStatus(page)).toContainText('No result');
  await expect(page.getByText('No result: see why above.')).toBeVisible();
  await expectAccessible(page, 'index failure');
  // Nothing the person typed is touched.
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText(`--index-url ${server.indexUrl}webframe`);

  // Cancelled mid-download: the worker is gone, the cache keeps whole entries only.
  server.clearFaults();
  server.addFault({ path: /\.metadata$/, fault: { kind: 'latency', ms: 3000 } });
  await resolve(page);
  await expect(page.getByTestId('index-counters')).toBeVisible();
  await page.getByRole('button', { name: /Cancel/ }).click();
  await expect(runStatus(page)).toContainText('Cancelled');

  server.clearFaults();
  await resolve(page);
  await expect(runStatus(page)).toContainText('Solved: 5 packages');
  await expectPlan(page, NEWEST);
  await expect(page.getByTestId('live-index-summary')).toContainText(/from the cache/);
  await expect(page.getByTestId('live-index-report')).toContainText('from --index-url in your requirements');

  // Why-questions read the index too: on Python 3.8 webframe 2.0 is out of reach (templatr 3 needs 3.9).
  await page.getByLabel('Python', { exact: true }).fill('3.8');
  await resolve(page);
  await expect(runStatus(page)).toContainText('Solved: 5 packages');
  await expectPlan(page, { webframe: '1.0', templatr: '2.4', routekit: '2.0' });
  await page.getByRole('tab', { name: /Dependency tree/ }).click();
  const webframe = page.getByRole('list', { name: 'Dependency tree' }).getByRole('listitem').first();
  await webframe.getByRole('button', { name: 'why not newer?' }).first().click();
  await expect(webframe.getByRole('status').first()).toContainText(/2\.0/);
  await expect(webframe.getByRole('status').first()).toContainText(/Python|3\.9/);
  await page.getByLabel('Python', { exact: true }).fill('3.12');

  // A misspelt name: the explanation offers the index's own close names.
  await writeRequirements(page, `--index-url ${server.indexUrl}\nwebfrane\n`);
  await resolve(page);
  await expect(runStatus(page)).toContainText('No solution');
  await expect(page.getByTestId('conflict-headline')).toContainText('webfrane');
  await expect(page.getByTestId('live-index-report')).toContainText(`close names (from the list of 5 projects on ${server.indexUrl}): webframe`);

  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByTestId('live-cache-stats')).toHaveText('Cache: 0 answers, 0 B');
});

test('a full storage quota is reported beside the result, which still completes', async ({ page, baseURL }) => {
  // Chromium applies a quota override to an origin whose storage is not open yet: set it before the app loads.
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  try {
    await openApp(page);
    await page.getByRole('combobox', { name: 'Resolve against' }).selectOption({ label: 'Other index…' });
    await page.getByLabel('Index URL').fill(server.indexUrl);
    await writeRequirements(page, 'webframe\n');
    await resolve(page);
    await expect(runStatus(page)).toContainText('Solved: 5 packages');
    const problems = page.getByTestId('live-cache-problems');
    await expect(problems).toContainText(/^The browser's storage for this site is full, so http:\/\/127\.0\.0\.1:\d+\/\S+ \([\d.]+ KiB\) was not kept in the cache; the earlier copy, if any, is unchanged\./);
    await expect(problems).toContainText('(9 more answers were not kept either.)');
    await expect(page.getByTestId('live-cache-stats')).toHaveText('Cache: 0 answers, 0 B');
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
});
