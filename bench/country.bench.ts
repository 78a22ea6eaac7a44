// Benchmark: today's country from the unit registry — every commune valid in 2026 (34 provinces,
// 3,321 communes), each province ranked on its own, × 12 months (the scoring stage), and the
// continuity lookups of the 12 months across the reform (2025-07 … 2026-06, each restated on the
// previous month: the first one sums the former communes of the whole country).
import { performance } from 'node:perf_hooks';
import { parsePeriod, periodRange, shiftPeriod, type Period } from '../src/core/period.js';
import type { Unit } from '../src/core/unit-registry.js';
import { frameworkMetrics, getFramework } from '../src/frameworks/framework.js';
import { registryLineage } from '../src/reports/earlier-months.js';
import { restateMonth } from '../src/scoring/continuity.js';
import { scoreUnits, type MetricInput, type UnitScore } from '../src/scoring/score-framework.js';
import type { StoredUnitRow } from '../src/snapshots/snapshot-store.js';
import { loadUnitRegistry } from '../src/units/unit-registry.js';
import { generateCounts } from '../test/support/generated-month.js';

export interface CountryBenchResult {
  readonly provinces: number;
  readonly units: number;
  readonly months: number;
  readonly registryLoadMs: number;
  readonly scoringMs: number;
  readonly continuityMs: number;
  readonly restatedUnits: number;
  readonly bases: Readonly<Record<string, number>>;
}

const framework = getFramework('dien-bien-xa-2023');
const metrics = new Set(frameworkMetrics(framework));

function inputsOf(units: readonly Unit[], seed: number): MetricInput[] {
  const out: MetricInput[] = [];
  for (const [unitCode, values] of generateCounts(units.map((u) => u.code), seed)) {
    for (const [metric, value] of Object.entries(values)) if (metrics.has(metric)) out.push({ unitCode, metric, source: 'template', value });
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

const byProvince = (units: readonly Unit[]) => groupBy(units, (u) => u.provinceCode);

const toRow = (s: UnitScore): StoredUnitRow => ({ unitCode: s.code, unitName: s.name, rank: s.rank, total: s.total, converted: s.converted, classification: s.classification, indicators: s.indicators, missing: s.missing });

/** Scores every province of a month on its own; the rows of the whole country. */
function scoreCountry(units: readonly Unit[], values: readonly MetricInput[]): UnitScore[] {
  const valuesOf = groupBy(values, (v) => v.unitCode);
  const out: UnitScore[] = [];
  for (const provinceUnits of byProvince(units).values()) {
    out.push(...scoreUnits(framework, provinceUnits.map((u) => ({ code: u.code, name: u.displayName })), provinceUnits.flatMap((u) => valuesOf.get(u.code) ?? [])));
  }
  return out;
}

/**
 * Runs the benchmark (no database: the stage itself).
 * @example await runCountryBench({ log: console.error })
 */
export async function runCountryBench(options: { log?: (s: string) => void } = {}): Promise<CountryBenchResult> {
  const log = options.log ?? (() => {});
  const l0 = performance.now();
  const registry = loadUnitRegistry();
  const registryLoadMs = performance.now() - l0;
  const communesIn = (period: Period) => registry.validIn(period, { level: 'commune' });

  const months = periodRange(parsePeriod('2026-01'), parsePeriod('2026-12'));
  const units = communesIn(months[0]!);
  const provinces = byProvince(units).size;
  const values = months.map((_, i) => inputsOf(units, 2026_00 + i));
  scoreCountry(units, values[0]!); // warm-up
  const t0 = performance.now();
  for (const monthValues of values) scoreCountry(units, monthValues);
  const scoringMs = performance.now() - t0;
  log(`scoring: ${scoringMs.toFixed(0)} ms for ${units.length} communes of ${provinces} provinces × ${months.length} months`);

  // Scored months from June 2025 (the old communes) to June 2026, then restated pairwise.
  const reform = periodRange(parsePeriod('2025-06'), parsePeriod('2026-06'));
  const scored = new Map(reform.map((month, i) => [month, { period: month, rows: scoreCountry(communesIn(month), inputsOf(communesIn(month), 2025_00 + i)).map(toRow) }]));
  const lineage = registryLineage(registry);
  const bases: Record<string, number> = {};
  let restatedUnits = 0;
  const t1 = performance.now();
  for (const month of reform.slice(1)) {
    const earlier = shiftPeriod(month, -1);
    const restated = restateMonth(framework, scored.get(month)!, scored.get(earlier)!, earlier, lineage);
    restatedUnits += restated.figures.size;
    if (month === '2025-07') for (const f of restated.figures.values()) bases[f.basis] = (bases[f.basis] ?? 0) + 1;
  }
  const continuityMs = performance.now() - t1;
  log(`continuity: ${continuityMs.toFixed(0)} ms for ${restatedUnits} unit-months; July 2025: ${JSON.stringify(bases)}`);
  return { provinces, units: units.length, months: months.length, registryLoadMs, scoringMs, continuityMs, restatedUnits, bases };
}
