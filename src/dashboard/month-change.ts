// Month over month for the snapshot page: per unit, the change of total points, converted score
// and rank against the previous month's published snapshot restated on this month's units
// (reports/earlier-months.ts), so a merged commune is set against the sum of its former communes.
import { roundHalfAway } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import type { StoredUnitRow } from '../snapshots/snapshot-store.js';

export interface UnitMonthChange {
  readonly previousRank: number;
  /** Places gained (positive = moved up). */
  readonly rankChange: number;
  readonly total: number;
  readonly converted: number;
}

/**
 * Changes of each unit present in both months (a unit new this month has none).
 * @example monthOverMonth(framework, september.rows, august.rows).get('03127') // { rankChange: 2, total: 1.5, ... }
 */
export function monthOverMonth(framework: Framework, current: readonly StoredUnitRow[], previous: readonly StoredUnitRow[]): Map<string, UnitMonthChange> {
  const before = new Map(previous.map((r) => [r.unitCode, r]));
  const out = new Map<string, UnitMonthChange>();
  for (const row of current) {
    const old = before.get(row.unitCode);
    if (!old) continue;
    // Differences of the displayed (rounded) values, so the page's arithmetic adds up.
    out.set(row.unitCode, {
      previousRank: old.rank,
      rankChange: old.rank - row.rank,
      total: roundHalfAway(roundHalfAway(row.total, framework.rounding.total) - roundHalfAway(old.total, framework.rounding.total), framework.rounding.total),
      converted: roundHalfAway(roundHalfAway(row.converted, framework.rounding.converted) - roundHalfAway(old.converted, framework.rounding.converted), framework.rounding.converted),
    });
  }
  return out;
}
