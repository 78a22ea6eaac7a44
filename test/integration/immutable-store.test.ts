// What a published snapshot rests on cannot be removed by any statement (UPDATE, DELETE, TRUNCATE),
// raw captures are never deleted, and replacing one capture's reading of a month lets the month's
// current values fall back to the newest other capture — on Postgres and PGlite alike.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { parsePeriod } from '../../src/core/period.js';
import { scoreMonth } from '../../src/pipeline/score-month.js';
import { archiveCapture } from '../../src/store/capture-archive.js';
import { currentMetricValues, storeParseResults } from '../../src/store/metric-store.js';
import { TRUNCATE_REFUSED_TABLES } from '../../schema/migrations/0006-capture-uses.js';
import { describeEachBackend } from '../support/backends.js';
import { exampleCounts } from '../support/example-month.js';

const period = parsePeriod('2023-09');

async function capture(ctx: AppContext, tag: string): Promise<number> {
  const raw = { source: 'template' as const, period, scope: null, fileName: `${tag}.csv`, mediaType: 'text/csv', content: { kind: 'bytes' as const, bytes: new TextEncoder().encode(tag) }, metadata: {} };
  return (await archiveCapture(ctx.store.db, raw, { dataDir: ctx.config.dataDir, inlineMaxBytes: 1 << 20 })).capture.id;
}

describeEachBackend('immutability of published rows', (get) => {
  it('refuses TRUNCATE on every table a published snapshot rests on, and DELETE of captures', async () => {
    const ctx = get();
    const id = await capture(ctx, 'published');
    const rows = [...exampleCounts()].flatMap(([unitCode, values]) => Object.entries(values).map(([metric, value]) => ({ period, unitCode, metric, value, location: {} })));
    await storeParseResults(ctx.store.db, { id, source: 'template', period }, rows, []);
    const scored = await scoreMonth(ctx, { period, trigger: 'manual' });
    expect(scored.snapshot.status).toBe('published');

    expect(TRUNCATE_REFUSED_TABLES).toEqual(['snapshots', 'snapshot_rows', 'snapshot_inputs', 'published_snapshots', 'captures']);
    for (const table of ['snapshots', 'snapshot_rows', 'snapshot_inputs', 'published_snapshots']) {
      await expect(sql`truncate ${sql.table(table)} cascade`.execute(ctx.store.db)).rejects.toThrow(/immutable \(TRUNCATE on/);
    }
    await expect(sql`truncate captures cascade`.execute(ctx.store.db)).rejects.toThrow(/raw captures are never deleted \(TRUNCATE on captures\)/);
    await expect(sql`delete from captures`.execute(ctx.store.db)).rejects.toThrow(/raw captures are never deleted \(DELETE on captures\)/);
    await expect(sql`delete from snapshot_inputs`.execute(ctx.store.db)).rejects.toThrow(/immutable/);
    // Who published which revision and why is kept the same way.
    await expect(sql`update snapshot_publications set reason = 'x'`.execute(ctx.store.db)).rejects.toThrow(/immutable \(UPDATE on snapshot_publications\)/);
    await expect(sql`delete from snapshot_publications`.execute(ctx.store.db)).rejects.toThrow(/immutable \(DELETE on snapshot_publications\)/);
    await expect(sql`truncate snapshot_publications`.execute(ctx.store.db)).rejects.toThrow(/immutable \(TRUNCATE on snapshot_publications\)/);

    const count = async (table: 'snapshot_rows' | 'captures' | 'published_snapshots') =>
      Number((await ctx.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('snapshot_rows')).toBe(12);
    expect(await count('published_snapshots')).toBe(1);
    expect(await count('captures')).toBeGreaterThan(0);
  });

  it('replacing a newer capture’s reading of a month falls back to the older capture’s values', async () => {
    const ctx = get();
    const month = parsePeriod('2023-05');
    const key = { period: month, unitCode: '03127', metric: 'paid_online', location: {} };
    const older = await capture(ctx, 'older');
    const newer = await capture(ctx, 'newer');
    await storeParseResults(ctx.store.db, { id: older, source: 'template', period: month }, [{ ...key, value: 1 }], []);
    await storeParseResults(ctx.store.db, { id: newer, source: 'template', period: month }, [{ ...key, value: 2 }], [{ location: {}, found: null, expected: null, reason: 'x' }]);
    const current = async () => (await currentMetricValues(ctx.store.db, month, { units: ['03127'], metrics: ['paid_online'] })).map((v) => [v.source, v.value, v.captureId]);
    expect(await current()).toEqual([['template', 2, newer]]);

    const replaced = await storeParseResults(ctx.store.db, { id: newer, source: 'one-door', period: month }, [{ ...key, value: 7 }], [], null, { replace: true });
    expect(replaced).toEqual({ source: 'template', values: 1, problems: 1 });
    const sorted = (await current()).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(sorted).toEqual([
      ['one-door', 7, newer],
      ['template', 1, older],
    ]);
    const uses = await ctx.store.db.selectFrom('capture_uses').select(['capture_id', 'source', 'metrics', 'problems']).where('period', '=', month).orderBy('capture_id').execute();
    expect(uses).toEqual([
      { capture_id: older, source: 'template', metrics: 1, problems: 0 },
      { capture_id: newer, source: 'one-door', metrics: 1, problems: 0 },
    ]);
  });
});
