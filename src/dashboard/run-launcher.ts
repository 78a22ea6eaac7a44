// How a month's run is started from outside the CLI (dashboard re-run, scheduler): in this process
// (embedded default) or as a BullMQ flow (REDIS_URL set). Callers get the run id at once.
import type { ConnectionOptions } from 'bullmq';
import { enqueueMonth } from '../../jobs/month-flow.js';
import type { AppContext } from '../app-context.js';
import type { Period } from '../domain/period.js';
import { startMonthInline } from '../pipeline/sync-month.js';
import type { Run, RunTrigger } from '../runs/run-store.js';

export interface LaunchInput {
  readonly framework: string;
  readonly period: Period;
  readonly source?: string;
  readonly trigger: RunTrigger;
  readonly dedupeKey?: string | null;
}

export interface RunLauncher {
  readonly mode: 'inline' | 'queue';
  launch(input: LaunchInput): Promise<{ run: Run; created: boolean }>;
  /** Settles when every run started inline by this launcher has ended (for clean shutdown). */
  idle(): Promise<void>;
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
      const { run, created, done } = await startMonthInline(ctx, {
        framework: input.framework,
        period: input.period,
        trigger: input.trigger,
        ...(input.source ? { sources: [input.source] } : {}),
        dedupeKey: input.dedupeKey ?? null,
      });
      if (created) {
        const tracked = done.finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
      return { run, created };
    },
    async idle() {
      await Promise.allSettled([...pending]);
    },
  };
}

/**
 * Enqueues runs as BullMQ flows; workers (any process, any machine) execute them.
 * @example await queueRunLauncher(ctx, redisConnection(url)).launch({ framework, period, trigger: 'nightly', dedupeKey })
 */
export function queueRunLauncher(ctx: AppContext, connection: ConnectionOptions, prefix = 'dvc'): RunLauncher {
  return {
    mode: 'queue',
    launch: (input) =>
      enqueueMonth(
        ctx,
        connection,
        {
          framework: input.framework,
          period: input.period,
          trigger: input.trigger,
          ...(input.source ? { sources: [input.source] } : {}),
          dedupeKey: input.dedupeKey ?? null,
        },
        prefix,
      ),
    idle: async () => {},
  };
}
