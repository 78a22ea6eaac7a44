// The JSON API behind the pages (documented in the README): months, runs, snapshots, sources,
// health, and the admin actions (re-run a month, cancel a run, reset a source's breaker).
import { Router, type Request } from 'express';
import ExcelJS from 'exceljs';
import type { AppContext } from '../app-context.js';
import { assertNotFuturePeriod, FuturePeriodError, parseAnyPeriod, PERIOD_FORMS, periodKind, PeriodError, type Period } from '../core/period.js';
import { UnsupportedPeriodError } from '../pipeline/month-run.js';
import { DEFAULT_FRAMEWORK_KEY, getFramework } from '../frameworks/framework.js';
import { appendixCsv } from '../reports/appendix-csv.js';
import { jsonReport } from '../reports/appendix-json.js';
import { addAppendixSheet } from '../reports/appendix-xlsx.js';
import { renderNarrativeReport } from '../reports/snapshot-report.js';
import { runProgress } from '../runs/run-progress.js';
import { getRun, listRuns } from '../runs/run-store.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import type { PipelineQueues } from '../../jobs/queues.js';
import { requireAdmin } from './auth.js';
import { checkHealth } from './health.js';
import { monthMatrix } from './month-matrix.js';
import type { DashboardMetrics } from './metrics.js';
import { runDetails } from './run-details.js';
import type { RunLauncher } from './run-launcher.js';
import { snapshotApiAnswer, snapshotView, SnapshotNotFoundError } from './snapshot-view.js';
import { isKnownSource, sourceOverview } from './source-overview.js';
import { SYNC_SOURCES } from '../core/source.js';

export interface ApiDependencies {
  readonly ctx: AppContext;
  readonly launcher: RunLauncher;
  readonly queues: PipelineQueues | null;
  readonly metrics: DashboardMetrics;
}

/** A request the API refuses with 400, its message naming the field, what was found and what was expected. */
export class BadRequestError extends Error {
  readonly status = 400;
  readonly code = 'BAD_REQUEST';
}

export class NotFoundError extends Error {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}


/** A period (month, quarter or year) from a request field, or a 400 naming the field. */
export function periodParam(value: unknown, field: string): Period {
  if (typeof value !== 'string' || !value) throw new BadRequestError(`Thiếu '${field}': cần ${PERIOD_FORMS}`);
  try {
    return parseAnyPeriod(value);
  } catch (error) {
    if (error instanceof PeriodError) throw new BadRequestError(`'${field}' = '${value}' không hợp lệ: cần ${PERIOD_FORMS}`);
    throw error;
  }
}

/** A province filter (statistics code, two digits) from a request field, or a 400 naming the field. */
export function provinceParam(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{2}$/.test(value)) throw new BadRequestError(`'${field}' = '${String(value)}' không hợp lệ: cần mã tỉnh 2 chữ số, ví dụ 11`);
  return value;
}

/** A month (the months page and its API are a matrix of months), or a 400 naming the field. */
export function monthParam(value: unknown, field: string): Period | undefined {
  const period = optionalPeriod(value, field);
  if (period && periodKind(period) !== 'month') throw new BadRequestError(`'${field}' = '${period}': trang các tháng cần tháng YYYY-MM; quý và năm xem ở trang bảng điểm hoặc lượt chạy`);
  return period;
}

function optionalPeriod(value: unknown, field: string): Period | undefined {
  return value === undefined || value === '' ? undefined : periodParam(value, field);
}

function positiveInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadRequestError(`'${field}' = '${String(value)}' không hợp lệ: cần số nguyên dương`);
  return n;
}

/**
 * What a re-run request asks for, validated: month (not after the current month at `now`), framework
 * (default: the Điện Biên commune framework), optional source.
 */
export function launchRequest(ctx: AppContext, body: unknown, now: Date): { period: Period; framework: string; source?: string } {
  const input = (body ?? {}) as Record<string, unknown>;
  const period = periodParam(input.month, 'month');
  try {
    assertNotFuturePeriod(period, now);
  } catch (error) {
    if (error instanceof FuturePeriodError) throw new BadRequestError(`'month' = '${period}': ${error.message}`);
    throw error;
  }
  const framework = typeof input.framework === 'string' && input.framework ? input.framework : DEFAULT_FRAMEWORK_KEY;
  try {
    getFramework(framework, ctx.frameworks); // also 'qd766-2022@11': one province
  } catch (error) {
    throw new BadRequestError(`'framework' = '${framework}': ${(error as Error).message}`);
  }
  const source = typeof input.source === 'string' && input.source ? input.source : undefined;
  if (source && !(SYNC_SOURCES as readonly string[]).includes(source)) throw new BadRequestError(`'source' = '${source}' không có (có: ${SYNC_SOURCES.join(', ')})`);
  return { period, framework, ...(source ? { source } : {}) };
}

/** Appendix files and the drafted report (Báo cáo) a snapshot can be downloaded as. */
export const DOWNLOAD_FORMATS: readonly string[] = ['xlsx', 'csv', 'json', 'docx', 'html'];

const runId = (req: Request) => {
  const id = positiveInt(req.params.id, 'id');
  if (id === undefined) throw new BadRequestError("Thiếu số lượt chạy 'id'");
  return id;
};

/**
 * The API router (mounted at the root: it serves /api/* and /metrics).
 * @example app.use(apiRouter({ ctx, launcher, queues: null, metrics }))
 */
