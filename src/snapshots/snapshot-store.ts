// Immutable, revisioned monthly snapshots: writing a new revision (or recognising identical
// inputs), publishing, and reading revisions back.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import type { IndicatorScore, UnitScore } from '../scoring/score-framework.js';
import type { Db } from '../store/database.js';
import { bulkInsert } from '../store/bulk-insert.js';
import { diffSnapshotRows, type UnitChange } from './snapshot-diff.js';
import type { SourceKind } from '../core/source.js';

export interface StoredIndicator {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly ratio: number | null;
  readonly points: number | null;
  readonly source: SourceKind | null;
  readonly status: IndicatorScore['status'];
}

export interface StoredUnitRow {
  readonly unitCode: string;
  readonly unitName: string;
  readonly rank: number;
  readonly total: number;
  readonly converted: number;
  readonly classification: string;
  readonly indicators: Readonly<Record<string, StoredIndicator>>;
  readonly missing: readonly string[];
}

export type SnapshotStatus = 'published' | 'superseded' | 'incomplete';

export interface SnapshotMeta {
  readonly id: number;
  readonly framework: string;
  readonly period: Period;
  readonly revision: number;
  readonly inputsHash: string;
  readonly complete: boolean;
  readonly status: SnapshotStatus;
  readonly trigger: string;
  readonly runId: number | null;
  readonly unitCount: number;
  readonly changes: readonly UnitChange[];
  readonly createdAt: Date;
}

export interface Snapshot extends SnapshotMeta {
  readonly rows: readonly StoredUnitRow[];
}

export interface WriteSnapshotInput {
  readonly framework: Framework;
  readonly period: Period;
  readonly scores: readonly UnitScore[];
  readonly trigger: string;
  readonly runId?: number | null;
  /** Publish even when some indicators are missing. */
  readonly allowIncomplete?: boolean;
  /** Why the month is incomplete although every indicator has inputs (e.g. a source that failed this run). */
  readonly incompleteReasons?: readonly string[];
}

export interface WriteSnapshotResult {
  readonly snapshot: SnapshotMeta;
  /** false when the inputs equal the latest revision's: nothing was written. */
  readonly created: boolean;
  readonly published: boolean;
}

function toStoredRow(score: UnitScore): StoredUnitRow {
  const indicators: Record<string, StoredIndicator> = {};
  for (const [key, s] of Object.entries(score.indicators)) {
    indicators[key] = { numerator: s.numerator, denominator: s.denominator, ratio: s.ratio, points: s.points, source: s.source, status: s.status };
  }
  return {
    unitCode: score.code,
    unitName: score.name,
    rank: score.rank,
    total: score.total,
    converted: score.converted,
    classification: score.classification,
    indicators,
    missing: score.missing,
  };
}

/**
 * The hash that decides whether a month changed: framework definition, units and every input value used.
 * @example inputsHash(framework, scores) // 'a3f1…' (64 hex)
 */
