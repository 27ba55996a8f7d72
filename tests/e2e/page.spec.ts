/**
 * The page as a new user meets it: what is opened is resolved, a result goes stale the
 * moment an input changes (and is not exported as current), the title follows the screen,
 * nothing typed is lost to a syntax switch or an import, binary files are refused, a damaged
 * link says so in plain words, an emoji is reported as itself, a case over an imported index
 * opens with its environment, and the conflict picture links a band to its chain.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });
}

async function openScenario(page: Page, kind: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: kind }).first().click();
}

const status = (page: Page) => page.locator('header [data-status]');
const editor = (page: Page) => page.getByRole('textbox', { name: 'Requirements' });

async function replaceText(page: Page, text: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

test('opening a scenario resolves it; any change of input marks the result stale, and exports wait for a fresh one', async ({ page }) => {
  await openApp(page);
  await openScenario(page, /Real-world success/);
  // No Resolve pressed: opening is enough.
  await expect(status(page)).toContainText(/Solved: \d+ packages/, { timeout: 20_000 });
  await expect(page.getByTestId('plan-table')).toBeVisible();
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);

  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\nsix\n');
  await expect(page.getByTestId('stale-banner')).toContainText('the requirements changed');
  await expect(status(page)).toContainText('Out of date');
  await expect(page.locator('#results .content.faded')).toBeVisible();
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await expect(page.getByTestId('export-stale')).toBeVisible();
  await expect(page.getByRole('button', { name: /Copy as Markdown/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Resolve again' }).first().click();
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Copy as Markdown/ })).toBeVisible();

  // The environment and the index count as inputs too.
  const python = page.getByLabel('Python', { exact: true });
  await python.fill((await python.inputValue()) === '3.11' ? '3.12' : '3.11');
  await expect(page.getByTestId('stale-banner')).toContainText('the environment changed');
  await page.getByRole('button', { name: 'Resolve again' }).first().click();
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  await page.getByTestId('file-input').setInputFiles(fixture('tiny-index.snapshot.json'));
  await expect(page.getByTestId('stale-banner')).toContainText('the index changed');
});

test('the title follows what is on screen, and the Markdown export carries the resolved one', async ({ page }) => {
  await openApp(page);
  await openScenario(page, /Direct clash/);
  const title = page.getByTestId('scenario-title');
  await expect(title).toHaveText('Pinned numpy is too old for the pinned pandas');
  await replaceText(page, 'greeter\n');
  await expect(title).toHaveText('Pinned numpy is too old for the pinned pandas (edited)');
  await page.getByTestId('file-input').setInputFiles(fixture('tiny-index.snapshot.json'));
  // Both the requirements and the index were replaced: it is no longer that scenario.
  await expect(title).toHaveText('Untitled scenario');
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(status(page)).toContainText('Solved');
  await page.getByRole('tab', { name: /Share & export/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .md' }).click()]);
  const markdown = readFileSync(await download.path(), 'utf8');
  expect(markdown).toMatch(/^## Untitled scenario$/m);
  expect(markdown).not.toContain('numpy');
});

test('a permalink resolves when opened; a damaged one says so in plain words', async ({ page, browser }) => {
  await openApp(page);
  await openScenario(page, /Transitive clash/);
  await expect(status(page)).toContainText('No solution', { timeout: 20_000 });
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await page.getByRole('button', { name: 'Make a permalink' }).click();
  const link = await page.getByTestId('permalink').inputValue();

  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(status(other)).toContainText('No solution', { timeout: 30_000 });
    await expect(other.getByTestId('conflict-headline')).toContainText('click');

    await other.goto(link.slice(0, -6));
    const message = other.getByRole('region', { name: 'Messages' }).getByRole('alert');
    await expect(message).toContainText('This link is damaged or incomplete (', { timeout: 20_000 });
    await expect(message).toContainText('Copy the whole link again');
    await expect(message).not.toContainText('bits set');
  } finally {
    await fresh.close();
  }
});

test('before the editor has loaded, a plain box takes the text; the editor keeps it and the selection', async ({ page }) => {
  // The editor loads after the first result: hold its module to type in the plain box first.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/codemirror-*.js', async (route) => {
    await held;
    await route.continue();
  });
  await openApp(page);
  await expect(status(page)).toContainText('No solution', { timeout: 20_000 });
  const plain = page.locator('textarea[aria-label="Requirements"]');
  await plain.fill('requests\nflask<2');
  // "flask" selected, as someone about to replace it.
  await plain.evaluate((box: HTMLTextAreaElement) => box.setSelectionRange(9, 14));
  release();
  await expect(page.locator('.cm-content')).toContainText('flask<2');
  await expect(plain).toHaveCount(0);
  await page.keyboard.insertText('django');
  await expect(page.locator('.cm-content')).toHaveText(/^requests\s*django<2$/);
  await expect(page.getByTestId('stale-banner')).toContainText('the requirements changed');
});

test('switching to pyproject.toml keeps comments and pip options, and one click undoes it', async ({ page }) => {
  await openApp(page);
  const original = '# pinned for the CLI\n--index-url https://example.org/simple/\n-c constraints.txt\ntyper<0.4  # old API\n';
  await replaceText(page, original);
  await page.getByText('pyproject.toml', { exact: true }).click();
  const bar = page.getByTestId('undo-bar');
  await expect(bar).toContainText('Switched to pyproject.toml');
  await expect(bar).toContainText('kept as comments');
  await expect(editor(page)).toContainText('# requirements.txt: --index-url https://example.org/simple/');
  await expect(editor(page)).toContainText('# pinned for the CLI');
  await bar.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('radio', { name: 'requirements.txt' })).toBeChecked();
  const text = await page.evaluate(() => (document.querySelector('.cm-content') as HTMLElement).innerText);
  expect(text.trim()).toBe(original.trim());
  await expect(bar).toHaveCount(0);
});

test('a binary file is refused and the editor keeps its text; a text file that replaces it can be undone', async ({ page }) => {
  await openApp(page);
  await replaceText(page, 'my-own-line\n');
  await page.getByTestId('file-input').setInputFiles({ name: 'garbage.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]) });
  await expect(page.getByRole('alert').filter({ hasText: 'garbage.bin was not opened' })).toContainText('not a text file');
  await expect(editor(page)).toContainText('my-own-line');

  await page.getByTestId('file-input').setInputFiles({ name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('flask\n') });
  const bar = page.getByTestId('undo-bar');
  await expect(bar).toContainText('Opened other.txt in the editor (requirements.txt syntax), in place of your text');
  await expect(editor(page)).toContainText('flask');
  await bar.getByRole('button', { name: 'Undo' }).click();
  await expect(editor(page)).toContainText('my-own-line');
});

test('two requirements files opened together: Undo gives back what was typed, not the first file', async ({ page }) => {
  await openApp(page);
  await replaceText(page, 'my-precious-text\n');
  await page.getByTestId('file-input').setInputFiles([
    { name: 'a-requirements.txt', mimeType: 'text/plain', buffer: Buffer.from('alpha\n') },
    { name: 'b-requirements.txt', mimeType: 'text/plain', buffer: Buffer.from('beta\n') },
  ]);
  const bar = page.getByTestId('undo-bar');
  await expect(bar).toContainText('Opened b-requirements.txt in the editor (requirements.txt syntax), in place of your text');
  await expect(editor(page)).toContainText('beta');
  await bar.getByRole('button', { name: 'Undo' }).click();
  await expect(editor(page)).toContainText('my-precious-text');
});

test('an edit made just before a reload is still there after it', async ({ page }) => {
  await openApp(page);
  await replaceText(page, 'flask\n');
  await page.keyboard.insertText('last-edit-before-reload\n');
  // Well within the half second the draft waits before it is written.
  await page.waitForTimeout(50);
  await page.reload();
  await expect(editor(page)).toContainText('last-edit-before-reload', { timeout: 20_000 });
});

test('an emoji in a requirement is named as itself, at its column', async ({ page }) => {
  await openApp(page);
  await replaceText(page, 'flask\na🙂 b🙂\n');
  const problems = page.locator('details.problems');
  await expect(problems).toContainText("line 2:2 expected a version specifier (like '>=1.0'), '@ URL', ';' or the end after 'a', found '🙂'");
  await expect(problems).not.toContainText('\ufffd');
});

test('a case that names its index by path opens over the imported snapshot, with its environment', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('tiny-index.snapshot.json'));
  await expect(page.getByText(/Imported the index tiny-index\.snapshot\.json/)).toBeVisible();
  const caseFile = {
    name: 'greeter-on-windows',
    source: 'written for this test',
    index: 'indexes/tiny-index.snapshot.json',
    environment: { python_full_version: '3.11.4', python_version: '3.11', sys_platform: 'win32', platform_system: 'Windows', os_name: 'nt', platform_machine: 'AMD64', implementation_name: 'cpython' },
    requested: ['greeter'],
    options: { prereleases: false },
    expected: { satisfiable: true },
  };
  await page.getByTestId('file-input').setInputFiles({ name: 'case.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(caseFile)) });
  await expect(page.getByRole('list', { name: 'Your scenarios' }).getByRole('button', { name: /^greeter-on-windows/ })).toBeVisible();
  await expect(page.getByLabel('Python', { exact: true })).toHaveValue('3.11.4');
  await expect(page.getByLabel('Operating system')).toHaveValue('windows');
  await expect(status(page)).toContainText(/Solved|No solution/, { timeout: 20_000 });
});

test('the conflict picture: a band shows the chain from your requirement', async ({ page }, testInfo) => {
  await openApp(page);
  await openScenario(page, /Transitive clash/);
  const picture = page.getByTestId('conflict-picture');
  const click = picture.locator('[data-package="click"]');
  await expect(click).toContainText('no version is allowed by every requirement', { timeout: 20_000 });
  await expect(click.getByTestId('picture-band')).toHaveCount(3);
  await click.getByTestId('picture-band').filter({ hasText: 'typer 0.1.1 requires click>=7.0.0,<7.2.0' }).click();
  const chain = picture.getByTestId('picture-chain');
  await expect(chain.getByRole('listitem')).toHaveText(['You require typer<0.4', 'typer 0.1.1 requires click>=7.0.0,<7.2.0']);
  // The band of your own requirement on the chain is marked in typer's picture too.
  await expect(picture.locator('[data-package="typer"] .band-label.in-chain')).toHaveCount(1);
  await picture.getByText('The same as a table').click();
  await expect(picture.getByRole('table')).toContainText('typer 0.1.1 requires click>=7.0.0,<7.2.0');
  await picture.screenshot({ path: testInfo.outputPath('picture-chain.png') });
});

test('the HTML asks for the app shell next to its entry; the entry itself waits only for the worker’s start', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const preloads = [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)"/g)].map((m) => m[1]!);
  const entry = html.match(/<script type="module" crossorigin src="([^"]+)"/)?.[1];
  expect(entry, 'the entry script').toBeTruthy();
  const shell = preloads.find((href) => /\/app-shell-[\w-]+\.js$/.test(href));
  expect(shell, `a modulepreload of the shell among ${preloads.join(', ')}`).toBeTruthy();
  expect(preloads.some((href) => /\/app-main-[\w-]+\.js$/.test(href))).toBe(true);
  // Loaded whole: no more than a handful of scripts before anything lazy.
  expect(preloads.length).toBeLessThanOrEqual(6);
  // The entry imports the shell only dynamically, after starting the worker.
  const entryText = await (await request.get(entry!)).text();
  const shellFile = shell!.split('/').pop()!;
  expect(entryText).not.toMatch(new RegExp(`(?:^|[;\\n])\\s*import[^(;]*from\\s*["']\\./${shellFile.replace(/[.-]/g, '\\$&')}["']`));
  // And the page runs from it.
  await openApp(page);
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
});
