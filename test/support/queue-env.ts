// Queue tests share the machine's Redis database: each test's Postgres database has its own
// deployment id, hence its own queue namespace; a test deletes only the keys under that namespace.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { queueTarget, type QueueTarget } from '../../jobs/queues.js';
import type { Db } from '../../src/store/database.js';
import { openTestStore, testContext, TEST_REDIS_URL } from './backends.js';
import { dienBienPhuPortalDataset, startFakePortal } from './fake-portal.js';
import { writeOneDoorExport } from './one-door-export.js';
import { getRun, type Run } from '../../src/runs/run-store.js';

/** Deletes every key under `prefix` (and nothing else) in the Redis at `url`; returns how many. */
export async function deleteNamespace(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

/**
 * The queues of a test database on the test Redis (its own namespace), and a cleanup that removes
 * that namespace's keys only.
 * @example const redis = await testQueues(store.db); … await redis.dispose()
 */
export async function testQueues(db: Db, url: string = TEST_REDIS_URL): Promise<{ url: string; target: QueueTarget; dispose(): Promise<void> }> {
  const target = await queueTarget(db, url);
  return { url, target, dispose: async () => void (await deleteNamespace(url, target.prefix)) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** The run once it has ended (succeeded, failed or cancelled), else undefined: for `eventually`. */
export async function endedRun(db: Db, id: number): Promise<Run | undefined> {
  const run = await getRun(db, id);
  return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
}

/**
 * Everything a queue test runs against: a fake portal, a one-door export for 2023-09 in a drop folder,
 * a fresh Postgres database with its own queue namespace, and the environment pointing at them.
 * @example const world = await queueWorld(); … await world.dispose()
 */
export async function queueWorld(portalOptions: Parameters<typeof startFakePortal>[1] = {}, extraEnv: Record<string, string> = {}, dataset = dienBienPhuPortalDataset()) {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-queue-'));
  const portal = await startFakePortal(dataset, portalOptions);
  const opened = await openTestStore('postgres');
  const redis = await testQueues(opened.store.db);
  mkdirSync(join(dir, 'one-door', '2023-09'), { recursive: true });
  await writeOneDoorExport(join(dir, 'one-door', '2023-09', 'bieu-ii06a.xlsx'));
  const env: Record<string, string> = {
    DATABASE_URL: opened.databaseUrl!,
    REDIS_URL: redis.url,
    DVC_PORTAL_URL: portal.url,
    DVC_PORTAL_PAUSE_MS: '0',
    DVC_ONE_DOOR_DIR: join(dir, 'one-door'),
    DVC_SYNC_DATA_DIR: join(dir, 'data'),
    ...extraEnv,
  };
  return {
    dir,
    portal,
    redis,
    store: opened.store,
    env,
    ctx: testContext(opened.store, env),
    async dispose() {
      await portal.close();
      await redis.dispose();
      await opened.dispose();
    },
  };
}
