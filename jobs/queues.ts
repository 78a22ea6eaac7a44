// BullMQ wiring: the queues of the pipeline, their connection and retention. Only transport lives
// here; the work is the stage functions in src/.
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { deploymentNamespace } from '../src/store/deployment.js';
import type { Db } from '../src/store/database.js';

export const CAPTURE_QUEUE = 'dvc-capture';
export const SCORE_QUEUE = 'dvc-score';
export const SCHEDULER_QUEUE = 'dvc-scheduler';
export const QUEUE_NAMES = [CAPTURE_QUEUE, SCORE_QUEUE, SCHEDULER_QUEUE] as const;

/** Redis keeps only what is in flight; run history lives in Postgres. */
export const RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** Nightly runs outrank backfill: BullMQ serves lower numbers first (0 = no priority = first of all). */
export const PRIORITY = { manual: 1, nightly: 2, backfill: 10 } as const;

/** Connection options from a redis:// URL, with what BullMQ workers require. */
export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Where a deployment's queues live: the Redis connection and the key prefix of its deployment id.
 * Every queue, worker and flow producer is opened on one of these, never on a bare connection, so a
 * process can only see the jobs of the database it was started against.
 */
export interface QueueTarget {
  readonly connection: ConnectionOptions;
  /** `dvc:<deployment id>`: the namespace shown by `status` and /api/health. */
  readonly prefix: string;
}

/**
 * The queue target of the database `db` on the Redis at `redisUrl`.
 * @example const target = await queueTarget(ctx.store.db, process.env.REDIS_URL!) // { prefix: 'dvc:3f9a1c2b7e10', … }
 */
export async function queueTarget(db: Db, redisUrl: string): Promise<QueueTarget> {
  return { connection: redisConnection(redisUrl), prefix: await deploymentNamespace(db) };
}

/** Redis did not answer: nothing was enqueued (the run, if one was created, is failed). */
export class QueueUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';
}

/** How long a command waits for Redis before saying it is unavailable (instead of waiting forever). */
export const REDIS_ANSWER_TIMEOUT_MS = 3_000;

/** host:port of a target's Redis, for messages (never the password). */
export function describeRedis(target: QueueTarget): string {
  const options = target.connection as RedisOptions;
  return `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}`;
}

/**
 * Settles like `work`, or rejects with `timedOut()` after `ms` (work's own later rejection is ignored).
 * @example await withinMs(producer.add(flow), 3000, () => new QueueUnavailableError('…'))
 */
export async function withinMs<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fails fast when the target's Redis does not answer a PING (BullMQ itself would wait for it forever).
 * @example await assertQueueReachable(target) // throws QueueUnavailableError (REDIS_UNAVAILABLE)
 */
export async function assertQueueReachable(target: QueueTarget, timeoutMs = REDIS_ANSWER_TIMEOUT_MS): Promise<void> {
  const client = new Redis({
    ...(target.connection as RedisOptions),
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the failure is reported by the PING below
  try {
    await withinMs(
      client.connect().then(() => client.ping()),
      timeoutMs,
      () => new Error(`không trả lời sau ${timeoutMs / 1000} s`),
    );
  } catch (error) {
    throw new QueueUnavailableError(
      `Không kết nối được Redis (${describeRedis(target)}): ${(error as Error).message.replace(/\.$/, '')}. Chưa có gì được đưa vào hàng đợi; kiểm tra Redis (REDIS_URL), hoặc bỏ REDIS_URL để chạy ngay trong tiến trình`,
    );
  } finally {
    client.disconnect();
    // A server that never answers never closes its side either: do not wait for it.
    client.stream?.destroy();
  }
}

export interface PipelineQueues {
  readonly prefix: string;
  readonly capture: Queue;
  readonly score: Queue;
  readonly scheduler: Queue;
  readonly all: readonly Queue[];
  close(): Promise<void>;
}

/**
 * Opens the pipeline's queues (producers and the dashboard use these; workers open their own).
 * @example const queues = openQueues(await queueTarget(db, process.env.REDIS_URL!)); await queues.close()
 */
export function openQueues(target: QueueTarget): PipelineQueues {
  const options = { connection: target.connection, prefix: target.prefix, defaultJobOptions: RETENTION };
  const capture = new Queue(CAPTURE_QUEUE, options);
  const score = new Queue(SCORE_QUEUE, options);
  const scheduler = new Queue(SCHEDULER_QUEUE, options);
  const all = [capture, score, scheduler];
  return { prefix: target.prefix, capture, score, scheduler, all, close: async () => void (await Promise.all(all.map((q) => q.close()))) };
}
