// What a month's run is, whichever way it executes: the capture tasks planned for the framework's
// provinces, and the run row (deduplicated) that records them.
import type { AppContext } from '../app-context.js';
import { periodKind, periodMonths, periodNoun, periodTerm, type Period } from '../core/period.js';
import { SOURCE_KINDS, SOURCE_PERIOD_KINDS, type SourceKind } from '../core/source.js';
import { SOURCE_LABELS } from '../text/labels.js';
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
  refuseUnsupportedPeriod(tasks, input.period, provinces);
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

/** A source was asked for a period it has no values for (a quarter or a year from a monthly source). */
export class UnsupportedPeriodError extends Error {
  readonly code = 'PERIOD_NOT_SUPPORTED';
}

const KIND_WORDS = { month: 'tháng', quarter: 'quý', year: 'năm' } as const;

/**
 * What a monthly source cannot give for a quarter or a year, and what can: "Hệ thống một cửa
 * 'one-door' (Tỉnh Điện Biên): chỉ có số liệu theo tháng"; null when the source supports the period.
 * @example periodRefusal('one-door', parseAnyPeriod('2026-Q1'), 'Tỉnh Điện Biên')
 */
export function periodRefusal(source: SourceKind, period: Period, where: string): string | null {
  if (SOURCE_PERIOD_KINDS[source].includes(periodKind(period))) return null;
  return `${SOURCE_LABELS[source] ?? source} '${source}' (${where}): chỉ có số liệu theo ${SOURCE_PERIOD_KINDS[source].map((k) => KIND_WORDS[k]).join(', ')}`;
}

/** The sources that hold the period's values, and the months to take one by one instead. */
export function periodAlternatives(period: Period): string {
  const able = SOURCE_KINDS.filter((s) => SOURCE_PERIOD_KINDS[s].includes(periodKind(period)));
  const months = periodMonths(period);
  return `Nguồn có số liệu theo ${periodNoun(period)}: ${able.map((s) => `${SOURCE_LABELS[s] ?? s} (--source ${s})`).join(', ')}; hoặc từng tháng bằng --month (${months[0]} … ${months[months.length - 1]})`;
}

/**
 * Refuses, before any run is created, a quarter or a year asked of a source that only has months,
 * naming the source and province, what it supports and the sources that can capture the period.
 * @example refuseUnsupportedPeriod([{ source: 'one-door', provinceCode: '11' }], parseAnyPeriod('2026-Q1'), provinces) // throws UnsupportedPeriodError
 */
export function refuseUnsupportedPeriod(tasks: readonly CaptureTask[], period: Period, provinces: readonly ProvinceConfig[]): void {
  const name = (code: string) => provinces.find((p) => p.code === code)?.name ?? `tỉnh mã ${code}`;
  const refused = tasks.flatMap((t) => periodRefusal(t.source, period, name(t.provinceCode)) ?? []);
  if (refused.length) throw new UnsupportedPeriodError(`Không đồng bộ được ${periodTerm(period)} từ ${refused.join('; ')}. ${periodAlternatives(period)}`);
}
