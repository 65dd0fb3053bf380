import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output');
// .ci/run installs Debian's chromium; on a machine without it this test says so and is skipped.
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`html report browser test skipped: no browser at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!haveBrowser)('HTML review report in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const r = spawnSync(process.execPath, [CLI, '--offline', '--format', 'html', '-o', join(OUT, 'report.html'), 'fixtures/briefs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  it('shows the counts and conflicts, filters from the keyboard, and makes no requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    const requests: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) requests.push(req.url());
    });
    await page.goto(`file://${join(OUT, 'report.html')}`);
    expect(await page.textContent('#count-errors strong')).toBe('11');
    expect(await page.textContent('#count-warnings strong')).toBe('4');
    const france = page.locator('article.conflict', { hasText: 'France’s troops in the Sahel' });
    await expect.poll(() => france.count()).toBe(1);
    expect(await france.locator('.side .value').first().textContent()).toBe('4,500');
    expect(await france.textContent()).toContain('The rest of the corpus supports 5,100.');
    expect(await page.textContent('#shown')).toBe('15 findings shown');

    // Filter by severity with the keyboard only.
    await page.focus('#filter-severity');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.inputValue('#filter-severity')).toBe('warning');
    await expect.poll(() => page.textContent('#shown')).toBe('4 findings shown');
    expect(await page.locator('li.finding:not(.hidden) .badge').allTextContents()).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(await france.isVisible()).toBe(false);

    await page.selectOption('#filter-severity', '');
    await page.fill('#filter-text', 'placeholder');
    await expect.poll(() => page.textContent('#shown')).toBe('0 findings shown');
    await page.fill('#filter-text', 'chad');
    await expect.poll(() => page.textContent('#shown')).toBe('1 finding shown');
    await page.fill('#filter-text', '');
    await page.screenshot({ path: join(OUT, 'html-report.png'), fullPage: false });
    expect(requests).toEqual([]);
  });
});
