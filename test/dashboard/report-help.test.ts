// Issue 12 (items 2, 4, 5) on Postgres without a queue: an incomplete month published from the CLI
// (score, then score --allow-incomplete) shows on the dashboard with who published it and why; the
// snapshot page offers the Báo cáo as DOCX (parsed back) and HTML, with the month's chart SVGs in the
// page and in the report; hover help on columns; the "Hướng dẫn" page; bull-board without Google Fonts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, type PipelineQueues } from '../../jobs/queues.js';
import type { AppContext } from '../../src/app-context.js';
import { inlineRunLauncher } from '../../src/dashboard/run-launcher.js';
import { startDashboard, type DashboardServer } from '../../src/dashboard/server.js';
import { openTestStore, testContext } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV } from '../support/example-month.js';
import { readZip } from '../reports/zip-reader.js';
import { testQueues } from '../support/queue-env.js';
import { ADMIN_TOKEN, VIEWER_TOKEN, bearer, call } from './dashboard-env.js';

const FRAMEWORK = 'dien-bien-xa-2023';

/** The example month with Him Lam's paid_online left blank ("not entered"): indicator dvtt_2 is missing. */
function incompleteExample(dir: string): string {
  const [header, ...lines] = readFileSync(EXAMPLE_CSV, 'utf8').trimEnd().split('\n');
  const column = header!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).findIndex((h) => h.includes('[paid_online]'));
  const changed = lines.map((line) => {
    if (!line.startsWith('03127,')) return line;
    const cells = line.split(',');
    cells[column] = '';
    return cells.join(',');
  });
  const path = join(dir, 'thieu.csv');
  writeFileSync(path, [header, ...changed].join('\n') + '\n');
  return path;
}

