// The dashboard on the embedded default (PGlite, no Redis): the queue page says the pipeline runs
// in-process, health reports the inline mode, and the months, runs and snapshot pages work —
// including month-over-month changes and the revision history.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { runImport } from '../../src/cli/import-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { inlineRunLauncher } from '../../src/dashboard/run-launcher.js';
import { startDashboard, type DashboardServer } from '../../src/dashboard/server.js';
import { parsePeriod } from '../../src/core/period.js';
import { scoreMonth } from '../../src/pipeline/score-month.js';
import { migrateToLatest, openMemoryStore, type Store } from '../../src/store/database.js';
import { testContext } from '../support/backends.js';
import { EXAMPLE_CSV } from '../support/example-month.js';
import { eventually } from '../support/queue-env.js';
import { ADMIN_TOKEN, VIEWER_TOKEN, basic, bearer, call } from './dashboard-env.js';

const FRAMEWORK = 'dien-bien-xa-2023';
const silentIo: CliIo = { env: {}, out: () => {}, err: () => {}, isTty: false };

/** The example CSV with one cell of one unit replaced (column by metric key). */
function exampleWith(dir: string, name: string, unitCode: string, metric: string, value: number): string {
  const [header, ...lines] = readFileSync(EXAMPLE_CSV, 'utf8').trimEnd().split('\n');
  const column = header!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).findIndex((h) => h.includes(`[${metric}]`));
  const changed = lines.map((line) => {
    if (!line.startsWith(`${unitCode},`)) return line;
    const cells = line.split(',');
    cells[column] = String(value);
    return cells.join(',');
  });
  const path = join(dir, name);
  writeFileSync(path, [header, ...changed].join('\n') + '\n');
  return path;
}

