// Unit ids learned from a source (portal departmentId → commune or provincial department): the next
// answer resolves a unit by its id even when its name drifts; a re-issued id replaces the old one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit_links')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('external_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('capture_id', 'integer', (c) => c.references('captures.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(db.fn('now')))
    .addPrimaryKeyConstraint('unit_links_pk', ['source', 'external_id'])
    .execute();
  await db.schema.createIndex('unit_links_province').on('unit_links').columns(['source', 'province_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unit_links').ifExists().execute();
}
