// Benchmark: the whole country for one month through the queue — the 34 provinces of the catalog
// (schema/provinces.json) with today's communes from the unit registry (3,321, loaded by the normal
// path) and 15 provincial departments each, every portal endpoint, against the local fake portal
// answering in the real shapes after 50 ms per request — with 1, 2 and 4 workers. Each province is
// evaluated under the national framework (`qd766-2022@<code>`, as a nightly run with
// DVC_PROVINCES=all does for a province without its own framework): 34 runs, 34 snapshots. Plus the
// queue's own overhead for a no-op job. Politeness is relaxed here (no pause between requests)
// because the "portal" is a local fake: never do this against the real portal.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { Queue, Worker } from 'bullmq';
import { enqueueMonth } from '../jobs/month-flow.js';
import { queueTarget, redisConnection } from '../jobs/queues.js';
import { startWorkers } from '../jobs/workers.js';
import type { AppContext } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { parsePeriod } from '../src/core/period.js';
import { getFramework, loadFrameworks } from '../src/frameworks/framework.js';
import { createLogger } from '../src/logger.js';
import { getRun, type Run } from '../src/runs/run-store.js';
import { loadProvinceConfigs } from '../src/pipeline/province-config.js';
import { readSnapshot } from '../src/snapshots/snapshot-store.js';
import { migrateToLatest, openStore } from '../src/store/database.js';
import { loadUnitRegistry } from '../src/units/unit-registry.js';
import { catalogPortalDataset, startFakePortal } from '../test/support/fake-portal.js';
import { deleteNamespace } from '../test/support/queue-env.js';
import { createBenchDatabase } from './bench-database.js';

export interface QueueBenchRow {
  readonly workers: number;
  /** Requests the fake portal answered during the run (counted, not assumed). */
  readonly requests: number;
  readonly wallMs: number;
  /** First enqueue → the last capture done (every response received, archived and parsed). */
  readonly captureMs: number;
  /** The last capture done → the last run finished (normalise, score, snapshot). */
  readonly afterLastResponseMs: number;
  /** Network floor: requests × latency ÷ workers (one request in flight per worker, zero work). */
  readonly floorMs: number;
  /** Slowest score stage of the 34 runs. */
  readonly scoreMs: number;
  readonly runs: number;
  /** Rows in the 34 published snapshots (every commune of every province). */
  readonly units: number;
  /** CPU time of this process (workers, fake portal, harness) from the first enqueue to the last run's end. */
  readonly nodeCpuMs: number;
  /** CPU time of the bench database's Postgres backends (Linux /proc; null elsewhere). */
  readonly postgresCpuMs: number | null;
}

