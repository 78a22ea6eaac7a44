// What a month's run is, whichever way it executes: the capture tasks planned for the framework's
// provinces, and the run row (deduplicated) that records them.
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { createRun, type Run, type RunTrigger } from '../runs/run-store.js';
import { planCaptureTasks, taskName, type CaptureTask, type PortalTuning } from '../sources/capture-task.js';
import { loadProvinceConfigs, type ProvinceConfig } from '../sources/province-config.js';

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
  const { run, created } = await createRun(ctx.store.db, {
    trigger: input.trigger,
    framework: input.framework,
    period: input.period,
    sources: tasks.map(taskName),
    options: { force: input.force ?? false, allowIncomplete: input.allowIncomplete ?? false, mode },
    dedupeKey: input.dedupeKey ?? null,
  });
  return { run, created, tasks, provinces };
}
