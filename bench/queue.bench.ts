// Benchmark: the whole country for one month through the queue — 34 provinces × 113 units, every
// portal endpoint, against the local fake portal answering each request after 50 ms — with 1, 2 and
// 4 workers; plus the queue's own overhead for a no-op job. Politeness is relaxed here (no pause
// between requests) because the "portal" is a local fake: never do this against the real portal.
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { enqueueMonth } from '../jobs/month-flow.js';
import { queueTarget, redisConnection } from '../jobs/queues.js';
import { startWorkers } from '../jobs/workers.js';
import type { AppContext } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { parsePeriod } from '../src/core/period.js';
import { loadFrameworks } from '../src/frameworks/framework.js';
import { createLogger } from '../src/logger.js';
import { getRun } from '../src/runs/run-store.js';
import { DEFAULT_PORTAL_ENDPOINTS } from '../connectors/portal/portal-connector.js';
import type { ProvinceConfig } from '../src/pipeline/province-config.js';
import { migrateToLatest, openStore } from '../src/store/database.js';
import { UnitRegistryIndex } from '../src/units/unit-registry.js';
import { startFakePortal, syntheticPortalDataset } from '../test/support/fake-portal.js';
import { deleteNamespace } from '../test/support/queue-env.js';
import { createBenchDatabase } from './bench-database.js';
import type { Unit } from '../src/core/unit-registry.js';

export interface QueueBenchRow {
  readonly workers: number;
  readonly requests: number;
  readonly wallMs: number;
  /** Enqueue → the last capture done (every response received, archived and parsed). */
  readonly captureMs: number;
  /** The last capture done → run finished (normalise, score, snapshot). */
  readonly afterLastResponseMs: number;
  readonly floorMs: number;
  readonly scoreMs: number;
  readonly units: number;
  readonly status: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the country-wide benchmark for each worker count.
 * @example await runQueueBench({ databaseUrl, redisUrl, workerCounts: [1, 2, 4] })
 */
export async function runQueueBench(options: { databaseUrl: string; redisUrl: string; workerCounts?: readonly number[]; latencyMs?: number; log?: (s: string) => void }): Promise<{ rows: QueueBenchRow[]; noopP50Ms: number; noopP95Ms: number }> {
  const log = options.log ?? (() => {});
  const latencyMs = options.latencyMs ?? 50;
  const dataset = syntheticPortalDataset({ provinces: 34, unitsPerProvince: 113 });
  const portal = await startFakePortal(dataset, { latencyMs });
  const units: Unit[] = [];
  const provinces: ProvinceConfig[] = dataset.provinces.map((p, i) => {
    const provinceCode = String(i + 20).padStart(2, '0');
    p.units.forEach((u, j) =>
      units.push({
        code: `${provinceCode}${String(j).padStart(3, '0')}`,
        name: u.departmentName.replace(/^UBND /, ''),
        displayName: u.departmentName,
        level: 'commune',
        provinceCode,
        districtCode: null,
        portalCode: u.departmentCode ?? null,
        portalDepartmentId: u.departmentId,
        aliases: [],
        validFrom: '2025-07-01',
        validTo: null,
      }),
    );
    return {
      code: provinceCode,
      name: p.name,
      frameworks: ['qd766-2022'],
      portal: { enabled: true, rootDepartmentId: p.rootDepartmentId, portalCode: p.code },
      portalLegacy: { enabled: false, provinceId: null },
      oneDoor: { enabled: false, subfolder: null, exportUrl: null, exportTokenEnv: null },
    };
  });
  const rows: QueueBenchRow[] = [];
  const requests = provinces.length * DEFAULT_PORTAL_ENDPOINTS.length;
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
        registry: new UnitRegistryIndex(units),
        frameworks: loadFrameworks(),
        logger: createLogger('silent'),
        close: () => store.close(),
      };
      const workers = Array.from({ length: workerCount }, () => startWorkers(ctx, target, { provinces }));
      try {
        const startedAt = Date.now();
        const started = performance.now();
        const { run } = await enqueueMonth(ctx, target, { framework: 'qd766-2022', period: parsePeriod('2025-10'), trigger: 'manual', provinces });
        let done = await getRun(store.db, run.id);
        while (!done || !['succeeded', 'failed', 'cancelled'].includes(done.status)) {
          await sleep(20);
          done = await getRun(store.db, run.id);
        }
        const wallMs = performance.now() - started;
        const score = done.stages.find((s) => s.name === 'score');
        const lastCapture = Math.max(...done.stages.filter((s) => s.name.startsWith('capture:')).map((s) => Date.parse(s.finishedAt ?? '')));
        const captureMs = lastCapture - startedAt;
        const row = {
          workers: workerCount,
          requests,
          wallMs,
          captureMs,
          afterLastResponseMs: wallMs - captureMs,
          floorMs: (requests * latencyMs) / workerCount,
          scoreMs: score?.ms ?? NaN,
          units: units.length,
          status: done.status,
        };
        log(`${workerCount} worker(s): wall ${(wallMs / 1000).toFixed(2)} s, captures ${(captureMs / 1000).toFixed(2)} s (floor ${(row.floorMs / 1000).toFixed(2)} s), after last response ${(row.afterLastResponseMs / 1000).toFixed(2)} s (score stage ${row.scoreMs} ms), ${done.status}${done.error ? ` — ${done.error.slice(0, 200)}` : ''}`);
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
  return { rows, noopP50Ms: overhead.p50, noopP95Ms: overhead.p95 };
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
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]! };
}
