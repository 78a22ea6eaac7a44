// Heartbeats of long-running processes (scheduler, workers, dashboard) and the one rule that says
// which are alive, read by `dvc-sync status`, /api/health, /metrics and the dashboard alike.
import type { Db } from '../store/database.js';

/**
 * A process is alive when it beat within this long. Workers beat every 15 s and the scheduler every
 * 30 s: 90 s is three beats of the slowest, so one late beat never reads as a dead process.
 */
export const LIVE_WITHIN_MS = 90_000;

/** Records that `role`/`instance` is alive now. */
export async function beatHeart(db: Db, role: 'scheduler' | 'worker' | 'dashboard', instance: string, details: Record<string, unknown> = {}): Promise<void> {
  await db
    .insertInto('heartbeats')
    .values({ role, instance, details: JSON.stringify(details), last_seen_at: new Date() })
    .onConflict((oc) => oc.columns(['role', 'instance']).doUpdateSet({ details: JSON.stringify(details), last_seen_at: new Date() }))
    .execute();
}

export interface Beat {
  readonly role: string;
  readonly instance: string;
  readonly lastSeenAt: Date;
  /** Whole seconds since the beat (never negative). */
  readonly ageSeconds: number;
  readonly alive: boolean;
}

export interface Liveness {
  /** The scheduler's latest beat, alive or not (null: never seen). */
  readonly scheduler: Beat | null;
  /** Workers alive now, newest beat first. */
  readonly workers: readonly Beat[];
}

/**
 * Applies the liveness rule to heartbeat rows.
 * @example livenessOf([{ role: 'worker', instance: 'w1', last_seen_at: new Date() }]).workers.length // 1
 */
export function livenessOf(rows: readonly { role: string; instance: string; last_seen_at: Date | string }[], now: Date = new Date()): Liveness {
  const beats = rows
    .map((r) => {
      const lastSeenAt = new Date(r.last_seen_at);
      const ms = Math.max(0, now.getTime() - lastSeenAt.getTime());
      return { role: r.role, instance: r.instance, lastSeenAt, ageSeconds: Math.round(ms / 1000), alive: ms <= LIVE_WITHIN_MS };
    })
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  return { scheduler: beats.find((b) => b.role === 'scheduler') ?? null, workers: beats.filter((b) => b.role === 'worker' && b.alive) };
}

/**
 * Reads every heartbeat and says who is alive.
 * @example (await readLiveness(db)).workers.map((w) => w.instance)
 */
export async function readLiveness(db: Db, now: Date = new Date()): Promise<Liveness> {
  return livenessOf(await db.selectFrom('heartbeats').select(['role', 'instance', 'last_seen_at']).execute(), now);
}
