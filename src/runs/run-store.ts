// Run history in Postgres: one row per sync of (framework, period), with its stages and timings.
// At most one queued/running run per month (a unique index, and creation serialised per month), so a
// double trigger finds the existing run instead of starting a second one.
import { hostname } from 'node:os';
import { sql } from '../store/kysely.js';
import type { RunStage, RunStatus } from '../../schema/tables.js';
import { periodTerm, type Period } from '../core/period.js';
import type { Db } from '../store/database.js';

/** Why a run exists (docs/glossary.md): the nightly schedule, an operator, or a backfill of past months. */
export const RUN_TRIGGERS = ['nightly', 'manual', 'backfill'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** What wrote a snapshot revision: a run's trigger, or a command that scores without a run. */
export type SnapshotTrigger = RunTrigger | 'import' | 'quickstart';

export interface Run {
  readonly id: number;
  readonly trigger: RunTrigger;
  readonly framework: string;
  readonly period: Period;
  readonly status: RunStatus;
  readonly dedupeKey: string | null;
  readonly sources: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly stages: readonly RunStage[];
  readonly jobIds: readonly string[];
  readonly error: string | null;
  readonly snapshotId: number | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** host:pid of the process executing an inline run; null for queue runs. */
  readonly owner: string | null;
  readonly heartbeatAt: Date | null;
}

type RunRow = Awaited<ReturnType<typeof selectRuns>>[number];
function selectRuns(db: Db) {
  return db.selectFrom('runs').selectAll().execute();
}

function toRun(r: RunRow): Run {
  return {
    id: r.id,
    trigger: r.trigger as RunTrigger,
    framework: r.framework,
    period: r.period as Period,
    status: r.status,
    dedupeKey: r.dedupe_key,
    sources: r.sources,
    options: r.options,
    stages: r.stages,
    jobIds: r.job_ids,
    error: r.error,
    snapshotId: r.snapshot_id,
    createdAt: new Date(r.created_at),
    startedAt: r.started_at ? new Date(r.started_at) : null,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    owner: r.owner,
    heartbeatAt: r.heartbeat_at ? new Date(r.heartbeat_at) : null,
  };
}

export interface CreateRunInput {
  readonly trigger: RunTrigger;
  readonly framework: string;
  readonly period: Period;
  readonly sources: readonly string[];
  readonly options?: Record<string, unknown>;
  /** e.g. `nightly:2026-11-28:dien-bien-xa-2023:2026-11`: a second trigger with the same key gets the same run. */
  readonly dedupeKey?: string | null;
  /** host:pid of the process that will execute the run itself (inline mode). */
  readonly owner?: string | null;
}

/** An active run whose process is gone, failed by the next trigger of its month. */
export interface AbandonedRun {
  readonly run: Run;
  /** e.g. "tiến trình may-1:4242 không còn chạy" */
  readonly reason: string;
}

/** An inline run whose owner has not beaten for this long is abandoned (it beats every 15 s). */
export const RUN_HEARTBEAT_STALE_MS = 3 * 60_000;

/** The owner string of this process: `host:pid`. */
export const processOwner = (): string => `${hostname()}:${process.pid}`;

/**
 * Creates a queued run, or returns the existing one when the same key was already triggered or the
 * month already has a queued/running run. Active inline runs of the month whose process is gone are
 * failed first (returned as `abandoned`), so they no longer block it.
 * @example const { run, created } = await createRun(db, { trigger: 'manual', framework, period, sources: ['portal'] })
 */
export async function createRun(db: Db, input: CreateRunInput): Promise<{ run: Run; created: boolean; abandoned: readonly AbandonedRun[] }> {
  return db.transaction().execute(async (trx) => {
    // One transaction per month under an advisory lock: two triggers at the same instant (two syncs,
    // two schedulers, two dashboards) are served one after the other, the second finding the first's run.
    await sql`select pg_advisory_xact_lock(hashtext(${`run:${input.framework}:${input.period}`}))`.execute(trx);
    const abandoned = await failAbandonedRuns(trx, input.framework, input.period);
    const existing = await findBlockingRun(trx, input);
    if (existing) return { run: existing, created: false, abandoned };
    const row = await trx
      .insertInto('runs')
      .values({
        trigger: input.trigger,
        framework: input.framework,
        period: input.period,
        status: 'queued',
        dedupe_key: input.dedupeKey ?? null,
        sources: JSON.stringify(input.sources),
        options: JSON.stringify(input.options ?? {}),
        owner: input.owner ?? null,
        heartbeat_at: input.owner ? new Date() : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { run: toRun(row), created: true, abandoned };
  });
}

/** Why an owned run's process is gone, or null while it is alive. */
function goneReason(owner: string, heartbeatAt: Date | null, now: Date): string | null {
  const split = owner.lastIndexOf(':');
  const host = owner.slice(0, split);
  const pid = Number(owner.slice(split + 1));
  if (host === hostname() && Number.isInteger(pid) && pid > 0 && !processAlive(pid)) return `tiến trình ${owner} không còn chạy`;
  // Another machine's process (or a reused pid here): only its heartbeat tells.
  if (!heartbeatAt || now.getTime() - heartbeatAt.getTime() > RUN_HEARTBEAT_STALE_MS) {
    return `tiến trình ${owner} không còn gửi tín hiệu từ ${heartbeatAt?.toISOString() ?? 'khi bắt đầu'}`;
  }
  return null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

async function failAbandonedRuns(db: Db, framework: string, period: Period): Promise<AbandonedRun[]> {
  const owned = await db
    .selectFrom('runs')
    .selectAll()
    .where('framework', '=', framework)
    .where('period', '=', period)
    .where('status', 'in', ['queued', 'running'])
    .where('owner', 'is not', null)
    .execute();
  const now = new Date();
  const abandoned: AbandonedRun[] = [];
  for (const row of owned) {
    const reason = goneReason(row.owner!, row.heartbeat_at ? new Date(row.heartbeat_at) : null, now);
    if (!reason) continue;
    await finishRun(db, row.id, { status: 'failed', error: `Bị bỏ dở: ${reason}; đánh dấu thất bại tự động khi chạy lại ${periodTerm(period as Period)}` });
    abandoned.push({ run: (await getRun(db, row.id))!, reason });
  }
  return abandoned;
}

/** Records that the process executing an inline run is alive. */
export async function beatRun(db: Db, id: number): Promise<void> {
  await db.updateTable('runs').set({ heartbeat_at: sql`now()` }).where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
}

async function findBlockingRun(db: Db, input: CreateRunInput): Promise<Run | undefined> {
  let query = db.selectFrom('runs').selectAll();
  query = input.dedupeKey
    ? query.where((eb) =>
        eb.or([
          eb('dedupe_key', '=', input.dedupeKey!),
          eb.and([eb('framework', '=', input.framework), eb('period', '=', input.period), eb('status', 'in', ['queued', 'running'])]),
        ]),
      )
    : query.where('framework', '=', input.framework).where('period', '=', input.period).where('status', 'in', ['queued', 'running']);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toRun(row) : undefined;
}

export async function getRun(db: Db, id: number): Promise<Run | undefined> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRun(row) : undefined;
}

export async function listRuns(db: Db, filter: { period?: Period; framework?: string; limit?: number } = {}): Promise<Run[]> {
  let query = db.selectFrom('runs').selectAll();
  if (filter.period) query = query.where('period', '=', filter.period);
  if (filter.framework) query = query.where('framework', '=', filter.framework);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit ?? 100).execute();
  return rows.map(toRun);
}

/** Marks a run running (idempotent: a retried job keeps the first start time). */
export async function markRunRunning(db: Db, id: number): Promise<Run | undefined> {
  await db.updateTable('runs').set({ status: 'running', started_at: sql`coalesce(started_at, now())` }).where('id', '=', id).where('status', '=', 'queued').execute();
  return getRun(db, id);
}

export async function addRunJobIds(db: Db, id: number, jobIds: readonly string[]): Promise<void> {
  await db.updateTable('runs').set({ job_ids: sql`job_ids || ${JSON.stringify(jobIds)}::jsonb` }).where('id', '=', id).execute();
}

/**
 * Records (or replaces, by name) one stage of a run. A later attempt keeps the first attempt's start
 * (`firstStartedAt`) and the previous attempt's error (`lastError`), so a step's duration and story
 * span every attempt.
 */
export async function recordStage(db: Db, id: number, stage: RunStage): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('runs').select('stages').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return;
    const previous = row.stages.find((s) => s.name === stage.name);
    const stages = row.stages.filter((s) => s.name !== stage.name);
    stages.push(previous ? carryOver(previous, stage) : stage);
    await trx.updateTable('runs').set({ stages: JSON.stringify(stages) }).where('id', '=', id).execute();
  });
}

function carryOver(previous: RunStage, stage: RunStage): RunStage {
  const first = previous.firstStartedAt ?? previous.startedAt;
  const lastError = stage.status === 'running' ? (previous.error ?? previous.lastError) : undefined;
  return { ...stage, ...(first < stage.startedAt ? { firstStartedAt: first } : {}), ...(lastError ? { lastError } : {}) };
}

/** Ends a run; a cancelled run stays cancelled. */
export async function finishRun(db: Db, id: number, outcome: { status: 'succeeded' | 'failed'; error?: string | null; snapshotId?: number | null }): Promise<void> {
  await db
    .updateTable('runs')
    .set({ status: outcome.status, error: outcome.error ?? null, snapshot_id: outcome.snapshotId ?? null, finished_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Cancels a queued or running run; returns false when it had already ended. */
export async function cancelRun(db: Db, id: number, reason = 'Huỷ bởi người vận hành'): Promise<boolean> {
  const result = await db
    .updateTable('runs')
    .set({ status: 'cancelled', error: reason, finished_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function isRunCancelled(db: Db, id: number): Promise<boolean> {
  const row = await db.selectFrom('runs').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status === 'cancelled';
}
