// One run as the run page shows it: the run with its progress (derived from its stages), the rows it
// quarantined (where, what was found, what was expected, why) and the snapshot revision it wrote.
import { runProgress, type RunProgress } from '../runs/run-progress.js';
import { getRun, type Run } from '../runs/run-store.js';
import type { Db } from '../store/database.js';
import type { SourceLocation } from '../core/source.js';

export interface QuarantinedRow {
  readonly id: number;
  readonly source: string;
  readonly captureId: number | null;
  readonly fileName: string | null;
  readonly location: SourceLocation;
  readonly found: string | null;
  readonly expected: string | null;
  readonly reason: string;
}

export interface RunDetails {
  readonly run: Run;
  /** Each step's state (waiting, running, retrying with attempt and next try, done, failed) and the run's state derived from them. */
  readonly progress: RunProgress;
  readonly quarantine: { readonly total: number; readonly rows: readonly QuarantinedRow[] };
  readonly snapshot: { readonly id: number; readonly revision: number; readonly published: boolean } | null;
}

/**
 * Reads a run with its quarantined rows (the first `limit`, oldest first) and its snapshot.
 * @example (await runDetails(db, 7))?.quarantine.rows[0].location // { endpoint: 'dvc-progress-tree', unit: 'UBND xã …' }
 */
export async function runDetails(db: Db, id: number, limit = 500): Promise<RunDetails | undefined> {
  const run = await getRun(db, id);
  if (!run) return undefined;
  const [rows, count, snapshot] = await Promise.all([
    db
      .selectFrom('quarantine as q')
      .leftJoin('captures as c', 'c.id', 'q.capture_id')
      .select(['q.id', 'q.source', 'q.capture_id', 'c.file_name', 'q.location', 'q.found', 'q.expected', 'q.reason'])
      .where('q.run_id', '=', id)
      .orderBy('q.id')
      .limit(limit)
      .execute(),
    db.selectFrom('quarantine').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', id).executeTakeFirstOrThrow(),
    run.snapshotId
      ? db
          .selectFrom('snapshots as s')
          .leftJoin('published_snapshots as p', 'p.snapshot_id', 's.id')
          .select(['s.id', 's.revision', 'p.snapshot_id as published_id'])
          .where('s.id', '=', run.snapshotId)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return {
    run,
    progress: runProgress(run),
    quarantine: {
      total: Number(count.n),
      rows: rows.map((r) => ({
        id: r.id,
        source: r.source,
        captureId: r.capture_id,
        fileName: r.file_name,
        location: r.location,
        found: r.found,
        expected: r.expected,
        reason: r.reason,
      })),
    },
    snapshot: snapshot ? { id: snapshot.id, revision: snapshot.revision, published: snapshot.published_id === snapshot.id } : null,
  };
}
