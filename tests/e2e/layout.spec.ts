/**
 * The page at a phone's, a small laptop's and a large screen's width, in both themes: after
 * Resolve the result and the fixes are in view and nothing (the library, the header, a
 * message) lies over them. Checked by geometry — bounding boxes inside the viewport, and
 * `document.elementFromPoint` at their centres hitting them — with screenshots kept in
 * test-results/ to look at.
 */
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1000, height: 800 },
  { width: 1920, height: 1080 },
] as const;

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  // The first bundled scenario is opened and resolved on a first visit.
  await expect(page.locator('header [data-status]')).toContainText(/Solved|No solution/, { timeout: 30_000 });
}

/** Picks a bundled scenario, unfolding the library first where it is folded. */
async function pickScenario(page: Page, name: RegExp): Promise<void> {
  const library = page.getByRole('navigation', { name: 'Scenario library' });
  const toggle = library.getByRole('button', { name: /Show all/ });
  if (await toggle.isVisible()) await toggle.click();
  await library.getByRole('button', { name }).first().click();
}

/** Whether the element's box lies inside the viewport and the topmost element at its centre is it (or inside it). */
async function uncovered(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return 'has no size';
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight + 0.5 || box.right > window.innerWidth + 0.5) {
      return `is outside the viewport: ${Math.round(box.left)},${Math.round(box.top)} – ${Math.round(box.right)},${Math.round(box.bottom)} in ${window.innerWidth}×${window.innerHeight}`;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!hit || !(hit === element || element.contains(hit))) {
      return `is covered by ${hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}` : 'nothing'}`;
    }
    return 'ok';
  });
}

async function expectUncovered(locator: Locator, what: string): Promise<void> {
  await expect.poll(() => uncovered(locator), { message: `${what} should be in view and uncovered`, timeout: 5000 }).toBe('ok');
}

async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage });
}

for (const size of WIDTHS) {
  for (const theme of ['light', 'dark'] as const) {
    test(`at ${size.width} px (${theme}): after Resolve the result and the fixes are in view, uncovered`, async ({ page }, testInfo) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme });
      await openApp(page);
      await pickScenario(page, /Transitive clash/);
      // Opening resolves; scroll away, then Resolve from the header and look again.
      await expect(page.getByTestId('conflict-headline')).toBeVisible({ timeout: 20_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
      await expect(page.locator('header [data-status]')).toContainText('No solution');

      const headline = page.getByTestId('conflict-headline');
      const firstFix = page.getByTestId('suggestion').first();
      await expectUncovered(headline, 'the conflict headline');
      await expectUncovered(firstFix, 'the first fix');
      // The header keeps to at most two lines and every result tab can be reached.
      const headerHeight = await page.locator('header.bar').evaluate((el) => el.getBoundingClientRect().height);
      expect(headerHeight).toBeLessThanOrEqual(size.width < 720 ? 100 : 60);
      for (const tab of await page.getByRole('tablist', { name: 'Results' }).getByRole('tab').all()) {
        const box = await tab.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= size.width).toBeTruthy();
      }
      // Nothing is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await snap(page, testInfo, `conflict-${size.width}-${theme}`);

      // The conflict picture: every label readable (no text under 12 px) and none on top of another.
      const picture = page.getByTestId('conflict-picture');
      await picture.scrollIntoViewIfNeeded();
      const problems = await picture.evaluate((root) => {
        const out: string[] = [];
        const labels = [...root.querySelectorAll<HTMLElement>('[data-label]')].filter((el) => el.getClientRects().length > 0);
        for (const el of labels) {
          const size = parseFloat(getComputedStyle(el).fontSize);
          if (size < 12) out.push(`${el.textContent?.trim()} is ${size}px`);
        }
        const boxes = labels.map((el) => ({ el, box: el.getBoundingClientRect() }));
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!.box;
            const b = boxes[j]!.box;
            const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
            if (overlap && !boxes[i]!.el.contains(boxes[j]!.el) && !boxes[j]!.el.contains(boxes[i]!.el)) out.push(`“${boxes[i]!.el.textContent?.trim()}” overlaps “${boxes[j]!.el.textContent?.trim()}”`);
          }
        }
        return out;
      });
      expect(problems).toEqual([]);
      await snap(page, testInfo, `picture-${size.width}-${theme}`);

      // A solution too: the plan is in view after Resolve.
      await pickScenario(page, /Real-world success/);
      await expect(page.locator('header [data-status]')).toContainText('Solved', { timeout: 20_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
      await expect(page.locator('header [data-status]')).toContainText('Solved');
      // The table may scroll sideways inside its panel on a phone: its first cell is what must show.
      await expectUncovered(page.getByTestId('plan-table').getByRole('row').nth(1).locator('th, td').first(), 'the first row of the plan');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await snap(page, testInfo, `plan-${size.width}-${theme}`);
    });
  }
}

test('messages do not cover the page and news leaves on its own; errors stay until dismissed', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await page.clock.install();
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('file-input').setInputFiles({ name: `broken-${i}.json`, mimeType: 'application/json', buffer: Buffer.from('{"format": "index-snapshot/1", "projects": 3}') });
  }
  const region = page.getByRole('region', { name: 'Messages' });
  await expect(region.getByRole('alert')).toHaveCount(3);
  // The messages sit in the flow under the header: the results start below them.
  const regionBox = await region.boundingBox();
  const results = await page.locator('#results').boundingBox();
  expect(regionBox && results && results.y >= regionBox.y + regionBox.height).toBeTruthy();
  await page.clock.runFor(60_000);
  await expect(region.getByRole('alert')).toHaveCount(3);
  const closes = region.getByRole('button', { name: 'Dismiss this message' });
  while ((await closes.count()) > 0) await closes.first().click();
  await expect(region.getByRole('alert')).toHaveCount(0);

  // Good news leaves on its own.
  await page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Show all/ }).click();
  await page.getByLabel('Save the current scenario as').fill('Mine for a moment');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(region.getByRole('status')).toHaveCount(1);
  await page.clock.runFor(30_000);
  await expect(region.getByRole('status')).toHaveCount(0);
});
