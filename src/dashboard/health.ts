// /api/health: can the dashboard reach its database and Redis, how long since the scheduler's last
// heartbeat, and how many workers are alive.
import type { AppContext } from '../app-context.js';
import type { PipelineQueues } from '../../jobs/queues.js';

export interface HealthReport {
  /** ok: everything reachable; degraded: reachable but no live scheduler/worker in queue mode; down: database or Redis unreachable. */
  readonly status: 'ok' | 'degraded' | 'down';
  readonly database: { readonly ok: boolean; readonly backend: string; readonly ms: number; readonly error?: string };
  /** `namespace`: the key prefix of this deployment's queues (`dvc:<deployment id>`); only workers started against this database take its jobs. */
  readonly redis: { readonly mode: 'queue' | 'inline'; readonly ok: boolean | null; readonly namespace?: string; readonly ms?: number; readonly error?: string };
  readonly scheduler: { readonly lastSeenAt: string | null; readonly ageSeconds: number | null };
  readonly workers: { readonly count: number; readonly instances: readonly string[] };
}

/** A worker or scheduler is alive when it beat within this long (they beat every 15 s). */
export const LIVE_WITHIN_MS = 60_000;

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
  let beats: { role: string; instance: string; last_seen_at: Date }[] = [];
  const database = await timed(async () => {
    beats = await db.selectFrom('heartbeats').select(['role', 'instance', 'last_seen_at']).execute();
  });
  const redis = queues
    ? await timed(async () => {
        // A real round trip through BullMQ (commands wait for a reconnect; the timeout bounds it).
        await queues.capture.getJobCounts('waiting');
      })
    : null;
  const scheduler = beats.filter((b) => b.role === 'scheduler').map((b) => new Date(b.last_seen_at)).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const workers = beats.filter((b) => b.role === 'worker' && now.getTime() - new Date(b.last_seen_at).getTime() <= LIVE_WITHIN_MS).map((b) => b.instance);
  const down = Boolean(database.error || redis?.error);
  const schedulerAge = scheduler ? Math.max(0, Math.round((now.getTime() - scheduler.getTime()) / 1000)) : null;
  const degraded = queues !== null && (workers.length === 0 || schedulerAge === null || schedulerAge * 1000 > LIVE_WITHIN_MS);
  return {
    status: down ? 'down' : degraded ? 'degraded' : 'ok',
    database: { ok: !database.error, backend: ctx.store.backend, ms: database.ms, ...(database.error ? { error: database.error } : {}) },
    redis: queues ? { mode: 'queue', ok: !redis!.error, namespace: queues.prefix, ms: redis!.ms, ...(redis!.error ? { error: redis!.error } : {}) } : { mode: 'inline', ok: null },
    scheduler: { lastSeenAt: scheduler?.toISOString() ?? null, ageSeconds: schedulerAge },
    workers: { count: workers.length, instances: workers },
  };
}
