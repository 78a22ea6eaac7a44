// Benchmark: server time of the dashboard with 34 provinces × 24 months of snapshots (one commune
// framework per province, ~98 communes each, two revisions in some months, ten runs per month with
// capture and score stages). Seeds a fresh Postgres database, starts the dashboard in this process
// and reads each answer's Server-Timing header (time spent in the server, not on the wire).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { AppContext } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { inlineRunLauncher } from '../src/dashboard/run-launcher.js';
import { startDashboard } from '../src/dashboard/server.js';
import { parsePeriod, periodRange, type Period } from '../src/core/period.js';
import { getFramework, type Framework } from '../src/frameworks/framework.js';
import { createLogger } from '../src/logger.js';
import { migrateToLatest, openStore, type Db } from '../src/store/database.js';
import { loadUnitRegistry } from '../src/units/unit-registry.js';
import { createBenchDatabase } from './bench-database.js';
import { seededRandom } from '../test/support/seeded-random.js';

export interface DashboardBenchOptions {
  readonly databaseUrl: string;
  readonly provinces?: number;
  readonly months?: number;
  readonly unitsPerProvince?: number;
  readonly runsPerMonth?: number;
  readonly requests?: number;
  readonly log?: (line: string) => void;
}

export interface DashboardBenchCase {
  readonly name: string;
  readonly path: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly bytes: number;
}

export interface DashboardBenchReport {
  readonly snapshots: number;
  readonly rows: number;
  readonly runs: number;
  readonly seedMs: number;
  readonly cases: readonly DashboardBenchCase[];
  readonly markdown: string;
}

const ADMIN = 'bench-admin-token-0123456789';


/** One framework per province: the Điện Biên commune framework with its own key and scope. */
function provinceFrameworks(count: number): Framework[] {
  const base = getFramework('dien-bien-xa-2023');
  return Array.from({ length: count }, (_, i) => {
    const code = String(i + 1).padStart(2, '0');
    return { ...base, key: `bench-xa-${code}`, title: `Bộ chỉ số cấp xã tỉnh ${code}`, scope: { provinceCode: code } };
  });
}

async function seed(db: Db, frameworks: readonly Framework[], periods: readonly Period[], units: number, runsPerMonth: number): Promise<{ snapshots: number; rows: number; runs: number }> {
  const next = seededRandom(7);
  let snapshots = 0;
  let rows = 0;
  let runs = 0;
  for (const [f, framework] of frameworks.entries()) {
    const snapshotValues: { framework: string; framework_hash: string; period: string; revision: number; inputs_hash: string; complete: boolean; trigger: string; unit_count: number; changes: string }[] = [];
    for (const [p, period] of periods.entries()) {
      const revisions = (f + p) % 5 === 0 ? 2 : 1;
      for (let revision = 1; revision <= revisions; revision++) {
        snapshotValues.push({ framework: framework.key, framework_hash: framework.hash, period, revision, inputs_hash: `${framework.key}-${period}-${revision}`, complete: true, trigger: 'nightly', unit_count: units, changes: '[]' });
      }
    }
    const inserted = await db.insertInto('snapshots').values(snapshotValues).returning(['id', 'period', 'revision']).execute();
    snapshots += inserted.length;
    const latest = new Map<string, number>();
    for (const s of inserted) if ((latest.get(s.period) ?? 0) < s.revision) latest.set(s.period, s.revision);
    const rowValues = inserted.flatMap((s) => {
      const scored = Array.from({ length: units }, (_, u) => {
        const indicators: Record<string, unknown> = {};
        let total = 0;
        for (const indicator of framework.indicators) {
          const denominator = 20 + Math.floor(next() * 300);
          const numerator = Math.floor(next() * denominator);
          const points = Math.round((numerator / denominator) * indicator.max * 100) / 100;
          total += points;
          indicators[indicator.key] = { numerator, denominator, ratio: numerator / denominator, points, source: 'portal', status: 'measured' };
        }
        const converted = (total / framework.maxTotal) * framework.conversion.scale;
        const band = framework.bands.find((b) => converted >= b.min) ?? framework.bands.at(-1)!;
        return { unit_code: `${framework.scope!.provinceCode}${String(u + 1).padStart(3, '0')}`, unit_name: `UBND xã Số ${u + 1}`, total, converted, classification: band.label, indicators };
      });
      scored.sort((a, b) => b.total - a.total);
      return scored.map((r, i) => ({ snapshot_id: s.id, ...r, rank: i + 1, indicators: JSON.stringify(r.indicators), missing: '[]' }));
    });
    for (let i = 0; i < rowValues.length; i += 2000) await db.insertInto('snapshot_rows').values(rowValues.slice(i, i + 2000)).execute();
    rows += rowValues.length;
    await db
      .insertInto('published_snapshots')
      .values(inserted.filter((s) => latest.get(s.period) === s.revision).map((s) => ({ framework: framework.key, period: s.period, snapshot_id: s.id })))
      .execute();

    const code = framework.scope!.provinceCode!;
    const runValues = periods.flatMap((period, p) =>
      Array.from({ length: runsPerMonth }, (_, r) => {
        const at = new Date(Date.UTC(2024, 0, 1) + (p * 31 + r) * 86_400_000);
        const failed = (f + p + r) % 7 === 0;
        const stage = (name: string, status: string, ms: number, detail: Record<string, unknown> = {}) => ({ name, status, startedAt: at.toISOString(), finishedAt: new Date(at.getTime() + ms).toISOString(), ms, detail });
        const stages = [
          stage(`capture:portal:${code}`, failed ? 'failed' : 'succeeded', 4000, { status: 'delivered', captures: 7, metrics: 800 }),
          stage(`capture:one-door:${code}`, 'succeeded', 900, { status: 'delivered', captures: 1, metrics: 300 }),
          stage('score', 'succeeded', 120),
        ];
        return {
          trigger: 'nightly',
          framework: framework.key,
          period,
          status: failed ? ('failed' as const) : ('succeeded' as const),
          sources: JSON.stringify([`capture:portal:${code}`, `capture:one-door:${code}`]),
          stages: JSON.stringify(stages),
          created_at: at,
          started_at: at,
          finished_at: new Date(at.getTime() + 5100),
          error: failed ? 'Cổng DVCQG: HTTP 500' : null,
        };
      }),
    );
    for (let i = 0; i < runValues.length; i += 500) await db.insertInto('runs').values(runValues.slice(i, i + 500)).execute();
    runs += runValues.length;
  }
  await sql`analyze`.execute(db);
  return { snapshots, rows, runs };
}