export interface QueueBenchResult {
  readonly rows: QueueBenchRow[];
  readonly provinces: number;
  readonly communes: number;
  readonly departments: number;
  readonly noopP50Ms: number;
  readonly noopP95Ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ENDED = ['succeeded', 'failed', 'cancelled'] as const;
export const BENCH_PERIOD = parsePeriod('2026-10');

/**
 * Runs the country-wide benchmark for each worker count; throws when a run did not publish its
 * province with every one of its communes.
 * @example await runQueueBench({ databaseUrl, redisUrl, workerCounts: [1, 2, 4] })
 */
export async function runQueueBench(options: { databaseUrl: string; redisUrl: string; workerCounts?: readonly number[]; latencyMs?: number; log?: (s: string) => void }): Promise<QueueBenchResult> {
  const log = options.log ?? (() => {});
  const latencyMs = options.latencyMs ?? 50;
  const period = BENCH_PERIOD;
  const registry = loadUnitRegistry();
  const provinces = loadProvinceConfigs();
  const dataset = catalogPortalDataset({ registry, period });
  const communesOf = new Map(provinces.map((p) => [p.code, registry.validIn(period, { provinceCode: p.code, level: 'commune' }).length]));
  const communes = [...communesOf.values()].reduce((a, b) => a + b, 0);
  const departments = dataset.provinces.reduce((s, p) => s + p.units.filter((u) => u.departmentType === 'PROVINCIAL_DEPARTMENT').length, 0);
  if (dataset.provinces.length !== provinces.length) throw new Error(`fake portal has ${dataset.provinces.length} provinces, the catalog ${provinces.length}`);
  log(`${provinces.length} provinces, ${communes} communes + ${departments} provincial departments, ${period}`);
  const portal = await startFakePortal(dataset, { latencyMs });
  const frameworks = loadFrameworks();
  const rows: QueueBenchRow[] = [];
  try {
    for (const workerCount of options.workerCounts ?? [1, 2, 4]) {
      const database = await createBenchDatabase(options.databaseUrl, 'dvc_bench_queue');
      const store = await openStore({ databaseUrl: database.url, dataDir: '' });
      await migrateToLatest(store.db);
      // A fresh database is a fresh deployment: its queues live under their own namespace.
      const target = await queueTarget(store.db, options.redisUrl);
      const ctx: AppContext = {
        config: loadConfig({ DATABASE_URL: database.url, REDIS_URL: options.redisUrl, DVC_PORTAL_URL: portal.url, DVC_PORTAL_PAUSE_MS: '0', DVC_SYNC_DATA_DIR: '/tmp/dvc-bench' }),
        store,
        registry,
        frameworks,
        logger: createLogger('silent'),
        close: () => store.close(),
      };
      const workers = Array.from({ length: workerCount }, () => startWorkers(ctx, target, { provinces }));
      try {
        const requestsBefore = portal.requests.length;
        const cpuBefore = process.cpuUsage();
        const startedAt = Date.now();
        const started = performance.now();
        const ids: number[] = [];
        for (const province of provinces) {
          const framework = getFramework(`qd766-2022@${province.code}`, frameworks).key;
          const { run } = await enqueueMonth(ctx, target, { framework, period, trigger: 'manual', sources: ['portal'], provinces });
          ids.push(run.id);
        }
        // One light query per 100 ms while the runs go (the harness shares the workers' thread and database).
        while ((await store.db.selectFrom('runs').select('id').where('id', 'in', ids).where('status', 'not in', ENDED).executeTakeFirst()) !== undefined) await sleep(100);
        const wallMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const nodeCpuMs = (cpu.user + cpu.system) / 1000;
        const postgresCpuMs = await backendCpuMs(store.db, 'dvc_bench_queue');
        const done = (await Promise.all(ids.map((id) => getRun(store.db, id)))) as Run[];
        const requests = portal.requests.length - requestsBefore;
        const captureEnds = done.flatMap((r) => r.stages.filter((s) => s.name.startsWith('capture:')).map((s) => Date.parse(s.finishedAt ?? '')));
        const captureMs = Math.max(...captureEnds) - startedAt;
        const units = await checkPublished(ctx, done, communesOf);
        const row: QueueBenchRow = {
          workers: workerCount,
          requests,
          wallMs,
          captureMs,
          afterLastResponseMs: wallMs - captureMs,
          floorMs: (requests * latencyMs) / workerCount,
          scoreMs: Math.max(...done.map((r) => r.stages.find((s) => s.name === 'score')?.ms ?? NaN)),
          runs: done.length,
          units,
          nodeCpuMs,
          postgresCpuMs,
        };
        const stageSum = (prefix: string) => done.reduce((sum, r) => sum + r.stages.filter((st) => st.name.startsWith(prefix)).reduce((a, st) => a + (st.ms ?? 0), 0), 0);
        log(`  stage time summed over the runs: captures ${(stageSum('capture:') / 1000).toFixed(1)} s, score ${(stageSum('score') / 1000).toFixed(1)} s`);
        log(
          `${workerCount} worker(s): ${requests} requests, captures ${(captureMs / 1000).toFixed(2)} s (floor ${(row.floorMs / 1000).toFixed(2)} s, ${(captureMs / row.floorMs).toFixed(2)}×), ` +
            `after last response ${(row.afterLastResponseMs / 1000).toFixed(2)} s (slowest score stage ${row.scoreMs} ms), wall ${(wallMs / 1000).toFixed(2)} s, ${row.runs} runs published, ${units} units, this process's CPU ${(nodeCpuMs / 1000).toFixed(2)} s, its Postgres backends' CPU ${postgresCpuMs === null ? '?' : (postgresCpuMs / 1000).toFixed(2)} s`,
        );
        rows.push(row);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
        await deleteNamespace(options.redisUrl, target.prefix);
        await store.close();
        await database.drop();
      }
    }
  } finally {
    await portal.close();
  }
  const overhead = await noopOverhead(options.redisUrl);
  log(`no-op job enqueue→complete: p50 ${overhead.p50.toFixed(2)} ms, p95 ${overhead.p95.toFixed(2)} ms`);
  return { rows, provinces: provinces.length, communes, departments, noopP50Ms: overhead.p50, noopP95Ms: overhead.p95 };
}

/** CPU time (user + system) of the Postgres backends connected to `database`, from /proc (same machine). */
async function backendCpuMs(db: AppContext['store']['db'], database: string): Promise<number | null> {
  try {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${database}`.execute(db);
    let ticks = 0;
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    }
    return (ticks * 1000) / 100; // USER_HZ
  } catch {
    return null;
  }
}

/** Every run succeeded and published its province with exactly its communes; else throws naming the province. Returns the rows published. */
async function checkPublished(ctx: AppContext, runs: readonly Run[], communesOf: ReadonlyMap<string, number>): Promise<number> {
  const problems: string[] = [];
  let units = 0;
  const seen = new Set<string>();
  for (const run of runs) {
    const code = run.framework.split('@')[1] ?? '?';
    seen.add(code);
    const snapshot = await readSnapshot(ctx.store.db, run.framework, run.period);
    const expected = communesOf.get(code);
    if (run.status !== 'succeeded') problems.push(`${run.framework}: run #${run.id} ${run.status}: ${run.error ?? ''}`);
    else if (!snapshot || snapshot.status !== 'published') problems.push(`${run.framework}: no published snapshot (${snapshot?.status ?? 'none'})`);
    else if (snapshot.rows.length !== expected) problems.push(`${run.framework}: ${snapshot.rows.length} units published, the registry has ${expected} communes`);
    else units += snapshot.rows.length;
  }
  for (const code of communesOf.keys()) if (!seen.has(code)) problems.push(`province ${code}: no run`);
  if (problems.length) throw new Error(`queue bench: ${problems.length} province(s) not published:\n  ${problems.join('\n  ')}`);
  return units;
}

/** Enqueue-to-complete latency of a job whose processor does nothing (one at a time). */
async function noopOverhead(redisUrlText: string, samples = 300): Promise<{ p50: number; p95: number }> {
  const connection = redisConnection(redisUrlText);
  // A namespace of this run only: nothing else on the Redis database is read or removed.
  const prefix = `bench:${process.pid}-${Date.now().toString(36)}`;
  const queue = new Queue('bench-noop', { connection, prefix });
  const waiting = new Map<string, () => void>();
  const worker = new Worker('bench-noop', async () => null, { connection, prefix });
  worker.on('completed', (job) => waiting.get(job.id!)?.());
  await worker.waitUntilReady();
  const times: number[] = [];
  try {
    for (let i = 0; i < samples + 20; i++) {
      const id = `noop-${i}`;
      const t0 = performance.now();
      const done = new Promise<void>((resolve) => waiting.set(id, resolve));
      await queue.add('noop', {}, { jobId: id, removeOnComplete: true });
      await done;
      if (i >= 20) times.push(performance.now() - t0); // first 20 warm up connections and scripts
    }
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await deleteNamespace(redisUrlText, prefix);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]! };
}
