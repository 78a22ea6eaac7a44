// /api/health: can the dashboard reach its database and Redis, how long since the scheduler's last
// heartbeat, and how many workers are alive (the one liveness rule of src/runs/heartbeat.ts).
import type { AppContext } from '../app-context.js';
import type { PipelineQueues } from '../../jobs/queues.js';
import { readLiveness, type Liveness } from '../runs/heartbeat.js';

export interface HealthReport {
  /** ok: everything reachable; degraded: reachable but no live scheduler/worker in queue mode; down: database or Redis unreachable. */
  readonly status: 'ok' | 'degraded' | 'down';
  readonly database: { readonly ok: boolean; readonly backend: string; readonly ms: number; readonly error?: string };
  /** `namespace`: the key prefix of this deployment's queues (`dvc:<deployment id>`); only workers started against this database take its jobs. */
  readonly redis: { readonly mode: 'queue' | 'inline'; readonly ok: boolean | null; readonly namespace?: string; readonly ms?: number; readonly error?: string };
  readonly scheduler: { readonly lastSeenAt: string | null; readonly ageSeconds: number | null };
  readonly workers: { readonly count: number; readonly instances: readonly string[] };
}

const timed = async <T>(work: () => Promise<T>, timeoutMs = 3000): Promise<{ ms: number; error?: string }> => {
  const start = performance.now();
  try {
    await Promise.race([work(), new Promise((_, reject) => setTimeout(() => reject(new Error(`không trả lời sau ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { ms: Math.round(performance.now() - start) };
  } catch (error) {
    return { ms: Math.round(performance.now() - start), error: (error as Error).message };
  }
};

/**
 * Checks the database, Redis (when queues are configured) and the heartbeats.
 * @example (await checkHealth(ctx, null)).redis.mode // 'inline'
 */
export async function checkHealth(ctx: AppContext, queues: PipelineQueues | null, now: Date = new Date()): Promise<HealthReport> {
  const db = ctx.store.db;
  let liveness: Liveness = { scheduler: null, workers: [] };
  const database = await timed(async () => {
    liveness = await readLiveness(db, now);
  });
  const redis = queues
    ? await timed(async () => {
        // A real round trip through BullMQ (commands wait for a reconnect; the timeout bounds it).
        await queues.capture.getJobCounts('waiting');
      })
    : null;
  const { scheduler } = liveness;
  const workers = liveness.workers.map((w) => w.instance);
  const down = Boolean(database.error || redis?.error);
  const degraded = queues !== null && (workers.length === 0 || !scheduler?.alive);
  return {
    status: down ? 'down' : degraded ? 'degraded' : 'ok',
    database: { ok: !database.error, backend: ctx.store.backend, ms: database.ms, ...(database.error ? { error: database.error } : {}) },
    redis: queues ? { mode: 'queue', ok: !redis!.error, namespace: queues.prefix, ms: redis!.ms, ...(redis!.error ? { error: redis!.error } : {}) } : { mode: 'inline', ok: null },
    scheduler: { lastSeenAt: scheduler?.lastSeenAt.toISOString() ?? null, ageSeconds: scheduler?.ageSeconds ?? null },
    workers: { count: workers.length, instances: workers },
  };
}
