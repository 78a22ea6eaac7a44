// Scoring: from canonical metric values per unit to points, totals, the converted score,
// classification and rank, following a framework file. Pure: no I/O.
import { roundHalfAway } from '../core/rounding.js';
import type { Band, Framework, Indicator } from '../frameworks/framework.js';
import type { SourceKind } from '../core/source.js';

/** One canonical metric value as scoring sees it (provenance travels with it). */
export interface MetricInput {
  readonly unitCode: string;
  readonly metric: string;
  readonly source: SourceKind;
  readonly value: number | null;
  readonly captureId?: number | null;
}

export interface ScoringUnit {
  readonly code: string;
  readonly name: string;
}

export interface IndicatorScore {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly ratio: number | null;
  /** Full precision; null when unknown (missing input, or an empty denominator scored as null). */
  readonly points: number | null;
  /** Which source supplied the inputs; null when none had them all. */
  readonly source: SourceKind | null;
  readonly status: 'measured' | 'empty' | 'missing';
  /** The metric values used, for provenance. */
  readonly inputs: readonly MetricInput[];
}

export interface UnitScore {
  readonly code: string;
  readonly name: string;
  readonly rank: number;
  readonly indicators: Readonly<Record<string, IndicatorScore>>;
  /** Sum of points at full precision (missing indicators count as 0 and are listed in `missing`). */
  readonly total: number;
  readonly converted: number;
  readonly classification: string;
  readonly classificationShort: string;
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
}

const TIE_TOLERANCE = 1e-9;

/**
 * Points for one ratio under an indicator's rule; the ratio is capped at 100 %.
 * @example pointsForRatio({ max: 10, rule: { type: 'target', target: 0.5 } }, 0.49) // 9.8
 */
export function pointsForRatio(indicator: Pick<Indicator, 'max' | 'rule'>, ratio: number): number {
  const capped = Math.min(1, Math.max(0, ratio));
  if (indicator.rule.type === 'linear') return indicator.max * capped;
  return indicator.max * Math.min(1, capped / indicator.rule.target);
}

const neededCache = new WeakMap<Indicator, readonly string[]>();
function neededMetrics(indicator: Indicator): readonly string[] {
  let needed = neededCache.get(indicator);
  if (!needed) neededCache.set(indicator, (needed = [...new Set([...indicator.numerator, ...indicator.denominator])]));
  return needed;
}

function hasAll(values: ReadonlyMap<string, MetricInput>, keys: readonly string[]): boolean {
  for (const key of keys) if (!values.has(key)) return false;
  return true;
}

