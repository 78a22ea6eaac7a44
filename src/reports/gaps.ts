// What it takes to move up: for a unit below the top class, the smallest changes in actual counts
// that reach the next class, found by changing metric values and re-scoring the whole unit with the
// framework's own rules (scoreIndicator, classify on the displayed converted score). Pure.
//
// Per indicator, one lever (see docs/decisions/0006-report-narrative.md):
// - 'numerator': add k to the first numerator metric, the denominator fixed (k ≤ denominator − numerator);
// - 'shift': the numerator metric is also in the denominator (dvtt_1: online dossiers are in both):
//   k dossiers move from a denominator-only metric to it (online instead of in person), so the
//   denominator and every other indicator reading both metrics stay as they are (k ≤ that metric);
// - 'new': the denominator is empty and scores 0: k new dossiers counted in both (k = 1 reaches 100 %).
// The cheapest combination adds one dossier at a time to the lever that gains most points; each
// lever's points are concave in k (linear up to the ratio or target cap, then flat), so this greedy
// allocation is optimal for every total and the first total that reaches the class is the minimum.
import type { Band, Framework, Indicator } from '../frameworks/framework.js';
import { classify, indexUnitValues, scoreIndicator, type IndicatorScore, type MetricInput, type UnitValues } from '../scoring/score-framework.js';
import type { SourceKind } from '../core/source.js';

export type LeverKind = 'numerator' | 'shift' | 'new';

export interface GapLever {
  readonly indicator: string;
  readonly kind: LeverKind;
  readonly source: SourceKind;
  /** The metric that grows by k. */
  readonly metric: string;
  /** 'shift': the metric that gives up k; 'new': the denominator metric that also grows by k. */
  readonly partner: string | null;
  /** The largest meaningful k. */
  readonly limit: number;
}

export interface GapChange {
  readonly metric: string;
  readonly source: SourceKind;
  /** Added to the metric's value (negative for the metric a shift takes from). */
  readonly add: number;
}

export interface IndicatorGap {
  readonly indicator: string;
  readonly lever: GapLever | null;
  /** Smallest k reaching the target class with this indicator alone; null: "không thể". */
  readonly extra: number | null;
  readonly changes: readonly GapChange[];
  readonly pointsBefore: number | null;
  /** Points of this indicator after the change (or at the lever's limit when impossible). */
  readonly pointsAfter: number | null;
}

export interface CombinedGap {
  /** Total extra dossiers over all indicators. */
  readonly extra: number;
  readonly parts: readonly { readonly indicator: string; readonly extra: number }[];
  readonly changes: readonly GapChange[];
  readonly converted: number;
}

export interface UnitGap {
  readonly code: string;
  readonly name: string;
  readonly total: number;
  readonly converted: number;
  readonly classification: string;
  /** The next band up; null when the unit is already in the top class. */
  readonly target: Band | null;
  /** One entry per indicator below max with known data: reachable ones by extra ascending, then "không thể". */
  readonly options: readonly IndicatorGap[];
  /** Fewest extra dossiers over any combination; null when even every lever at its limit is not enough. */
  readonly cheapest: CombinedGap | null;
  /** Indicators without data (not considered). */
  readonly missing: readonly string[];
}

const EPSILON = 1e-12;

function bandIndex(framework: Framework, total: number): number {
  const band = classify(framework, (total / framework.maxTotal) * framework.conversion.scale);
  return framework.bands.indexOf(band);
}

function valueOf(values: UnitValues, source: SourceKind, metric: string): number {
  return values.get(source)?.get(metric)?.value ?? 0;
}

/**
 * The lever of one indicator for one unit, or null when it cannot improve (unknown data, already at
 * max, or nothing to move).
 * @example gapLever(framework.indicators[1], score, values) // { kind: 'shift', metric: 'received_online', partner: 'received_offline', … }
 */
