// Run history (one row per sync of a month), circuit-breaker state per source, and process
// heartbeats (scheduler, workers) for the health endpoint.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('sources', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('stages', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('job_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('snapshot_id', 'integer', (c) => c.references('snapshots.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('runs_status', sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
    .execute();
  // A double trigger (two schedulers, an impatient operator) finds the same run instead of a new one.
  await sql`create unique index runs_dedupe_key on runs (dedupe_key) where dedupe_key is not null`.execute(db);
  await sql`create unique index runs_one_active_per_month on runs (framework, period) where status in ('queued', 'running')`.execute(db);
  await db.schema.createIndex('runs_period').on('runs').columns(['period', 'framework']).execute();

  await db.schema
    .createTable('source_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('breaker_open', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reason', 'text')
    .addColumn('opened_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('heartbeats')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('heartbeats_pk', ['role', 'instance'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('heartbeats').ifExists().execute();
  await db.schema.dropTable('source_state').ifExists().execute();
  await db.schema.dropTable('runs').ifExists().execute();
}
