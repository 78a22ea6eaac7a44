// The embedded store's dialect: PGlite has one session, so concurrent transactions must take turns.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest, openMemoryStore, type Store } from '../../src/store/database.js';

let store: Store;
beforeAll(async () => {
  store = await openMemoryStore();
  await migrateToLatest(store.db);
});
afterAll(async () => store.close());

const capture = (sha: string) => ({ source: 'template', sha256: sha, media_type: 'text/plain', size_bytes: 1, content: new Uint8Array([1]), metadata: '{}' });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('keeps both rows of two concurrent transactions', async () => {
  const first = store.db.transaction().execute(async (trx) => {
    await trx.insertInto('captures').values(capture('a')).execute();
    await pause(30); // the other transaction tries to run now
    await trx.insertInto('captures').values(capture('b')).execute();
  });
  const second = store.db.transaction().execute(async (trx) => {
    await trx.insertInto('captures').values(capture('c')).execute();
  });
  await Promise.all([first, second]);
  const rows = await store.db.selectFrom('captures').select('sha256').orderBy('sha256').execute();
  expect(rows.map((r) => r.sha256)).toEqual(['a', 'b', 'c']);
});

it("does not let a rollback take a concurrent transaction's rows with it", async () => {
  const failing = store.db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('captures').values(capture('d')).execute();
      await pause(30);
      throw new Error('boom');
    })
    .catch((e: Error) => e.message);
  const succeeding = store.db.transaction().execute(async (trx) => {
    await trx.insertInto('captures').values(capture('e')).execute();
  });
  const [message] = await Promise.all([failing, succeeding]);
  expect(message).toBe('boom');
  const rows = await store.db.selectFrom('captures').select('sha256').where('sha256', 'in', ['d', 'e']).execute();
  expect(rows.map((r) => r.sha256)).toEqual(['e']);
  // the session is usable afterwards, outside any transaction
  expect((await sql<{ n: number }>`select 1 as n`.execute(store.db)).rows[0]!.n).toBe(1);
});