export function gapLever(indicator: Indicator, score: IndicatorScore, values: UnitValues): GapLever | null {
  if (score.source === null || score.points === null || score.status === 'missing') return null;
  if (score.points >= indicator.max - EPSILON) return null;
  const source = score.source;
  const first = indicator.numerator[0]!;
  const denominatorOnly = indicator.denominator.find((m) => !indicator.numerator.includes(m)) ?? null;
  if (score.status === 'empty') {
    if (indicator.empty !== 'zero') return null;
    const partner = indicator.denominator.includes(first) ? null : denominatorOnly;
    if (!indicator.denominator.includes(first) && partner === null) return null;
    return { indicator: indicator.key, kind: 'new', source, metric: first, partner, limit: 1 };
  }
  const shared = indicator.numerator.find((m) => indicator.denominator.includes(m));
  if (shared !== undefined) {
    if (denominatorOnly === null) return null;
    const limit = Math.floor(valueOf(values, source, denominatorOnly));
    return limit > 0 ? { indicator: indicator.key, kind: 'shift', source, metric: shared, partner: denominatorOnly, limit } : null;
  }
  const limit = Math.floor((score.denominator ?? 0) - (score.numerator ?? 0));
  return limit > 0 ? { indicator: indicator.key, kind: 'numerator', source, metric: first, partner: null, limit } : null;
}

/** The metric changes of `k` steps of a lever. */
export function leverChanges(lever: GapLever, k: number): GapChange[] {
  const changes: GapChange[] = [{ metric: lever.metric, source: lever.source, add: k }];
  if (lever.partner !== null) changes.push({ metric: lever.partner, source: lever.source, add: lever.kind === 'shift' ? -k : k });
  return changes;
}

/**
 * Applies metric changes to a unit's values (a metric absent from its source is created).
 * @example applyChanges(values, [{ metric: 'paid_online', source: 'template', add: 3 }])
 */
export function applyChanges(values: UnitValues, changes: readonly GapChange[]): UnitValues {
  const out = new Map(values);
  for (const change of changes) {
    const metrics = new Map(out.get(change.source) ?? []);
    const before = metrics.get(change.metric);
    const unitCode = before?.unitCode ?? [...metrics.values()][0]?.unitCode ?? '';
    metrics.set(change.metric, { unitCode, metric: change.metric, source: change.source, value: (before?.value ?? 0) + change.add, captureId: null });
    out.set(change.source, metrics);
  }
  return out;
}

/** Merges changes of the same metric (the combination's list). */
function mergeChanges(changes: readonly GapChange[]): GapChange[] {
  const merged = new Map<string, GapChange>();
  for (const c of changes) {
    const key = `${c.source}|${c.metric}`;
    const before = merged.get(key);
    merged.set(key, { ...c, add: (before?.add ?? 0) + c.add });
  }
  return [...merged.values()].filter((c) => c.add !== 0);
}

function unitPoints(framework: Framework, values: UnitValues): IndicatorScore[] {
  return framework.indicators.map((indicator) => scoreIndicator(indicator, values));
}

/** Total as scoreUnits adds it: framework order, unknown as 0. */
function totalOf(scores: readonly IndicatorScore[]): number {
  let total = 0;
  for (const s of scores) total += s.points ?? 0;
  return total;
}

/**
 * The gap to the next class of one unit, from its metric values (all sources).
 * @example unitGap(framework, { code: '03130', name: 'UBND phường Thanh Bình' }, values).cheapest?.extra
 */
