// Month over month and year to date: per unit and per indicator group, the change against the
// previous month's published snapshot, rank changes, and the average converted score since January.
// Pure; callers pass earlier months restated on the current units (reports/earlier-months.ts), so a
// unit is always compared with itself, never with another unit that once had its code.
import { shiftPeriod, yearToDate, type Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot, StoredUnitRow } from '../snapshots/snapshot-store.js';

export interface MonthPoint {
  readonly period: Period;
  readonly total: number;
  readonly converted: number;
  readonly rank: number;
  readonly classification: string;
  /** Points per group key (sum of its indicators' points; unknown counts as 0, as in the total). */
  readonly groups: Readonly<Record<string, number>>;
}

export interface UnitTrend {
  readonly code: string;
  /** Name as in the current month's snapshot (the registry's display name). */
  readonly name: string;
  /** One entry per `TrendReport.periods`, null where the unit has no score that month. */
  readonly months: readonly (MonthPoint | null)[];
  readonly current: MonthPoint | null;
  readonly previous: MonthPoint | null;
  readonly deltaConverted: number | null;
  readonly deltaTotal: number | null;
  /** Places gained since the previous month (positive = moved up), null without both months. */
  readonly rankChange: number | null;
  readonly groupDeltas: Readonly<Record<string, number | null>>;
  /** Mean converted score over the months of the year that have a score. */
  readonly ytdAverage: number | null;
  readonly ytdMonths: number;
}

export interface GroupTrend {
  readonly key: string;
  readonly label: string;
  readonly max: number;
  /** Mean group points over the month's units. */
  readonly average: number | null;
  readonly previousAverage: number | null;
  readonly delta: number | null;
}

export interface TrendReport {
  readonly period: Period;
  readonly previousPeriod: Period;
  /** Months from January of the period's year to the period, in order. */
  readonly periods: readonly Period[];
  readonly hasPrevious: boolean;
  /** Units of the current month in rank order, then units seen only earlier in the year. */
  readonly units: readonly UnitTrend[];
  readonly groups: readonly GroupTrend[];
}

/** The snapshot shape trends need (any revision; callers pass published ones). */
export type TrendSnapshot = Pick<Snapshot, 'period' | 'rows'>;

/** The periods a trend reads: the first month (quarter) of the period's year up to the period. */
export { yearToDate };

function monthPoint(framework: Framework, period: Period, row: StoredUnitRow): MonthPoint {
  const groups: Record<string, number> = {};
  for (const group of framework.groups) groups[group.key] = 0;
  for (const indicator of framework.indicators) groups[indicator.group] = (groups[indicator.group] ?? 0) + (row.indicators[indicator.key]?.points ?? 0);
  return { period, total: row.total, converted: row.converted, rank: row.rank, classification: row.classification, groups };
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

/**
 * Trends of `period` from the year's snapshots (the current month's must be among them, or `current`).
 * @example buildTrends(framework, [august, september], parsePeriod('2023-09')).units[0].rankChange // 2
 */
export function buildTrends(framework: Framework, history: readonly TrendSnapshot[], period: Period, current?: TrendSnapshot): TrendReport {
  const periods = yearToDate(period);
  const previousPeriod = shiftPeriod(period, -1);
  const byPeriod = new Map<string, TrendSnapshot>();
  for (const snapshot of history) if (periods.includes(snapshot.period as Period)) byPeriod.set(snapshot.period, snapshot);
  if (current) byPeriod.set(period, current);
  const now = byPeriod.get(period);
  const before = byPeriod.get(previousPeriod);

  const order: string[] = [];
  const names = new Map<string, string>();
  for (const row of now?.rows ?? []) {
    order.push(row.unitCode);
    names.set(row.unitCode, row.unitName);
  }
  for (const month of [...periods].reverse()) {
    for (const row of byPeriod.get(month)?.rows ?? []) {
      if (!names.has(row.unitCode)) {
        order.push(row.unitCode);
        names.set(row.unitCode, row.unitName);
      }
    }
  }
  const pointsOf = new Map<string, Map<string, MonthPoint>>();
  for (const [month, snapshot] of byPeriod) {
    for (const row of snapshot.rows) {
      let perMonth = pointsOf.get(row.unitCode);
      if (!perMonth) pointsOf.set(row.unitCode, (perMonth = new Map()));
      perMonth.set(month, monthPoint(framework, month as Period, row));
    }
  }

  const units: UnitTrend[] = order.map((code) => {
    const perMonth = pointsOf.get(code) ?? new Map<string, MonthPoint>();
    const months = periods.map((p) => perMonth.get(p) ?? null);
    const currentPoint = perMonth.get(period) ?? null;
    const previousPoint = perMonth.get(previousPeriod) ?? null;
    const both = currentPoint && previousPoint ? { c: currentPoint, p: previousPoint } : null;
    const groupDeltas: Record<string, number | null> = {};
    for (const group of framework.groups) groupDeltas[group.key] = both ? both.c.groups[group.key]! - both.p.groups[group.key]! : null;
    const scored = months.filter((m): m is MonthPoint => m !== null);
    return {
      code,
      name: names.get(code)!,
      months,
      current: currentPoint,
      previous: previousPoint,
      deltaConverted: both ? both.c.converted - both.p.converted : null,
      deltaTotal: both ? both.c.total - both.p.total : null,
      rankChange: both ? both.p.rank - both.c.rank : null,
      groupDeltas,
      ytdAverage: mean(scored.map((m) => m.converted)),
      ytdMonths: scored.length,
    };
  });

  const groupAverage = (snapshot: TrendSnapshot | undefined, key: string) =>
    snapshot ? mean(snapshot.rows.map((row) => monthPoint(framework, snapshot.period as Period, row).groups[key]!)) : null;
  // The change is like for like: the mean change of the units that have both months (a previous
  // month restated on fewer units — former communes without data — is not set against all of them).
  const compared = units.filter((u) => u.current && u.previous);
  const groups: GroupTrend[] = framework.groups.map((g) => {
    const average = groupAverage(now, g.key);
    const previousAverage = groupAverage(before, g.key);
    const delta = compared.length && average !== null && previousAverage !== null ? mean(compared.map((u) => u.current!.groups[g.key]! - u.previous!.groups[g.key]!)) : null;
    return { key: g.key, label: g.label, max: g.max, average, previousAverage, delta };
  });
  return { period, previousPeriod, periods, hasPrevious: before !== undefined && before.rows.length > 0, units, groups };
}
