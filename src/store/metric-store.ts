// Canonical metric values and quarantined problems, written per capture in one transaction, and
// the current value of each (source, unit, metric) for a period: the one from the newest capture.
import { sql } from './kysely.js';
import type { MetricRow, ParseProblem } from '../core/connector-contract.js';
import type { Period } from '../core/period.js';
import type { MetricInput } from '../scoring/score-framework.js';
import { forEachChunk, unnestRows, type ColumnType } from './bulk-insert.js';
import type { Db } from './database.js';
import type { SourceKind } from '../core/source.js';

const BATCH = 500;

const METRIC_VALUE_COLUMNS = {
  capture_id: 'int4',
  period: 'text',
  unit_code: 'text',
  metric: 'text',
  source: 'text',
  value: 'float8',
  location: 'jsonb',
} as const satisfies Record<string, ColumnType>;

/**
 * Stores a capture's parse results for a month, records that use of the capture and marks it parsed,
 * atomically; with `replace`, an earlier reading of the capture for that month is removed first.
 * @example await storeParseResults(db, capture.id, 'template', rows, problems)
 */
export async function storeParseResults(
  db: Db,
  capture: { id: number; source: SourceKind; period: Period | null },
  rows: readonly MetricRow[],
  problems: readonly ParseProblem[],
  runId: number | null = null,
  options: StoreOptions = {},
): Promise<ReplacedUse | null> {
  return db.transaction().execute(async (trx) => {
    // A capture's values can always be parsed again from its archived bytes, and nothing is published
    // from them until a snapshot is written (which stays fully synchronous): this commit need not wait
    // for its WAL flush. On a crash the capture is simply imported again by the next run.
    await sql`set local synchronous_commit = off`.execute(trx);
    const replaced = options.replace && capture.period !== null ? await removeCaptureUse(trx, capture.id, capture.period) : null;
    const values = rows.map((r) => ({ capture_id: capture.id, period: r.period, unit_code: r.unitCode, metric: r.metric, source: capture.source, value: r.value, location: r.location }));
    // One statement per chunk: store the values and, from the rows just inserted, keep the newest value
    // per key in metric_current — a later capture (or a later row of the same capture) replaces an older
    // one, never the reverse, whatever order concurrent workers commit in.
    await forEachChunk(values, (chunk) =>
      sql`with inserted as (
            insert into metric_values ${unnestRows(METRIC_VALUE_COLUMNS, chunk)}
            returning id, period, source, unit_code, metric, value, capture_id)
          insert into metric_current (period, source, unit_code, metric, value, capture_id, metric_value_id)
          select distinct on (period, source, unit_code, metric) period, source, unit_code, metric, value, capture_id, id
          from inserted
          order by period, source, unit_code, metric, id desc
          on conflict (period, source, unit_code, metric) do update
            set value = excluded.value, capture_id = excluded.capture_id, metric_value_id = excluded.metric_value_id
            where excluded.capture_id > metric_current.capture_id
               or (excluded.capture_id = metric_current.capture_id and excluded.metric_value_id > metric_current.metric_value_id)`.execute(trx),
    );
    await insertProblems(trx, capture, problems, runId);
    if (capture.period !== null) {
      const use = { source: capture.source, metrics: rows.length, problems: options.problemCount ?? problems.length, run_id: runId, used_at: new Date() };
      await trx
        .insertInto('capture_uses')
        .values({ capture_id: capture.id, period: capture.period, ...use })
        .onConflict((oc) => oc.columns(['capture_id', 'period']).doUpdateSet(use))
        .execute();
    }
    await trx.updateTable('captures').set({ parsed_at: new Date(), parse_error: null }).where('id', '=', capture.id).execute();
    return replaced;
  });
}

export interface StoreOptions {
  /** Remove what an earlier reading of this capture for the same month stored first (see removeCaptureUse). */
  readonly replace?: boolean;
  /** Problems found in all, when only the first ones are kept in quarantine. */
  readonly problemCount?: number;
}

/** What an earlier reading of a capture for a month had stored, now replaced. */
export interface ReplacedUse {
  readonly source: string | null;
  readonly values: number;
  readonly problems: number;
}

/** How a capture was last read for a month (kind, values, problems), or undefined. */
export async function findCaptureUse(db: Db, captureId: number, period: Period) {
  return db.selectFrom('capture_uses').select(['source', 'metrics', 'problems', 'used_at']).where('capture_id', '=', captureId).where('period', '=', period).executeTakeFirst();
}