export function unitGap(framework: Framework, unit: { code: string; name: string }, values: readonly MetricInput[]): UnitGap {
  const indexed = indexUnitValues(values);
  const scores = unitPoints(framework, indexed);
  const total = totalOf(scores);
  const converted = (total / framework.maxTotal) * framework.conversion.scale;
  const current = bandIndex(framework, total);
  const missing = framework.indicators.filter((_, i) => scores[i]!.status === 'missing').map((ind) => ind.key);
  const base = { code: unit.code, name: unit.name, total, converted, classification: framework.bands[current]!.label, missing };
  if (current === 0) return { ...base, target: null, options: [], cheapest: null };
  const targetIndex = current - 1;
  const reaches = (v: UnitValues) => bandIndex(framework, totalOf(unitPoints(framework, v))) <= targetIndex;

  const levers: GapLever[] = [];
  const options: IndicatorGap[] = [];
  framework.indicators.forEach((indicator, i) => {
    const score = scores[i]!;
    if (score.status === 'missing' || score.points === null || score.points >= indicator.max - EPSILON) return;
    const lever = gapLever(indicator, score, indexed);
    if (!lever) {
      options.push({ indicator: indicator.key, lever: null, extra: null, changes: [], pointsBefore: score.points, pointsAfter: score.points });
      return;
    }
    levers.push(lever);
    const at = (k: number) => applyChanges(indexed, leverChanges(lever, k));
    const pointsAt = (k: number) => scoreIndicator(indicator, at(k)).points;
    if (!reaches(at(lever.limit))) {
      options.push({ indicator: indicator.key, lever, extra: null, changes: [], pointsBefore: score.points, pointsAfter: pointsAt(lever.limit) });
      return;
    }
    // Points never fall as k grows, so the smallest k is found by bisection.
    let low = 0; // does not reach (the unit is below the target now)
    let high = lever.limit; // reaches
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (reaches(at(mid))) high = mid;
      else low = mid;
    }
    options.push({ indicator: indicator.key, lever, extra: high, changes: leverChanges(lever, high), pointsBefore: score.points, pointsAfter: pointsAt(high) });
  });
  options.sort((a, b) => (a.extra ?? Infinity) - (b.extra ?? Infinity) || framework.indicators.findIndex((i) => i.key === a.indicator) - framework.indicators.findIndex((i) => i.key === b.indicator));

  return { ...base, target: framework.bands[targetIndex]!, options, cheapest: cheapestCombination(framework, indexed, levers, targetIndex) };
}

function cheapestCombination(framework: Framework, values: UnitValues, levers: readonly GapLever[], targetIndex: number): CombinedGap | null {
  const indicatorIndex = new Map(framework.indicators.map((ind, i) => [ind.key, i]));
  // Which indicators each lever's metrics feed (only those need re-scoring after a step).
  const affected = levers.map((lever) =>
    framework.indicators
      .map((ind, i) => ({ ind, i }))
      .filter(({ ind }) => [lever.metric, lever.partner].some((m) => m !== null && (ind.numerator.includes(m) || ind.denominator.includes(m))))
      .map(({ i }) => i),
  );
  let state = values;
  let points = unitPoints(framework, state).map((s) => s.points ?? 0);
  const taken = levers.map(() => 0);
  let steps = 0;
  while (bandIndex(framework, points.reduce((s, p) => s + p, 0)) > targetIndex) {
    let best = -1;
    let bestGain = EPSILON;
    let bestPoints: number[] | null = null;
    let bestState: UnitValues | null = null;
    levers.forEach((lever, l) => {
      if (taken[l]! >= lever.limit) return;
      const next = applyChanges(state, leverChanges(lever, 1));
      const nextPoints = [...points];
      for (const i of affected[l]!) nextPoints[i] = scoreIndicator(framework.indicators[i]!, next).points ?? 0;
      const gain = nextPoints.reduce((s, p) => s + p, 0) - points.reduce((s, p) => s + p, 0);
      if (gain > bestGain) [best, bestGain, bestPoints, bestState] = [l, gain, nextPoints, next];
    });
    if (best < 0 || !bestPoints || !bestState) return null;
    state = bestState;
    points = bestPoints;
    taken[best]!++;
    steps++;
  }
  const parts = levers
    .map((lever, l) => ({ indicator: lever.indicator, extra: taken[l]! }))
    .filter((p) => p.extra > 0)
    .sort((a, b) => indicatorIndex.get(a.indicator)! - indicatorIndex.get(b.indicator)!);
  const total = points.reduce((s, p) => s + p, 0);
  return {
    extra: steps,
    parts,
    changes: mergeChanges(levers.flatMap((lever, l) => (taken[l]! > 0 ? leverChanges(lever, taken[l]!) : []))),
    converted: (total / framework.maxTotal) * framework.conversion.scale,
  };
}

/**
 * Gaps of every unit (or one), from a snapshot's metric values.
 * @example computeGaps(framework, snapshot.rows.map((r) => ({ code: r.unitCode, name: r.unitName })), inputs)
 */
export function computeGaps(framework: Framework, units: readonly { code: string; name: string }[], values: readonly MetricInput[]): UnitGap[] {
  const byUnit = new Map<string, MetricInput[]>();
  for (const v of values) {
    let list = byUnit.get(v.unitCode);
    if (!list) byUnit.set(v.unitCode, (list = []));
    list.push(v);
  }
  return units.map((u) => unitGap(framework, u, byUnit.get(u.code) ?? []));
}