describe('incomplete month published from the CLI, Báo cáo and charts on the dashboard, help', () => {
  let ctx: AppContext;
  let dispose: () => Promise<void>;
  let dashboard: DashboardServer;
  let queues: PipelineQueues;
  let redis: Awaited<ReturnType<typeof testQueues>>;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-report-help-'));
  const viewer = bearer(VIEWER_TOKEN);

  beforeAll(async () => {
    const opened = await openTestStore('postgres');
    dispose = opened.dispose;
    env = { DATABASE_URL: opened.databaseUrl!, DVC_SYNC_DATA_DIR: join(dir, 'data') };
    ctx = testContext(opened.store, env);
    // bull-board only renders here: the queues of this test database's own namespace.
    redis = await testQueues(opened.store.db);
    queues = openQueues(redis.target);
    dashboard = await startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues, host: '127.0.0.1', port: 0, tokens: { admin: ADMIN_TOKEN, viewer: VIEWER_TOKEN } });
  });
  afterAll(async () => {
    await dashboard?.close();
    await queues?.close();
    await redis?.dispose();
    await dispose?.();
  });

  it('publishes an unchanged incomplete revision with --allow-incomplete and records who and why', async () => {
    expect((await runCli(['import', incompleteExample(dir), '--month', '2023-09'], env)).code).toBe(0);
    const first = await runCli(['score', '--month', '2023-09'], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/phiên bản 1: 12 đơn vị, chưa đủ số liệu/);
    expect(first.out).toMatch(/dùng --allow-incomplete để công bố/);
    const unpublished = (await (await call(dashboard.url, `/api/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).json()) as { status: string };
    expect(unpublished.status).toBe('incomplete');

    const allowed = await runCli(['score', '--month', '2023-09', '--allow-incomplete'], env);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/không đổi: đã công bố phiên bản 1 dù chưa đủ số liệu \(--allow-incomplete\)/);
    expect(allowed.out).not.toMatch(/dùng --allow-incomplete để công bố/);
    const again = await runCli(['score', '--month', '2023-09', '--allow-incomplete'], env);
    expect(again.out).toMatch(/giữ phiên bản 1 \(đã công bố\)/);

    const history = await runCli(['snapshots', '--month', '2023-09'], env);
    expect(history.out).toMatch(/Công bố lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — công bố dù chưa đủ số liệu \(--allow-incomplete\) — thủ công, bởi \S+@\S+/);

    const api = (await (await call(dashboard.url, `/api/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).json()) as {
      status: string;
      revisions: { revision: number; status: string; publication: { reason: string; trigger: string; actor: string } | null }[];
    };
    expect(api.status).toBe('published');
    expect(api.revisions).toEqual([expect.objectContaining({ revision: 1, status: 'published', publication: expect.objectContaining({ reason: 'allow-incomplete', trigger: 'manual', actor: expect.stringMatching(/@/) }) })]);
    const page = await (await call(dashboard.url, `/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).text();
    expect(page).toMatch(/<span class="badge s-published">Đã công bố<\/span>/);
    expect(page).toMatch(/<td class="small" data-col="publication">Công bố lúc [^<]+--allow-incomplete\) — thủ công, bởi [^<]+@/);
  });

  it('downloads the Báo cáo as a DOCX that parses back and as HTML with the charts', async () => {
    const docx = await call(dashboard.url, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=docx`, { headers: viewer });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers.get('content-disposition')).toMatch(/bao-cao-dien-bien-xa-2023-2023-09-r1\.docx/);
    const entries = readZip(Buffer.from(await docx.arrayBuffer()));
    const document = entries.get('word/document.xml')!.toString('utf8');
    expect(document).toMatch(/BÁO CÁO/);
    expect(document).toMatch(/UBND phường Him Lam/);

    const report = await call(dashboard.url, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=html`, { headers: viewer });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = await report.text();
    expect(text).toMatch(/<figure class="chart" id="phan-bo-xep-loai"><svg [^>]+>\s*<title>Phân bố xếp loại<\/title>/);
    expect(text).toMatch(/<figure class="chart" id="diem-va-nguong"><svg /);
    expect(text.match(/<figure class="chart small" id="xu-huong-\d+"><svg /g)).toHaveLength(12);
    expect(text).not.toMatch(/(src|href)="https?:/); // everything is in the file: nothing loaded from elsewhere

    const unknown = await call(dashboard.url, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=pdf`, { headers: viewer });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/cần xlsx, csv, json, docx, html/);
  });

  it('shows the charts, the download links and hover help on the snapshot page', async () => {
    const page = await (await call(dashboard.url, `/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).text();
    expect(page).toMatch(/<a href="\/api\/snapshots\/dien-bien-xa-2023\/2023-09\/download\?format=docx&amp;revision=1">Báo cáo DOCX<\/a>/);
    expect(page).toMatch(/format=html&amp;revision=1">Báo cáo HTML/);
    expect(page).toMatch(/<figure class="chart" data-chart="phan-bo-xep-loai"><svg /);
    expect(page).toMatch(/<figure class="chart" data-chart="diem-va-nguong"><svg /);
    expect(page.match(/data-chart="xu-huong-\d+"><svg /g)).toHaveLength(12);
    // Class distribution: Him Lam lost dvtt_2, the classes still add up to the 12 units.
    expect(page).toMatch(/Phân bố xếp loại \(12 đơn vị\)/);
    // every indicator column explains its formula and threshold
    expect(page).toMatch(/<th colspan="1" rowspan="1" title="Tỷ lệ hồ sơ tiếp nhận trực tuyến \(10 điểm\)\. Tỷ lệ = Hồ sơ tiếp nhận trực tuyến trong kỳ ÷ \(Hồ sơ tiếp nhận trực tuyến trong kỳ \+ Hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính trong kỳ\); đạt 50 % trở lên: 10 điểm/);
    expect(page).toMatch(/title="[^"]*Xuất sắc ≥ 9,0; Tốt ≥ 8,0/);
    expect(page).toMatch(/<abbr class="term" title="Mỗi lần số liệu đầu vào/);
    expect(page).toMatch(/<a href="\/huong-dan"[^>]*>Hướng dẫn<\/a>/);
  });

  it('serves the Hướng dẫn page with the glossary and every indicator of every framework', async () => {
    const page = await (await call(dashboard.url, '/huong-dan', { headers: viewer })).text();
    expect(page).toMatch(/<dt id="cau-dao">Cầu dao \(circuit breaker\)<\/dt>/);
    expect(page).toMatch(/<dt id="cu">Cũ \(stale\)<\/dt>/);
    expect(page).toMatch(/<dt id="du">Đủ \/ thiếu<\/dt>/);
    for (const framework of ctx.frameworks.values()) {
      for (const indicator of framework.indicators) expect(page, indicator.key).toContain(`data-indicator="${indicator.key}"`);
    }
    const sources = await (await call(dashboard.url, '/nguon', { headers: viewer })).text();
    expect(sources).toMatch(/<h2><abbr class="term" title="Khi một nguồn lỗi liên tiếp[^"]*">Cầu dao \(circuit breaker\)<\/abbr><\/h2>/);
  });

  it('serves bull-board without Google Fonts, in Vietnamese where it allows, with a link back', async () => {
    const index = await call(dashboard.url, '/queues/', { headers: viewer });
    expect(index.status).toBe(200);
    const text = await index.text();
    expect(text).not.toMatch(/fonts\.googleapis|fonts\.gstatic/);
    expect(text).toMatch(/<html lang="vi"/);
    const config = JSON.parse(/<script id="__UI_CONFIG__" type="application\/json">([^<]+)<\/script>/.exec(text)![1]!) as { miscLinks: { text: string; url: string }[]; theme: { light: Record<string, string> } };
    expect(config.miscLinks).toEqual([{ text: '← Bảng điều khiển', url: '/thang' }]);
    expect(config.theme.light['font-sans']).not.toMatch(/IBM Plex/);
    const messages = (await (await call(dashboard.url, '/queues/static/locales/en-GB/messages.json', { headers: viewer })).json()) as { QUEUE: { STATUS: Record<string, string> }; MENU: Record<string, string> };
    expect(messages.QUEUE.STATUS.COMPLETED).toBe('Hoàn thành');
    expect(messages.MENU.OVERVIEW).toBe('Tổng quan');
  });
});
