// Who published which revision and why: one row per publication (the trigger and run that asked,
// who ran the command, and whether the revision was complete or published with --allow-incomplete).
// Existing published revisions are recorded from what the snapshot itself says.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('snapshot_publications')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer')
    .addColumn('actor', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('snapshot_publications_snapshot').on('snapshot_publications').column('snapshot_id').execute();
  await sql`
    insert into snapshot_publications (snapshot_id, framework, period, published_at, trigger, run_id, actor, reason)
    select s.id, s.framework, s.period, p.published_at, s.trigger, s.run_id, null, case when s.complete then 'complete' else 'allow-incomplete' end
    from published_snapshots p join snapshots s on s.id = p.snapshot_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('snapshot_publications').ifExists().execute();
}
