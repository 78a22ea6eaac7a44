import { expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { scoreMonth } from '../../src/pipeline/score-month.js';
import { listRevisions, readSnapshot } from '../../src/snapshots/snapshot-store.js';
import { archiveCapture } from '../../src/store/capture-archive.js';
import { storeParseResults } from '../../src/store/metric-store.js';
import type { AppContext } from '../../src/app-context.js';
import { describeEachBackend } from '../support/backends.js';
import { exampleCounts } from '../support/example-month.js';
import { sql } from 'kysely';

const period = parsePeriod('2023-09');

async function storeCounts(ctx: AppContext, counts: Map<string, Record<string, number>>, tag: string, month = period): Promise<number> {
  const bytes = new TextEncoder().encode(`${tag}\n${JSON.stringify([...counts])}`);
  const { capture } = await archiveCapture(
    ctx.store.db,
    { source: 'template', period: month, scope: null, fileName: `${tag}.csv`, mediaType: 'text/csv', content: { kind: 'bytes', bytes }, metadata: {} },
    { dataDir: ctx.config.dataDir, inlineMaxBytes: 1 << 20 },
  );
  const rows = [...counts].flatMap(([unitCode, values]) =>
    Object.entries(values).map(([metric, value]) => ({ period: month, unitCode, metric, value, location: { file: `${tag}.csv` } })),
  );
  await storeParseResults(ctx.store.db, { id: capture.id, source: 'template', period: month }, rows, []);
  return capture.id;
}

// Every test scores its own month, so each stands alone and in any order on the shared store.

describeEachBackend('snapshot revisions', (get) => {
  it('reproduces the seed ranking and writes revision 1', async () => {
    const ctx = get();
    await storeCounts(ctx, exampleCounts(), 'first');
    const result = await scoreMonth(ctx, { period, trigger: 'manual' });
    expect(result.created).toBe(true);
    expect(result.snapshot).toMatchObject({ revision: 1, status: 'published', complete: true, unitCount: 12 });
    const snapshot = await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', period);
    expect(snapshot!.rows[0]!.unitName).toBe('UBND phường Him Lam');
    expect(snapshot!.rows[11]!.unitName).toBe('UBND phường Thanh Bình');
  });

  it('identical inputs create no new revision', async () => {
    const ctx = get();
    const august = parsePeriod('2023-08');
    await storeCounts(ctx, exampleCounts(), 'august', august);
    const first = await scoreMonth(ctx, { period: august, trigger: 'manual' });
    expect(first).toMatchObject({ created: true, published: true });
    const again = await scoreMonth(ctx, { period: august, trigger: 'manual' });
    expect(again.created).toBe(false);
    expect(again.snapshot.revision).toBe(1);
    expect(await listRevisions(ctx.store.db, 'dien-bien-xa-2023', august)).toHaveLength(1);
  });

  it('one changed count creates revision 2 and keeps revision 1 intact', async () => {
    const ctx = get();
    const july = parsePeriod('2023-07');
    await storeCounts(ctx, exampleCounts(), 'july', july);
    expect((await scoreMonth(ctx, { period: july, trigger: 'manual' })).snapshot.revision).toBe(1);
    const before = await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', july, 1);
    const counts = exampleCounts();
    counts.get('03127')!.paid_online = 40; // Him Lam: 21 → 40 paid online
    await storeCounts(ctx, counts, 'july-second', july);
    const result = await scoreMonth(ctx, { period: july, trigger: 'manual' });
    expect(result.snapshot.revision).toBe(2);
    const revisions = await listRevisions(ctx.store.db, 'dien-bien-xa-2023', july);
    expect(revisions.map((r) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    const change = revisions[1]!.changes.find((c) => c.unitCode === '03127')!;
    expect(change.fields.map((f) => f.field)).toContain('dvtt_2.numerator');
    const rev1 = await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', july, 1);
    // Only the derived status moved (published → superseded); the revision itself is unchanged.
    expect({ ...rev1, status: 'published' }).toEqual(before);
    expect(rev1!.status).toBe('superseded');
    expect(rev1!.rows.find((r) => r.unitCode === '03127')!.indicators.dvtt_2!.numerator).toBe(21);
    const rev2 = await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', july, 2);
    expect(rev2!.rows.find((r) => r.unitCode === '03127')!.indicators.dvtt_2!.numerator).toBe(40);
  });

  it('refuses to modify a stored revision', async () => {
    const ctx = get();
    const june = parsePeriod('2023-06');
    await storeCounts(ctx, exampleCounts(), 'june', june);
    const { snapshot } = await scoreMonth(ctx, { period: june, trigger: 'manual' });
    await expect(sql`update snapshot_rows set total = 0 where snapshot_id = ${snapshot.id}`.execute(ctx.store.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from snapshots where id = ${snapshot.id}`.execute(ctx.store.db)).rejects.toThrow(/immutable/);
    expect((await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', june))!.rows).toHaveLength(12);
  });

  it('stores incomplete months unpublished unless allowed', async () => {
    const ctx = get();
    const partial = () => new Map([...exampleCounts()].slice(0, 3).map(([code, values]) => [code, values]));
    const october = parsePeriod('2023-10');
    await storeCounts(ctx, partial(), 'october', october);
    const result = await scoreMonth(ctx, { period: october, trigger: 'manual' });
    expect(result.snapshot).toMatchObject({ revision: 1, complete: false, status: 'incomplete' });
    expect(result.published).toBe(false);
    // Allowing it afterwards with the same inputs writes no new revision: it publishes revision 1.
    const allowedLater = await scoreMonth(ctx, { period: october, trigger: 'manual', allowIncomplete: true });
    expect(allowedLater).toMatchObject({ created: false, published: true });
    expect(allowedLater.snapshot).toMatchObject({ revision: 1, complete: false, status: 'published' });
    expect(await listRevisions(ctx.store.db, 'dien-bien-xa-2023', october)).toHaveLength(1);
    expect(await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', october)).toMatchObject({ revision: 1, status: 'published' });

    const may = parsePeriod('2023-05');
    await storeCounts(ctx, partial(), 'may', may);
    const allowed = await scoreMonth(ctx, { period: may, trigger: 'manual', allowIncomplete: true });
    expect(allowed).toMatchObject({ created: true, published: true });
    expect(allowed.snapshot).toMatchObject({ revision: 1, complete: false, status: 'published' });
    const published = await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', may);
    expect(published).toMatchObject({ revision: 1, status: 'published', complete: false });
    expect(published!.rows.filter((r) => r.missing.length > 0).length).toBeGreaterThan(0);
  });

  it('serialises concurrent writers of the same month: one revision per distinct input', async () => {
    const ctx = get();
    const november = parsePeriod('2023-11');
    await storeCounts(ctx, exampleCounts(), 'november', november);
    const results = await Promise.all([1, 2, 3, 4].map(() => scoreMonth(ctx, { period: november, trigger: 'nightly' })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await listRevisions(ctx.store.db, 'dien-bien-xa-2023', november)).toHaveLength(1);
  });

  it('an incomplete revision becomes publishable when the same values later arrive from every source', async () => {
    const ctx = get();
    const december = parsePeriod('2023-12');
    await storeCounts(ctx, exampleCounts(), 'december', december);
    const failed = await scoreMonth(ctx, { period: december, trigger: 'nightly', incompleteReasons: ['Cổng DVCQG: HTTP 500'] });
    expect(failed.snapshot).toMatchObject({ revision: 1, complete: false, status: 'incomplete' });
    const again = await scoreMonth(ctx, { period: december, trigger: 'nightly', incompleteReasons: ['Cổng DVCQG: HTTP 500'] });
    expect(again.created).toBe(false); // still failing: no new revision each night
    const healed = await scoreMonth(ctx, { period: december, trigger: 'nightly' });
    expect(healed).toMatchObject({ created: true, published: true });
    expect(healed.snapshot).toMatchObject({ revision: 2, complete: true, status: 'published' });
    const unchanged = await scoreMonth(ctx, { period: december, trigger: 'nightly', incompleteReasons: ['Cổng DVCQG: HTTP 500'] });
    expect(unchanged).toMatchObject({ created: false, published: true }); // a later failure does not unpublish it
  });
});
