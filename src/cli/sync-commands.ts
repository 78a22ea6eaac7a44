// CLI commands of the sync pipeline: sync a month, check and reset sources, reconcile sources,
// list and cancel runs.
import type { AppContext } from '../app-context.js';
import { formatDecimal } from '../core/rounding.js';
import type { Period } from '../core/period.js';
import { getFramework, PROVINCE_SEPARATOR } from '../frameworks/framework.js';
import type { MonthRunInput } from '../pipeline/month-run.js';
import type { ProvinceConfig } from '../pipeline/province-config.js';
import { startMonthInline } from '../pipeline/sync-month.js';
import { reconcilePortalTotals, reconcileSources, type PortalTotalReconciliation } from '../reconcile/reconcile-sources.js';
import { PORTAL_TOTAL_TOLERANCE } from '../reports/portal-totals.js';
import { runProgress } from '../runs/run-progress.js';
import { getRun, listRuns, type AbandonedRun, type Run } from '../runs/run-store.js';
import { queueTarget } from '../../jobs/queues.js';
import { inlineRunLauncher, queueRunLauncher } from '../dashboard/run-launcher.js';
import { checkSources } from '../pipeline/check-sources.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { progressHeadline, stepLine } from './run-progress-lines.js';
import { describeRun, provinceNames } from './cli-text.js';
import { humanizeRunText, lowerLabel, RUN_STATUS_LABELS, sourceTaskLabel } from '../text/labels.js';
import { periodText } from '../text/period-text.js';
import { clockTime } from '../text/time-text.js';
import { SYNC_SOURCES } from '../core/source.js';

export interface SyncCommandOptions {
  readonly period: Period;
  readonly framework: string;
  readonly source?: string;
  readonly force?: boolean;
  readonly allowIncomplete?: boolean;
  readonly wait?: boolean;
  /** The provinces whose sources the run captures (default: those the framework names). */
  readonly provinces?: readonly ProvinceConfig[];
}

/** The manual run a `sync` command asks for, whichever mode executes it. */
export function manualMonthRun(ctx: AppContext, opts: SyncCommandOptions): MonthRunInput {
  return {
    framework: getFramework(opts.framework, ctx.frameworks).key,
    period: opts.period,
    trigger: 'manual',
    ...(opts.source ? { sources: [opts.source] } : {}),
    force: opts.force ?? false,
    allowIncomplete: opts.allowIncomplete ?? false,
    ...(opts.provinces ? { provinces: opts.provinces } : {}),
  };
}

/** Inline sync (no Redis): runs the month here and prints its outcome. */
/** Tells the operator that a run left behind by a vanished process was failed so this sync could proceed. */
export function reportAbandoned(io: CliIo, abandoned: readonly AbandonedRun[]): void {
  for (const { run, reason } of abandoned) io.err(`Lượt chạy #${run.id} (${run.period}) bị bỏ dở: ${reason}; đã đánh dấu thất bại.`);
}

export async function runSyncInline(ctx: AppContext, io: CliIo, opts: SyncCommandOptions): Promise<Run> {
  const started = await startMonthInline(ctx, { ...manualMonthRun(ctx, opts), onProgress: (line) => io.err(line) });
  reportAbandoned(io, started.abandoned);
  const { run, created, result } = await started.done;
  if (!created) throw new CliError(`${periodText(opts.period, { capital: true })} đang có lượt chạy #${run.id} (${lowerLabel(RUN_STATUS_LABELS, run.status)}); chờ nó xong hoặc huỷ: dvc-sync cancel ${run.id}`, 'RUN_IN_PROGRESS');
  const names = provinceNames(ctx, opts.period);
  io.out(`Lượt chạy #${run.id} (${lowerLabel(RUN_STATUS_LABELS, run.status)}): ${humanizeRunText(result?.message ?? run.error ?? '', names)}`);
  if (run.status === 'failed') throw new CliError(`Lượt chạy #${run.id} thất bại: ${humanizeRunText(run.error ?? '', names)}`, 'RUN_FAILED');
  return run;
}

export function validateSource(source: string | undefined): void {
  if (source && !(SYNC_SOURCES as readonly string[]).includes(source)) {
    throw new CliError(`Nguồn '${source}' không có (có: ${SYNC_SOURCES.join(', ')})`, 'UNKNOWN_SOURCE');
  }
}

export async function runSourcesCheck(ctx: AppContext, io: CliIo): Promise<void> {
  const results = await checkSources(ctx);
  const names = provinceNames(ctx);
  for (const r of results) io.out(`${r.ok ? 'OK ' : 'LỖI'} ${sourceTaskLabel(r.name, names)}: ${humanizeRunText(r.message, names)}`);
  if (results.some((r) => !r.ok)) throw new CliError(`${results.filter((r) => !r.ok).length} nguồn chưa sẵn sàng`, 'SOURCE_CHECK_FAILED');
}

export async function runSourcesReset(ctx: AppContext, io: CliIo, opts: { source: string }): Promise<void> {
  const breaker = new PostgresCircuitBreakerStore(ctx.store.db);
  const before = await breaker.get(opts.source);
  await breaker.reset(opts.source);
  io.out(
    before.open
      ? `Đã đóng lại cầu dao của nguồn '${opts.source}' (mở từ ${clockTime(before.openedAt)}: ${before.reason ?? ''}). Lần đồng bộ tới sẽ gọi lại nguồn.`
      : `Cầu dao của nguồn '${opts.source}' vốn đang đóng; không có gì thay đổi.`,
  );
}

