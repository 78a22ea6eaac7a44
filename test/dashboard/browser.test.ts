// Issue 5 in a real browser: Debian's Chromium driven by playwright-core against the dashboard in
// queue mode (Postgres, Redis, workers in this process, a local fake portal). Logs in with basic
// auth, opens the months page, triggers a re-run and follows it to the end, opens the snapshot and
// checks a cell, and saves a screenshot of every page under test/artifacts/dashboard/.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAppendix } from '../support/example-month.js';
import { ARTIFACTS, browserAvailable, launchChromium } from './browser-env.js';
import { ADMIN_TOKEN, VIEWER_TOKEN, dashboardWorld } from './dashboard-env.js';

describe.skipIf(!browserAvailable)('dashboard in Chromium', () => {
  let world: Awaited<ReturnType<typeof dashboardWorld>>;
  let dashboard: typeof world.dashboard;
  let browser: Browser;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    world = await dashboardWorld({ launcher: 'queue', workers: 2 });
    ({ dashboard } = world);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('asks for a login', async () => {
    const context = await browser.newContext();
    try {
      // headless Chromium has no login box to show: the navigation ends on the challenge
      await expect((await context.newPage()).goto(`${dashboard.url}/thang`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
      const response = await context.request.get(`${dashboard.url}/thang`);
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toBe('Basic realm="dvc-sync", charset="UTF-8"');
    } finally {
      await context.close();
    }
  });

  it('logs in, re-runs a month and follows it to the end, then opens its snapshot', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'truc-ca', password: ADMIN_TOKEN }, viewport: { width: 1400, height: 900 }, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(`${dashboard.url}/`);
      expect(page.url()).toBe(`${dashboard.url}/thang`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Các tháng theo bộ chỉ số');
      expect(await page.locator('header .who').textContent()).toBe('Quản trị viên');
      await shot(page, '1-thang-truoc');

      await page.fill('#rerun-form input[name="month"]', '2023-09');
      await page.selectOption('#rerun-form select[name="framework"]', 'dien-bien-xa-2023');
      await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.click('#rerun-form button[type="submit"]')]);
      const runId = Number(/\/runs\/(\d+)$/.exec(page.url())![1]);
      // the page polls the API and reloads itself when the run has ended
      await page.locator('#run-status .badge', { hasText: 'Thành công' }).waitFor({ timeout: 40_000 });
      expect(await page.locator('#stages tbody tr').count()).toBe(3);
      expect(await page.locator('#quarantine').textContent()).toMatch(/UBND xã Không Có Thật/);
      await shot(page, '2-luot-chay');

      await page.goto(`${dashboard.url}/thang`);
      const cell = page.locator('td[data-framework="dien-bien-xa-2023"][data-period="2023-09"]');
      expect(await cell.locator('.badge').first().textContent()).toBe('Đã công bố');
      expect(await cell.locator(`a[href="/runs/${runId}"]`).count()).toBe(1);
      await shot(page, '3-thang');

      await Promise.all([page.waitForURL(/\/snapshots\/dien-bien-xa-2023\/2023-09$/), cell.locator('a', { hasText: 'phiên bản 1' }).click()]);
      const himLam = seedAppendix().find((r) => r.name === 'UBND phường Him Lam')!;
      const row = page.locator('#appendix tr[data-unit="03127"]');
      expect(await row.locator('td[data-col="name"]').textContent()).toBe('UBND phường Him Lam');
      expect(await row.locator('td[data-col="total"]').textContent()).toBe(himLam.total.toFixed(2).replace('.', ','));
      expect(await row.locator('td[data-col="rank"]').textContent()).toBe(String(himLam.rank));
      const band = await page.evaluate(`getComputedStyle(document.querySelector('#appendix tr[data-unit="03127"] td[data-col="classification"]')).backgroundColor`);
      expect(band).toBe('rgb(200, 230, 201)'); // Tốt
      await shot(page, '4-bang-diem');

      await page.goto(`${dashboard.url}/runs`);
      expect(await page.locator(`#runs a[href="/runs/${runId}"]`).count()).toBe(1);
      await shot(page, '5-lich-su');

      await page.goto(`${dashboard.url}/nguon`);
      expect(await page.locator('#freshness').textContent()).toMatch(/Cổng DVCQG/);
      // what bull-board's client does: echo the XSRF-TOKEN cookie; without it the browser's request is refused
      const statuses = await page.evaluate(`(async () => {
        const token = decodeURIComponent((/(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie) || [])[1] || '');
        const without = await fetch('/api/sources/portal/reset', { method: 'POST' });
        const withToken = await fetch('/api/sources/portal/reset', { method: 'POST', headers: { 'X-XSRF-TOKEN': token } });
        return [without.status, withToken.status];
      })()`);
      expect(statuses).toEqual([403, 200]);
      await shot(page, '6-nguon');

      await page.goto(`${dashboard.url}/queues`);
      await page.getByText('dvc-capture').first().waitFor({ timeout: 15_000 });
      await page.getByText(/Hoàn thành/i).first().waitFor({ timeout: 15_000 }); // the overview has loaded its counts (bull-board's words in Vietnamese)
      await shot(page, '7-hang-doi');
    } finally {
      await context.close();
    }
  });

  it('shows a viewer no admin form', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'so-noi-vu', password: VIEWER_TOKEN } });
    try {
      const page = await context.newPage();
      await page.goto(`${dashboard.url}/thang`);
      expect(await page.locator('header .who').textContent()).toBe('Người xem');
      expect(await page.locator('#rerun-form').count()).toBe(0);
      await page.goto(`${dashboard.url}/snapshots/dien-bien-xa-2023/2023-09`);
      expect(await page.locator('#appendix tbody tr').count()).toBe(12);
      await shot(page, '8-bang-diem-nguoi-xem');
    } finally {
      await context.close();
    }
  });
});