/** Sum of the values of `keys`; null when any of them is unknown. */
function sumValues(values: ReadonlyMap<string, MetricInput>, keys: readonly string[]): number | null {
  let total = 0;
  for (const key of keys) {
    const value = values.get(key)!.value;
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** A unit's values indexed by source then metric (built once per unit, read by every indicator). */
export type UnitValues = ReadonlyMap<SourceKind, ReadonlyMap<string, MetricInput>>;

/** Indexes one unit's metric values by source and metric. */
export function indexUnitValues(values: readonly MetricInput[]): UnitValues {
  const bySource = new Map<SourceKind, Map<string, MetricInput>>();
  for (const value of values) {
    let metrics = bySource.get(value.source);
    if (!metrics) bySource.set(value.source, (metrics = new Map()));
    metrics.set(value.metric, value);
  }
  return bySource;
}

/**
 * Scores one indicator for one unit from that unit's metric values (all sources).
 * The first source in the indicator's precedence list that has every metric it needs wins, so a
 * numerator and its denominator always come from the same source.
 * @example scoreIndicator(framework.indicators[0], indexUnitValues(values)).points // 30
 */
export function scoreIndicator(indicator: Indicator, values: UnitValues | readonly MetricInput[]): IndicatorScore {
  const indexed = Array.isArray(values) ? indexUnitValues(values as readonly MetricInput[]) : (values as UnitValues);
  for (const source of indicator.sources) {
    const fromSource = indexed.get(source);
    if (!fromSource) continue;
    if (!hasAll(fromSource, indicator.numerator) || !hasAll(fromSource, indicator.denominator)) continue;
    const inputs = neededMetrics(indicator).map((m) => fromSource.get(m)!);
    return scoreCounts(indicator, sumValues(fromSource, indicator.numerator), sumValues(fromSource, indicator.denominator), source, inputs);
  }
  return { numerator: null, denominator: null, ratio: null, points: null, source: null, status: 'missing', inputs: [] };
}

/**
 * Scores one indicator from its numerator and denominator counts (the rule, the empty-denominator
 * setting, the 100 % cap). Summed counts of several units go through here too, so a merged unit is
 * scored by exactly the same rules.
 * @example scoreCounts(framework.indicators[0], 12, 0, 'template', []).status // 'empty'
 */
export function scoreCounts(
  indicator: Indicator,
  numerator: number | null,
  denominator: number | null,
  source: SourceKind | null,
  inputs: readonly MetricInput[],
): IndicatorScore {
  if (numerator === null || denominator === null) {
    return { numerator, denominator, ratio: null, points: null, source, status: 'missing', inputs };
  }
  if (denominator === 0) {
    const points = indicator.empty === 'max' ? indicator.max : indicator.empty === 'zero' ? 0 : null;
    return { numerator, denominator, ratio: null, points, source, status: 'empty', inputs };
  }
  const ratio = numerator / denominator;
  return { numerator, denominator, ratio, points: pointsForRatio(indicator, ratio), source, status: 'measured', inputs };
}

/**
 * The band for a converted score, judged on the score as displayed so a table never prints a
 * value next to the class below it.
 * @example classify(framework, 7.995) // band 'Tốt' (7.995 is shown as 8.00)
 */
export function classify(framework: Framework, converted: number): Band {
  const shown = roundHalfAway(converted, framework.rounding.converted);
  return framework.bands.find((band) => shown >= band.min) ?? framework.bands[framework.bands.length - 1]!;
}

/**
 * Scores every unit of a period under a framework, ranked by total at full precision (descending),
 * equal totals ordered by unit code.
 * @example scoreUnits(framework, units, metricValues)[0].rank // 1
 */
export function scoreUnits(framework: Framework, units: readonly ScoringUnit[], values: readonly MetricInput[]): UnitScore[] {
  const byUnit = new Map<string, MetricInput[]>();
  for (const value of values) {
    let list = byUnit.get(value.unitCode);
    if (!list) byUnit.set(value.unitCode, (list = []));
    list.push(value);
  }
  const unranked = units.map((unit) => {
    const unitValues = indexUnitValues(byUnit.get(unit.code) ?? []);
    const indicators: Record<string, IndicatorScore> = {};
    const warnings: string[] = [];
    for (const indicator of framework.indicators) {
      const score = scoreIndicator(indicator, unitValues);
      indicators[indicator.key] = score;
      if (score.ratio !== null && score.ratio > 1) {
        warnings.push(`${indicator.key}: tử số ${score.numerator} lớn hơn mẫu số ${score.denominator}; tỷ lệ được tính tối đa 100%`);
      }
    }
    return { code: unit.code, name: unit.name, indicators, ...unitTotals(framework, indicators), warnings };
  });
  return rankByTotal(unranked).map((row, index) => ({ ...row, rank: index + 1 }));
}

/**
 * A unit's total (missing indicators count as 0 and are listed), converted score and class from its
 * indicators' points.
 * @example unitTotals(framework, indicators).converted // 8.94
 */
export function unitTotals(
  framework: Framework,
  indicators: Readonly<Record<string, Pick<IndicatorScore, 'points' | 'status'> | undefined>>,
): { total: number; converted: number; classification: string; classificationShort: string; missing: string[] } {
  let total = 0;
  const missing: string[] = [];
  for (const indicator of framework.indicators) {
    const score = indicators[indicator.key];
    if (!score || score.status === 'missing') missing.push(indicator.key);
    total += score?.points ?? 0;
  }
  const converted = (total / framework.maxTotal) * framework.conversion.scale;
  const band = classify(framework, converted);
  return { total, converted, classification: band.label, classificationShort: band.short, missing };
}

/**
 * Orders rows for ranking: total at full precision descending, equal totals by unit code (a copy).
 * @example rankByTotal(rows).map((r, i) => ({ ...r, rank: i + 1 }))
 */
export function rankByTotal<T extends { readonly code: string; readonly total: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (Math.abs(a.total - b.total) > TIE_TOLERANCE ? b.total - a.total : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
