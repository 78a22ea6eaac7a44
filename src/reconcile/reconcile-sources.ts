// Where two sources disagree about the same fact: for a month, every (unit, metric) that more than
// one source reports, with each source's current value and the difference.
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
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
