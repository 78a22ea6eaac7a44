// The process executing an inline run (host:pid) and its heartbeat: a run whose process is gone is
// failed by the next sync of the month instead of blocking it forever.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('owner', 'text').execute();
  await db.schema.alterTable('runs').addColumn('heartbeat_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('heartbeat_at').execute();
  await db.schema.alterTable('runs').dropColumn('owner').execute();
}
