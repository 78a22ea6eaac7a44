// The JSON report: the stable machine-readable shape of a snapshot (units in rank order, points
// rounded to the framework's display precision, full-precision ratios).
import { shiftPeriod, type Period } from '../core/period.js';
import { roundHalfAway } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import type { ComparisonBasis, EarlierFigure, RestatedMonth } from '../scoring/continuity.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import { rowPortalStatus, type PortalTotalStatus } from './portal-totals.js';

/** A unit's figure for the previous month (codes only; total and converted at display precision). */
export interface JsonPrevious {
  readonly period: string;
  readonly basis: ComparisonBasis;
  readonly predecessors: readonly string[];
  readonly missing: readonly string[];
  readonly total: number | null;
  readonly converted: number | null;
  readonly rank: number | null;
}

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
    previous: JsonPrevious;
    /** qd766-2022 only: the portal's own total (null when it published none) and how ours compares. */
    portalTotal?: number | null;
    portalStatus?: PortalTotalStatus;
  }[];
}

/**
 * The `previous` object of one unit.
 * @example jsonPrevious(framework, figure) // { period: '2025-06', basis: 'predecessors', total: 61.2, ... }
 */
export function jsonPrevious(framework: Framework, period: Period, figure: EarlierFigure | undefined): JsonPrevious {
  const row = figure?.row ?? null;
  return {
    period: figure?.period ?? period,
    basis: figure?.basis ?? 'none',
    predecessors: (figure?.predecessors ?? []).map((u) => u.code),
    missing: (figure?.missing ?? []).map((u) => u.code),
    total: row ? roundHalfAway(row.total, framework.rounding.total) : null,
    converted: row ? roundHalfAway(row.converted, framework.rounding.converted) : null,
    rank: row ? row.rank : null,
  };
}

/**
 * Builds the JSON report of a snapshot; `previous` is the previous month restated on its units
 * (without it every unit's basis is 'none').
 * @example JSON.stringify(jsonReport(framework, snapshot, await previousMonth(ctx, framework, snapshot)), null, 2)
 */
export function jsonReport(framework: Framework, snapshot: Snapshot, previous?: Pick<RestatedMonth, 'period' | 'figures'>, portal?: ReadonlyMap<string, number | null>): JsonReport {
  const previousPeriod = previous?.period ?? shiftPeriod(snapshot.period as Period, -1);
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
      previous: jsonPrevious(framework, previousPeriod, previous?.figures.get(row.unitCode)),
      ...(portal
        ? {
            portalTotal: portal.get(row.unitCode) ?? null,
            portalStatus: rowPortalStatus(framework, row, portal.get(row.unitCode) ?? null),
          }
        : {}),
    })),
  };
}
