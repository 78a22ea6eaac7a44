// The portal's own total beside ours (qd766-2022): the `portal_total` the portal published for each
// unit (service-results; the legacy API's TONG_SCORE for earlier months) next to the total computed
// from numerators; a difference above 0.015 is flagged, a unit with no numerators is 'portal-only'.
import type { Period } from '../core/period.js';
import { roundHalfAway } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import type { StoredUnitRow } from '../snapshots/snapshot-store.js';
import type { Db } from '../store/database.js';
import { currentMetricValues } from '../store/metric-store.js';

/** Largest difference between our total and the portal's that is still rounding (both at 2 decimals). */
export const PORTAL_TOTAL_TOLERANCE = 0.015;

export type PortalTotalStatus = 'matches' | 'differs' | 'portal-only' | null;

/** Whether the framework is the national one, whose totals the portal publishes. */
export function hasPortalTotals(frameworkKey: string): boolean {
  return frameworkKey.split('@')[0] === 'qd766-2022';
}

/**
 * The portal's total per unit for a period: the current API's when captured, else the legacy API's.
 * @example (await portalTotals(db, period, ['23575'])).get('23575') // 52
 */
export async function portalTotals(db: Db, period: Period, units: readonly string[]): Promise<Map<string, number | null>> {
  const values = await currentMetricValues(db, period, { units, metrics: ['portal_total', 'legacy_score_total'] });
  const out = new Map<string, number | null>();
  for (const v of values.filter((x) => x.metric === 'legacy_score_total')) out.set(v.unitCode, v.value);
  for (const v of values.filter((x) => x.metric === 'portal_total')) out.set(v.unitCode, v.value);
  return out;
}

/**
 * How our total stands against the portal's.
 * @example portalTotalStatus(34.2, 34.19, true) // 'matches'
 */
export function portalTotalStatus(total: number, portalTotal: number | null, hasNumerators: boolean): PortalTotalStatus {
  if (portalTotal === null) return null;
  if (!hasNumerators) return 'portal-only';
  return Math.abs(total - portalTotal) > PORTAL_TOTAL_TOLERANCE ? 'differs' : 'matches';
}

/**
 * How a snapshot row's total (at the framework's precision) stands against the portal's: the one rule
 * of the JSON report and of `reconcile`.
 * @example rowPortalStatus(framework, row, 52) // 'differs'
 */
export function rowPortalStatus(framework: Framework, row: StoredUnitRow, portalTotal: number | null): PortalTotalStatus {
  return portalTotalStatus(roundHalfAway(row.total, framework.rounding.total), portalTotal, Object.values(row.indicators).some((s) => s.status !== 'missing'));
}
