// Immutable, revisioned monthly snapshots: writing a new revision (or recognising identical
// inputs), publishing, and reading revisions back.
import { createHash } from 'node:crypto';
import { sql } from '../store/kysely.js';
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

/** A revision's publication: when, asked by which trigger/run/person, and why. */
export interface SnapshotPublication {
  readonly publishedAt: Date;
  readonly trigger: string;
  readonly runId: number | null;
  /** Who ran the command ("user@host") or which dashboard role; null for scheduled runs. */
  readonly actor: string | null;
  /** 'complete': every indicator and source delivered; 'allow-incomplete': published on purpose although not. */
  readonly reason: 'complete' | 'allow-incomplete';
}

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
  /** The latest publication of this revision (it may have been superseded since); null if never published. */
  readonly publication: SnapshotPublication | null;
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
  /** Who asked, recorded with a publication ("user@host" from the CLI, the dashboard role…). */
  readonly actor?: string | null;
}

export interface WriteSnapshotResult {
  readonly snapshot: SnapshotMeta;
  /** false when the inputs equal the latest revision's: nothing was written. */
  readonly created: boolean;
  readonly published: boolean;
  /** This call published a revision (a new one, or the unchanged incomplete one with allowIncomplete). */
  readonly publishedNow: boolean;
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
      // The operator now asks to publish the unchanged incomplete revision (README: score, then
      // score --allow-incomplete): publish that revision rather than refuse for ever.
      if (meta.status !== 'published' && !meta.complete && input.allowIncomplete === true) {
        await publish(trx, meta.id, { framework: framework.key, period, trigger: input.trigger, runId: input.runId ?? null, actor: input.actor ?? null, reason: 'allow-incomplete' });
        return { snapshot: await readMeta(trx, latest.id), created: false, published: true, publishedNow: true };
      }
      return { snapshot: meta, created: false, published: meta.status === 'published', publishedNow: false };
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
    const publishable = complete || input.allowIncomplete === true;
    if (publishable) {
      await publish(trx, inserted.id, { framework: framework.key, period, trigger: input.trigger, runId: input.runId ?? null, actor: input.actor ?? null, reason: complete ? 'complete' : 'allow-incomplete' });
    }
    return { snapshot: await readMeta(trx, inserted.id), created: true, published: publishable, publishedNow: publishable };
  });
}

/** Makes a revision the month's published one and records who asked and why. */
async function publish(trx: Db, snapshotId: number, who: { framework: string; period: Period; trigger: string; runId: number | null; actor: string | null; reason: SnapshotPublication['reason'] }): Promise<void> {
  const at = new Date();
  await trx
    .insertInto('published_snapshots')
    .values({ framework: who.framework, period: who.period, snapshot_id: snapshotId, published_at: at })
    .onConflict((oc) => oc.columns(['framework', 'period']).doUpdateSet({ snapshot_id: snapshotId, published_at: at }))
    .execute();
  await trx
    .insertInto('snapshot_publications')
    .values({ snapshot_id: snapshotId, framework: who.framework, period: who.period, published_at: at, trigger: who.trigger, run_id: who.runId, actor: who.actor, reason: who.reason })
    .execute();
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

function toMeta(r: MetaRow, publication: SnapshotPublication | null = null): SnapshotMeta {
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
    publication,
  };
}

/** Meta rows with each revision's latest publication. */
async function toMetas(db: Db, rows: readonly MetaRow[]): Promise<SnapshotMeta[]> {
  if (!rows.length) return [];
  const publications = await db
    .selectFrom('snapshot_publications')
    .selectAll()
    .where('snapshot_id', 'in', rows.map((r) => r.id))
    .orderBy('id')
    .execute();
  const latest = new Map<number, SnapshotPublication>();
  for (const p of publications) {
    latest.set(p.snapshot_id, { publishedAt: new Date(p.published_at), trigger: p.trigger, runId: p.run_id, actor: p.actor, reason: p.reason });
  }
  return rows.map((r) => toMeta(r, latest.get(r.id) ?? null));
}

async function readMeta(db: Db, id: number): Promise<SnapshotMeta> {
  return (await toMetas(db, [await metaQuery(db).where('s.id', '=', id).executeTakeFirstOrThrow()]))[0]!;
}

/** Every revision of (framework, period), oldest first. */
export async function listRevisions(db: Db, framework: string, period: Period): Promise<SnapshotMeta[]> {
  return toMetas(db, await metaQuery(db).where('s.framework', '=', framework).where('s.period', '=', period).orderBy('s.revision').execute());
}

/** The frameworks (`qd766-2022@52` scoped ones too) with at least one revision for a period, sorted. */
export async function frameworksScored(db: Db, period: Period): Promise<string[]> {
  const rows = await db.selectFrom('snapshots').select('framework').distinct().where('period', '=', period).orderBy('framework').execute();
  return rows.map((r) => r.framework);
}

/**
 * Reads one revision with its rows: the given revision, else the published one, else the latest.
 * @example await readSnapshot(db, 'dien-bien-xa-2023', period) // published revision
 */
export async function readSnapshot(db: Db, framework: string, period: Period, revision?: number): Promise<Snapshot | undefined> {
  let query = metaQuery(db).where('s.framework', '=', framework).where('s.period', '=', period);
  if (revision !== undefined) query = query.where('s.revision', '=', revision);
  const candidates = await toMetas(db, await query.orderBy('s.revision', 'desc').execute());
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
