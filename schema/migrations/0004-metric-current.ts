// The newest value of every (period, source, unit, metric): kept up to date in the transaction that
// stores a capture's values, so scoring reads one indexed range instead of resolving the newest
// capture over the whole history (metric_values keeps every value of every capture).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_current')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('capture_id', 'integer', (c) => c.notNull().references('captures.id'))
    .addColumn('metric_value_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_current_pk', ['period', 'source', 'unit_code', 'metric'])
    .execute();
  await sql`
    insert into metric_current (period, source, unit_code, metric, value, capture_id, metric_value_id)
    select distinct on (period, source, unit_code, metric) period, source, unit_code, metric, value, capture_id, id
    from metric_values
    order by period, source, unit_code, metric, capture_id desc, id desc`.execute(db);
  // Reads now go to metric_current; the history only needs finding by month. A narrower index makes
  // every import cheaper.
  await db.schema.dropIndex('metric_values_lookup').execute();
  await db.schema.createIndex('metric_values_period').on('metric_values').column('period').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('metric_values_period').ifExists().execute();
  await sql`create index metric_values_lookup on metric_values (period, source, unit_code, metric, capture_id desc, id desc)`.execute(db);
  await db.schema.dropTable('metric_current').ifExists().execute();
}
