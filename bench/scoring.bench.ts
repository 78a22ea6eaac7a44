// Benchmark: score the whole country for a year (3,838 units × 12 months) under the commune
// framework, (a) from metric values in memory and (b) from metric values stored in Postgres.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { parsePeriod, periodRange, type Period } from '../src/core/period.js';
import { frameworkMetrics, getFramework } from '../src/frameworks/framework.js';
import { scoreUnits, type MetricInput } from '../src/scoring/score-framework.js';
import { archiveCapture } from '../src/store/capture-archive.js';
import { migrateToLatest, openStore } from '../src/store/database.js';
import { createBenchDatabase } from './bench-database.js';
import { currentMetricValues, storeParseResults } from '../src/store/metric-store.js';

export interface ScoringBenchResult {
  readonly units: number;
  readonly months: number;
  readonly inMemoryMs: number;
  readonly fromPostgresMs: number | null;
  readonly loadMs: number | null;
}

function syntheticValues(units: readonly string[], metrics: readonly string[], seed: number): MetricInput[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: MetricInput[] = [];
  for (const unitCode of units) {
    const base = 20 + Math.floor(random() * 400);
    for (const metric of metrics) {
      const value = metric.endsWith('_base') || metric === 'fee_dossiers' || metric === 'received_offline' ? base : Math.floor(random() * base);
      out.push({ unitCode, metric, source: 'template', value });
    }
  }
  return out;
}

/**
 * Runs the scoring benchmark; with a database URL also measures loading stored values.
 * @example await runScoringBench({ databaseUrl: 'postgres://postgres@127.0.0.1/test' })
 */
export async function runScoringBench(options: { databaseUrl?: string; units?: number; log?: (s: string) => void } = {}): Promise<ScoringBenchResult> {
  const log = options.log ?? (() => {});
  const framework = getFramework('dien-bien-xa-2023');
  const metrics = frameworkMetrics(framework);
  const unitCount = options.units ?? 3838;
  const units = Array.from({ length: unitCount }, (_, i) => ({ code: String(10000 + i), name: `Đơn vị ${i + 1}` }));
  const months = periodRange(parsePeriod('2024-01'), parsePeriod('2024-12'));
  const valuesByMonth = new Map<Period, MetricInput[]>(months.map((m, i) => [m, syntheticValues(units.map((u) => u.code), metrics, i + 1)]));

  scoreUnits(framework, units, valuesByMonth.get(months[0]!)!); // warm-up
  const t0 = performance.now();
  for (const month of months) scoreUnits(framework, units, valuesByMonth.get(month)!);
  const inMemoryMs = performance.now() - t0;
  log(`in memory: ${inMemoryMs.toFixed(0)} ms for ${unitCount} units × ${months.length} months`);

  if (!options.databaseUrl) return { units: unitCount, months: months.length, inMemoryMs, fromPostgresMs: null, loadMs: null };

  const database = await createBenchDatabase(options.databaseUrl, 'dvc_bench_scoring');
  const store = await openStore({ databaseUrl: database.url, dataDir: '' });
  try {
    const db = store.db;
    await migrateToLatest(db);
    log('storing metric values through the import path (one capture per month)…');
    for (const month of months) {
      const { capture } = await archiveCapture(
        db,
        { source: 'template', period: month, scope: null, fileName: `bench-${month}`, mediaType: 'text/plain', content: { kind: 'bytes', bytes: new TextEncoder().encode(month) }, metadata: {} },
        { dataDir: '', inlineMaxBytes: 1024 },
      );
      const rows = valuesByMonth.get(month)!.map((r) => ({ period: month, unitCode: r.unitCode, metric: r.metric, value: r.value, location: {} }));
      await storeParseResults(db, { id: capture.id, source: 'template', period: month }, rows, []);
    }
    await sql`analyze`.execute(db);
    const t1 = performance.now();
    let loadMs = 0;
    for (const month of months) {
      const l0 = performance.now();
      const values = await currentMetricValues(db, month, { metrics });
      loadMs += performance.now() - l0;
      scoreUnits(framework, units, values);
    }
    const fromPostgresMs = performance.now() - t1;
    log(`from Postgres: ${fromPostgresMs.toFixed(0)} ms (of which loading ${loadMs.toFixed(0)} ms)`);
    return { units: unitCount, months: months.length, inMemoryMs, fromPostgresMs, loadMs };
  } finally {
    await store.close();
    await database.drop();
  }
}
