// Queue tests share the machine's Redis: each file uses its own database index, emptied first.
import { Redis } from 'ioredis';
import { redisConnection } from '../../jobs/queues.js';
import { TEST_REDIS_URL } from './backends.js';

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
