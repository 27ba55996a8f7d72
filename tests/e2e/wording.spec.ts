/**
 * The wording lab in Chromium, against the built app: make a variant, change two templates,
 * see the grid, the word diff and the measures move, reload (nothing lost), export and import
 * the variant, and open a permalink that carries it in a fresh browser; a reload straight after
 * a change, and a delete straight after an edit, lose nothing and bring nothing back.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

async function openLab(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Wording lab' }).click();
  await expect(page.getByTestId('suite-summary')).toContainText(/Bundled scenarios: \d+ failing of \d+/, { timeout: 30_000 });
}

/** The median words of a variant, from the measures table. */
async function medianWords(page: Page, variant: string): Promise<number> {
  const row = page.getByTestId('measures-table').getByRole('row').filter({ has: page.getByRole('rowheader', { name: variant, exact: true }) });
  return Number(await row.getByRole('cell').nth(2).innerText());
}

/** Makes a variant from the base wording, in the pip voice. */
async function newVariant(page: Page, name: string): Promise<void> {
  await page.getByTestId('lab-voice').selectOption('pip');
  await page.getByPlaceholder('Name of a new variant').fill(name);
  await page.getByRole('button', { name: 'New variant' }).click();
  await expect(page.getByRole('button', { name })).toBeVisible();
}

/** Reloads the page, opens `variant`'s `key` template in the pip voice and expects `text` there. */
async function expectTemplateAfterReload(page: Page, variant: string, key: string, text: string): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('suite-summary')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: variant }).click();
  await page.getByTestId('lab-voice').selectOption('pip');
  await page.getByRole('listbox', { name: 'Templates' }).locator(`button[data-key="${key}"]`).click();
  await expect(page.getByTestId('template-text')).toHaveValue(text);
}

async function editTemplate(page: Page, key: string, text: string): Promise<void> {
  await page.getByRole('listbox', { name: 'Templates' }).locator(`button[data-key="${key}"]`).click();
  await page.getByTestId('template-text').fill(text);
}

test('a variant: edit two templates, the grid, diff and measures follow; it survives a reload, an export and an import, and a permalink', async ({ page, browser }, testInfo) => {
  await openLab(page);
  await page.getByTestId('lab-voice').selectOption('pip');
  const grid = page.getByRole('region', { name: 'Suite grid' });
  await expect(grid.getByTestId('grid-message').first()).toBeVisible();
  const baseWords = await medianWords(page, 'Base wording');

  await page.getByPlaceholder('Name of a new variant').fill('Shorter pip');
  await page.getByRole('button', { name: 'New variant' }).click();
  await expect(page.getByRole('button', { name: 'Shorter pip' })).toBeVisible();
  await editTemplate(page, 'conflict.caused', 'Here is why:');
  await expect(page.getByTestId('template-preview')).toBeVisible();
  await editTemplate(page, 'fix.head', 'Try {kind} fixes:');
  await expect(page.getByTestId('template-preview')).toContainText(/Try [a-z-]+ fixes:/);

  // The grid has the variant's column, and the diff shows what changed, word by word.
  const clash = grid.locator('tr[data-scenario^="bundled:direct-clash"]');
  await expect(clash.getByTestId('grid-message').nth(1)).toContainText('Here is why:');
  await expect(clash.getByTestId('grid-message').nth(1)).toContainText('Try resolution-impossible fixes:');
  await expect(clash.getByTestId('grid-diff').locator('ins').first()).toBeVisible();
  await expect(clash.getByTestId('grid-diff').locator('del', { hasText: 'caused' })).toBeVisible();
  await expect(clash.getByTestId('grid-diff').locator('ins', { hasText: 'Here' })).toBeVisible();
  await expect.poll(() => medianWords(page, 'Shorter pip')).toBeLessThan(baseWords);
  await page.screenshot({ path: testInfo.outputPath('wording-lab.png'), fullPage: true });

  // Filter by cause kind.
  await page.getByTestId('kind-filter').selectOption('yanked');
  await expect(grid.locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('kind-filter').selectOption('all');
  await expect(page.getByTestId('unused-summary')).toContainText(/\d+ of \d+ pip templates never used/);

  // Reload: the lab, the variant and its two templates are still there.
  await expectTemplateAfterReload(page, 'Shorter pip', 'conflict.caused', 'Here is why:');
  await expect(grid.locator('tr[data-scenario^="bundled:direct-clash"]').getByTestId('grid-message').nth(1)).toContainText('Here is why:');

  // Export, delete, import: the same variant comes back.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; templates: { pip: Record<string, string> } };
  expect(exported.format).toBe('pipette-wording/1');
  expect(exported.templates.pip).toEqual({ 'conflict.caused': 'Here is why:', 'fix.head': 'Try {kind} fixes:' });
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: 'Shorter pip' })).toHaveCount(0);
  await page.getByTestId('variant-file').setInputFiles({ name: 'shorter-pip.wording.json', mimeType: 'application/json', buffer: readFileSync(file) });
  await expect(page.getByRole('button', { name: 'Shorter pip' })).toBeVisible();
  await expect(grid.locator('tr[data-scenario^="bundled:direct-clash"]').getByTestId('grid-message').nth(1)).toContainText('Here is why:');

  // A bad file is refused at the key, the rest kept.
  await page.getByTestId('variant-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, id: 'bad', name: 'Bad', templates: { pip: { 'conflict.caused': 'Because {why}:', 'nope.key': 'x', 'fix.head': 'Fixes:' } } })) });
  await expect(page.getByText(/unknown slot \{why\}/)).toBeVisible();
  await expect(page.getByText(/not a template of the pip voice/)).toBeVisible();

  // Use it in the playground, and share it by link.
  await page.getByRole('button', { name: 'Shorter pip', exact: true }).click();
  await page.getByLabel("Use it for the playground's explanation (and its permalinks)").check();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Playground' }).click();
  await page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ }).first().click();
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.locator('header [data-status]')).toContainText(/No solution/, { timeout: 20_000 });
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await page.getByRole('button', { name: 'Make a permalink' }).click();
  const link = await page.getByTestId('permalink').inputValue();

  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByText(/The link carries the wording variant “Shorter pip”/)).toBeVisible({ timeout: 20_000 });
    await other.getByRole('button', { name: /^Resolve/ }).click();
    await other.getByRole('tab', { name: 'pip' }).click();
    await expect(other.getByTestId('explanation-text')).toContainText('Here is why:');
    await other.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Wording lab' }).click();
    await expect(other.getByRole('button', { name: 'Shorter pip' })).toBeVisible();
  } finally {
    await fresh.close();
  }
});

