// Migration 0003 keeps source_freshness from the runs' stages: on update as stages are recorded,
// and once for runs recorded before the migration. Only captures that succeeded and delivered count.
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../schema/migrations/index.js';
import { parsePeriod } from '../../src/core/period.js';
import { createRun, recordStage } from '../../src/runs/run-store.js';
import { migrateToLatest, openMemoryStore } from '../../src/store/database.js';

const stage = (name: string, status: 'succeeded' | 'failed' | 'running', finishedAt: string, detail: Record<string, unknown> = { status: 'delivered' }) => ({
  name,
  status,
  startedAt: finishedAt,
  ...(status === 'running' ? {} : { finishedAt, ms: 10 }),
  detail,
});

describe('source_freshness (migration 0003)', () => {
  it('fills itself from runs recorded before the migration, then follows new stages', async () => {
    const store = await openMemoryStore();
    try {
      const migrator = new Migrator({ db: store.db, provider: migrationProvider });
      expect((await migrator.migrateTo('0002-runs')).error).toBeUndefined();
      const period = parsePeriod('2023-09');
      // A run as the code of migration 0002 wrote it (today's createRun writes columns added later).
      const old = await store.db
        .insertInto('runs')
        .values({ trigger: 'nightly', framework: 'f', period, status: 'running', sources: JSON.stringify(['capture:portal:11']) } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordStage(store.db, old.id, stage('capture:portal:11', 'succeeded', '2023-10-01T21:00:00.000Z'));
      await recordStage(store.db, old.id, stage('capture:one-door:11', 'succeeded', '2023-10-01T21:01:00.000Z', { status: 'empty' }));
      await store.db.updateTable('runs').set({ status: 'succeeded' }).where('id', '=', old.id).execute();
      await migrateToLatest(store.db);
      const read = () => store.db.selectFrom('source_freshness').selectAll().orderBy('source').execute();
      expect((await read()).map((r) => [r.source, r.province_code, new Date(r.last_success_at).toISOString(), r.run_id])).toEqual([['portal', '11', '2023-10-01T21:00:00.000Z', old.id]]);

      const { run } = await createRun(store.db, { trigger: 'manual', framework: 'f', period, sources: ['capture:portal:11', 'capture:portal-legacy:11'] });
      await recordStage(store.db, run.id, stage('capture:portal:11', 'running', '2023-10-02T21:00:00.000Z'));
      await recordStage(store.db, run.id, stage('capture:portal:11', 'failed', '2023-10-02T21:00:05.000Z'));
      await recordStage(store.db, run.id, stage('capture:portal-legacy:11', 'succeeded', '2023-10-02T21:00:09.000Z'));
      expect((await read()).map((r) => [r.source, new Date(r.last_success_at).toISOString(), r.run_id])).toEqual([
        ['portal', '2023-10-01T21:00:00.000Z', old.id], // a failure does not move it
        ['portal-legacy', '2023-10-02T21:00:09.000Z', run.id],
      ]);
    } finally {
      await store.close();
    }
  });
});