export function inputsHash(framework: Framework, scores: readonly UnitScore[]): string {
  const lines = [`framework ${framework.key} ${framework.hash}`];
  for (const score of [...scores].sort((a, b) => a.code.localeCompare(b.code))) {
    lines.push(`unit ${score.code} ${score.name}`);
    for (const key of Object.keys(score.indicators).sort()) {
      const indicator = score.indicators[key]!;
      for (const input of [...indicator.inputs].sort((a, b) => a.metric.localeCompare(b.metric))) {
        lines.push(`${key} ${input.source} ${input.metric} ${input.value === null ? 'null' : String(input.value)}`);
      }
    }
  }
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Writes revision N+1 of (framework, period) unless the inputs equal revision N's; publishes it when
 * complete (or allowed). One transaction, serialised per month by an advisory lock.
 */
export async function writeSnapshot(db: Db, input: WriteSnapshotInput): Promise<WriteSnapshotResult> {
  const { framework, period, scores } = input;
  const hash = inputsHash(framework, scores);
  const complete = scores.length > 0 && scores.every((s) => s.missing.length === 0) && !input.incompleteReasons?.length;
  const rows = scores.map(toStoredRow);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`snapshot:${framework.key}:${period}`}))`.execute(trx);
    const latest = await trx
      .selectFrom('snapshots')
      .selectAll()
      .where('framework', '=', framework.key)
      .where('period', '=', period)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Same inputs: nothing new to record — unless the latest revision was stored incomplete (a source
    // had failed) and this time every source delivered the same values, which makes it publishable.
    if (latest && latest.inputs_hash === hash && (latest.complete || !complete)) {
      const meta = await readMeta(trx, latest.id);
      return { snapshot: meta, created: false, published: meta.status === 'published' };
    }
    const previousRows = latest ? await readRows(trx, latest.id) : [];
    const changes = latest ? diffSnapshotRows(previousRows, rows) : [];
    const inserted = await trx
      .insertInto('snapshots')
      .values({
        framework: framework.key,
        framework_hash: framework.hash,
        period,
        revision: (latest?.revision ?? 0) + 1,
        inputs_hash: hash,
        complete,
        trigger: input.trigger,
        run_id: input.runId ?? null,
        unit_count: rows.length,
        changes: JSON.stringify(changes),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await bulkInsert(
      trx,
      'snapshot_rows',
      { snapshot_id: 'int4', unit_code: 'text', unit_name: 'text', rank: 'int4', total: 'float8', converted: 'float8', classification: 'text', indicators: 'jsonb', missing: 'jsonb' },
      rows.map((r) => ({
        snapshot_id: inserted.id,
        unit_code: r.unitCode,
        unit_name: r.unitName,
        rank: r.rank,
        total: r.total,
        converted: r.converted,
        classification: r.classification,
        indicators: r.indicators,
        missing: r.missing,
      })),
    );
    const inputs = new Map<string, { unit_code: string; metric: string; source: string; value: number | null; capture_id: number | null }>();
    for (const score of scores) {
      for (const indicator of Object.values(score.indicators)) {
        for (const v of indicator.inputs) {
          inputs.set(`${score.code}|${v.metric}|${v.source}`, {
            unit_code: score.code,
            metric: v.metric,
            source: v.source,
            value: v.value,
            capture_id: v.captureId ?? null,
          });
        }
      }
    }
    await bulkInsert(
      trx,
      'snapshot_inputs',
      { snapshot_id: 'int4', unit_code: 'text', metric: 'text', source: 'text', value: 'float8', capture_id: 'int4' },
      [...inputs.values()].map((v) => ({ snapshot_id: inserted.id, ...v })),
    );
    const publish = complete || input.allowIncomplete === true;
    if (publish) {
      await trx
        .insertInto('published_snapshots')
        .values({ framework: framework.key, period, snapshot_id: inserted.id })
        .onConflict((oc) => oc.columns(['framework', 'period']).doUpdateSet({ snapshot_id: inserted.id, published_at: new Date() }))
        .execute();
    }
    return { snapshot: await readMeta(trx, inserted.id), created: true, published: publish };
  });
}

async function readRows(db: Db, snapshotId: number): Promise<StoredUnitRow[]> {
  const rows = await db.selectFrom('snapshot_rows').selectAll().where('snapshot_id', '=', snapshotId).orderBy('rank').execute();
  return rows.map((r) => ({
    unitCode: r.unit_code,
    unitName: r.unit_name,
    rank: r.rank,
    total: r.total,
    converted: r.converted,
    classification: r.classification,
    indicators: r.indicators as unknown as Record<string, StoredIndicator>,
    missing: r.missing,
  }));
}

function metaQuery(db: Db) {
  return db
    .selectFrom('snapshots as s')
    .leftJoin('published_snapshots as p', (j) => j.onRef('p.framework', '=', 's.framework').onRef('p.period', '=', 's.period'))
    .select([
      's.id',
      's.framework',
      's.period',
      's.revision',
      's.inputs_hash',
      's.complete',
      's.trigger',
      's.run_id',
      's.unit_count',
      's.changes',
      's.created_at',
      'p.snapshot_id as published_id',
    ]);
}

type MetaRow = Awaited<ReturnType<ReturnType<typeof metaQuery>['executeTakeFirstOrThrow']>>;

function toMeta(r: MetaRow): SnapshotMeta {
  const status: SnapshotStatus = r.published_id === r.id ? 'published' : r.complete ? 'superseded' : 'incomplete';
  return {
    id: r.id,
    framework: r.framework,
    period: r.period as Period,
    revision: r.revision,
    inputsHash: r.inputs_hash,
    complete: r.complete,
    status,
    trigger: r.trigger,
    runId: r.run_id,
    unitCount: r.unit_count,
    changes: r.changes as unknown as UnitChange[],
    createdAt: new Date(r.created_at),
  };
}

async function readMeta(db: Db, id: number): Promise<SnapshotMeta> {
  return toMeta(await metaQuery(db).where('s.id', '=', id).executeTakeFirstOrThrow());
}

/** Every revision of (framework, period), oldest first. */
export async function listRevisions(db: Db, framework: string, period: Period): Promise<SnapshotMeta[]> {
  const rows = await metaQuery(db).where('s.framework', '=', framework).where('s.period', '=', period).orderBy('s.revision').execute();
  return rows.map(toMeta);
}

/**
 * Reads one revision with its rows: the given revision, else the published one, else the latest.
 * @example await readSnapshot(db, 'dien-bien-xa-2023', period) // published revision
 */
export async function readSnapshot(db: Db, framework: string, period: Period, revision?: number): Promise<Snapshot | undefined> {
  let query = metaQuery(db).where('s.framework', '=', framework).where('s.period', '=', period);
  if (revision !== undefined) query = query.where('s.revision', '=', revision);
  const candidates = (await query.orderBy('s.revision', 'desc').execute()).map(toMeta);
  const chosen = revision !== undefined ? candidates[0] : (candidates.find((c) => c.status === 'published') ?? candidates[0]);
  if (!chosen) return undefined;
  return { ...chosen, rows: await readRows(db, chosen.id) };
}

/** Provenance of a revision: each input value with its source and capture. */
export async function snapshotInputs(db: Db, snapshotId: number) {
  return db
    .selectFrom('snapshot_inputs as i')
    .leftJoin('captures as c', 'c.id', 'i.capture_id')
    .select(['i.unit_code', 'i.metric', 'i.source', 'i.value', 'i.capture_id', 'c.file_name', 'c.sha256', 'c.captured_at'])
    .where('i.snapshot_id', '=', snapshotId)
    .orderBy('i.unit_code')
    .orderBy('i.metric')
    .execute();
}
