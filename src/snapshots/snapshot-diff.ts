// What changed between two revisions of a month, per unit: points per indicator, total, rank, class.
import type { StoredUnitRow } from './snapshot-store.js';

export interface UnitChange {
  readonly unitCode: string;
  readonly unitName: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly fields: readonly { field: string; before: number | string | null; after: number | string | null }[];
}

const EPSILON = 1e-9;

/**
 * Differences between the previous revision's rows and the new ones (empty when equal).
 * @example diffSnapshotRows(rev1Rows, rev2Rows)[0].fields // [{ field: 'dvtt_2.points', before: 2.7, after: 3.1 }, ...]
 */
export function diffSnapshotRows(before: readonly StoredUnitRow[], after: readonly StoredUnitRow[]): UnitChange[] {
  const previous = new Map(before.map((r) => [r.unitCode, r]));
  const changes: UnitChange[] = [];
  for (const row of after) {
    const old = previous.get(row.unitCode);
    previous.delete(row.unitCode);
    if (!old) {
      changes.push({ unitCode: row.unitCode, unitName: row.unitName, kind: 'added', fields: [] });
      continue;
    }
    const fields: { field: string; before: number | string | null; after: number | string | null }[] = [];
    for (const [key, indicator] of Object.entries(row.indicators)) {
      const was = old.indicators[key];
      for (const part of ['numerator', 'denominator', 'points'] as const) {
        const a = was?.[part] ?? null;
        const b = indicator[part];
        if (a === null || b === null ? a !== b : Math.abs(a - b) > EPSILON) fields.push({ field: `${key}.${part}`, before: a, after: b });
      }
    }
    if (Math.abs(old.total - row.total) > EPSILON) fields.push({ field: 'total', before: old.total, after: row.total });
    if (old.rank !== row.rank) fields.push({ field: 'rank', before: old.rank, after: row.rank });
    if (old.classification !== row.classification) fields.push({ field: 'classification', before: old.classification, after: row.classification });
    if (fields.length) changes.push({ unitCode: row.unitCode, unitName: row.unitName, kind: 'changed', fields });
  }
  for (const row of previous.values()) changes.push({ unitCode: row.unitCode, unitName: row.unitName, kind: 'removed', fields: [] });
  return changes;
}