function stats(name: string, path: string, samples: readonly number[], bytes: number): DashboardBenchCase {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { name, path, medianMs: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1)!, bytes };
}

/**
 * Seeds the database, serves the dashboard in-process and times each page's server time.
 * @example const { markdown } = await runDashboardBench({ databaseUrl: 'postgres://postgres@127.0.0.1/test' })
 */
export async function runDashboardBench(options: DashboardBenchOptions): Promise<DashboardBenchReport> {
  const log = options.log ?? (() => {});
  const provinces = options.provinces ?? 34;
  const monthCount = options.months ?? 24;
  const units = options.unitsPerProvince ?? 98;
  const runsPerMonth = options.runsPerMonth ?? 10;
  const requests = options.requests ?? 30;
  const periods = periodRangeOf(monthCount);
  const frameworks = provinceFrameworks(provinces);
  const database = await createBenchDatabase(options.databaseUrl, 'dvc_bench_dashboard');
  const store = await openStore({ databaseUrl: database.url, dataDir: '' });
  try {
    await migrateToLatest(store.db);
    log(`seeding ${provinces} × ${monthCount} months × ${units} communes…`);
    const t0 = performance.now();
    const seeded = await seed(store.db, frameworks, periods, units, runsPerMonth);
    const seedMs = performance.now() - t0;
    log(`seeded ${seeded.snapshots} snapshots, ${seeded.rows} rows, ${seeded.runs} runs in ${(seedMs / 1000).toFixed(1)} s`);
    const ctx: AppContext = {
      config: loadConfig({ DATABASE_URL: database.url }),
      store,
      registry: loadUnitRegistry(),
      frameworks: new Map(frameworks.map((f) => [f.key, f])),
      logger: createLogger('warn'),
      close: async () => {},
    };
    const dashboard = await startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues: null, host: '127.0.0.1', port: 0, tokens: { admin: ADMIN } });
    try {
      const middle = frameworks[Math.floor(provinces / 2)]!.key;
      const month = periods[periods.length - 2]!;
      const targets = [
        { name: '`/api/months` (34 × 24 matrix, JSON)', path: '/api/months' },
        { name: '`/thang` (the same matrix as HTML)', path: '/thang' },
        { name: 'one province snapshot page (`/snapshots/…`, HTML with month-over-month and revisions)', path: `/snapshots/${middle}/${month}` },
        { name: 'one province snapshot (`/api/snapshots/…`, JSON)', path: `/api/snapshots/${middle}/${month}` },
      ];
      const cases: DashboardBenchCase[] = [];
      for (const target of targets) {
        const samples: number[] = [];
        let bytes = 0;
        for (let i = 0; i < requests + 3; i++) {
          const response = await fetch(`${dashboard.url}${target.path}`, { headers: { Authorization: `Bearer ${ADMIN}` } });
          if (response.status !== 200) throw new Error(`${target.path}: HTTP ${response.status}`);
          bytes = (await response.arrayBuffer()).byteLength;
          const timing = /app;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
          if (!timing) throw new Error(`${target.path}: no Server-Timing header`);
          if (i >= 3) samples.push(Number(timing[1]));
        }
        cases.push(stats(target.name, target.path, samples, bytes));
        log(`${target.path}: median ${cases.at(-1)!.medianMs.toFixed(1)} ms`);
      }
      const markdown = [
        `${provinces} provinces × ${monthCount} months: ${seeded.snapshots} snapshot revisions, ${seeded.rows.toLocaleString('en')} unit rows, ${seeded.runs.toLocaleString('en')} runs; ${requests} requests per page after 3 warm-ups, server time from the \`Server-Timing\` header.`,
        '',
        '| page | median | p95 | max | size |',
        '|---|---:|---:|---:|---:|',
        ...cases.map((c) => `| ${c.name} | ${c.medianMs.toFixed(1)} ms | ${c.p95Ms.toFixed(1)} ms | ${c.maxMs.toFixed(1)} ms | ${(c.bytes / 1024).toFixed(0)} KB |`),
      ].join('\n');
      return { ...seeded, seedMs, cases, markdown };
    } finally {
      await dashboard.close();
    }
  } finally {
    await store.close();
    await database.drop();
  }
}

function periodRangeOf(count: number): Period[] {
  const from = parsePeriod('2024-01');
  const all = periodRange(from, parsePeriod('2030-12'));
  return all.slice(0, count);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.env.DATABASE_URL ?? process.env.DVC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const report = await runDashboardBench({ databaseUrl, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${report.markdown}\n`);
}
