// The newest value per (period, source, unit, metric) is what scoring reads: a later capture wins,
// whatever order the captures are stored in, and sources never overwrite each other.
import { expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { archiveCapture } from '../../src/store/capture-archive.js';
import { currentMetricValues, storeParseResults } from '../../src/store/metric-store.js';
import type { AppContext } from '../../src/app-context.js';
import { describeEachBackend } from '../support/backends.js';
import type { SourceKind } from '../../src/core/source.js';

const period = parsePeriod('2023-09');

async function capture(ctx: AppContext, tag: string, source: SourceKind = 'template'): Promise<number> {
  const { capture } = await archiveCapture(
    ctx.store.db,
    { source, period, scope: null, fileName: tag, mediaType: 'text/plain', content: { kind: 'bytes', bytes: new TextEncoder().encode(tag) }, metadata: {} },
    { dataDir: ctx.config.dataDir, inlineMaxBytes: 1024 },
  );
  return capture.id;
}

const store = (ctx: AppContext, id: number, source: SourceKind, values: [string, number | null][]) =>
  storeParseResults(ctx.store.db, { id, source, period }, values.map(([metric, value], i) => ({ period, unitCode: '03127', metric, value, location: { row: i + 1 } })), []);

describeEachBackend('current metric values', (get) => {
  it('a later capture wins even when stored first; a source never overwrites another', async () => {
    const ctx = get();
    const older = await capture(ctx, 'older');
    const newer = await capture(ctx, 'newer');
    await store(ctx, newer, 'template', [['paid_online', 30]]);
    await store(ctx, older, 'template', [['paid_online', 10], ['fee_dossiers', 50]]); // arrives late
    const portal = await capture(ctx, 'portal', 'portal');
    await store(ctx, portal, 'portal', [['paid_online', 21]]);
    const values = await currentMetricValues(ctx.store.db, period);
    const byKey = Object.fromEntries(values.map((v) => [`${v.source}:${v.metric}`, [v.value, v.captureId]]));
    expect(byKey).toEqual({
      'template:paid_online': [30, newer],
      'template:fee_dossiers': [50, older],
      'portal:paid_online': [21, portal],
    });
  });

  it('within one capture the last row of a key wins, and null stays null', async () => {
    const ctx = get();
    const id = await capture(ctx, 'twice');
    await store(ctx, id, 'one-door', [['received_online', 5], ['received_online', 7], ['carried_over', null]]);
    const values = await currentMetricValues(ctx.store.db, period, { metrics: ['received_online', 'carried_over'] });
    expect(values.filter((v) => v.source === 'one-door').map((v) => [v.metric, v.value]).sort()).toEqual([
      ['carried_over', null],
      ['received_online', 7],
    ]);
  });
});
