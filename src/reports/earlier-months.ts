// Earlier months as the reports and the dashboard compare with them: the published snapshot of an
// earlier month restated on the units of the month shown (scoring/continuity.ts), with the lineage
// read from the unit registry.
import type { AppContext } from '../app-context.js';
import { shiftPeriod, yearToDate, type Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import { restateMonth, type LineageUnit, type RestatedMonth, type UnitLineage } from '../scoring/continuity.js';
import { readSnapshot, type Snapshot } from '../snapshots/snapshot-store.js';
import type { Unit, UnitRegistry } from '../core/unit-registry.js';

/**
 * The registry's units and links as continuity reads them.
 * @example restateMonth(framework, july, june, '2025-06', registryLineage(ctx.registry))
 */
export function registryLineage(registry: UnitRegistry): UnitLineage {
  // One LineageUnit per registry unit (continuity compares identities), and the way back.
  const known = new Map<Unit, LineageUnit>();
  const source = new Map<LineageUnit, Unit>();
  const wrap = (unit: Unit): LineageUnit => {
    let out = known.get(unit);
    if (!out) {
      out = { code: unit.code, name: unit.displayName, validFrom: unit.validFrom, validTo: unit.validTo };
      known.set(unit, out);
      source.set(out, unit);
    }
    return out;
  };
  return {
    unitIn(code, period) {
      const unit = registry.byCode(code, period);
      return unit ? wrap(unit) : undefined;
    },
    predecessors(unit) {
      const original = source.get(unit);
      if (!original) return [];
      return registry.predecessors(original).map((l) => ({ unit: wrap(l.unit), type: l.link }));
    },
  };
}

/** The published snapshot of a month, if any (comparisons never use an unpublished revision). */
async function publishedSnapshot(ctx: AppContext, framework: Framework, period: Period): Promise<Snapshot | null> {
  const snapshot = await readSnapshot(ctx.store.db, framework.key, period);
  return snapshot && snapshot.status === 'published' ? snapshot : null;
}

/**
 * The previous month restated on the units of `snapshot`: per unit its figure and basis.
 * @example (await previousMonth(ctx, framework, july)).figures.get('03127')?.basis // 'predecessors'
 */
export async function previousMonth(ctx: AppContext, framework: Framework, snapshot: Pick<Snapshot, 'period' | 'rows'>): Promise<RestatedMonth & { readonly revision: number | null }> {
  const period = shiftPeriod(snapshot.period as Period, -1);
  const earlier = await publishedSnapshot(ctx, framework, period);
  return { ...restateMonth(framework, snapshot, earlier, period, registryLineage(ctx.registry)), revision: earlier?.revision ?? null };
}

/**
 * The published months of the year before `snapshot`'s, each restated on its units (months without
 * a published revision are left out), oldest first.
 * @example buildTrends(framework, await restatedYearToDate(ctx, framework, snapshot), period, snapshot)
 */
export async function restatedYearToDate(ctx: AppContext, framework: Framework, snapshot: Pick<Snapshot, 'period' | 'rows'>): Promise<RestatedMonth[]> {
  const period = snapshot.period as Period;
  const lineage = registryLineage(ctx.registry);
  const out: RestatedMonth[] = [];
  for (const month of yearToDate(period).slice(0, -1)) {
    const earlier = await publishedSnapshot(ctx, framework, month);
    if (earlier) out.push(restateMonth(framework, snapshot, earlier, month, lineage));
  }
  return out;
}
