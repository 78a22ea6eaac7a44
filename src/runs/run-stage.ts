// Recording a stage of a run (start, end, duration, outcome) around the work itself; under the
// queue, also which attempt this is and, when it failed but will be tried again, when. The caller
// begins the stage, does the work itself and tells the stage how it ended: the work never runs from
// inside this file, so a walk of a job stays downward (decision 0011).
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

/** A stage that has begun (recorded as running) and is waiting to be told how it ended. */
export interface OpenStage {
  /** Records the stage as succeeded, with the detail the dashboard shows. */
  succeeded(detail?: Record<string, unknown>): Promise<void>;
  /** Records the stage as failed (or retrying, when the queue will try again); returns `error` to rethrow. */
  failed(error: unknown): Promise<unknown>;
}

/**
 * Records the named stage of a run as running and returns the handle to end it with.
 * @example const stage = await beginStage(db, runId, 'capture:portal:11'); const r = await runCaptureTask(...).catch(async (e) => { throw await stage.failed(e) }); await stage.succeeded({ ...r })
 */
export async function beginStage(db: Db, runId: number, name: string, attempt?: StageAttempt): Promise<OpenStage> {
  const startedAt = new Date();
  const tries: Partial<RunStage> = attempt ? { attempt: attempt.number, maxAttempts: attempt.max } : {};
  await recordStage(db, runId, { name, status: 'running', startedAt: startedAt.toISOString(), ...tries });
  return {
    async succeeded(detail = {}) {
      await recordStage(db, runId, finished(name, startedAt, 'succeeded', { ...tries, detail }));
    },
    async failed(error) {
      const delay = attempt ? attempt.retryDelayMs(error) : null;
      const message = (error as Error).message;
      await recordStage(
        db,
        runId,
        delay === null
          ? finished(name, startedAt, 'failed', { ...tries, error: message })
          : finished(name, startedAt, 'retrying', { ...tries, error: message, nextAttemptAt: new Date(Date.now() + delay).toISOString() }),
      );
      return error;
    },
  };
}

function finished(name: string, startedAt: Date, status: RunStage['status'], extra: Partial<RunStage>): RunStage {
  const finishedAt = new Date();
  return { name, status, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), ms: finishedAt.getTime() - startedAt.getTime(), ...extra };
}