/**
 * Removes one capture's values and quarantined problems for one month (a reading under another kind
 * replaces them); metric_current falls back to the newest remaining value of each key it held.
 */
async function removeCaptureUse(trx: Db, captureId: number, period: Period): Promise<ReplacedUse> {
  const use = await findCaptureUse(trx, captureId, period);
  const values = await trx.deleteFrom('metric_values').where('capture_id', '=', captureId).where('period', '=', period).executeTakeFirst();
  const keys = await trx.deleteFrom('metric_current').where('capture_id', '=', captureId).where('period', '=', period).returning(['source', 'unit_code', 'metric']).execute();
  await forEachChunk(keys, (chunk) =>
    sql`insert into metric_current (period, source, unit_code, metric, value, capture_id, metric_value_id)
        select distinct on (v.source, v.unit_code, v.metric) v.period, v.source, v.unit_code, v.metric, v.value, v.capture_id, v.id
        from metric_values v
        join unnest(${chunk.map((k) => k.source)}::text[], ${chunk.map((k) => k.unit_code)}::text[], ${chunk.map((k) => k.metric)}::text[]) as k(source, unit_code, metric)
          on v.source = k.source and v.unit_code = k.unit_code and v.metric = k.metric
        where v.period = ${period}
        order by v.source, v.unit_code, v.metric, v.capture_id desc, v.id desc`.execute(trx),
  );
  const problems = await trx.deleteFrom('quarantine').where('capture_id', '=', captureId).where('period', '=', period).executeTakeFirst();
  await trx.deleteFrom('capture_uses').where('capture_id', '=', captureId).where('period', '=', period).execute();
  return { source: use?.source ?? null, values: Number(values.numDeletedRows), problems: Number(problems.numDeletedRows) };
}

/** Records problems in quarantine (also used when a whole capture is unreadable). */
export async function insertProblems(
  db: Db,
  capture: { id: number | null; source: string; period: string | null },
  problems: readonly ParseProblem[],
  runId: number | null = null,
): Promise<void> {
  for (let i = 0; i < problems.length; i += BATCH) {
    await db
      .insertInto('quarantine')
      .values(
        problems.slice(i, i + BATCH).map((p) => ({
          capture_id: capture.id,
          run_id: runId,
          period: capture.period,
          source: capture.source,
          location: JSON.stringify(p.location),
          found: p.found,
          expected: p.expected,
          reason: p.reason,
        })),
      )
      .execute();
  }
}

/** Marks a capture as unreadable as a whole (kept in the archive, never deleted). */
export async function markCaptureUnreadable(db: Db, captureId: number, message: string): Promise<void> {
  await db.updateTable('captures').set({ parse_error: message }).where('id', '=', captureId).execute();
}

/**
 * The current value of every (source, unit, metric) of a period: the newest capture wins within a source.
 * @example await currentMetricValues(db, period, { units: ['03127'], metrics: ['received_online'] })
 */
export async function currentMetricValues(
  db: Db,
  period: Period,
  filter: { units?: readonly string[]; metrics?: readonly string[] } = {},
): Promise<MetricInput[]> {
  let query = db.selectFrom('metric_current').select(['unit_code', 'metric', 'source', 'value', 'capture_id']).where('period', '=', period);
  if (filter.units) {
    if (filter.units.length === 0) return [];
    query = query.where('unit_code', 'in', [...filter.units]);
  }
  if (filter.metrics) {
    if (filter.metrics.length === 0) return [];
    query = query.where('metric', 'in', [...filter.metrics]);
  }
  const rows = await query.execute();
  return rows.map((r) => ({ unitCode: r.unit_code, metric: r.metric, source: r.source as SourceKind, value: r.value, captureId: r.capture_id }));
}

/** Quarantined problems of a period (newest first). */
export async function quarantineFor(db: Db, period: Period, limit = 1000) {
  return db.selectFrom('quarantine').selectAll().where('period', '=', period).orderBy('id', 'desc').limit(limit).execute();
}

/** Counts of quarantined problems per source for a period. */
export async function quarantineCounts(db: Db, period: Period): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('quarantine')
    .select(['source', sql<number>`count(*)::int`.as('n')])
    .where('period', '=', period)
    .groupBy('source')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.source, r.n]));
}
