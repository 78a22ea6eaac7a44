// Issue 12 in a real browser (Chromium via playwright-core, queue mode with workers in this process):
// a queued re-run against a portal that fails twice then answers is followed on the run page, which
// shows "Chờ thử lại" with the attempt count and the next try, then the end — and at every poll the
// page never contradicts itself (no failed step under a running run, no "no step started" note above
// started steps). Then an incomplete month published from the CLI shows on the dashboard, the
// snapshot page downloads a DOCX that parses back, the charts are in the page, and every new page is
// saved as a screenshot under test/artifacts/dashboard/.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV } from '../support/example-month.js';
import { readZip } from '../reports/zip-reader.js';
import { ARTIFACTS, browserAvailable, launchChromium } from './browser-env.js';
import { ADMIN_TOKEN, VIEWER_TOKEN, dashboardWorld } from './dashboard-env.js';

/** What the run page shows at one moment, read from the DOM. */
interface RunPageState {
  runState: string;
  runLabel: string;
  steps: { name: string; state: string; attempt: string | null; text: string }[];
  text: string;
}

const READ_RUN_PAGE = `(() => {
  const badge = document.querySelector('#run-status .badge');
  return {
    runState: badge ? badge.getAttribute('data-state') : '',
    runLabel: badge ? badge.textContent : '',
    steps: [...document.querySelectorAll('#stages tbody tr')].map((tr) => ({ name: tr.getAttribute('data-step'), state: tr.getAttribute('data-state'), attempt: tr.getAttribute('data-attempt'), text: tr.textContent })),
    text: document.getElementById('run').textContent,
  };
})()`;

/** The example month with one unit's paid_online left blank: indicator dvtt_2 cannot be scored. */
function incompleteExample(dir: string): string {
  const [header, ...lines] = readFileSync(EXAMPLE_CSV, 'utf8').trimEnd().split('\n');
  const column = header!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).findIndex((h) => h.includes('[paid_online]'));
  const path = join(dir, 'thang-8-thieu.csv');
  writeFileSync(path, [header, ...lines.map((l) => (l.startsWith('03127,') ? l.split(',').map((c, i) => (i === column ? '' : c)).join(',') : l))].join('\n') + '\n');
  return path;
}

