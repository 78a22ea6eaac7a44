// BullMQ wiring: the queues of the pipeline, their connection and retention. Only transport lives
// here; the work is the stage functions in src/.
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

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

export interface PipelineQueues {
  readonly capture: Queue;
  readonly score: Queue;
  readonly scheduler: Queue;
  readonly all: readonly Queue[];
  close(): Promise<void>;
}

/**
 * Opens the pipeline's queues (producers and the dashboard use these; workers open their own).
 * @example const queues = openQueues(redisConnection(process.env.REDIS_URL!), 'dvc'); await queues.close()
 */
export function openQueues(connection: ConnectionOptions, prefix = 'dvc'): PipelineQueues {
  const options = { connection, prefix, defaultJobOptions: RETENTION };
  const capture = new Queue(CAPTURE_QUEUE, options);
  const score = new Queue(SCORE_QUEUE, options);
  const scheduler = new Queue(SCHEDULER_QUEUE, options);
  const all = [capture, score, scheduler];
  return { capture, score, scheduler, all, close: async () => void (await Promise.all(all.map((q) => q.close()))) };
}
