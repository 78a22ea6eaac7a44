// Queue tests share the machine's Redis: each file uses its own database index, emptied first.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { redisConnection } from '../../jobs/queues.js';
import { openTestStore, testContext, TEST_REDIS_URL } from './backends.js';
import { dienBienPhuPortalDataset, startFakePortal } from './fake-portal.js';
import { writeOneDoorExport } from './one-door-export.js';

/** A redis:// URL on database `index`, flushed, and its BullMQ connection options. */
export async function freshRedis(index: number): Promise<{ url: string; connection: ReturnType<typeof redisConnection> }> {
  const url = new URL(TEST_REDIS_URL);
  url.pathname = `/${index}`;
  const client = new Redis(url.toString());
  await client.flushdb();
  await client.quit();
  return { url: url.toString(), connection: redisConnection(url.toString()) };
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

/**
 * Everything a queue test runs against: a fake portal, a one-door export for 2023-09 in a drop folder,
 * a fresh Postgres database and Redis database, and the environment pointing at them.
 * @example const world = await queueWorld(11); … await world.dispose()
 */
export async function queueWorld(redisIndex: number, portalOptions: Parameters<typeof startFakePortal>[1] = {}, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-queue-'));
  const portal = await startFakePortal(dienBienPhuPortalDataset(), portalOptions);
  const redis = await freshRedis(redisIndex);
  const opened = await openTestStore('postgres');
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
      await opened.dispose();
    },
  };
}