describe.skipIf(!browserAvailable)('run progress and reports in Chromium', () => {
  let world: Awaited<ReturnType<typeof dashboardWorld>>;
  let env: typeof world.env;
  let dir: string;
  let portal: typeof world.portal;
  let dashboard: typeof world.dashboard;
  let browser: Browser;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    // one request per attempt, so each queued 503 fails one attempt; retries 2 s, then 4 s later
    world = await dashboardWorld({ launcher: 'queue', workers: 2, env: { DVC_PORTAL_RETRIES: '0', DVC_CAPTURE_RETRY_DELAY_MS: '2000' } });
    ({ env, dir, portal, dashboard } = world);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('follows a re-run whose portal fails twice: retrying with attempts, then done, never contradictory', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'truc-ca', password: ADMIN_TOKEN }, viewport: { width: 1400, height: 900 }, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(`${dashboard.url}/thang`);
      portal.fail(503, 503);
      await page.fill('#rerun-form input[name="month"]', '2023-09');
      await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.click('#rerun-form button[type="submit"]')]);
      const seen: RunPageState[] = [];
      const retryShots = new Set<string>();
      const deadline = Date.now() + 60_000;
      for (;;) {
        const state = (await page.evaluate(READ_RUN_PAGE)) as RunPageState;
        seen.push(state);
        // No contradiction at any poll.
        if (['queued', 'running', 'retrying'].includes(state.runState)) expect(state.steps.filter((s) => s.state === 'failed'), state.text).toEqual([]);
        if (state.steps.some((s) => s.state !== 'waiting')) expect(state.text).not.toMatch(/Chưa có bước nào|đang chờ worker nhận việc/);
        if (['succeeded', 'failed'].includes(state.runState)) expect(state.steps.filter((s) => ['running', 'retrying', 'waiting'].includes(s.state))).toEqual([]);
        const retrying = state.steps.find((s) => s.state === 'retrying');
        if (retrying && !retryShots.has(retrying.attempt!)) {
          retryShots.add(retrying.attempt!);
          await shot(page, `10-luot-chay-cho-thu-lai-lan-${retrying.attempt}`);
        }
        if (state.runState === 'succeeded' || state.runState === 'failed' || Date.now() > deadline) break;
        await page.waitForTimeout(200);
      }
      const last = seen.at(-1)!;
      expect(last.runState).toBe('succeeded');
      expect(last.runLabel).toBe('Thành công');
      const retries = seen.flatMap((s) => s.steps.filter((st) => st.name === 'capture:portal:11' && st.state === 'retrying'));
      expect(new Set(retries.map((r) => r.attempt))).toEqual(new Set(['1', '2']));
      expect(retries.find((r) => r.attempt === '1')!.text).toMatch(/Chờ thử lại\s+1\/3[\s\S]*lần 1\/3 lỗi: [^\n]*503[^\n]*; thử lại lúc \d{2}:\d{2}:\d{2} \(giờ Việt Nam\) \(còn [\d,]+ (ms|s)\)/);
      expect(retries.find((r) => r.attempt === '2')!.text).toMatch(/lần 2\/3 lỗi: .*thử lại lúc \d{2}:\d{2}:\d{2}/);
      expect(seen.some((s) => s.runState === 'retrying' && s.runLabel === 'Chờ thử lại')).toBe(true);
      const portalStep = last.steps.find((s) => s.name === 'capture:portal:11')!;
      expect(portalStep).toMatchObject({ state: 'done', attempt: '3' });
      expect(portalStep.text).toMatch(/thành công ở lần 3\/3/);
      // the step's time spans its three attempts and the two waits (2 s + 4 s)
      const took = /(\d+(?:,\d)?) s/.exec(await page.locator('tr[data-step="capture:portal:11"] td.num').nth(1).textContent() ?? '');
      expect(Number(took![1]!.replace(',', '.'))).toBeGreaterThanOrEqual(6);
      expect(last.steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
      expect(await page.locator('#quarantine').textContent()).toMatch(/UBND xã Không Có Thật/);
      await shot(page, '11-luot-chay-xong-sau-2-lan-thu-lai');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows an incomplete month published from the CLI, downloads the Báo cáo DOCX, and shows the charts and help', async () => {
    expect((await runCli(['import', incompleteExample(dir), '--month', '2023-08'], env)).code).toBe(0);
    expect((await runCli(['score', '--month', '2023-08'], env)).out).toMatch(/chưa được công bố/);
    expect((await runCli(['score', '--month', '2023-08', '--allow-incomplete'], env)).out).toMatch(/đã công bố phiên bản 1 dù chưa đủ số liệu/);
    const context = await browser.newContext({ httpCredentials: { username: 'so-noi-vu', password: VIEWER_TOKEN }, viewport: { width: 1400, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(`${dashboard.url}/thang`);
      const august = page.locator('td[data-framework="dien-bien-xa-2023"][data-period="2023-08"]');
      expect(await august.locator('.badge').first().textContent()).toBe('Đã công bố');
      expect(await august.textContent()).toMatch(/✗ thiếu/);
      await shot(page, '12-thang-co-thang-thieu-da-cong-bo');

      await page.goto(`${dashboard.url}/snapshots/dien-bien-xa-2023/2023-08`);
      expect(await page.locator('#revisions td[data-col="publication"]').first().textContent()).toMatch(/công bố dù chưa đủ số liệu \(--allow-incomplete\) — thủ công, bởi \S+@/);
      expect(await page.locator('#charts figure svg').count()).toBe(2);
      expect(await page.locator('#trend-charts figure svg').count()).toBe(12);
      expect(await page.locator('th[title^="Tỷ lệ hồ sơ tiếp nhận trực tuyến"]').count()).toBe(1);
      await shot(page, '13-bang-diem-thang-thieu-bieu-do');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a:has-text("Báo cáo DOCX")')]);
      expect(download.suggestedFilename()).toBe('bao-cao-dien-bien-xa-2023-2023-08-r1.docx');
      const document = readZip(readFileSync((await download.path())!)).get('word/document.xml')!.toString('utf8');
      expect(document).toMatch(/BÁO CÁO/);
      expect(document).toMatch(/tháng 8/);

      // The HTML report opened as a page: its charts render (our own SVG), nothing else is fetched.
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${dashboard.url}/api/snapshots/dien-bien-xa-2023/2023-09/download?format=html`).catch(() => undefined);
      await page.goto(`${dashboard.url}/huong-dan`);
      expect(await page.locator('#glossary dt').count()).toBeGreaterThanOrEqual(15);
      await shot(page, '14-huong-dan');
      expect(requests.every((u) => u.startsWith(dashboard.url))).toBe(true);

      await page.goto(`${dashboard.url}/queues`);
      await page.getByText('dvc-capture').first().waitFor({ timeout: 15_000 });
      await page.getByText(/Hoàn thành/i).first().waitFor({ timeout: 15_000 }); // bull-board's words in Vietnamese (shown upper-case)
      await shot(page, '15-hang-doi-tieng-viet');
      expect(requests.filter((u) => !u.startsWith(dashboard.url))).toEqual([]); // no Google Fonts
    } finally {
      await context.close();
    }
  }, 60_000);
});
