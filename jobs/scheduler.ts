// The nightly schedule: at 04:00 Vietnam time (configurable) enqueue the current month and the
// previous one (late synchronisation changes closed months) for every evaluation of the provinces the
// deployment selected (DVC_PROVINCES): each framework a selected province lists, or the national
// framework for a province listing none (`qd766-2022@52`).
// Two schedulers firing the same night produce one run per month: the run's dedupe key is the night.
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { AppContext } from '../src/app-context.js';
import { periodOfInstant, shiftPeriod, type Period } from '../src/core/period.js';
import { beatHeart } from '../src/runs/heartbeat.js';
import type { Run, RunTrigger } from '../src/runs/run-store.js';
import { loadProvinceConfigs, selectedEvaluations, type ProvinceConfig } from '../src/pipeline/province-config.js';

export const NIGHTLY_TIMEZONE = 'Asia/Ho_Chi_Minh';
export const DEFAULT_NIGHTLY_CRON = '0 4 * * *';

export type LaunchMonth = (input: { framework: string; period: Period; trigger: RunTrigger; dedupeKey: string | null; provinces?: readonly ProvinceConfig[] }) => Promise<{ run: Run; created: boolean }>;

/** The local calendar date of an instant in Vietnam (UTC+7): the night a nightly run belongs to. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Enqueues tonight's runs: current and previous month of every evaluation of the selected provinces
 * (ctx.config.provinces). Safe to call twice.
 * @example await triggerNightly(ctx, launch, new Date()) // 2 runs per evaluation, created once per night
 */
export async function triggerNightly(ctx: AppContext, launch: LaunchMonth, now: Date, provinces: readonly ProvinceConfig[] = loadProvinceConfigs()): Promise<{ run: Run; created: boolean }[]> {
  const night = localDate(now);
  const current = periodOfInstant(now);
  const out: { run: Run; created: boolean }[] = [];
  for (const { framework, provinces: selected } of selectedEvaluations(provinces, ctx.config.provinces)) {
    for (const period of [current, shiftPeriod(current, -1)]) {
      const result = await launch({ framework, period, trigger: 'nightly', dedupeKey: `nightly:${night}:${framework}:${period}`, provinces: selected });
      ctx.logger.info({ framework, period, runId: result.run.id, created: result.created }, result.created ? 'nightly run enqueued' : 'nightly run already triggered');
      out.push(result);
    }
  }
  return out;
}

export interface SchedulerHandle {
  readonly task: ScheduledTask;
  readonly instance: string;
  close(): Promise<void>;
}

/**
 * Starts the cron schedule (and a heartbeat) in this process.
 * @example const scheduler = startScheduler(ctx, launch, { cron: '0 4 * * *' })
 */
export function startScheduler(ctx: AppContext, launch: LaunchMonth, options: { cron?: string; heartbeatMs?: number; provinces?: readonly ProvinceConfig[] } = {}): SchedulerHandle {
  const expression = options.cron ?? DEFAULT_NIGHTLY_CRON;
  const validation = cron.validateDetailed(expression);
  if (!validation.valid) {
    const detail = validation.errors.map((e) => `${e.field}${e.value !== undefined ? ` '${e.value}'` : ''}: ${e.message}`).join('; ');
    throw Object.assign(new Error(`Lịch chạy '${expression}' không hợp lệ: ${detail}`), { code: 'INVALID_CRON' });
  }
  const instance = `${hostname()}:${process.pid}`;
  const task = cron.schedule(
    expression,
    async (context) => {
      try {
        await triggerNightly(ctx, launch, context.triggeredAt ?? new Date(), options.provinces);
      } catch (error) {
        ctx.logger.error({ err: (error as Error).message }, 'nightly trigger failed');
      }
    },
    { timezone: NIGHTLY_TIMEZONE, name: 'dvc-sync-nightly', noOverlap: true },
  );
  const beat = () =>
    beatHeart(ctx.store.db, 'scheduler', instance, { cron: expression, nextRun: task.getNextRun()?.toISOString() ?? null }).catch((e: Error) =>
      ctx.logger.warn({ err: e.message }, 'heartbeat failed'),
    );
  void beat();
  const timer = setInterval(beat, options.heartbeatMs ?? 30_000);
  timer.unref();
  return {
    task,
    instance,
    async close() {
      clearInterval(timer);
      await task.stop();
      await task.destroy();
    },
  };
}
