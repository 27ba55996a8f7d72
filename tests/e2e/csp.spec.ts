/**
 * The content security policy holds across the main flows: no `securitypolicyviolation` event
 * and no CSP error in the console while the page loads, resolves a conflict (graph, voices,
 * terminal), applies a fix, shows the plan and the tree, edits requirements and the index, and
 * makes a permalink. The preview server sends the policy and nosniff as headers too.
 */
import { expect, test, type Page } from '@playwright/test';

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
}

/** Records every violation, from the very first script on, in `window.__cspViolations`. */
async function watchPolicy(page: Page): Promise<string[]> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  return consoleErrors;
}

async function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);
}

test('the preview server sends the policy, nosniff and frame-ancestors', async ({ request }) => {
  const response = await request.get('/');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  const html = await response.text();
  expect(html.replace(/&#39;/g, "'")).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';/);
});

test('no content security policy violation across the main flows', async ({ page }) => {
  const consoleErrors = await watchPolicy(page);
  await page.goto('/');
  const library = page.getByRole('navigation', { name: 'Scenario library' });
  await expect(library.getByRole('button', { name: /Direct clash/ })).toBeVisible({ timeout: 20_000 });

  // A conflict: the message in each voice, the graph, the terminal.
  await library.getByRole('button', { name: /Direct clash/ }).first().click();
  await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
  await expect(page.locator('header [data-status]')).toContainText('No solution');
  await expect(page.getByTestId('conflict-picture').getByTestId('picture-package').first()).toBeVisible();
  for (const voice of ['pip-style', 'PubGrub', 'Plain']) {
    await page.getByRole('tab', { name: voice, exact: true }).click();
    await expect(page.getByTestId('explanation-text')).not.toBeEmpty();
  }
  await page.getByRole('tab', { name: /Terminal/ }).click();
  await expect(page.getByTestId('terminal').locator('.xterm-rows')).toContainText('ERROR');

  // A fix, the plan and the tree.
  await page.getByRole('tab', { name: /Conflict/ }).click();
  await page.getByTestId('suggestion').first().click();
  await expect(page.locator('header [data-status]')).toContainText('Solved');
  await page.getByRole('tab', { name: /Dependency tree/ }).click();
  await expect(page.getByRole('list', { name: 'Dependency tree' }).getByRole('listitem').first()).toBeVisible();

  // The editors: an inline error in the requirements, the index editor's JSON check.
  const editor = page.getByRole('textbox', { name: 'Requirements' });
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.type('\nbroken<<1');
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await page.getByRole('button', { name: 'Edit the index' }).click();
  await expect(page.getByRole('textbox', { name: 'Index snapshot (JSON)' })).toBeVisible();

  // Sharing.
  await page.getByRole('tab', { name: /Share & export/ }).click();
  await page.getByRole('button', { name: 'Make a permalink' }).click();

  expect(await violations(page)).toEqual([]);
  expect(consoleErrors).toEqual([]);

  // The watch itself works: an inline script is refused and reported (once per policy: header and meta).
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
  });
  await expect.poll(async () => new Set((await violations(page)).map((v) => v.directive))).toEqual(new Set(['script-src-elem']));
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});