export function apiRouter(deps: ApiDependencies): Router {
  const { ctx, launcher, queues, metrics } = deps;
  const db = ctx.store.db;
  const router = Router();

  router.get('/api/months', async (req, res) => {
    const from = monthParam(req.query.from, 'from');
    const to = monthParam(req.query.to, 'to');
    const province = provinceParam(req.query.province, 'province');
    res.json(await monthMatrix(ctx, { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(province ? { province } : {}) }));
  });

  router.get('/api/runs', async (req, res) => {
    const period = optionalPeriod(req.query.month, 'month');
    const limit = positiveInt(req.query.limit, 'limit');
    const framework = typeof req.query.framework === 'string' && req.query.framework ? req.query.framework : undefined;
    const runs = await listRuns(db, { ...(period ? { period } : {}), ...(framework ? { framework } : {}), limit: Math.min(limit ?? 100, 1000) });
    res.json({ runs: runs.map((run) => ({ ...run, state: runProgress(run).state })) });
  });

  router.post('/api/runs', requireAdmin, async (req, res) => {
    const request = launchRequest(ctx, req.body, new Date());
    const { run, created } = await launcher.launch({ ...request, trigger: 'manual' });
    ctx.logger.info({ runId: run.id, created, period: request.period, framework: request.framework, source: request.source }, 'dashboard re-run');
    res.status(202).location(`/api/runs/${run.id}`).json({ runId: run.id, created, status: run.status, url: `/runs/${run.id}` });
  });

  router.get('/api/runs/:id', async (req, res) => {
    const limit = positiveInt(req.query.quarantineLimit, 'quarantineLimit');
    const details = await runDetails(db, runId(req), Math.min(limit ?? 500, 100_000));
    if (!details) throw new NotFoundError(`Không có lượt chạy #${req.params.id}`);
    res.json(details);
  });

  router.post('/api/runs/:id/cancel', requireAdmin, async (req, res) => {
    const id = runId(req);
    const run = await getRun(db, id);
    if (!run) throw new NotFoundError(`Không có lượt chạy #${id}`);
    const { cancelled, removedJobs } = await launcher.cancel(id, 'Huỷ từ bảng điều khiển');
    res.status(cancelled ? 200 : 409).json({ runId: id, cancelled, removedJobs, ...(cancelled ? {} : { message: `Lượt chạy #${id} đã kết thúc (${run.status}); không huỷ được` }) });
  });

  router.get('/api/snapshots/:framework/:period', async (req, res) => {
    const view = await snapshotView(ctx, req.params.framework as string, periodParam(req.params.period, 'period'), positiveInt(req.query.revision, 'revision'));
    res.json(snapshotApiAnswer(view));
  });

  router.get('/api/snapshots/:framework/:period/download', async (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'xlsx';
    if (!DOWNLOAD_FORMATS.includes(format)) throw new BadRequestError(`'format' = '${format}' không hợp lệ: cần ${DOWNLOAD_FORMATS.join(', ')}`);
    const view = await snapshotView(ctx, req.params.framework as string, periodParam(req.params.period, 'period'), positiveInt(req.query.revision, 'revision'));
    const kind = format === 'docx' || format === 'html' ? 'bao-cao' : 'phu-luc';
    res.attachment(`${kind}-${view.framework.key}-${view.snapshot.period}-r${view.snapshot.revision}.${format}`);
    if (format === 'docx' || format === 'html') {
      const report = await renderNarrativeReport(ctx, view.framework, view.snapshot, format, {});
      if (format === 'docx') res.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(report);
      // The report is one self-contained page with its own styles: let it render when opened.
      else res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").type('text/html; charset=utf-8').send(report);
    } else if (format === 'csv') res.type('text/csv; charset=utf-8').send(appendixCsv(view.framework, view.snapshot));
    else if (format === 'json') res.type('application/json; charset=utf-8').send(JSON.stringify(jsonReport(view.framework, view.snapshot, view.continuity), null, 2));
    else {
      const workbook = new ExcelJS.Workbook();
      workbook.creator = 'dvc-sync';
      addAppendixSheet(workbook, view.framework, view.snapshot);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(Buffer.from(await workbook.xlsx.writeBuffer()));
    }
  });

  router.get('/api/sources', async (req, res) => {
    res.json(await sourceOverview(ctx, optionalPeriod(req.query.month, 'month')));
  });

  router.post('/api/sources/:source/reset', requireAdmin, async (req, res) => {
    const source = req.params.source as string;
    if (!isKnownSource(source)) throw new BadRequestError(`Nguồn '${source}' không có (có: ${SYNC_SOURCES.join(', ')})`);
    const breaker = new PostgresCircuitBreakerStore(db);
    const before = await breaker.get(source);
    await breaker.reset(source);
    ctx.logger.info({ source, wasOpen: before.open }, 'dashboard breaker reset');
    res.json({ source, wasOpen: before.open, open: false });
  });

  router.get('/api/health', async (_req, res) => {
    const report = await checkHealth(ctx, queues);
    res.status(report.status === 'down' ? 503 : 200).json(report);
  });

  router.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });

  return router;
}

/** Maps the API's errors to status codes (everything else is a 500 with a generic message). */
export function apiErrorStatus(error: unknown): { status: number; code: string } | null {
  if (error instanceof BadRequestError || error instanceof NotFoundError) return { status: error.status, code: error.code };
  if (error instanceof SnapshotNotFoundError) return { status: 404, code: error.code };
  // A quarter or a year asked of a source that only has months: the request is wrong, not the server.
  if (error instanceof UnsupportedPeriodError) return { status: 400, code: error.code };
  return null;
}
