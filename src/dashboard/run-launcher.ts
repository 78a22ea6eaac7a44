// How a month's run is started from outside the CLI (dashboard re-run, scheduler): in this process
// (embedded default) or as a BullMQ flow (REDIS_URL set). Callers get the run id at once.
import { enqueueMonth } from '../../jobs/month-flow.js';
import type { QueueTarget } from '../../jobs/queues.js';
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import type { ProvinceConfig } from '../pipeline/province-config.js';
import { startMonthInline } from '../pipeline/sync-month.js';
import { cancelRun, getRun, type Run, type RunTrigger } from '../runs/run-store.js';
import { removeWaitingJobs } from '../../jobs/run-jobs.js';

export interface LaunchInput {
  readonly framework: string;
  readonly period: Period;
  readonly source?: string;
  readonly trigger: RunTrigger;
  readonly dedupeKey?: string | null;
  /** The provinces whose sources the run captures (default: those the framework names). */
  readonly provinces?: readonly ProvinceConfig[];
}

export interface RunLauncher {
  readonly mode: 'inline' | 'queue';
  launch(input: LaunchInput): Promise<{ run: Run; created: boolean }>;
  /** Cancels a queued/running run (false when it had already ended) and removes its waiting jobs. */
  cancel(runId: number, reason: string): Promise<{ cancelled: boolean; removedJobs: number }>;
  /** Settles when every run started inline by this launcher has ended (for clean shutdown). */
  idle(): Promise<void>;
}

/** A launch request as the month run it asks for (one source, some provinces, or all of them). */
function monthRunInput(input: LaunchInput) {
  return {
    framework: input.framework,
    period: input.period,
    trigger: input.trigger,
    ...(input.source ? { sources: [input.source] } : {}),
    ...(input.provinces ? { provinces: input.provinces } : {}),
    dedupeKey: input.dedupeKey ?? null,
  };
}

/**
 * Starts runs in this process (no Redis); the run continues in the background after launch returns.
 * @example const { run } = await inlineRunLauncher(ctx).launch({ framework, period, trigger: 'manual' })
 */
export function inlineRunLauncher(ctx: AppContext): RunLauncher {
  const pending = new Set<Promise<unknown>>();
  return {
    mode: 'inline',
    async launch(input) {
      const { run, created, done } = await startMonthInline(ctx, monthRunInput(input));
      if (created) {
        const tracked = done.finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
      return { run, created };
    },
    async cancel(runId, reason) {
      // The in-process run checks for cancellation between its stages.
      return { cancelled: await cancelRun(ctx.store.db, runId, reason), removedJobs: 0 };
    },
    async idle() {
      await Promise.allSettled([...pending]);
    },
  };
}

/**
 * Enqueues runs as BullMQ flows; workers (any process, any machine) execute them.
 * @example await queueRunLauncher(ctx, await queueTarget(ctx.store.db, url)).launch({ framework, period, trigger: 'nightly', dedupeKey })
 */
export function queueRunLauncher(ctx: AppContext, target: QueueTarget): RunLauncher {
  return {
    mode: 'queue',
    launch: (input) => enqueueMonth(ctx, target, monthRunInput(input)),
    async cancel(runId, reason) {
      const cancelled = await cancelRun(ctx.store.db, runId, reason);
      const run = cancelled ? await getRun(ctx.store.db, runId) : undefined;
      return { cancelled, removedJobs: run ? await removeWaitingJobs(target, run.jobIds) : 0 };
    },
    idle: async () => {},
  };
}