test('a database made by the version before the lab is upgraded with the person’s scenarios kept', async ({ page }) => {
  // Any page of the same origin that does not start the app: build a version 1 database there.
  await page.goto('/scenarios/index.json');
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('pipette', 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        db.createObjectStore('indexes', { keyPath: 'id' });
        db.createObjectStore('scenarios', { keyPath: 'id' }).createIndex('by-origin', 'origin');
        db.createObjectStore('prefs');
        db.createObjectStore('meta');
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['indexes', 'scenarios'], 'readwrite');
        tx.objectStore('indexes').put({ id: 'imported:old', title: 'Old index', origin: 'imported', snapshot: { format: 'index-snapshot/1', projects: { a: { versions: { '1.0': {} } } } }, projects: 1, bytes: 80, savedAt: '2026-01-01T00:00:00Z' });
        tx.objectStore('scenarios').put({ id: 'user:old', title: 'Made before the lab', kind: '', description: '', requirements: 'a>=2\n', format: 'requirements', target: {}, options: {}, indexId: 'imported:old', origin: 'user', updatedAt: '2026-01-01T00:00:00Z' });
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  });
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Your scenarios' }).getByRole('button', { name: /^Made before the lab/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Wording lab' }).click();
  await page.getByTestId('lab-suite').selectOption('user');
  await expect(page.getByTestId('suite-summary')).toContainText('Your scenarios: 1 failing of 1', { timeout: 30_000 });
  await page.getByPlaceholder('Name of a new variant').fill('After the upgrade');
  await page.getByRole('button', { name: 'New variant' }).click();
  // Reload once the variant is stored (the write is asynchronous; the service worker's first
  // install may be busy with the same disk).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('pipette');
            open.onsuccess = () => {
              const count = open.result.transaction('variants').objectStore('variants').count();
              count.onsuccess = () => {
                resolve(count.result);
                open.result.close();
              };
            };
          }),
      ),
    )
    .toBe(1);
  await page.reload();
  await expect(page.getByRole('button', { name: 'After the upgrade' })).toBeVisible({ timeout: 20_000 });
  const stores = await page.evaluate(() => new Promise<string[]>((resolve) => {
    const open = indexedDB.open('pipette');
    open.onsuccess = () => {
      resolve([...open.result.objectStoreNames, `v${open.result.version}`]);
      open.result.close();
    };
  }));
  // Every later store is added beside the person's data, version 1's stores untouched.
  expect(stores).toEqual(['advisories', 'indexes', 'meta', 'prefs', 'scenarios', 'studyEvents', 'studySessions', 'suite-runs', 'suites', 'trust', 'variants', 'v5']);
});

test('a change survives a reload straight after it: the variant made and the template typed a moment before', async ({ page }) => {
  await openLab(page);
  await newVariant(page, 'Reloaded at once');
  await editTemplate(page, 'conflict.caused', 'Typed just before the reload:');
  // At once: the lab gathers edits for 300 ms before writing them to IndexedDB.
  await expectTemplateAfterReload(page, 'Reloaded at once', 'conflict.caused', 'Typed just before the reload:');
  // Stored in IndexedDB since: the change kept meanwhile in localStorage is settled.
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('pipette.wording-variant-pending.')).length))
    .toBe(0);
});

test('a variant deleted straight after an edit stays deleted: the edit waiting to be written does not bring it back', async ({ page }) => {
  await openLab(page);
  await newVariant(page, 'Short-lived');
  page.once('dialog', (dialog) => void dialog.accept());
  await editTemplate(page, 'conflict.caused', 'About to go:');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Short-lived' })).toHaveCount(0);
  // Past the 300 ms the lab gathers edits for: a write still pending would have happened by now.
  await page.waitForTimeout(1000);
  await page.reload();
  await expect(page.getByTestId('suite-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Base wording' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Short-lived' })).toHaveCount(0);
});
