// The deployment's identity: one row with a random id, made once per database. Queue keys in Redis
// are namespaced by it, so two deployments sharing a Redis database never take each other's jobs.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deployment')
    // `one` keeps the table to a single row.
    .addColumn('one', 'boolean', (c) => c.primaryKey().defaultTo(true))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('deployment_one_row', sql`one`)
    .execute();
  // 12 hex digits (48 random bits): short enough to read in `status`, unique enough per Redis.
  await sql`insert into deployment (id) values (substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deployment').ifExists().execute();
}
