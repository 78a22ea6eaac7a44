// Heartbeats of long-running processes (scheduler, workers), read by the health endpoint.
import type { Db } from '../store/database.js';

/** Records that `role`/`instance` is alive now. */
export async function beatHeart(db: Db, role: 'scheduler' | 'worker' | 'dashboard', instance: string, details: Record<string, unknown> = {}): Promise<void> {
  await db
    .insertInto('heartbeats')
    .values({ role, instance, details: JSON.stringify(details), last_seen_at: new Date() })
    .onConflict((oc) => oc.columns(['role', 'instance']).doUpdateSet({ details: JSON.stringify(details), last_seen_at: new Date() }))
    .execute();
}

/** Live instances of a role: seen within `withinMs`. */
export async function liveInstances(db: Db, role: string, withinMs = 60_000): Promise<{ instance: string; lastSeenAt: Date }[]> {
  const rows = await db.selectFrom('heartbeats').select(['instance', 'last_seen_at']).where('role', '=', role).where('last_seen_at', '>', new Date(Date.now() - withinMs)).execute();
  return rows.map((r) => ({ instance: r.instance, lastSeenAt: new Date(r.last_seen_at) }));
}
