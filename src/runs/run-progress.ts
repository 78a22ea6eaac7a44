// What a run and each of its steps are doing, derived in one pure function from the run row: the
// planned steps (waiting until they start), attempts and retries, durations spanning every attempt,
// and the run's state computed from its steps — so no surface can show a failed step under a run
// that still says "running". The CLI, the run page and /api/runs/:id all read this.
import type { RunStage, RunStatus } from '../../schema/tables.js';

/** The last stage of every run (normalise, score, snapshot). */
export const SCORE_STAGE = 'score';

export type StepState = 'waiting' | 'running' | 'retrying' | 'done' | 'failed' | 'skipped';
/** 'failing': still working, but a step has failed for good, so the run will end failed. */
export type RunState = 'queued' | 'running' | 'retrying' | 'failing' | 'succeeded' | 'failed' | 'cancelled';

export interface StepProgress {
  readonly name: string;
  readonly state: StepState;
  /** Attempt number and the queue's maximum; null in-process or before the step starts. */
  readonly attempt: number | null;
  readonly maxAttempts: number | null;
  /** When the queue tries a retrying step again (ISO). */
  readonly nextAttemptAt: string | null;
  /** First attempt's start and the end of the last one (ISO). */
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** From the first start to the end, or to `now` while the step is active. */
  readonly elapsedMs: number | null;
  /** The step's error (failed, retrying) or the previous attempt's error (running again). */
  readonly error: string | null;
  /** What the step reported on success (e.g. "12 đơn vị, 3 dòng cách ly"). */
  readonly message: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface RunProgress {
  readonly state: RunState;
  readonly steps: readonly StepProgress[];
  readonly counts: Readonly<Record<StepState, number>>;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly elapsedMs: number | null;
  /** Whether the run can still change (the page keeps polling). */
  readonly active: boolean;
  /** The server's clock when this was computed (ISO), so a page can tick elapsed times without skew. */
  readonly at: string;
}

export interface RunForProgress {
  readonly status: RunStatus;
  /** Planned capture steps (task names). */
  readonly sources: readonly string[];
  readonly stages: readonly RunStage[];
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

const ENDED: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

function stepState(stage: RunStage | undefined, runStatus: RunStatus): StepState {
  const ended = ENDED.includes(runStatus);
  if (!stage) return ended ? 'skipped' : 'waiting';
  switch (stage.status) {
    case 'succeeded':
      return 'done';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    case 'running':
    case 'retrying':
      // An ended run has no active step: what it left running was cut short (or cancelled).
      if (!ended) return stage.status;
      return runStatus === 'cancelled' ? 'skipped' : 'failed';
  }
}

const ms = (from: string | null, to: string | null, now: Date) => (from ? Math.max(0, (to ? Date.parse(to) : now.getTime()) - Date.parse(from)) : null);

function stepProgress(name: string, stage: RunStage | undefined, run: RunForProgress, now: Date): StepProgress {
  const state = stepState(stage, run.status);
  const startedAt = stage ? (stage.firstStartedAt ?? stage.startedAt) : null;
  const active = state === 'running' || state === 'retrying';
  // A retrying step is still under way between attempts: its time runs on until it ends.
  const finishedAt = stage && !active ? (stage.finishedAt ?? run.finishedAt?.toISOString() ?? null) : null;
  const cutShort = stage && !stage.finishedAt && (state === 'failed' || state === 'skipped') ? 'Bước bị dừng khi lượt chạy kết thúc' : null;
  const message = typeof stage?.detail?.message === 'string' ? stage.detail.message : null;
  return {
    name,
    state,
    attempt: stage?.attempt ?? null,
    maxAttempts: stage?.maxAttempts ?? null,
    nextAttemptAt: state === 'retrying' ? (stage?.nextAttemptAt ?? null) : null,
    startedAt,
    finishedAt,
    elapsedMs: ms(startedAt, finishedAt, now),
    error: stage?.error ?? (state === 'running' ? stage?.lastError : undefined) ?? cutShort,
    message,
    detail: stage?.detail ?? {},
  };
}

function runState(status: RunStatus, steps: readonly StepProgress[]): RunState {
  if (ENDED.includes(status)) return status as RunState;
  const has = (state: StepState) => steps.some((s) => s.state === state);
  if (has('failed')) return 'failing';
  if (has('running')) return 'running';
  if (has('retrying')) return 'retrying';
  if (has('done') || status === 'running') return 'running';
  return 'queued';
}

/**
 * The progress of a run at `now`: planned captures, then the score step, then any other recorded stage.
 * @example runProgress(run, new Date()).state // 'retrying' while the only active step waits for its next attempt
 */
export function runProgress(run: RunForProgress, now: Date = new Date()): RunProgress {
  const byName = new Map(run.stages.map((s) => [s.name, s]));
  const names = [...run.sources, SCORE_STAGE];
  for (const stage of run.stages) if (!names.includes(stage.name)) names.push(stage.name);
  const steps = names.map((name) => stepProgress(name, byName.get(name), run, now));
  const counts: Record<StepState, number> = { waiting: 0, running: 0, retrying: 0, done: 0, failed: 0, skipped: 0 };
  for (const step of steps) counts[step.state]++;
  const firstStart = steps.map((s) => s.startedAt).filter((s): s is string => s !== null).sort()[0] ?? null;
  const startedAt = run.startedAt?.toISOString() ?? firstStart;
  const finishedAt = run.finishedAt?.toISOString() ?? null;
  const state = runState(run.status, steps);
  return { state, steps, counts, startedAt, finishedAt, elapsedMs: ms(startedAt, finishedAt, now), active: !ENDED.includes(run.status), at: now.toISOString() };
}
