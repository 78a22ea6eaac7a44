// What the ops dashboard reads quickly: the latest run of each month, the latest capture of each
// source, a run's quarantined rows, and the last successful capture per (month, source, province),
// kept current by a trigger on runs so the months page never scans every run's stages.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index runs_month_latest on runs (period, framework, id desc)`.execute(db);
  await sql`create index runs_status on runs (status)`.execute(db);
  await sql`create index captures_source_latest on captures (source, captured_at desc)`.execute(db);
  await db.schema.createIndex('quarantine_run').on('quarantine').column('run_id').execute();

  await db.schema
    .createTable('source_freshness')
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_freshness_pk', ['framework', 'period', 'source', 'province_code'])
    .execute();

  // A capture stage is named capture:<source>:<province>; it counts when it succeeded and delivered
  // data (an 'empty' answer is not a capture).
  await sql`
    create function record_source_freshness() returns trigger language plpgsql as $$
    begin
      insert into source_freshness (framework, period, source, province_code, last_success_at, run_id)
      select new.framework, new.period, split_part(st->>'name', ':', 2), split_part(st->>'name', ':', 3),
             max((st->>'finishedAt')::timestamptz), new.id
      from jsonb_array_elements(new.stages) st
      where st->>'name' like 'capture:%:%' and st->>'status' = 'succeeded' and st->>'finishedAt' is not null
        and coalesce(st->'detail'->>'status', 'delivered') = 'delivered'
      group by 1, 2, 3, 4
      on conflict (framework, period, source, province_code) do update
        set last_success_at = excluded.last_success_at, run_id = excluded.run_id
        where source_freshness.last_success_at < excluded.last_success_at;
      return null;
    end $$`.execute(db);
  await sql`create trigger runs_source_freshness after insert or update of stages on runs
    for each row execute function record_source_freshness()`.execute(db);
  // Runs recorded before this migration: fill the table once.
  await sql`update runs set stages = stages where stages <> '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists runs_source_freshness on runs`.execute(db);
  await sql`drop function if exists record_source_freshness()`.execute(db);
  await db.schema.dropTable('source_freshness').ifExists().execute();
  for (const index of ['quarantine_run', 'captures_source_latest', 'runs_status', 'runs_month_latest']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
}
