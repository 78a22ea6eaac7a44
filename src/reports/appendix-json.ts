// The JSON report: the stable machine-readable shape of a snapshot (units in rank order, points
// rounded to the framework's display precision, full-precision ratios).
import { roundHalfAway } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';

export interface JsonReport {
  readonly period: string;
  readonly framework: string;
  readonly revision: number;
  readonly status: string;
  readonly complete: boolean;
  readonly createdAt: string;
  readonly units: readonly {
    rank: number;
    code: string;
    name: string;
    indicators: Record<string, { numerator: number | null; denominator: number | null; ratio: number | null; points: number | null; source: string | null; status: string }>;
    total: number;
    converted: number;
    classification: string;
    missing: readonly string[];
  }[];
}

/**
 * Builds the JSON report of a snapshot.
 * @example JSON.stringify(jsonReport(framework, snapshot), null, 2)
 */
export function jsonReport(framework: Framework, snapshot: Snapshot): JsonReport {
  return {
    period: snapshot.period,
    framework: snapshot.framework,
    revision: snapshot.revision,
    status: snapshot.status,
    complete: snapshot.complete,
    createdAt: snapshot.createdAt.toISOString(),
    units: snapshot.rows.map((row) => ({
      rank: row.rank,
      code: row.unitCode,
      name: row.unitName,
      indicators: Object.fromEntries(
        framework.indicators.map((ind) => {
          const s = row.indicators[ind.key];
          return [
            ind.key,
            {
              numerator: s?.numerator ?? null,
              denominator: s?.denominator ?? null,
              ratio: s?.ratio ?? null,
              points: s?.points === null || s?.points === undefined ? null : roundHalfAway(s.points, framework.rounding.points),
              source: s?.source ?? null,
              status: s?.status ?? 'missing',
            },
          ];
        }),
      ),
      total: roundHalfAway(row.total, framework.rounding.total),
      converted: roundHalfAway(row.converted, framework.rounding.converted),
      classification: row.classification,
      missing: row.missing,
    })),
  };
}
