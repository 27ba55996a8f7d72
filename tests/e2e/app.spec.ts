/**
 * The playground in Chromium, against the built app (vite preview): a conflict explained and
 * fixed, a long resolve cancelled, imports, a saved scenario across a reload, permalinks,
 * offline use and an accessibility scan. Screenshots of the main views go to test-results/.
 */
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { pigeonholeScenario } from './harness/pigeonhole.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  // The bundled scenarios are in the cache (first run: after the progress bar).
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
}

async function openScenario(page: Page, kind: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: kind }).first().click();
}

function resolveButton(page: Page) {
  // The header's button (a stale result offers its own "Resolve again").
  return page.locator('header').getByRole('button', { name: /^Resolve/ });
}

function runStatus(page: Page) {
  return page.locator('header [data-status]');
}

/** A screenshot kept in test-results/ (the test's folder) as an artifact of the run. */
async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test('a conflict scenario: message, picture, a suggested fix, then success', async ({ page }, testInfo) => {
  await openApp(page);
  await openScenario(page, /Direct clash/);
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText('numpy');
  await resolveButton(page).click();

  await expect(runStatus(page)).toContainText('No solution');
  await expect(page.getByRole('tab', { name: /Conflict/ })).toHaveAttribute('aria-selected', 'true');
  const headline = page.getByTestId('conflict-headline');
  await expect(headline).toContainText(/numpy/);
  const picture = page.getByTestId('conflict-picture');
  await expect(picture.getByTestId('picture-package').first()).toBeVisible();
  expect(await picture.getByTestId('picture-package').count()).toBeGreaterThanOrEqual(1);
  await expect(picture.locator('.package.trouble').first()).toBeAttached();
  for (const voice of ['pip-style', 'PubGrub', 'Plain']) {
    await page.getByRole('tab', { name: voice, exact: true }).click();
    await expect(page.getByTestId('explanation-text')).not.toBeEmpty();
  }
  await page.getByRole('tab', { name: 'pip-style', exact: true }).click();
  await expect(page.getByTestId('explanation-text')).toContainText('ERROR:');
  await snap(page, testInfo, 'conflict-view');

  await page.getByRole('tab', { name: /Terminal/ }).click();
  await expect(page.getByTestId('terminal').locator('.xterm-rows')).toContainText('ERROR');
  await expect(page.getByTestId('terminal-text')).toContainText('pip install --dry-run -r requirements.txt');
  await snap(page, testInfo, 'terminal-failure');

  await page.getByRole('tab', { name: /Conflict/ }).click();
  const fix = page.getByTestId('suggestion').first();
  const fixTitle = (await fix.locator('.title').textContent()) ?? '';
  expect(fixTitle).not.toBe('');
  await fix.click();
  await expect(runStatus(page)).toContainText('Solved');
  await expect(page.getByRole('tab', { name: /Install plan/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('plan-table').getByRole('row', { name: /^pandas / })).toBeVisible();
  await snap(page, testInfo, 'install-plan');

  await page.getByRole('tab', { name: /Dependency tree/ }).click();
  const firstRow = page.getByRole('list', { name: 'Dependency tree' }).getByRole('listitem').first();
  const answer = firstRow.getByRole('status').first();
  await firstRow.getByRole('button', { name: 'why here?' }).first().click();
  await expect(answer).toContainText(/\S/);
  const whyHere = await answer.textContent();
  await firstRow.getByRole('button', { name: 'why not newer?' }).first().click();
  await expect(answer).not.toHaveText(whyHere ?? '');
  await expect(answer).toContainText(/newer|newest/);
  await snap(page, testInfo, 'dependency-tree');

  await page.getByRole('tab', { name: /Terminal/ }).click();
  await expect(page.getByTestId('terminal-text')).toContainText('Would install');
});

test('Cancel stops a long resolve at once, and the next resolve works', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'pigeonhole.json', mimeType: 'application/json', buffer: Buffer.from(pigeonholeScenario(12)) });
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /^Pigeonhole/ })).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(runStatus(page)).toContainText(/Resolving… .* decisions/);
  // The page is not frozen while the worker resolves.
  await page.getByRole('tab', { name: /Terminal/ }).click();
  await expect(page.getByRole('tab', { name: /Terminal/ })).toHaveAttribute('aria-selected', 'true');
  await snap(page, testInfo, 'resolving-progress');

  const cancelledAt = Date.now();
  await page.getByRole('button', { name: /Cancel/ }).click();
  await expect(runStatus(page)).toContainText('Cancelled', { timeout: 1_000 });
  expect(Date.now() - cancelledAt).toBeLessThan(1_000);

  await openScenario(page, /Real-world success/);
  await resolveButton(page).click();
  await expect(runStatus(page)).toContainText('Solved');
  // A cancel restarts the worker; the bundled scenarios it may still have been storing carry on.
  await expect(page.getByText(/Loading the bundled scenarios failed/)).toHaveCount(0);
});

