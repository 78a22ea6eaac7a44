// The publication history (0008: who published which revision, and why) is part of what a published
// month rests on: like the revisions themselves, its rows are never changed, deleted or truncated.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger snapshot_publications_immutable before update or delete on snapshot_publications
    for each row execute function refuse_snapshot_change()`.execute(db);
  await sql`create trigger snapshot_publications_no_truncate before truncate on snapshot_publications
    for each statement execute function refuse_snapshot_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists snapshot_publications_no_truncate on snapshot_publications`.execute(db);
  await sql`drop trigger if exists snapshot_publications_immutable on snapshot_publications`.execute(db);
}
