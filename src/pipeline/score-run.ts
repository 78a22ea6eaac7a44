// The score step of a run (job `score` on queue `dvc-score`, stage `score`): given what each capture
// task delivered, normalise-score-snapshot the month and end the run. A failed or empty source never
// replaces a good published snapshot: the month is then stored as incomplete (unpublished) unless
// the operator allows it.
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { finishRun, isRunCancelled, type RunTrigger } from '../runs/run-store.js';
import { SCORE_STAGE } from '../runs/run-progress.js';
import { isDatabaseUnavailable } from '../store/database-errors.js';
import { beginStage } from '../runs/run-stage.js';
import type { CaptureTaskResult } from './capture-task.js';
import { NothingToScoreError, scoreMonth, type ScoreMonthResult } from './score-month.js';
import type { SyncSource } from '../core/source.js';

/** What a capture task ended with, as the score step sees it (a failure carries its message). */
export type CaptureOutcome =
  | CaptureTaskResult
  | { readonly source: SyncSource; readonly provinceCode: string; readonly status: 'failed'; readonly message: string };

export interface ScoreRunInput {
  readonly runId: number;
  readonly framework: string;
  readonly period: Period;
  readonly trigger: RunTrigger;
  readonly outcomes: readonly CaptureOutcome[];
  readonly allowIncomplete?: boolean;
  readonly force?: boolean;
}

export interface ScoreRunResult {
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly message: string;
  readonly score?: ScoreMonthResult;
}

/** "thiếu chỉ số ở 12 đơn vị (dvtt_2, so_hoa_1)" — short enough for a run's error line. */
function missingSummary(score: ScoreMonthResult): string | null {
  const units = score.scores.filter((u) => u.missing.length);
  if (!units.length) return null;
  const indicators = [...new Set(units.flatMap((u) => u.missing))];
  const names = units.length <= 3 ? `: ${units.map((u) => u.name).join(', ')}` : '';
  return `thiếu chỉ số ${indicators.join(', ')} ở ${units.length} đơn vị${names}`;
}

/**
 * Scores the month from everything stored and ends the run (succeeded when its snapshot is published).
 * Safe to call twice for the same run: identical inputs write no second revision.
 */
export async function scoreRun(ctx: AppContext, input: ScoreRunInput): Promise<ScoreRunResult> {
  const db = ctx.store.db;
  if (await isRunCancelled(db, input.runId)) return { status: 'cancelled', message: 'Lượt chạy đã bị huỷ' };
  const notDelivered = input.outcomes.filter((o) => o.status !== 'delivered');
  const reasons = notDelivered.map((o) => o.message);
  if (input.outcomes.length > 0 && notDelivered.length === input.outcomes.length && !input.force) {
    const message = `Không nguồn nào cung cấp số liệu; giữ nguyên bảng điểm đã công bố. ${reasons.join('; ')}`;
    await finishRun(db, input.runId, { status: 'failed', error: message });
    return { status: 'failed', message };
  }
  try {
    const stage = await beginStage(db, input.runId, SCORE_STAGE);
    const options = { allowIncomplete: input.allowIncomplete ?? false, force: input.force ?? false, ...(reasons.length ? { incompleteReasons: reasons } : {}) };
    const score = await scoreMonth(ctx, { ...input, ...options }).catch(async (error: unknown) => {
      throw await stage.failed(error);
    });
    await stage.succeeded({ revision: score.snapshot.revision, created: score.created, published: score.published, complete: score.snapshot.complete, units: score.snapshot.unitCount });
    const missing = missingSummary(score);
    // A run succeeds only when every source delivered and its snapshot is the published one; a
    // source failure fails the run even when the published revision stays valid.
    if (score.published && (!reasons.length || input.allowIncomplete)) {
      const note = reasons.length ? ` (công bố dù thiếu nguồn: ${reasons.join('; ')})` : '';
      await finishRun(db, input.runId, { status: 'succeeded', snapshotId: score.snapshot.id, error: reasons.length ? reasons.join('; ') : null });
      return { status: 'succeeded', message: `Bảng điểm ${input.period} phiên bản ${score.snapshot.revision} đã công bố${note}`, score };
    }
    const why = [...reasons, ...(missing ? [missing] : [])].join('; ');
    const kept = score.published
      ? `số liệu không đổi, giữ phiên bản ${score.snapshot.revision} đã công bố`
      : `phiên bản ${score.snapshot.revision} chưa đủ nên chưa công bố; bản đã công bố (nếu có) được giữ nguyên`;
    const message = `Bảng điểm ${input.period}: ${kept}. ${why}`;
    await finishRun(db, input.runId, { status: 'failed', error: message, snapshotId: score.snapshot.id });
    return { status: 'failed', message, score };
  } catch (error) {
    // The database went away (the snapshot transaction was rolled back): not the month's failure.
    // Rethrown so a worker retries the job once it is back; an inline run says so and ends.
    if (isDatabaseUnavailable(error)) throw error;
    const message = error instanceof NothingToScoreError ? error.message : `Chấm điểm thất bại: ${(error as Error).message}`;
    await finishRun(db, input.runId, { status: 'failed', error: message });
    return { status: 'failed', message };
  }
}
