// Issue 5 API against real Postgres and Redis: roles (viewer cannot retry, clean, reset or re-run;
// no credentials → 401), a re-run answered 202 that runs to the end, the months matrix, run details
// with quarantined rows, snapshots and downloads, sources, health, metrics, CSRF, and no token in logs.
import { request as httpRequest } from 'node:http';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beatHeart } from '../../src/runs/heartbeat.js';
import { PostgresCircuitBreakerStore } from '../../src/store/source-state-store.js';
import { seedAppendix } from '../support/example-month.js';
import { eventually } from '../support/queue-env.js';
import { ADMIN_TOKEN, VIEWER_TOKEN, basic, bearer, call, dashboardWorld, memoryLogger } from './dashboard-env.js';

const FRAMEWORK = 'dien-bien-xa-2023';

describe('dashboard API (Postgres + Redis)', () => {
  let world: Awaited<ReturnType<typeof dashboardWorld>>;
  let ctx: typeof world.ctx;
  let portal: typeof world.portal;
  let queues: typeof world.queues;
  let dashboard: typeof world.dashboard;
  let base: string;
  let runId: number;
  const log = memoryLogger();
  const admin = bearer(ADMIN_TOKEN);
  const viewer = bearer(VIEWER_TOKEN);

  beforeAll(async () => {
    world = await dashboardWorld({ launcher: 'inline', env: { DVC_PORTAL_RETRIES: '0' }, logger: log.logger });
    ({ ctx, portal, queues, dashboard } = world);
    base = dashboard.url;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('answers 401 with a Basic challenge without credentials or with a wrong token', async () => {
    for (const path of ['/api/months', '/api/runs', '/api/health', '/metrics', '/thang', '/queues', '/queues/api/queues']) {
      const res = await call(base, path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="dvc-sync", charset="UTF-8"');
    }
    expect((await call(base, '/api/months', { headers: bearer('not-the-token-000000') })).status).toBe(401);
    expect((await call(base, '/api/months', { headers: basic('not-the-token-000000') })).status).toBe(401);
    expect((await call(base, '/api/months', { headers: { Authorization: `Basic ${Buffer.from(ADMIN_TOKEN).toString('base64')}` } })).status).toBe(401); // no "user:" part
    expect((await call(base, '/api/runs', { method: 'POST', json: { month: '2023-09' } })).status).toBe(401);
    // both roles log in either way, with any user name
    for (const headers of [admin, viewer, basic(ADMIN_TOKEN, 'bat-ky'), basic(VIEWER_TOKEN, '')]) expect((await call(base, '/api/months', { headers })).status).toBe(200);
  });

  it('re-runs a month for an admin: 202 with the run id at once, then the run completes', async () => {
    const res = await call(base, '/api/runs', { method: 'POST', headers: admin, json: { month: '2023-09' } });
    expect(res.status).toBe(202);
    const answer = (await res.json()) as { runId: number; created: boolean; url: string };
    expect(answer).toMatchObject({ created: true, url: `/runs/${answer.runId}` });
    expect(res.headers.get('location')).toBe(`/api/runs/${answer.runId}`);
    runId = answer.runId;
    const done = await eventually(async () => {
      const details = (await (await call(base, `/api/runs/${runId}`, { headers: viewer })).json()) as { run: { status: string } };
      return ['succeeded', 'failed'].includes(details.run.status) ? details : undefined;
    });
    const details = done as unknown as {
      run: { status: string; trigger: string; stages: { name: string; status: string; ms: number }[] };
      quarantine: { total: number; rows: { source: string; location: { endpoint?: string; unit?: string }; reason: string }[] };
      snapshot: { revision: number; published: boolean };
    };
    expect(details.run.status).toBe('succeeded');
    expect(details.run.trigger).toBe('manual');
    expect(details.run.stages.map((s) => [s.name, s.status]).sort()).toEqual([
      ['capture:one-door:11', 'succeeded'],
      ['capture:portal:11', 'succeeded'],
      ['score', 'succeeded'],
    ]);
    expect(details.run.stages.every((s) => typeof s.ms === 'number')).toBe(true);
    expect(details.snapshot).toMatchObject({ revision: 1, published: true });
    // the unknown commune was quarantined with where it came from and why
    const unknown = details.quarantine.rows.filter((q) => q.location.unit === 'UBND xã Không Có Thật');
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]!.source).toBe('portal');
    expect(unknown[0]!.location.endpoint).toBeTruthy();
    expect(unknown[0]!.reason).toMatch(/Không Có Thật|không/i);
    expect(details.quarantine.total).toBe(details.quarantine.rows.length);
    // a second trigger while nothing runs starts a new run; an unknown run is 404
    expect((await call(base, '/api/runs/999999', { headers: viewer })).status).toBe(404);
  });

  it('refuses bad re-run requests with 400 naming the field', async () => {
    const bad = async (json: unknown) => {
      const res = await call(base, '/api/runs', { method: 'POST', headers: admin, json });
      return { status: res.status, body: (await res.json()) as { message: string } };
    };
    expect(await bad({})).toMatchObject({ status: 400, body: { message: expect.stringMatching(/month.*YYYY-MM/) } });
    expect(await bad({ month: '2023-13' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/2023-13/) } });
    expect(await bad({ month: '2023-09', framework: 'khong-co' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/khong-co/) } });
    expect(await bad({ month: '2023-09', source: 'fax' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/'source' = 'fax'/) } });
    expect(await bad({ month: '2023-Q5' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/'month' = '2023-Q5' không hợp lệ: cần tháng YYYY-MM, quý YYYY-Qn hoặc năm YYYY/) } });
    // A quarter is a period the dashboard takes, but the one-door system only has months: refused before any run, naming it.
    const runCount = async () => ((await (await call(base, '/api/runs', { headers: admin })).json()) as { runs: unknown[] }).runs.length;
    const runsBefore = await runCount();
    expect(await bad({ month: '2023-Q3', source: 'one-door' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/Không đồng bộ được quý 2023-Q3 từ Hệ thống một cửa 'one-door' \(Tỉnh Điện Biên\): chỉ có số liệu theo tháng/) } });
    expect(await runCount()).toBe(runsBefore);
    const malformed = await fetch(`${base}/api/runs`, { method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' }, body: '{"month":' });
    expect(malformed.status).toBe(400);
  });

  it('shows the month in the matrix: published revision, complete, last run, source freshness', async () => {
    const matrix = (await (await call(base, '/api/months', { headers: viewer })).json()) as {
      periods: string[];
      frameworks: { key: string }[];
      cells: { framework: string; period: string; status: string; publishedRevision: number; complete: boolean; stale: boolean; lastRun: { id: number; trigger: string; status: string }; freshness: { source: string; provinceCode: string; lastSuccessAt: string | null; stale: boolean }[] }[];
    };
    expect(matrix.periods[0]).toBe('2023-09');
    expect(matrix.frameworks.map((f) => f.key)).toContain(FRAMEWORK);
    const cell = matrix.cells.find((c) => c.framework === FRAMEWORK && c.period === '2023-09')!;
    expect(cell).toMatchObject({ status: 'published', publishedRevision: 1, complete: true, stale: false, lastRun: { id: runId, trigger: 'manual', status: 'succeeded' } });
    expect(cell.freshness.map((f) => `${f.source}/${f.provinceCode}`)).toEqual(['one-door/11', 'portal/11']);
    expect(cell.freshness.every((f) => f.lastSuccessAt !== null && !f.stale)).toBe(true);
    expect((await call(base, '/api/months?from=2023-13', { headers: viewer })).status).toBe(400);
    // Filtered by province: the month's cell stays under its own province, another province has none.
    const own = (await (await call(base, '/api/months?province=11', { headers: viewer })).json()) as typeof matrix;
    expect(own.cells.filter((c) => c.period === '2023-09').map((c) => c.framework)).toEqual([FRAMEWORK]);
    const other = (await (await call(base, '/api/months?province=52', { headers: viewer })).json()) as typeof matrix;
    expect(other.frameworks).toEqual([]);
    expect(other.cells).toEqual([]);
  });

  it('a failed source makes the month stale and says why', async () => {
    portal.fail(500);
    const { runId: failedId } = (await (await call(base, '/api/runs', { method: 'POST', headers: admin, json: { month: '2023-09', source: 'portal' } })).json()) as { runId: number };
    await eventually(async () => {
      const d = (await (await call(base, `/api/runs/${failedId}`, { headers: viewer })).json()) as { run: { status: string } };
      return ['succeeded', 'failed'].includes(d.run.status) ? d : undefined;
    });
    const matrix = (await (await call(base, '/api/months', { headers: viewer })).json()) as {
      cells: { period: string; framework: string; status: string; stale: boolean; staleReasons: string[]; lastRun: { id: number; status: string }; freshness: { source: string; stale: boolean }[] }[];
    };
    const cell = matrix.cells.find((c) => c.framework === FRAMEWORK && c.period === '2023-09')!;
    expect(cell).toMatchObject({ status: 'published', stale: true, lastRun: { id: failedId, status: 'failed' } });
    expect(cell.staleReasons.join('; ')).toMatch(new RegExp(`#${failedId} thất bại.*nguồn chưa lấy được ở lượt gần nhất: portal/11`));
    expect(cell.freshness.filter((f) => f.stale).map((f) => f.source)).toEqual(['portal']);
  });

  it('serves the snapshot with revisions, changes and downloads', async () => {
    const snapshot = (await (await call(base, `/api/snapshots/${FRAMEWORK}/2023-09`, { headers: viewer })).json()) as {
      revision: number;
      status: string;
      units: { name: string; total: number; converted: number; classification: string }[];
      revisions: { revision: number; status: string; runId: number }[];
      previous: unknown;
    };
    expect(snapshot).toMatchObject({ revision: 1, status: 'published', previous: null });
    const seed = seedAppendix();
    expect(snapshot.units.map((u) => [u.name, u.total, u.converted])).toEqual(seed.map((r) => [r.name, r.total, r.converted]));
    expect(snapshot.revisions).toEqual([expect.objectContaining({ revision: 1, status: 'published', runId })]);
    expect((await call(base, `/api/snapshots/${FRAMEWORK}/2023-09?revision=1`, { headers: viewer })).status).toBe(200);
    const missing = await call(base, `/api/snapshots/${FRAMEWORK}/2023-09?revision=7`, { headers: viewer });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toMatch(/phiên bản 7/);
    expect((await call(base, `/api/snapshots/${FRAMEWORK}/2019-01`, { headers: viewer })).status).toBe(404);

    const csv = await call(base, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=csv`, { headers: viewer });
    expect(csv.headers.get('content-disposition')).toMatch(/phu-luc-dien-bien-xa-2023-2023-09-r1\.csv/);
    expect(await csv.text()).toMatch(/UBND phường Him Lam/);
    const xlsx = await call(base, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=xlsx`, { headers: viewer });
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const json = (await (await call(base, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=json`, { headers: viewer })).json()) as { revision: number; units: unknown[] };
    expect(json.revision).toBe(1);
    expect(json.units).toHaveLength(12);
    expect((await call(base, `/api/snapshots/${FRAMEWORK}/2023-09/download?format=pdf`, { headers: viewer })).status).toBe(400);
  });

  it('lists runs, filtered by month', async () => {
    const all = (await (await call(base, '/api/runs', { headers: viewer })).json()) as { runs: { id: number; period: string }[] };
    expect(all.runs.map((r) => r.id)).toContain(runId);
    const none = (await (await call(base, '/api/runs?month=2020-01', { headers: viewer })).json()) as { runs: unknown[] };
    expect(none.runs).toEqual([]);
  });

  it('viewers cannot re-run, cancel, reset a breaker, retry or clean jobs; admins can', async () => {
    const breaker = new PostgresCircuitBreakerStore(ctx.store.db);
    await breaker.open('portal', 'Cổng trả HTTP 403 (tường lửa)');
    // a failed job in the capture queue, for retry / clean
    await queues.capture.add('capture:portal:11', { test: true }, { jobId: 'dashboard-test-job', attempts: 1 });
    const worker = new Worker(queues.capture.name, async () => { throw new Error('hỏng có chủ đích'); }, { connection: queues.capture.opts.connection, prefix: queues.prefix });
    await eventually(async () => ((await queues.capture.getJobState('dashboard-test-job')) === 'failed' ? true : undefined));
    await worker.close();

    const forbidden: [string, string, unknown?][] = [
      ['POST', '/api/runs', { month: '2023-09' }],
      ['POST', `/api/runs/${runId}/cancel`],
      ['POST', '/api/sources/portal/reset'],
      ['PUT', '/queues/api/queues/dvc-capture/dashboard-test-job/retry'],
      ['PUT', '/queues/api/queues/dvc-capture/dashboard-test-job/clean'],
      ['PUT', '/queues/api/queues/dvc-capture/retry/failed'],
      ['PUT', '/queues/api/queues/dvc-capture/promote'],
    ];
    for (const [method, path, json] of forbidden) {
      for (const headers of [viewer, basic(VIEWER_TOKEN)]) {
        const res = await call(base, path, { method, headers, ...(json ? { json } : {}) });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
    // nothing changed
    expect((await breaker.get('portal')).open).toBe(true);
    expect(await queues.capture.getJobState('dashboard-test-job')).toBe('failed');
    // viewers see the queues read-only
    const viewerQueues = (await (await call(base, '/queues/api/queues', { headers: viewer })).json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(viewerQueues.queues.map((q) => q.name).sort()).toEqual(['dvc-capture', 'dvc-scheduler', 'dvc-score']);
    expect(viewerQueues.queues.every((q) => q.readOnlyMode)).toBe(true);
    const adminQueues = (await (await call(base, '/queues/api/queues', { headers: admin })).json()) as { queues: { readOnlyMode: boolean }[] };
    expect(adminQueues.queues.every((q) => !q.readOnlyMode)).toBe(true);

    const sources = (await (await call(base, '/api/sources', { headers: viewer })).json()) as { breakers: { source: string; open: boolean; reason: string }[] };
    expect(sources.breakers.find((b) => b.source === 'portal')).toMatchObject({ open: true, reason: 'Cổng trả HTTP 403 (tường lửa)' });

    expect((await call(base, '/api/sources/portal/reset', { method: 'POST', headers: admin })).status).toBe(200);
    expect((await breaker.get('portal')).open).toBe(false);
    expect((await call(base, '/api/sources/fax/reset', { method: 'POST', headers: admin })).status).toBe(400);
    expect((await call(base, '/queues/api/queues/dvc-capture/dashboard-test-job/retry', { method: 'PUT', headers: admin })).status).toBeLessThan(300);
    expect(await queues.capture.getJobState('dashboard-test-job')).toMatch(/waiting|prioritized/);
    expect((await call(base, '/queues/api/queues/dvc-capture/dashboard-test-job/clean', { method: 'PUT', headers: admin })).status).toBeLessThan(300);
    expect(await queues.capture.getJob('dashboard-test-job')).toBeUndefined();
    const cancel = await call(base, `/api/runs/${runId}/cancel`, { method: 'POST', headers: admin });
    expect(cancel.status).toBe(409); // it has ended
  });

  it('protects browser (basic auth) admin actions against CSRF; Bearer scripts need no token', async () => {
    const page = await call(base, '/thang', { headers: basic(ADMIN_TOKEN) });
    const text = await page.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    expect(token).toBeTruthy();
    expect(page.headers.get('set-cookie')).toMatch(new RegExp(`XSRF-TOKEN=${token!.replace(/[-]/g, '\\-')}; Path=/; SameSite=Strict`));
    // without the token, with a wrong one, or from another site: refused
    expect((await call(base, '/runs', { method: 'POST', headers: basic(ADMIN_TOKEN), form: { month: '2023-09' } })).status).toBe(403);
    expect((await call(base, '/runs', { method: 'POST', headers: basic(ADMIN_TOKEN), form: { month: '2023-09', _csrf: 'x'.repeat(43) } })).status).toBe(403);
    expect((await call(base, '/api/sources/portal/reset', { method: 'POST', headers: { ...basic(ADMIN_TOKEN), 'X-CSRF-Token': token!, Origin: 'https://evil.example' } })).status).toBe(403);
    // a viewer's token is not an admin's (tokens are bound to the credential)
    const viewerPage = await (await call(base, '/thang', { headers: basic(VIEWER_TOKEN) })).text();
    expect(viewerPage).not.toMatch(/name="_csrf"/); // no admin forms for viewers
    // with the token: the form re-runs the month and redirects to the run's page
    const ok = await call(base, '/runs', { method: 'POST', headers: { ...basic(ADMIN_TOKEN), Origin: base }, form: { month: '2023-09', framework: FRAMEWORK, source: 'one-door', _csrf: token! } });
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    expect(location).toMatch(/^\/runs\/\d+$/);
    // bull-board's client echoes the cookie as X-XSRF-TOKEN
    expect((await call(base, '/api/sources/portal/reset', { method: 'POST', headers: { ...basic(ADMIN_TOKEN), 'X-XSRF-TOKEN': token! } })).status).toBe(200);
    // a script with a Bearer token needs none
    expect((await call(base, '/api/sources/portal/reset', { method: 'POST', headers: admin })).status).toBe(200);
    await eventually(async () => {
      const d = (await (await call(base, `/api/${location.slice(1)}`, { headers: viewer })).json()) as { run: { status: string } };
      return ['succeeded', 'failed'].includes(d.run.status) ? true : undefined;
    });
  });

  it('renders every page in Vietnamese', async () => {
    const pages: [string, RegExp][] = [
      ['/thang', /Các tháng theo bộ chỉ số/],
      ['/runs', /Lượt chạy/],
      [`/runs/${runId}`, /Dòng bị cách ly<\/abbr> \([1-9]\d*\)[\s\S]*UBND xã Không Có Thật/],
      [`/snapshots/${FRAMEWORK}/2023-09`, /UBND phường Him Lam[\s\S]*Các phiên bản/],
      ['/nguon', /Cầu dao[\s\S]*Lần thu thập gần nhất[\s\S]*Chênh lệch giữa các nguồn/],
      ['/queues', /<title>/],
    ];
    for (const [path, pattern] of pages) {
      const res = await call(base, path, { headers: basic(VIEWER_TOKEN) });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toMatch(pattern);
    }
    const root = await call(base, '/', { headers: viewer });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/thang']);
    const missing = await call(base, '/runs/424242', { headers: basic(VIEWER_TOKEN) });
    expect(missing.status).toBe(404);
    // a host name other than a loopback one is refused (DNS rebinding)
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${base}/thang`, { headers: { ...viewer, Host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(rebound).toBe(421);
  });

  it('reports health: database, Redis, scheduler heartbeat age, workers', async () => {
    const before = (await (await call(base, '/api/health', { headers: viewer })).json()) as { status: string; database: { ok: boolean }; redis: { mode: string; ok: boolean }; workers: { count: number }; scheduler: { ageSeconds: number | null } };
    expect(before).toMatchObject({ status: 'degraded', database: { ok: true }, redis: { mode: 'queue', ok: true }, workers: { count: 0 }, scheduler: { ageSeconds: null } });
    // the namespace is this database's deployment id: only workers started against it take its jobs
    const { id } = await ctx.store.db.selectFrom('deployment').select('id').executeTakeFirstOrThrow();
    expect((before.redis as { namespace?: string }).namespace).toBe(`dvc:${id}`);
    await beatHeart(ctx.store.db, 'scheduler', 'test-host:1');
    await beatHeart(ctx.store.db, 'worker', 'test-host:2');
    await beatHeart(ctx.store.db, 'worker', 'test-host:3');
    const after = (await (await call(base, '/api/health', { headers: viewer })).json()) as typeof before;
    expect(after.status).toBe('ok');
    expect(after.workers.count).toBe(2);
    expect(after.scheduler.ageSeconds).toBeLessThan(30);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await call(base, '/metrics', { headers: viewer });
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^dvc_runs\{status="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^dvc_stage_duration_seconds\{stage="score",status="succeeded"\} \d/m);
    expect(text).toMatch(/^dvc_queue_jobs\{queue="dvc-capture",state="waiting"\} \d/m);
    expect(text).toMatch(/^dvc_capture_bytes\{source="portal"\} [1-9]/m);
    expect(text).toMatch(/^dvc_quarantine_rows\{source="portal"\} [1-9]/m);
    expect(text).toMatch(/^dvc_workers 2$/m);
    expect(text).toMatch(/^dvc_last_successful_run_timestamp_seconds\{framework="dien-bien-xa-2023"\} \d/m);
  });

  it('never writes a token to the log', () => {
    const all = log.lines.join('');
    expect(log.lines.length).toBeGreaterThan(10);
    expect(all).toMatch(/dashboard re-run/);
    for (const secret of [ADMIN_TOKEN, VIEWER_TOKEN, Buffer.from(`truc-ca:${ADMIN_TOKEN}`).toString('base64'), Buffer.from(`truc-ca:${VIEWER_TOKEN}`).toString('base64')]) {
      expect(all).not.toContain(secret);
    }
  });
});
