// A capture is archived once (sha256) but used per (period, source): capture_uses records which month
// and kind each capture was read for. TRUNCATE is refused, like UPDATE/DELETE, on every table a
// published snapshot rests on, and raw captures can be neither deleted nor truncated.
import { sql, type Kysely } from 'kysely';

/** Tables whose rows a published snapshot depends on: no statement may empty them. */
export const TRUNCATE_REFUSED_TABLES = ['snapshots', 'snapshot_rows', 'snapshot_inputs', 'published_snapshots', 'captures'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('capture_uses')
    .addColumn('capture_id', 'integer', (c) => c.notNull().references('captures.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('metrics', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('problems', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_id', 'integer')
    .addColumn('used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('capture_uses_pk', ['capture_id', 'period'])
    .execute();
  // Captures parsed before this migration were used for the month and kind they were archived with.
  await sql`
    insert into capture_uses (capture_id, period, source, metrics, problems, used_at)
    select c.id, c.period, c.source,
           (select count(*) from metric_values v where v.capture_id = c.id and v.period = c.period)::int,
           (select count(*) from quarantine q where q.capture_id = c.id and q.period = c.period)::int,
           c.parsed_at
    from captures c where c.parsed_at is not null and c.period is not null`.execute(db);

  await sql`
    create function refuse_capture_removal() returns trigger language plpgsql as $$
    begin
      raise exception 'raw captures are never deleted (% on %)', tg_op, tg_table_name;
    end $$`.execute(db);
  await sql`create trigger captures_never_deleted before delete on captures for each row execute function refuse_capture_removal()`.execute(db);
  for (const table of TRUNCATE_REFUSED_TABLES) {
    const fn = table === 'captures' ? 'refuse_capture_removal' : 'refuse_snapshot_change';
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function ${sql.raw(fn)}()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TRUNCATE_REFUSED_TABLES) await sql`drop trigger if exists ${sql.raw(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
  await sql`drop trigger if exists captures_never_deleted on captures`.execute(db);
  await sql`drop function if exists refuse_capture_removal()`.execute(db);
  await db.schema.dropTable('capture_uses').ifExists().execute();
}
