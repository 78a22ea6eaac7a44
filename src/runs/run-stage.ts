// Recording a stage of a run (start, end, duration, outcome) around the work itself.
import type { RunStage } from '../../schema/tables.js';
import type { Db } from '../store/database.js';
import { recordStage } from './run-store.js';

/**
 * Runs `work` as the named stage of a run, recording it before and after (also when it throws).
 * @example await withStage(db, runId, 'capture:portal:11', () => runCaptureTask(...), (r) => ({ metrics: r.metrics }))
 */
export async function withStage<T>(
  db: Db,
  runId: number,
  name: string,
  work: () => Promise<T>,
  detail: (result: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  const startedAt = new Date();
  await recordStage(db, runId, { name, status: 'running', startedAt: startedAt.toISOString() });
  try {
    const result = await work();
    await recordStage(db, runId, finished(name, startedAt, 'succeeded', { detail: detail(result) }));
    return result;
  } catch (error) {
    await recordStage(db, runId, finished(name, startedAt, 'failed', { error: (error as Error).message }));
    throw error;
  }
}

function finished(name: string, startedAt: Date, status: RunStage['status'], extra: Partial<RunStage>): RunStage {
  const finishedAt = new Date();
  return { name, status, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), ms: finishedAt.getTime() - startedAt.getTime(), ...extra };
}
