// CLI commands of the distributed mode (REDIS_URL): worker, scheduler, queued sync with progress,
// backfill with bounded concurrency, and job removal when a run is cancelled.
import { enqueueMonth } from '../../jobs/month-flow.js';
import { queueTarget, type QueueTarget } from '../../jobs/queues.js';
import { DEFAULT_NIGHTLY_CRON, startScheduler } from '../../jobs/scheduler.js';
import { startWorkers } from '../../jobs/workers.js';
import type { AppContext } from '../app-context.js';
import { inlineRunLauncher, queueRunLauncher } from '../dashboard/run-launcher.js';
import { periodKind, periodNoun, periodRange, type Period } from '../core/period.js';
import { getFramework } from '../frameworks/framework.js';
import { syncMonthInline } from '../pipeline/sync-month.js';
import { runProgress } from '../runs/run-progress.js';
import { getRun, type Run } from '../runs/run-store.js';
import { planCaptureTasks, taskName } from '../pipeline/capture-task.js';
import { loadProvinceConfigs } from '../pipeline/province-config.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { progressHeadline, stepKey, stepLine } from './run-progress-lines.js';
import { manualMonthRun, reportAbandoned, type SyncCommandOptions } from './sync-commands.js';
import { describeRun, provinceNames } from './cli-text.js';
import { humanizeRunText, lowerLabel, RUN_STATUS_LABELS } from '../text/labels.js';
import { periodText } from '../text/period-text.js';
import { clockTime } from '../text/time-text.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This database's queues on REDIS_URL; a command that needs them fails without it. */
async function requireQueues(ctx: AppContext, command: string): Promise<QueueTarget> {
  if (!ctx.config.redisUrl) {
    throw new CliError(`'${command}' cần REDIS_URL: ở chế độ nhúng các bước chạy ngay trong tiến trình (dvc-sync sync --month …)`, 'REDIS_REQUIRED');
  }
  return queueTarget(ctx.store.db, ctx.config.redisUrl);
}

/** Resolves when SIGINT or SIGTERM arrives (the process then shuts down gracefully). */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => resolve(signal);
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
}

export async function runWorker(ctx: AppContext, io: CliIo, opts: { concurrency: number }): Promise<void> {
  const target = await requireQueues(ctx, 'worker');
  const workers = startWorkers(ctx, target, {
    concurrency: opts.concurrency,
    lockDurationMs: ctx.config.workerLockMs,
    stalledIntervalMs: Math.max(1000, Math.floor(ctx.config.workerLockMs / 2)),
  });
  io.err(`Worker ${workers.instance} đang chạy (song song ${opts.concurrency}, hàng đợi ${target.prefix}); Ctrl+C hoặc SIGTERM để dừng.`);
  const signal = await untilSignal();
  const timeout = ctx.config.shutdownTimeoutMs;
  io.err(`Nhận ${signal}: chờ các việc đang chạy xong (tối đa ${timeout / 1000} s)…`);
  await workers.close(timeout);
  io.err('Worker đã dừng.');
}

export async function runScheduler(ctx: AppContext, io: CliIo, opts: { cron?: string }): Promise<void> {
  const launcher = ctx.config.redisUrl ? queueRunLauncher(ctx, await queueTarget(ctx.store.db, ctx.config.redisUrl)) : inlineRunLauncher(ctx);
  const scheduler = startScheduler(ctx, (input) => launcher.launch(input), { cron: opts.cron ?? ctx.config.nightlyCron ?? DEFAULT_NIGHTLY_CRON });
  io.err(
    `Lịch chạy hằng đêm '${scheduler.task.getPattern()}' (giờ Việt Nam), lần tới ${clockTime(scheduler.task.getNextRun())}; ${launcher.mode === 'queue' ? 'đưa vào hàng đợi Redis' : 'chạy ngay trong tiến trình'}.`,
  );
  const signal = await untilSignal();
  io.err(`Nhận ${signal}: dừng lịch chạy…`);
  await scheduler.close();
  await launcher.idle();
}

/**
 * Prints a run's steps as they change (state, attempt, next try) and the run's state when it
 * changes, with a still-running line every `quietMs`, until it ends; returns the finished run.
 */
export async function followRun(ctx: AppContext, io: CliIo, runId: number, pollMs = 1000, quietMs = 30_000): Promise<Run> {
  const seen = new Map<string, string>();
  let lastState = '';
  let lastPrint = Date.now();
  for (;;) {
    const run = (await getRun(ctx.store.db, runId))!;
    const progress = runProgress(run);
    for (const step of progress.steps) {
      const key = stepKey(step);
      if (seen.get(step.name) === key || (step.state === 'waiting' && !seen.has(step.name))) continue;
      seen.set(step.name, key);
      io.err(stepLine(step));
      lastPrint = Date.now();
    }
    if (progress.state !== lastState || Date.now() - lastPrint >= quietMs) {
      lastState = progress.state;
      io.err(progressHeadline(progress));
      lastPrint = Date.now();
    }
    if (!progress.active) return run;
    await sleep(pollMs);
  }
}

