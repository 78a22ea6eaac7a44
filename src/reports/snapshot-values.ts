// A snapshot's metric values as scoring reads them (from snapshot_inputs), so a report can re-score
// a unit under changed counts (gaps) exactly as the snapshot was scored.
import type { MetricInput } from '../scoring/score-framework.js';
import { snapshotInputs } from '../snapshots/snapshot-store.js';
import type { Db } from '../store/database.js';
import type { SourceKind } from '../core/source.js';

/**
 * The metric values a snapshot revision was scored from, every unit.
 * @example computeGaps(framework, units, await snapshotMetricInputs(db, snapshot.id))
 */
export async function snapshotMetricInputs(db: Db, snapshotId: number): Promise<MetricInput[]> {
  const rows = await snapshotInputs(db, snapshotId);
  return rows.map((r) => ({ unitCode: r.unit_code, metric: r.metric, source: r.source as SourceKind, value: r.value, captureId: r.capture_id }));
}
