// One month's snapshot as the snapshot page and its API show it: the appendix rows, the change
// against the previous month's published snapshot, and every revision with what changed.
import type { AppContext } from '../app-context.js';
import { periodTerm, type Period } from '../core/period.js';
import { getFramework, type Framework } from '../frameworks/framework.js';
import { appendixRows, type AppendixRow } from '../reports/appendix-layout.js';
import { jsonReport, type JsonReport } from '../reports/appendix-json.js';
import { previousMonth } from '../reports/earlier-months.js';
import type { RestatedMonth } from '../scoring/continuity.js';
import { listRevisions, readSnapshot, type Snapshot, type SnapshotMeta } from '../snapshots/snapshot-store.js';
import { monthOverMonth, type UnitMonthChange } from './month-change.js';

export interface SnapshotView {
  readonly framework: Framework;
  readonly snapshot: Snapshot;
  readonly rows: readonly AppendixRow[];
  readonly previous: { readonly period: Period; readonly revision: number } | null;
  readonly changes: ReadonlyMap<string, UnitMonthChange>;
  /** The previous month restated on this month's units (a merged commune: the sum of its former communes). */
  readonly continuity: RestatedMonth;
  readonly revisions: readonly SnapshotMeta[];
}

export class SnapshotNotFoundError extends Error {
  readonly code = 'SNAPSHOT_NOT_FOUND';
}

/**
 * Reads the view of (framework, period): the given revision, else the published one, else the latest.
 * @example const view = await snapshotView(ctx, 'dien-bien-xa-2023', period); view.rows[0].name
 */
export async function snapshotView(ctx: AppContext, frameworkKey: string, period: Period, revision?: number): Promise<SnapshotView> {
  let framework: Framework;
  try {
    framework = getFramework(frameworkKey, ctx.frameworks); // 'qd766-2022@11': one province's evaluation
  } catch (error) {
    throw new SnapshotNotFoundError((error as Error).message);
  }
  const [snapshot, revisions] = await Promise.all([readSnapshot(ctx.store.db, framework.key, period, revision), listRevisions(ctx.store.db, framework.key, period)]);
  if (!snapshot) {
    const which = revision !== undefined ? `phiên bản ${revision} của ` : '';
    throw new SnapshotNotFoundError(`Chưa có ${which}bảng điểm ${periodTerm(period)} theo bộ chỉ số ${framework.key}`);
  }
  const continuity = await previousMonth(ctx, framework, snapshot);
  return {
    framework,
    snapshot,
    rows: appendixRows(framework, snapshot),
    previous: continuity.revision !== null ? { period: continuity.period, revision: continuity.revision } : null,
    changes: monthOverMonth(framework, snapshot.rows, continuity.rows),
    continuity,
    revisions,
  };
}

export interface SnapshotApiAnswer extends JsonReport {
  readonly previous: { readonly period: Period; readonly revision: number } | null;
  readonly changes: Readonly<Record<string, UnitMonthChange>>;
  readonly revisions: readonly {
    revision: number;
    status: string;
    complete: boolean;
    trigger: string;
    runId: number | null;
    createdAt: string;
    changes: SnapshotMeta['changes'];
    /** Latest publication of the revision: when, trigger, run, who and why (complete | allow-incomplete). */
    publication: { publishedAt: string; trigger: string; runId: number | null; actor: string | null; reason: string } | null;
  }[];
}

/** The JSON the API answers: the report shape of `dvc-sync report --format json`, plus changes and revisions. */
export function snapshotApiAnswer(view: SnapshotView): SnapshotApiAnswer {
  return {
    ...jsonReport(view.framework, view.snapshot, view.continuity),
    previous: view.previous,
    changes: Object.fromEntries(view.changes),
    revisions: view.revisions.map((r) => ({
      revision: r.revision,
      status: r.status,
      complete: r.complete,
      trigger: r.trigger,
      runId: r.runId,
      createdAt: r.createdAt.toISOString(),
      changes: r.changes,
      publication: r.publication ? { ...r.publication, publishedAt: r.publication.publishedAt.toISOString() } : null,
    })),
  };
}