describe('dashboard on the embedded default (PGlite, no Redis)', () => {
  let store: Store;
  let ctx: AppContext;
  let dashboard: DashboardServer;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-dashboard-embedded-'));
  const viewer = basic(VIEWER_TOKEN);

  beforeAll(async () => {
    store = await openMemoryStore();
    await migrateToLatest(store.db);
    // No one-door folder and a portal address nothing listens on: a re-run fails fast, offline.
    ctx = testContext(store, { DVC_PORTAL_URL: 'http://127.0.0.1:9', DVC_PORTAL_RETRIES: '0', DVC_PORTAL_PAUSE_MS: '0' });
    // August: Him Lam had fewer digitised dossier components (lower score, lower rank) than in September.
    await runImport(ctx, silentIo, { files: [exampleWith(dir, 'thang-8.csv', '03127', 'components_digitized', 100)], period: parsePeriod('2023-08'), source: 'template' });
    await scoreMonth(ctx, { period: parsePeriod('2023-08'), framework: FRAMEWORK, trigger: 'manual' });
    await runImport(ctx, silentIo, { files: [EXAMPLE_CSV], period: parsePeriod('2023-09'), source: 'template' });
    await scoreMonth(ctx, { period: parsePeriod('2023-09'), framework: FRAMEWORK, trigger: 'manual' });
    // A correction for September: revision 2 with one unit changed.
    await runImport(ctx, silentIo, { files: [exampleWith(dir, 'thang-9-sua.csv', '03316', 'paid_online', 5)], period: parsePeriod('2023-09'), source: 'template' });
    await scoreMonth(ctx, { period: parsePeriod('2023-09'), framework: FRAMEWORK, trigger: 'manual' });
    dashboard = await startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues: null, host: '127.0.0.1', port: 0, tokens: { admin: ADMIN_TOKEN, viewer: VIEWER_TOKEN } });
    base = dashboard.url;
  });
  afterAll(async () => {
    await dashboard?.close();
    await store?.close();
  });

  it('says the pipeline runs in-process on the queue page and in health', async () => {
    const queues = await call(base, '/queues', { headers: viewer });
    expect(queues.status).toBe(200);
    expect(await queues.text()).toMatch(/id="embedded-note">Chế độ nhúng \(chưa đặt REDIS_URL\): không dùng hàng đợi/);
    expect((await call(base, '/queues/api/queues', { headers: viewer })).status).toBe(404);
    const health = (await (await call(base, '/api/health', { headers: viewer })).json()) as { status: string; redis: { mode: string; ok: null }; database: { backend: string; ok: boolean } };
    expect(health).toMatchObject({ status: 'ok', redis: { mode: 'inline', ok: null }, database: { backend: 'pglite', ok: true } });
    expect(await (await call(base, '/metrics', { headers: viewer })).text()).not.toMatch(/^dvc_queue_jobs\{/m);
  });

  it('shows both months, with September at revision 2', async () => {
    const matrix = (await (await call(base, '/api/months', { headers: viewer })).json()) as { periods: string[]; cells: { period: string; publishedRevision: number; revisions: number; stale: boolean }[] };
    expect(matrix.periods).toEqual(['2023-09', '2023-08']);
    expect(matrix.cells.map((c) => [c.period, c.publishedRevision, c.revisions, c.stale])).toEqual([
      ['2023-09', 2, 2, false],
      ['2023-08', 1, 1, false],
    ]);
    const page = await (await call(base, '/thang', { headers: viewer })).text();
    expect(page).toMatch(/<td data-framework="dien-bien-xa-2023" data-period="2023-09"[^>]*>\s*<div class="cell-line"><span class="badge s-published">Đã công bố<\/span>\s*<a href="\/snapshots\/dien-bien-xa-2023\/2023-09">phiên bản 2<\/a>/);
  });

  it('gives month-over-month changes of points and rank against the published previous month', async () => {
    const sep = (await (await call(base, `/api/snapshots/${FRAMEWORK}/2023-09?revision=1`, { headers: viewer })).json()) as {
      previous: { period: string; revision: number };
      units: { code: string; rank: number; total: number }[];
      changes: Record<string, { previousRank: number; rankChange: number; total: number }>;
    };
    const aug = (await (await call(base, `/api/snapshots/${FRAMEWORK}/2023-08`, { headers: viewer })).json()) as { units: { code: string; rank: number; total: number }[] };
    expect(sep.previous).toEqual({ period: '2023-08', revision: 1 });
    const himLamSep = sep.units.find((u) => u.code === '03127')!;
    const himLamAug = aug.units.find((u) => u.code === '03127')!;
    expect(himLamAug.rank).toBeGreaterThan(himLamSep.rank);
    expect(sep.changes['03127']).toEqual({
      previousRank: himLamAug.rank,
      rankChange: himLamAug.rank - himLamSep.rank,
      total: Number((himLamSep.total - himLamAug.total).toFixed(2)),
      converted: expect.any(Number),
    });
    expect(sep.changes['03127']!.total).toBeGreaterThan(0);
    // a unit whose scores did not move
    const unchanged = Object.entries(sep.changes).filter(([code]) => code !== '03127');
    expect(unchanged.every(([, c]) => c.total === 0)).toBe(true);
    // the page shows it in the row's cells
    const page = await (await call(base, `/snapshots/${FRAMEWORK}/2023-09?revision=1`, { headers: viewer })).text();
    const row = /<tr data-unit="03127">([\s\S]*?)<\/tr>/.exec(page)![1]!;
    expect(row).toMatch(new RegExp(`data-col="delta-rank"><span class="up">↑${himLamAug.rank - himLamSep.rank}</span>`));
    expect(row).toMatch(/data-col="delta-total">\+\d+,\d\d</);
    expect(row).toMatch(/data-col="total">71,51</);
    expect(row).toMatch(/class="band-1" data-col="classification">Tốt</);
  });

  it('lists the revisions with what changed', async () => {
    const latest = (await (await call(base, `/api/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).json()) as { revision: number; revisions: { revision: number; status: string; changes: { unitCode: string; fields: { field: string }[] }[] }[] };
    expect(latest.revision).toBe(2);
    expect(latest.revisions.map((r) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    expect(latest.revisions[1]!.changes.map((c) => c.unitCode)).toContain('03316');
    const page = await (await call(base, `/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).text();
    expect(page).toMatch(/<table id="revisions">[\s\S]*UBND xã Nà Tấu: Nhóm cung cấp DVTT – Chỉ số 2 \(tử số\) \d+ → 5/);
    expect(page).toMatch(/2<\/a> \(đang xem\)/);
  });

  it('re-runs in-process: a month whose sources all fail keeps its snapshot, and the run page says why', async () => {
    const res = await call(base, '/api/runs', { method: 'POST', headers: bearer(ADMIN_TOKEN), json: { month: '2023-09', source: 'one-door' } });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: number };
    const run = await eventually(async () => {
      const d = (await (await call(base, `/api/runs/${runId}`, { headers: viewer })).json()) as { run: { status: string; error: string; stages: { name: string; status: string; error?: string }[] } };
      return ['succeeded', 'failed'].includes(d.run.status) ? d.run : undefined;
    });
    expect(run.status).toBe('failed');
    expect(run.stages).toEqual([expect.objectContaining({ name: 'capture:one-door:11', status: 'failed', error: expect.stringMatching(/DVC_ONE_DOOR_DIR/) })]);
    expect(run.error).toMatch(/giữ nguyên bảng điểm đã công bố/);
    const page = await (await call(base, `/runs/${runId}`, { headers: viewer })).text();
    expect(page).toMatch(/<span class="badge s-failed">Thất bại<\/span>/);
    expect(page).toMatch(/Thu thập · Hệ thống một cửa · tỉnh Điện Biên/);
    expect(page).toMatch(/chưa cấu hình thư mục nhận tệp/);
    const matrix = (await (await call(base, '/api/months', { headers: viewer })).json()) as { cells: { period: string; publishedRevision: number; stale: boolean; staleReasons: string[] }[] };
    const sep = matrix.cells.find((c) => c.period === '2023-09')!;
    expect(sep.publishedRevision).toBe(2);
    expect(sep.stale).toBe(true);
    expect(sep.staleReasons.join('; ')).toMatch(/nguồn chưa lấy được ở lượt gần nhất: one-door\/11/);
    const runs = await (await call(base, '/runs', { headers: viewer })).text();
    expect(runs).toMatch(new RegExp(`<a href="/runs/${runId}">#${runId}</a></td><td>2023-09</td>`));
  });
});
