// What a month's run is, whichever way it executes: the capture tasks planned for the framework's
// provinces, and the run row (deduplicated) that records them.
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { createRun, processOwner, type AbandonedRun, type Run, type RunTrigger } from '../runs/run-store.js';
import { planCaptureTasks, taskName, type CaptureTask, type PortalTuning } from './capture-task.js';
import { loadProvinceConfigs, type ProvinceConfig } from './province-config.js';

export interface MonthRunInput {
  readonly framework: string;
  readonly period: Period;
  readonly trigger: RunTrigger;
  /** Only these sources (portal, portal-legacy, one-door); default every enabled one. */
  readonly sources?: readonly string[];
  readonly force?: boolean;
  readonly allowIncomplete?: boolean;
  readonly dedupeKey?: string | null;
  readonly provinces?: readonly ProvinceConfig[];
  /** Relax the portal's politeness (local benchmarks only). */
  readonly portal?: PortalTuning;
}

export interface MonthRun {
  readonly run: Run;
  readonly created: boolean;
  /** Runs of the month whose process was gone: failed before this one was created. */
  readonly abandoned: readonly AbandonedRun[];
  readonly tasks: readonly CaptureTask[];
  readonly provinces: readonly ProvinceConfig[];
}

/**
 * Plans the month's capture tasks and creates its run (or finds the run already triggered).
 * @example const { run, created, tasks } = await openMonthRun(ctx, { framework, period, trigger: 'manual' }, 'inline')
 */
export async function openMonthRun(ctx: AppContext, input: MonthRunInput, mode: 'inline' | 'queue'): Promise<MonthRun> {
  const provinces = input.provinces ?? loadProvinceConfigs();
  const tasks = planCaptureTasks(provinces, input.framework, input.sources);
  const { run, created, abandoned } = await createRun(ctx.store.db, {
    trigger: input.trigger,
    framework: input.framework,
    period: input.period,
    sources: tasks.map(taskName),
    options: { force: input.force ?? false, allowIncomplete: input.allowIncomplete ?? false, mode },
    dedupeKey: input.dedupeKey ?? null,
    // An inline run is executed by this process: its pid and heartbeat tell whether it is still alive.
    owner: mode === 'inline' ? processOwner() : null,
  });
  for (const { run: lost, reason } of abandoned) ctx.logger.warn({ runId: lost.id, period: lost.period, reason }, 'abandoned run failed');
  return { run, created, abandoned, tasks, provinces };
}
