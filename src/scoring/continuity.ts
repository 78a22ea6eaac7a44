// Continuity across unit changes: an earlier month restated on the units of a later one, so every
// comparison sets a unit against ITSELF. A unit valid in both months keeps its row; a unit created
// later (the July 2025 reform) gets the sum of its predecessors' counts, scored by the same rules,
// only when every link is full and every predecessor has a row that month. Pure: no I/O.
import { periodBounds, type Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import type { StoredIndicator, StoredUnitRow } from '../snapshots/snapshot-store.js';
import { rankByTotal, scoreCounts, unitTotals } from './score-framework.js';

/** A unit as continuity sees it: a code is only meaningful with its validity (codes are reused). */
export interface LineageUnit {
  readonly code: string;
  readonly name: string;
  /** ISO dates; validFrom null = since before the registry's records, validTo null = still valid. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface LineageLink {
  readonly unit: LineageUnit;
  /** full: the whole predecessor went into the unit; partial: it was split between several units. */
  readonly type: 'full' | 'partial';
}

/** What continuity needs from the unit registry. */
export interface UnitLineage {
  /** The unit holding `code` in `period`, undefined when the registry has none. */
  unitIn(code: string, period: Period): LineageUnit | undefined;
  /** The unit's direct predecessors (empty when it was not formed from others). */
  predecessors(unit: LineageUnit): readonly LineageLink[];
}

export type ComparisonBasis = 'same' | 'predecessors' | 'incomplete' | 'none';

export interface UnitRef {
  readonly code: string;
  readonly name: string;
}

/** One unit's figure for an earlier month, and how it was obtained. */
export interface EarlierFigure {
  readonly period: Period;
  readonly basis: ComparisonBasis;
  /** The former units the figure is (or would be) the sum of; empty for basis same. */
  readonly predecessors: readonly UnitRef[];
  /** Former units without a row that month, or split between several new units. */
  readonly missing: readonly UnitRef[];
  /** Those of `missing` that were split (a partial link): their counts cannot be attributed. */
  readonly split: readonly UnitRef[];
  /** The restated row (the unit's code and current name; rank among the restated units); null unless same or predecessors. */
  readonly row: StoredUnitRow | null;
}

/** An earlier month seen with the later month's units. */
export interface RestatedMonth {
  readonly period: Period;
  /** Restated rows of the later month's units that have a figure, re-ranked among themselves. */
  readonly rows: readonly StoredUnitRow[];
  readonly figures: ReadonlyMap<string, EarlierFigure>;
}

type MonthRows = { readonly period: Period | string; readonly rows: readonly StoredUnitRow[] };

type Bounds = { readonly first: string; readonly last: string };

function validIn(unit: LineageUnit, { first, last }: Bounds): boolean {
  return (unit.validFrom === null || unit.validFrom <= last) && (unit.validTo === null || unit.validTo >= first);
}

interface Resolution {
  /** Units valid in the earlier month the figure adds up (full links only). */
  readonly parts: LineageUnit[];
  readonly split: LineageUnit[];
  /** Former units neither valid that month nor formed from others: nothing to add up. */
  readonly dead: LineageUnit[];
}

/** Walks full links back until each unit is valid in `earlier` (a reform before another is followed too). */
function resolve(lineage: UnitLineage, unit: LineageUnit, earlier: Bounds, seen: Set<LineageUnit>, out: Resolution): void {
  if (seen.has(unit)) return;
  seen.add(unit);
  if (validIn(unit, earlier)) {
    out.parts.push(unit);
    return;
  }
  const links = lineage.predecessors(unit);
  if (!links.length) out.dead.push(unit);
  for (const link of links) {
    if (link.type === 'partial') out.split.push(link.unit);
    else resolve(lineage, link.unit, earlier, seen, out);
  }
}

const ref = (u: LineageUnit): UnitRef => ({ code: u.code, name: u.name });
const byCode = (a: UnitRef, b: UnitRef) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * One row from several former units' rows: numerators and denominators (sums of metric values)
 * added per indicator, then scored by the framework's rules. An indicator unknown for any of them
 * stays unknown.
 * @example combineRows(framework, { code: '03127', name: 'Phường Điện Biên Phủ' }, sixRows).total
 */
export function combineRows(framework: Framework, unit: UnitRef, rows: readonly StoredUnitRow[]): StoredUnitRow {
  const indicators: Record<string, StoredIndicator> = {};
  for (const indicator of framework.indicators) {
    const parts = rows.map((r) => r.indicators[indicator.key]);
    const known = parts.every((p) => p && p.status !== 'missing' && p.numerator !== null && p.denominator !== null);
    const sources = new Set(parts.map((p) => p?.source ?? null));
    const source = sources.size === 1 ? [...sources][0]! : null;
    const sum = (part: 'numerator' | 'denominator') => (known ? parts.reduce((s, p) => s + p![part]!, 0) : null);
    const { numerator, denominator, ratio, points, status } = scoreCounts(indicator, sum('numerator'), sum('denominator'), source, []);
    indicators[indicator.key] = { numerator, denominator, ratio, points, source, status };
  }
  const totals = unitTotals(framework, indicators);
  return { unitCode: unit.code, unitName: unit.name, rank: 0, total: totals.total, converted: totals.converted, classification: totals.classification, indicators, missing: totals.missing };
}

/**
 * Restates `earlier` on the units of `later`: per unit of the later month its figure and basis;
 * restated rows re-ranked among themselves (total descending, code on ties — for an unchanged unit
 * set this is the rank the earlier month published).
 * @example restateMonth(framework, july, june, lineage).figures.get('03127')?.basis // 'predecessors'
 */
export function restateMonth(framework: Framework, later: MonthRows, earlier: MonthRows | null, earlierPeriod: Period, lineage: UnitLineage): RestatedMonth {
  const earlierRows = new Map((earlier?.rows ?? []).map((r) => [r.unitCode, r]));
  const bounds = periodBounds(earlierPeriod); // once: every unit is checked against the same month
  const figures = new Map<string, EarlierFigure>();
  const restated: StoredUnitRow[] = [];
  const none = (predecessors: UnitRef[] = []): EarlierFigure => ({ period: earlierPeriod, basis: 'none', predecessors, missing: [], split: [], row: null });
  for (const row of later.rows) {
    const self: UnitRef = { code: row.unitCode, name: row.unitName };
    const unit = lineage.unitIn(row.unitCode, later.period as Period);
    // A unit the registry does not know (a provincial department, say) can only be matched by code.
    if (!unit || validIn(unit, bounds)) {
      const old = earlierRows.get(row.unitCode);
      if (!old) {
        figures.set(row.unitCode, none());
        continue;
      }
      const same = { ...old, unitName: row.unitName };
      restated.push(same);
      figures.set(row.unitCode, { period: earlierPeriod, basis: 'same', predecessors: [], missing: [], split: [], row: same });
      continue;
    }
    if (!lineage.predecessors(unit).length) {
      figures.set(row.unitCode, none());
      continue;
    }
    const resolution: Resolution = { parts: [], split: [], dead: [] };
    resolve(lineage, unit, bounds, new Set(), resolution);
    const predecessors = [...resolution.parts, ...resolution.split, ...resolution.dead].map(ref).sort(byCode);
    if (!earlier) {
      figures.set(row.unitCode, none(predecessors));
      continue;
    }
    const absent = resolution.parts.filter((p) => !hasData(framework, earlierRows.get(p.code)));
    const missing = [...absent, ...resolution.split, ...resolution.dead].map(ref).sort(byCode);
    if (missing.length) {
      figures.set(row.unitCode, { period: earlierPeriod, basis: 'incomplete', predecessors, missing, split: resolution.split.map(ref).sort(byCode), row: null });
      continue;
    }
    const combined = combineRows(framework, self, resolution.parts.map((p) => earlierRows.get(p.code)!));
    restated.push(combined);
    figures.set(row.unitCode, { period: earlierPeriod, basis: 'predecessors', predecessors, missing: [], split: [], row: combined });
  }
  const ranked = rankByTotal(restated.map((r) => ({ ...r, code: r.unitCode }))).map(({ code: _code, ...r }, i) => ({ ...r, rank: i + 1 }));
  const rankOf = new Map(ranked.map((r) => [r.unitCode, r]));
  for (const [code, figure] of figures) if (figure.row) figures.set(code, { ...figure, row: rankOf.get(code)! });
  return { period: earlierPeriod, rows: ranked, figures };
}

/** A former unit "has data" that month when it has a row with at least one known indicator. */
function hasData(framework: Framework, row: StoredUnitRow | undefined): boolean {
  return row !== undefined && row.missing.length < framework.indicators.length;
}
