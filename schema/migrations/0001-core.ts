// Core tables: raw captures, canonical metric values with provenance, quarantine, and immutable
// revisioned snapshots (a trigger refuses UPDATE/DELETE on snapshot rows).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('captures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('period', 'text')
    .addColumn('scope', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text')
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('content', 'bytea')
    .addColumn('archive_path', 'text')
    .addColumn('request', 'jsonb')
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('captured_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('parsed_at', 'timestamptz')
    .addColumn('parse_error', 'text')
    .addCheckConstraint('captures_content_or_archive', sql`content is not null or archive_path is not null`)
    .execute();
  await db.schema.createIndex('captures_source_period').on('captures').columns(['source', 'period']).execute();

  await db.schema
    .createTable('metric_values')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('capture_id', 'integer', (c) => c.notNull().references('captures.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('location', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Matches currentMetricValues' DISTINCT ON ordering, so the newest value per key needs no sort.
  await sql`create index metric_values_lookup on metric_values (period, source, unit_code, metric, capture_id desc, id desc)`.execute(db);

  await db.schema
    .createTable('quarantine')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('capture_id', 'integer', (c) => c.references('captures.id'))
    .addColumn('run_id', 'integer')
    .addColumn('period', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('location', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('found', 'text')
    .addColumn('expected', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('quarantine_period').on('quarantine').columns(['period', 'source']).execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('framework_hash', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('inputs_hash', 'text', (c) => c.notNull())
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer')
    .addColumn('unit_count', 'integer', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('snapshots_revision', ['framework', 'period', 'revision'])
    .execute();

  await db.schema
    .createTable('snapshot_rows')
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addColumn('converted', 'double precision', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('indicators', 'jsonb', (c) => c.notNull())
    .addColumn('missing', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('snapshot_rows_pk', ['snapshot_id', 'unit_code'])
    .execute();

  await db.schema
    .createTable('snapshot_inputs')
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('capture_id', 'integer', (c) => c.references('captures.id'))
    .addPrimaryKeyConstraint('snapshot_inputs_pk', ['snapshot_id', 'unit_code', 'metric', 'source'])
    .execute();

  await db.schema
    .createTable('published_snapshots')
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('published_snapshots_pk', ['framework', 'period'])
    .execute();

  // Revisions are immutable: refuse any change to a stored snapshot, its rows or its inputs.
  await sql`
    create function refuse_snapshot_change() returns trigger language plpgsql as $$
    begin
      raise exception 'snapshot revisions are immutable (% on %)', tg_op, tg_table_name;
    end $$`.execute(db);
  for (const table of ['snapshots', 'snapshot_rows', 'snapshot_inputs']) {
    await sql`create trigger ${sql.raw(`${table}_immutable`)} before update or delete on ${sql.table(table)}
      for each row execute function refuse_snapshot_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['published_snapshots', 'snapshot_inputs', 'snapshot_rows', 'snapshots', 'quarantine', 'metric_values', 'captures']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists refuse_snapshot_change()`.execute(db);
}
