// Where two sources disagree about the same fact: for a period, every (unit, metric) that more than
// one source reports, with each source's current value and the difference; and (qd766-2022) every
// unit whose total computed from numerators differs from the total the portal itself published.
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { roundHalfAway } from '../core/rounding.js';
import { getFramework } from '../frameworks/framework.js';
import { hasPortalTotals, portalTotals, rowPortalStatus } from '../reports/portal-totals.js';
import { frameworksScored, readSnapshot } from '../snapshots/snapshot-store.js';
import { currentMetricValues } from '../store/metric-store.js';

export interface SourceDisagreement {
  readonly unitCode: string;
  readonly unitName: string;
  readonly metric: string;
  readonly values: readonly { source: string; value: number | null; captureId: number | null }[];
  /** Largest minus smallest known value (null when a value is unknown). */
  readonly difference: number | null;
}

/**
 * Lists the metrics on which sources disagree for a month (equal values are not listed).
 * @example await reconcileSources(ctx, period) // [{ unitCode: '03127', metric: 'paid_online', values: [...], difference: 3 }]
 */
export async function reconcileSources(ctx: AppContext, period: Period): Promise<SourceDisagreement[]> {
  const values = await currentMetricValues(ctx.store.db, period);
  const byKey = new Map<string, typeof values>();
  for (const v of values) {
    const key = `${v.unitCode}|${v.metric}`;
    const list = byKey.get(key) ?? [];
    list.push(v);
    byKey.set(key, list);
  }
  const out: SourceDisagreement[] = [];
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    const known = list.map((v) => v.value);
    const allKnown = known.every((v) => v !== null);
    const distinct = new Set(known.map((v) => (v === null ? 'null' : String(v))));
    if (distinct.size < 2) continue;
    const numbers = known.filter((v): v is number => v !== null);
    const first = list[0]!;
    out.push({
      unitCode: first.unitCode,
      unitName: ctx.registry.byCode(first.unitCode, period)?.displayName ?? first.unitCode,
      metric: first.metric,
      values: list.map((v) => ({ source: v.source, value: v.value, captureId: v.captureId ?? null })),
      difference: allKnown ? Math.max(...numbers) - Math.min(...numbers) : null,
    });
  }
  return out.sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : a.metric < b.metric ? -1 : 1));
}

/** A unit whose total from numerators and the portal's own total differ by more than rounding. */
export interface PortalTotalDifference {
  readonly unitCode: string;
  readonly unitName: string;
  /** Our total (framework precision) from the numerators we hold. */
  readonly total: number;
  readonly portalTotal: number;
  /** Our total minus the portal's. */
  readonly difference: number;
  /** Indicators we hold no numerators for (part of why the totals differ). */
  readonly missingIndicators: number;
}

/** One scored framework of the period against the portal's totals. */
export interface PortalTotalComparison {
  /** `qd766-2022@52`: the framework evaluated for one province. */
  readonly framework: string;
  /** The revision compared: the published one, else the latest. */
  readonly revision: number;
  /** Every unit whose totals differ, the largest difference first. */
  readonly differs: readonly PortalTotalDifference[];
  /** Units whose totals agree within rounding. */
  readonly matches: number;
  /** Units listed with the portal's total only: we hold no numerators for them. */
  readonly portalOnly: number;
  /** Units the portal published no total for. */
  readonly withoutPortalTotal: number;
}

export interface PortalTotalReconciliation {
  readonly comparisons: readonly PortalTotalComparison[];
  /** Units with a portal total in the period but in no scored framework's snapshot (not scored yet). */
  readonly unscored: readonly string[];
}

/**
 * Every framework whose totals the portal publishes (qd766-2022, per province) scored for the period:
 * its snapshot (published, else latest) against the portal's totals, with every unit that differs.
 * @example (await reconcilePortalTotals(ctx, period)).comparisons[0].differs[0] // { unitCode: '23575', total: 14.9, portalTotal: 52, difference: -37.1, … }
 */
export async function reconcilePortalTotals(ctx: AppContext, period: Period): Promise<PortalTotalReconciliation> {
  const comparisons: PortalTotalComparison[] = [];
  const covered = new Set<string>();
  for (const key of (await frameworksScored(ctx.store.db, period)).filter(hasPortalTotals)) {
    const framework = getFramework(key, ctx.frameworks);
    const snapshot = await readSnapshot(ctx.store.db, key, period);
    if (!snapshot) continue;
    const portal = await portalTotals(ctx.store.db, period, snapshot.rows.map((r) => r.unitCode));
    const differs: PortalTotalDifference[] = [];
    let matches = 0;
    let portalOnly = 0;
    for (const row of snapshot.rows) {
      covered.add(row.unitCode);
      const portalTotal = portal.get(row.unitCode) ?? null;
      const status = rowPortalStatus(framework, row, portalTotal);
      if (status === 'matches') matches++;
      if (status === 'portal-only') portalOnly++;
      if (status !== 'differs' || portalTotal === null) continue;
      const total = roundHalfAway(row.total, framework.rounding.total);
      differs.push({
        unitCode: row.unitCode,
        unitName: row.unitName,
        total,
        portalTotal,
        difference: roundHalfAway(total - portalTotal, framework.rounding.total),
        missingIndicators: Object.values(row.indicators).filter((i) => i.status === 'missing').length + framework.indicators.filter((i) => !row.indicators[i.key]).length,
      });
    }
    differs.sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.unitCode < b.unitCode ? -1 : 1));
    comparisons.push({ framework: key, revision: snapshot.revision, differs, matches, portalOnly, withoutPortalTotal: snapshot.rows.length - differs.length - matches - portalOnly });
  }
  const published = await currentMetricValues(ctx.store.db, period, { metrics: ['portal_total', 'legacy_score_total'] });
  const unscored = [...new Set(published.map((v) => v.unitCode).filter((code) => !covered.has(code)))].sort();
  return { comparisons, unscored };
}
