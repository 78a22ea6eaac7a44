// Inline mode (no REDIS_URL): a month's sync in this process — capture tasks one after another,
// then normalise-score-snapshot — with the same run history and stage functions as the queue.
import type { AppContext } from '../app-context.js';
import { beatRun, finishRun, getRun, isRunCancelled, markRunRunning, type AbandonedRun, type Run } from '../runs/run-store.js';
import { beginStage } from '../runs/run-stage.js';
import { CaptureTaskError, runCaptureTask, taskName, type CaptureTask } from './capture-task.js';
import type { ProvinceConfig } from './province-config.js';
import { openMonthRun, type MonthRunInput } from './month-run.js';
import { scoreRun, type CaptureOutcome, type ScoreRunResult } from './score-run.js';

export interface SyncMonthOptions extends MonthRunInput {
  readonly onProgress?: (line: string) => void;
}

export interface SyncMonthResult {
  readonly run: Run;
  readonly created: boolean;
  readonly result?: ScoreRunResult;
}

/**
 * Creates the month's run and starts executing it in this process; `done` settles when it ends.
 * A month that already has a queued/running run (or the same dedupe key) gets that run back, not started again.
 * @example const { run, done } = await startMonthInline(ctx, { framework, period, trigger: 'manual' }); await done
 */
export async function startMonthInline(
  ctx: AppContext,
  options: SyncMonthOptions,
): Promise<{ run: Run; created: boolean; abandoned: readonly AbandonedRun[]; done: Promise<SyncMonthResult> }> {
  const { run, created, abandoned, tasks, provinces } = await openMonthRun(ctx, options, 'inline');
  if (!created) return { run, created, abandoned, done: Promise.resolve({ run, created }) };
  // The heartbeat shows the run's process is alive; when it stops (process killed, database lost)
  // the next sync of the month fails the run instead of waiting for it.
  const heartbeat = setInterval(() => void beatRun(ctx.store.db, run.id).catch(() => undefined), INLINE_HEARTBEAT_MS);
  heartbeat.unref();
  const done = executeRun(ctx, run, tasks, provinces, options)
    .catch(async (error: Error) => {
      // Never leave a run 'running' behind an unexpected error (unless the database itself is gone:
      // then the run's stale heartbeat lets the next sync fail it).
      await finishRun(ctx.store.db, run.id, { status: 'failed', error: `Lỗi không lường trước: ${error.message}` });
      return { run: (await getRun(ctx.store.db, run.id))!, created };
    })
    .finally(() => clearInterval(heartbeat));
  return { run, created, abandoned, done };
}

/** How often an inline run proves its process alive (well under RUN_HEARTBEAT_STALE_MS). */
export const INLINE_HEARTBEAT_MS = 15_000;

/**
 * Runs a month's sync in-process and returns the finished run.
 * @example await syncMonthInline(ctx, { framework: 'dien-bien-xa-2023', period, trigger: 'manual' })
 */
export async function syncMonthInline(ctx: AppContext, options: SyncMonthOptions): Promise<SyncMonthResult> {
  return (await startMonthInline(ctx, options)).done;
}

async function executeRun(ctx: AppContext, run: Run, tasks: readonly CaptureTask[], provinces: readonly ProvinceConfig[], options: SyncMonthOptions): Promise<SyncMonthResult> {
  const progress = options.onProgress ?? (() => {});
  await markRunRunning(ctx.store.db, run.id);
  const outcomes: CaptureOutcome[] = [];
  for (const [i, task] of tasks.entries()) {
    if (await isRunCancelled(ctx.store.db, run.id)) break;
    const province = provinces.find((p) => p.code === task.provinceCode)!;
    progress(`[${i + 1}/${tasks.length}] ${taskName(task)} …`);
    try {
      const stage = await beginStage(ctx.store.db, run.id, taskName(task));
      const result = await runCaptureTask(ctx, province, task, options.period, { runId: run.id, ...(options.portal ? { portal: options.portal } : {}) }).catch(async (error: unknown) => {
        throw await stage.failed(error);
      });
      await stage.succeeded({ ...result });
      outcomes.push(result);
      progress(`[${i + 1}/${tasks.length}] ${result.message}`);
    } catch (error) {
      // Whatever went wrong is this source's failure: the run still ends, never left 'running'.
      const message = error instanceof CaptureTaskError ? error.message : `${taskName(task)}: lỗi không lường trước — ${(error as Error).message}`;
      outcomes.push({ source: task.source, provinceCode: task.provinceCode, status: 'failed', message });
      progress(`[${i + 1}/${tasks.length}] LỖI ${message}`);
    }
  }
  const result = await scoreRun(ctx, {
    runId: run.id,
    framework: options.framework,
    period: options.period,
    trigger: options.trigger,
    outcomes,
    allowIncomplete: options.allowIncomplete ?? false,
    force: options.force ?? false,
  });
  return { run: (await getRun(ctx.store.db, run.id))!, created: true, result };
}