export async function runReconcile(ctx: AppContext, io: CliIo, opts: { period: Period; format?: 'text' | 'json' }): Promise<void> {
  const rows = await reconcileSources(ctx, opts.period);
  const totals = await reconcilePortalTotals(ctx, opts.period);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ period: opts.period, sources: rows, portalTotals: totals }, null, 2));
    return;
  }
  const heading = periodText(opts.period, { capital: true });
  if (!rows.length) {
    io.out(`${heading}: các nguồn không có số liệu nào khác nhau.`);
  } else {
    io.out(`${heading}: ${rows.length} chỉ tiêu có số liệu khác nhau giữa các nguồn`);
    for (const r of rows) {
      const values = r.values.map((v) => `${v.source}=${v.value === null ? 'không rõ' : number(v.value)}`).join(', ');
      io.out(`  ${r.unitName} (${r.unitCode})  ${r.metric}: ${values}; chênh lệch ${r.difference === null ? 'không xác định' : number(r.difference)}`);
    }
  }
  reportPortalTotals(ctx, io, opts.period, totals);
}

const number = (value: number) => formatDecimal(value, Number.isInteger(value) ? 0 : 2);

/** The totals we computed against the portal's own (qd766-2022): every unit that differs, and the counts. */
function reportPortalTotals(ctx: AppContext, io: CliIo, period: Period, totals: PortalTotalReconciliation): void {
  const names = provinceNames(ctx, period);
  for (const c of totals.comparisons) {
    const [base, province] = c.framework.split(PROVINCE_SEPARATOR);
    const scope = `bộ chỉ số ${base}${province ? ` của ${names(province) ?? `tỉnh mã ${province}`}` : ''}, phiên bản ${c.revision}`;
    io.out(
      `Tổng điểm so với điểm Cổng DVCQG công bố (${scope}): ${c.differs.length} đơn vị chênh quá ${formatDecimal(PORTAL_TOTAL_TOLERANCE, 3)} điểm, ` +
        `${c.matches} khớp, ${c.portalOnly} chỉ có điểm Cổng (chưa có số liệu chỉ tiêu nào)${c.withoutPortalTotal ? `, ${c.withoutPortalTotal} Cổng chưa công bố điểm` : ''}`,
    );
    for (const d of c.differs) {
      const missing = d.missingIndicators ? ` (thiếu số liệu ${d.missingIndicators} chỉ tiêu)` : '';
      io.out(
        `  ${d.unitName} (${d.unitCode}): tổng điểm tính từ số liệu ${formatDecimal(d.total, 2)}, điểm Cổng DVCQG ${formatDecimal(d.portalTotal, 2)}, chênh lệch ${d.difference > 0 ? '+' : ''}${formatDecimal(d.difference, 2)}${missing}`,
      );
    }
  }
  if (!totals.comparisons.length && totals.unscored.length) {
    io.out(
      `Cổng DVCQG có điểm tổng của ${totals.unscored.length} đơn vị ${periodText(period)} nhưng chưa có bảng điểm qd766-2022 nào để so sánh: ` +
        `chấm điểm trước, ví dụ 'dvc-sync score --framework qd766-2022 --province <mã tỉnh> --period ${period} --allow-incomplete'`,
    );
  }
}

export { describeRun };

export async function runRuns(ctx: AppContext, io: CliIo, opts: { period?: Period; id?: number }): Promise<void> {
  if (opts.id) {
    const run = await getRun(ctx.store.db, opts.id);
    if (!run) throw new CliError(`Không có lượt chạy #${opts.id}`, 'RUN_NOT_FOUND');
    io.out(describeRun(run, provinceNames(ctx, run.period as Period)));
    const progress = runProgress(run);
    io.out(progressHeadline(progress));
    for (const step of progress.steps) io.out(stepLine(step));
    return;
  }
  const runs = await listRuns(ctx.store.db, opts.period ? { period: opts.period } : {});
  if (!runs.length) io.out('Chưa có lượt chạy nào.');
  for (const run of runs) io.out(describeRun(run, provinceNames(ctx)));
}

export async function runCancel(ctx: AppContext, io: CliIo, id: number): Promise<void> {
  const run = await getRun(ctx.store.db, id);
  if (!run) throw new CliError(`Không có lượt chạy #${id}`, 'RUN_NOT_FOUND');
  const launcher = ctx.config.redisUrl ? queueRunLauncher(ctx, await queueTarget(ctx.store.db, ctx.config.redisUrl)) : inlineRunLauncher(ctx);
  const { cancelled, removedJobs } = await launcher.cancel(id, 'Huỷ bởi người vận hành (dvc-sync cancel)');
  if (!cancelled) throw new CliError(`Lượt chạy #${id} đã kết thúc (${lowerLabel(RUN_STATUS_LABELS, run.status)}); không huỷ được`, 'RUN_FINISHED');
  io.out(`Đã huỷ lượt chạy #${id} (${run.period}); ${removedJobs} việc đang chờ đã được gỡ khỏi hàng đợi. Có thể chạy lại tháng này bất cứ lúc nào.`);
}
