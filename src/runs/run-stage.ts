// Recording a stage of a run (start, end, duration, outcome) around the work itself; under the
// queue, also which attempt this is and, when it failed but will be tried again, when.
import type { RunStage } from '../../schema/tables.js';
import type { Db } from '../store/database.js';
import { recordStage } from './run-store.js';

/** The queue's view of the current attempt (absent in-process: one attempt, no retry). */
export interface StageAttempt {
  readonly number: number;
  readonly max: number;
  /** Delay before the next attempt after `error`, or null when the queue will not try again. */
  readonly retryDelayMs: (error: unknown) => number | null;
}

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
  attempt?: StageAttempt,
): Promise<T> {
  const startedAt = new Date();
  const tries: Partial<RunStage> = attempt ? { attempt: attempt.number, maxAttempts: attempt.max } : {};
  await recordStage(db, runId, { name, status: 'running', startedAt: startedAt.toISOString(), ...tries });
  try {
    const result = await work();
    await recordStage(db, runId, finished(name, startedAt, 'succeeded', { ...tries, detail: detail(result) }));
    return result;
  } catch (error) {
    const delay = attempt ? attempt.retryDelayMs(error) : null;
    const message = (error as Error).message;
    await recordStage(
      db,
      runId,
      delay === null
        ? finished(name, startedAt, 'failed', { ...tries, error: message })
        : finished(name, startedAt, 'retrying', { ...tries, error: message, nextAttemptAt: new Date(Date.now() + delay).toISOString() }),
    );
    throw error;
  }
}

function finished(name: string, startedAt: Date, status: RunStage['status'], extra: Partial<RunStage>): RunStage {
  const finishedAt = new Date();
  return { name, status, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), ms: finishedAt.getTime() - startedAt.getTime(), ...extra };
}
