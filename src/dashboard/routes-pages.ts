// The HTML pages (Vietnamese) and their form actions: months, runs, one run, one snapshot, sources,
// and the queue note of the embedded mode. Forms post here and are answered with a redirect.
import { Router, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import { periodOfInstant } from '../core/period.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import { listRuns } from '../runs/run-store.js';
import { PROVINCE_SEPARATOR } from '../frameworks/framework.js';
import { evaluationTitle, loadProvinceConfigs, selectedEvaluations } from '../pipeline/province-config.js';
import { principalOf, requireAdmin } from './auth.js';
import { setCsrfCookie, type CsrfGuard } from './csrf.js';
import { monthMatrix } from './month-matrix.js';
import { snapshotFigures } from '../reports/snapshot-report.js';
import { renderHelpPage } from './pages/help-page.js';
import { renderMonthsPage } from './pages/months-page.js';
import { DASHBOARD_CSS, DASHBOARD_JS } from './pages/assets.js';
import type { PageContext } from './pages/layout.js';
import { renderEmbeddedQueuesPage } from './pages/queues-page.js';
import { renderRunLive, renderRunPage } from './pages/run-page.js';
import { renderRunsPage } from './pages/runs-page.js';
import { renderNoSnapshotPage, renderSnapshotPage } from './pages/snapshot-page.js';
import { renderSourcesPage } from './pages/sources-page.js';
import { runDetails } from './run-details.js';
import type { RunLauncher } from './run-launcher.js';
import { BadRequestError, launchRequest, monthParam, NotFoundError, periodParam, provinceParam } from './routes-api.js';
import { snapshotView, SnapshotNotFoundError } from './snapshot-view.js';
import { isKnownSource, sourceOverview } from './source-overview.js';

export interface PageDependencies {
  readonly ctx: AppContext;
  readonly launcher: RunLauncher;
  readonly csrf: CsrfGuard;
  /** No token configured (loopback only). */
  readonly open: boolean;
  /** bull-board is mounted at /queues (queue mode); otherwise /queues explains the embedded mode. */
  readonly hasQueues: boolean;
}

/**
 * The pages router.
 * @example app.use(pagesRouter({ ctx, launcher, csrf, open: false, hasQueues: true }))
 */
export function pagesRouter(deps: PageDependencies): Router {
  const { ctx, launcher, csrf } = deps;
  const db = ctx.store.db;
  const router = Router();

  const pageFor = (res: Response): PageContext => {
    const principal = principalOf(res);
    const token = csrf.tokenFor(principal);
    setCsrfCookie(res, token, res.req.secure);
    return { role: principal.role, open: deps.open, csrf: token, mode: launcher.mode, provinceName: (code) => ctx.registry.province(code, periodOfInstant(new Date()))?.name };
  };
  // What the selected provinces (DVC_PROVINCES) are evaluated under: their own frameworks or `qd766-2022@<code>`.
  const frameworkChoices = () => {
    const configs = loadProvinceConfigs();
    const keys = selectedEvaluations(configs, ctx.config.provinces).map((e) => e.framework);
    return keys.filter((key) => ctx.frameworks.has(key.split(PROVINCE_SEPARATOR)[0]!)).map((key) => ({ key, title: evaluationTitle(key, ctx.frameworks, configs) }));
  };
  const send = (res: Response, page: string) => res.type('html').send(page);

  router.get('/assets/dashboard.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'private, max-age=300').send(DASHBOARD_CSS);
  });
  router.get('/assets/dashboard.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'private, max-age=300').send(DASHBOARD_JS);
  });
  router.get('/', (_req, res) => res.redirect(302, '/thang'));

  router.get('/thang', async (req, res) => {
    const from = monthParam(req.query.from, 'from');
    const to = monthParam(req.query.to, 'to');
    const province = provinceParam(req.query.province, 'province');
    const matrix = await monthMatrix(ctx, { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(province ? { province } : {}) });
    send(res, renderMonthsPage(pageFor(res), matrix, frameworkChoices()));
  });

  router.get('/runs', async (req, res) => {
    const period = req.query.month ? periodParam(req.query.month, 'month') : undefined;
    const runs = await listRuns(db, { ...(period ? { period } : {}), limit: 200 });
    send(res, renderRunsPage(pageFor(res), runs, frameworkChoices(), { ...(period ? { month: period } : {}) }));
  });

  router.post('/runs', requireAdmin, async (req, res) => {
    const request = launchRequest(ctx, req.body, new Date());
    const { run, created } = await launcher.launch({ ...request, trigger: 'manual' });
    ctx.logger.info({ runId: run.id, created, period: request.period, framework: request.framework, source: request.source }, 'dashboard re-run');
    res.redirect(303, `/runs/${run.id}`);
  });

  router.get('/runs/:id', async (req, res) => {
    const id = Number(req.params.id);
    const details = Number.isInteger(id) && id > 0 ? await runDetails(db, id) : undefined;
    if (!details) throw new NotFoundError(`Không có lượt chạy #${req.params.id}`);
    send(res, renderRunPage(pageFor(res), details));
  });

  // The live part of the run page, fetched by its script every second while the run is active.
  router.get('/runs/:id/live', async (req, res) => {
    const id = Number(req.params.id);
    const details = Number.isInteger(id) && id > 0 ? await runDetails(db, id) : undefined;
    if (!details) throw new NotFoundError(`Không có lượt chạy #${req.params.id}`);
    res.set('X-Run-Active', details.progress.active ? 'yes' : 'no');
    send(res, renderRunLive(pageFor(res), details).value);
  });

  router.post('/runs/:id/huy', requireAdmin, async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1) throw new BadRequestError(`Số lượt chạy '${req.params.id}' không hợp lệ`);
    await deps.launcher.cancel(id, 'Huỷ từ bảng điều khiển');
    res.redirect(303, `/runs/${id}`);
  });

  router.get('/snapshots/:framework/:period', async (req, res) => {
    const period = periodParam(req.params.period, 'period');
    const revision = req.query.revision ? Number(req.query.revision) : undefined;
    if (revision !== undefined && (!Number.isInteger(revision) || revision < 1)) throw new BadRequestError(`'revision' = '${String(req.query.revision)}' không hợp lệ: cần số nguyên dương`);
    try {
      const view = await snapshotView(ctx, req.params.framework as string, period, revision);
      send(res, renderSnapshotPage(pageFor(res), view, await snapshotFigures(ctx, view.framework, view.snapshot)));
    } catch (error) {
      if (!(error instanceof SnapshotNotFoundError)) throw error;
      res.status(404);
      send(res, renderNoSnapshotPage(pageFor(res), error.message));
    }
  });

  router.get('/nguon', async (req, res) => {
    const period = req.query.month ? periodParam(req.query.month, 'month') : undefined;
    send(res, renderSourcesPage(pageFor(res), await sourceOverview(ctx, period)));
  });

  router.post('/nguon/:source/reset', requireAdmin, async (req, res) => {
    const source = req.params.source as string;
    if (!isKnownSource(source)) throw new BadRequestError(`Nguồn '${source}' không có`);
    await new PostgresCircuitBreakerStore(db).reset(source);
    ctx.logger.info({ source }, 'dashboard breaker reset');
    res.redirect(303, '/nguon');
  });

  router.get('/huong-dan', (_req, res) => send(res, renderHelpPage(pageFor(res), [...ctx.frameworks.values()])));

  if (!deps.hasQueues) router.get('/queues', (_req, res) => send(res, renderEmbeddedQueuesPage(pageFor(res))));

  return router;
}