test('a conflict whose proof is exponential is explained in a page of text, saying what it leaves out', async ({ page }) => {
  await openApp(page);
  // Seven pigeons into six holes: the whole proof takes over a thousand steps.
  await page.getByTestId('file-input').setInputFiles({ name: 'pigeonhole.json', mimeType: 'application/json', buffer: Buffer.from(pigeonholeScenario(6)) });
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /^Pigeonhole/ })).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(runStatus(page)).toContainText('No solution', { timeout: 20_000 });
  await page.getByRole('tab', { name: 'PubGrub', exact: true }).click();
  const text = page.getByTestId('explanation-text');
  await expect(text).toContainText(/^The proof takes [\d,]+ steps, too many to read: the \d+ nearest its conclusion follow/);
  await expect(text).toContainText('(proved in steps left out)');
  await expect(text).toContainText(/your requirements cannot be met\./);
  expect((await text.innerText()).split('\n').length).toBeLessThan(200);
});

test('a packse scenario imported from a file resolves as packse expects', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('transitive-clash.packse.toml'));
  await expect(page.getByText(/Imported transitive-clash\.packse\.toml/)).toBeVisible();
  const mine = page.getByRole('list', { name: 'Your scenarios' });
  await expect(mine.getByRole('button', { name: /^lab-transitive-clash/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText('lib>=2');
  await resolveButton(page).click();
  await expect(runStatus(page)).toContainText('No solution');
  await expect(page.getByTestId('explanation-text')).toContainText('lib');
});

test('an index snapshot dropped on the page becomes the index; a broken one says where', async ({ page }) => {
  await openApp(page);
  const drop = async (name: string, text: string) => {
    await page.evaluate(
      ([fileName, content]) => {
        const data = new DataTransfer();
        data.items.add(new File([content!], fileName!, { type: 'application/json' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      [name, text],
    );
  };
  const { readFileSync } = await import('node:fs');
  await drop('broken.json', readFileSync(fixture('broken-index.snapshot.json'), 'utf8'));
  await expect(page.getByText(/Could not import broken\.json.*index snapshot.*projects\.greeter\.versions\.1\.0\.requires_dist/)).toBeVisible();

  await drop('tiny.json', readFileSync(fixture('tiny-index.snapshot.json'), 'utf8'));
  await expect(page.getByText(/Imported the index tiny\.json \(2 projects\)/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Resolve against' })).toHaveValue(/^imported:/);

  const editor = page.getByRole('textbox', { name: 'Requirements' });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('greeter\n');
  await resolveButton(page).click();
  await expect(runStatus(page)).toContainText('Solved');
  // 1.1 is yanked and colour-words 2.1 needs Python 3.13.
  await expect(page.getByTestId('plan-table').getByRole('row', { name: /^greeter / })).toContainText('1.0');
  await expect(page.getByTestId('plan-table').getByRole('row', { name: /^colour-words / })).toContainText('2.0');
});

test('the requirements editor marks errors inline, and the index editor checks JSON', async ({ page }) => {
  await openApp(page);
  const editor = page.getByRole('textbox', { name: 'Requirements' });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('flask\nrequests>=>2\n');
  // The open scenario's title now says where this started, not what it is.
  await expect(page.getByRole('banner')).toContainText('(edited)');
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(page.getByText(/1 error/)).toBeVisible();
  await resolveButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'pip would refuse these requirements' })).toContainText('line 2');

  await page.getByRole('button', { name: 'Edit the index' }).click();
  const indexEditor = page.getByRole('textbox', { name: 'Index snapshot (JSON)' });
  await expect(indexEditor).toContainText('index-snapshot/1');
  await page.getByRole('button', { name: 'Start from a template' }).click();
  await expect(page.getByText(/Valid: 2 projects/)).toBeVisible();
  await indexEditor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(',');
  await expect(page.getByText(/not valid JSON/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use this index' })).toBeDisabled();
});

test('unsaved edits in the index editor survive a reload and a closed editor, until discarded', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Edit the index' }).click();
  const indexEditor = page.getByRole('textbox', { name: 'Index snapshot (JSON)' });
  await expect(page.getByText(/Valid: \d+ projects/)).toBeVisible();
  const original = (await indexEditor.textContent()) ?? '';
  await page.locator('#index-editor').getByLabel('Title').fill('Mine, half done');
  await indexEditor.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText('{"note": "my edit", ');
  // Reloaded at once: the edit is not yet in the cache, and is kept as the page goes.
  await page.reload();
  await expect(indexEditor).toContainText('"note": "my edit"', { timeout: 20_000 });
  await expect(page.getByText(/Your unsaved edits from .* are back/)).toBeVisible();
  await expect(page.locator('#index-editor').getByLabel('Title')).toHaveValue('Mine, half done');

  // Closed and opened again: still there, and a reload leaves the editor closed as it was left.
  await page.getByRole('button', { name: 'Close the editor' }).click();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Edit the index' })).toBeVisible({ timeout: 20_000 });
  await expect(indexEditor).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit the index' }).click();
  await expect(indexEditor).toContainText('"note": "my edit"');

  // Discarded at the person's say: the index as it is, and nothing comes back after a reload.
  await page.getByRole('button', { name: 'Discard them' }).click();
  await expect(indexEditor).not.toContainText('my edit');
  await expect(page.getByText(/Your unsaved edits/)).toHaveCount(0);
  await page.reload();
  await expect(indexEditor).toContainText('index-snapshot/1', { timeout: 20_000 });
  await expect(indexEditor).not.toContainText('my edit');
  expect(((await indexEditor.textContent()) ?? '').slice(0, 200)).toBe(original.slice(0, 200));
  await expect(page.getByText(/Your unsaved edits/)).toHaveCount(0);
});

test('a saved scenario survives a reload and travels as a file', async ({ page, browser }) => {
  await openApp(page);
  await openScenario(page, /Yanked/);
  const editor = page.getByRole('textbox', { name: 'Requirements' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n# my own note\n');
  await page.getByLabel('Save the current scenario as').fill('My yanked case');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved “My yanked case”')).toBeVisible();

  await page.reload();
  const mine = page.getByRole('list', { name: 'Your scenarios' });
  await expect(mine.getByRole('button', { name: /^My yanked case/ })).toBeVisible({ timeout: 20_000 });
  await openScenario(page, /Direct clash/);
  await mine.getByRole('button', { name: /^My yanked case/ }).click();
  await expect(editor).toContainText('# my own note');

  // Exported to a file, and imported into another browser profile.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export mine' }).click()]);
  expect(download.suggestedFilename()).toBe('pipette-scenarios.json');
  const exported = await download.path();
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await openApp(other);
    await other.getByTestId('file-input').setInputFiles(exported);
    await expect(other.getByRole('list', { name: 'Your scenarios' }).getByRole('button', { name: /^My yanked case/ })).toBeVisible();
    await expect(other.getByRole('textbox', { name: 'Requirements' })).toContainText('# my own note');
  } finally {
    await fresh.close();
  }
});

async function makePermalink(page: Page): Promise<string> {
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await page.getByRole('button', { name: 'Make a permalink' }).click();
  const link = await page.getByTestId('permalink').inputValue();
  expect(link).toMatch(/#[A-Za-z0-9_-]{20,}$/);
  return link;
}

test('a permalink opens the same workspace in a fresh page', async ({ page, browser }, testInfo) => {
  await openApp(page);
  await openScenario(page, /Direct clash/);
  const editor = page.getByRole('textbox', { name: 'Requirements' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('# shared by link\n');
  await page.getByLabel('Python', { exact: true }).fill('3.11');
  await page.getByLabel('Operating system').selectOption('windows');
  const link = await makePermalink(page);
  await snap(page, testInfo, 'share-export');

  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByText('Opened the scenario from the link.')).toBeVisible({ timeout: 20_000 });
    await expect(other.locator('header')).toContainText('Pinned numpy is too old');
    await expect(other.getByRole('textbox', { name: 'Requirements' })).toContainText('# shared by link');
    await expect(other.getByLabel('Python', { exact: true })).toHaveValue('3.11');
    await expect(other.getByLabel('Operating system')).toHaveValue('windows');
    // The fragment is dropped once applied: a reload shows later edits, not the link again.
    expect(new URL(other.url()).hash).toBe('');
    await other.getByRole('button', { name: /^Resolve/ }).click();
    await expect(other.locator('header [data-status]')).toContainText(/No solution|Solved/);
  } finally {
    await fresh.close();
  }
});

test('an imported index travels inside the link; a damaged link says why', async ({ page, browser }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('tiny-index.snapshot.json'));
  await expect(page.getByText(/Imported the index tiny-index\.snapshot\.json/)).toBeVisible();
  await page.getByRole('textbox', { name: 'Requirements' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('greeter\n');
  const link = await makePermalink(page);

  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByRole('combobox', { name: 'Resolve against' })).toHaveValue(/^link:/, { timeout: 20_000 });
    await other.getByRole('button', { name: /^Resolve/ }).click();
    await expect(other.locator('header [data-status]')).toContainText('Solved: 2 packages');

    await other.goto(`${new URL(link).origin}/#not-a-real-link`);
    await expect(other.getByText(/This link is damaged or incomplete/)).toBeVisible({ timeout: 20_000 });
  } finally {
    await fresh.close();
  }
});

test('a full storage quota is reported and the scenario kept on the page', async ({ page }) => {
  // From the moment the flag is set, every IndexedDB write on the page fails as a full quota would.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if ((window as unknown as { failWrites?: boolean }).failWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await openApp(page);
  await openScenario(page, /Misspelt name/);
  await page.evaluate(() => ((window as unknown as { failWrites?: boolean }).failWrites = true));
  await page.getByLabel('Save the current scenario as').fill('Kept in memory');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: "storage for this site is full" })).toContainText('Kept in memory');
  const mine = page.getByRole('list', { name: 'Your scenarios' });
  await expect(mine.getByRole('button', { name: /^Kept in memory/ })).toContainText('not saved');
  await expect(page.getByRole('button', { name: 'Export my scenarios' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Requirements' })).toContainText('reqeusts');
});

test('works offline once loaded', async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The page that registered the worker is not controlled by it yet: reload once online.
  await page.reload();
  await openApp(page);
  await context.setOffline(true);
  await page.reload();
  await openApp(page);
  await openScenario(page, /Transitive clash/);
  await resolveButton(page).click();
  await expect(runStatus(page)).toContainText('No solution');
  await expect(page.getByTestId('conflict-picture').getByTestId('picture-package').first()).toBeVisible();
  await context.setOffline(false);
});

test('keyboard and themes: Ctrl+Enter resolves, the theme toggles, focus is visible', async ({ page }, testInfo) => {
  await openApp(page);
  await openScenario(page, /Requires-Python/);
  await page.keyboard.press('Control+Enter');
  await expect(runStatus(page)).toContainText(/No solution|Solved/);
  const theme = page.getByRole('button', { name: /Theme:/ });
  await theme.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await theme.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await snap(page, testInfo, 'dark-theme');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('no serious or critical accessibility violations on the main views', async ({ page }) => {
  // Eight full-page scans on a shared machine take most of a minute.
  test.setTimeout(120_000);
  const scan = async (view: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${view}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  };
  await openApp(page);
  await scan('start');
  await openScenario(page, /Transitive clash/);
  await resolveButton(page).click();
  await expect(page.getByTestId('conflict-picture').getByTestId('picture-package').first()).toBeVisible();
  await scan('conflict');
  await page.getByRole('tab', { name: /Terminal/ }).click();
  await expect(page.getByTestId('terminal').locator('.xterm-rows')).toContainText('pip install');
  await scan('terminal');
  await openScenario(page, /Real-world success/);
  await resolveButton(page).click();
  await expect(runStatus(page)).toContainText('Solved');
  await page.getByRole('tab', { name: /Install plan/ }).click();
  await scan('plan');
  await page.getByRole('tab', { name: /Dependency tree/ }).click();
  await scan('tree');
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await scan('share');
  await page.getByRole('button', { name: 'Edit the index' }).click();
  await expect(page.getByText(/Valid: \d+ projects/)).toBeVisible();
  await scan('index editor');
  await page.getByRole('button', { name: /Theme:/ }).click();
  await page.getByRole('button', { name: /Theme:/ }).click();
  await page.getByRole('tab', { name: /Install plan/ }).click();
  await scan('dark plan');
});