/** `sync` with Redis: enqueue, print the run id, and with --wait follow it to the end. */
export async function runSyncQueued(ctx: AppContext, io: CliIo, opts: SyncCommandOptions): Promise<void> {
  const { run, created, abandoned } = await enqueueMonth(ctx, await requireQueues(ctx, 'sync'), manualMonthRun(ctx, opts));
  reportAbandoned(io, abandoned);
  const names = provinceNames(ctx, opts.period);
  io.out(
    created
      ? `Lượt chạy #${run.id} đã vào hàng đợi (${run.sources.map((s) => humanizeRunText(s, names)).join(', ')}).`
      : `${periodText(opts.period, { capital: true })} đã có lượt chạy #${run.id} (${lowerLabel(RUN_STATUS_LABELS, run.status)}); không tạo lượt mới.`,
  );
  if (!opts.wait) return;
  const finished = await followRun(ctx, io, run.id);
  io.out(describeRun(finished, names));
  if (finished.status !== 'succeeded') throw new CliError(`Lượt chạy #${finished.id} ${finished.status === 'cancelled' ? 'đã bị huỷ' : 'thất bại'}: ${finished.error ?? ''}`, 'RUN_FAILED');
}

export interface BackfillOptions {
  readonly from: Period;
  readonly to: Period;
  readonly framework: string;
  readonly concurrency: number;
  readonly dryRun?: boolean;
  readonly source?: string;
}

/** Backfill: the months from..to, with at most `concurrency` in flight, at a lower priority than nightly runs. */
export async function runBackfill(ctx: AppContext, io: CliIo, opts: BackfillOptions): Promise<void> {
  if (periodKind(opts.from) !== periodKind(opts.to)) {
    throw new CliError(`--from ${opts.from} là ${periodNoun(opts.from)} còn --to ${opts.to} là ${periodNoun(opts.to)}: chạy bù các tháng, các quý hoặc các năm, cùng một loại kỳ`, 'INVALID_RANGE');
  }
  if (opts.from > opts.to) throw new CliError(`--from ${opts.from} sau --to ${opts.to}`, 'INVALID_RANGE');
  const framework = getFramework(opts.framework, ctx.frameworks);
  const months = periodRange(opts.from, opts.to);
  const tasks = planCaptureTasks(loadProvinceConfigs(), framework.key, opts.source ? [opts.source] : undefined);
  if (opts.dryRun) {
    io.out(`Chạy bù ${months.length} tháng theo bộ chỉ số ${framework.key} (tối đa ${opts.concurrency} tháng cùng lúc, ưu tiên thấp hơn lượt hằng đêm):`);
    const names = provinceNames(ctx, opts.to);
    for (const m of months) io.out(`  ${periodText(m)}: ${tasks.map((t) => humanizeRunText(taskName(t), names)).join(', ')}`);
    io.out('(chạy thử: không có gì được đưa vào hàng đợi)');
    return;
  }
  const results: Run[] = [];
  if (!ctx.config.redisUrl) {
    for (const [i, period] of months.entries()) {
      const { run } = await syncMonthInline(ctx, { framework: framework.key, period, trigger: 'backfill', ...(opts.source ? { sources: [opts.source] } : {}) });
      io.err(`[${i + 1}/${months.length}] ${describeRun(run, provinceNames(ctx, period))}`);
      results.push(run);
    }
  } else {
    const target = await queueTarget(ctx.store.db, ctx.config.redisUrl);
    const active = new Map<number, Period>();
    let next = 0;
    while (next < months.length || active.size) {
      while (active.size < opts.concurrency && next < months.length) {
        const period = months[next++]!;
        const { run, created } = await enqueueMonth(ctx, target, { framework: framework.key, period, trigger: 'backfill', ...(opts.source ? { sources: [opts.source] } : {}) });
        io.err(`[${next}/${months.length}] ${period}: ${created ? `lượt #${run.id} vào hàng đợi` : `đã có lượt #${run.id} (${lowerLabel(RUN_STATUS_LABELS, run.status)})`}`);
        active.set(run.id, period);
      }
      await sleep(1000);
      for (const id of [...active.keys()]) {
        const run = (await getRun(ctx.store.db, id))!;
        if (['succeeded', 'failed', 'cancelled'].includes(run.status)) {
          active.delete(id);
          results.push(run);
          io.err(`  ${describeRun(run, provinceNames(ctx, run.period as Period))}`);
        }
      }
    }
  }
  const failed = results.filter((r) => r.status !== 'succeeded');
  io.out(`Chạy bù xong ${results.length} tháng: ${results.length - failed.length} thành công, ${failed.length} thất bại${failed.length ? ` (${failed.map((r) => r.period).join(', ')})` : ''}.`);
  if (failed.length) throw new CliError(`${failed.length} tháng chạy bù thất bại`, 'BACKFILL_FAILED');
}
