// The pipeline's workers: thin processors that turn job data into calls of the same stage
// functions the inline mode uses. Bad input is an UnrecoverableError (no retry); transient source
// failures are retried by BullMQ with backoff.
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import type { AppContext } from '../src/app-context.js';
import { scoreRun, type CaptureOutcome } from '../src/pipeline/score-run.js';
import { isRunCancelled, markRunRunning } from '../src/runs/run-store.js';
import { beginStage, type StageAttempt } from '../src/runs/run-stage.js';
import { CaptureTaskError, runCaptureTask, taskName, type CaptureTaskResult } from '../src/pipeline/capture-task.js';
import { loadProvinceConfigs, type ProvinceConfig } from '../src/pipeline/province-config.js';
import { beatHeart } from '../src/runs/heartbeat.js';
import { failLostRuns } from './run-watchdog.js';
import type { CaptureJobData, ScoreJobData } from './month-flow.js';
import { CAPTURE_QUEUE, SCORE_QUEUE, type QueueTarget } from './queues.js';

export interface WorkerOptions {
  readonly concurrency?: number;
  readonly provinces?: readonly ProvinceConfig[];
  /** Lock duration; a worker that dies holding a job gives it back after this long (default 30 s). */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly heartbeatMs?: number;
  /** How long an active run may lack its score job before the watchdog fails it. */
  readonly lostRunGraceMs?: number;
}

export interface PipelineWorkers {
  readonly workers: readonly Worker[];
  readonly instance: string;
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The wait BullMQ applies before attempt `failedAttempts + 1` (its 'fixed' and 'exponential' backoffs).
 * @example backoffDelay({ type: 'exponential', delay: 60_000 }, 2) // 120000
 */
export function backoffDelay(backoff: JobsOptions['backoff'], failedAttempts: number): number {
  if (backoff === undefined) return 0;
  if (typeof backoff === 'number') return backoff;
  const delay = backoff.delay ?? 0;
  return backoff.type === 'exponential' ? Math.round(2 ** (failedAttempts - 1) * delay) : delay;
}

/** This job's attempt as a stage records it: number, maximum and, after a failure, when the queue tries again. */
function jobAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>, permanent: (error: unknown) => boolean): StageAttempt {
  const number = job.attemptsMade + 1;
  const max = job.opts.attempts ?? 1;
  return {
    number,
    max,
    retryDelayMs: (error) => (number >= max || permanent(error) || error instanceof UnrecoverableError ? null : backoffDelay(job.opts.backoff, number)),
  };
}

/** Processes one capture job: the run's capture task for a source and province. */
export async function processCaptureJob(ctx: AppContext, provinces: readonly ProvinceConfig[], job: Pick<Job<CaptureJobData>, 'data' | 'attemptsMade' | 'opts'>): Promise<CaptureTaskResult | { status: 'cancelled' }> {
  const { runId, period, task } = job.data;
  if (await isRunCancelled(ctx.store.db, runId)) return { status: 'cancelled' };
  await markRunRunning(ctx.store.db, runId);
  const province = provinces.find((p) => p.code === task.provinceCode);
  if (!province) throw new UnrecoverableError(`Job ${taskName(task)} của lượt #${runId}: tỉnh mã ${task.provinceCode} không có trong schema/provinces.json`);
  const permanent = (error: unknown) => error instanceof CaptureTaskError && error.kind === 'permanent';
  const stage = await beginStage(ctx.store.db, runId, taskName(task), jobAttempt(job, permanent));
  const result = await runCaptureTask(ctx, province, task, period, { runId, ...(job.data.portal ? { portal: job.data.portal } : {}) }).catch(async (error: unknown) => {
    await stage.failed(error);
    throw permanent(error) ? new UnrecoverableError((error as Error).message) : error;
  });
  await stage.succeeded({ ...result });
  return result;
}

/** Processes the score job: collects what each capture delivered and scores the month. */
export async function processScoreJob(ctx: AppContext, job: Job<ScoreJobData>): Promise<{ status: string; message: string }> {
  const { runId, framework, period, trigger, force, allowIncomplete } = job.data;
  await markRunRunning(ctx.store.db, runId);
  const values = await job.getChildrenValues<CaptureTaskResult | { status: 'cancelled' }>();
  const failures = await job.getIgnoredChildrenFailures();
  const outcomes: CaptureOutcome[] = [];
  for (const value of Object.values(values)) if (value && value.status !== 'cancelled') outcomes.push(value);
  for (const [key, reason] of Object.entries(failures)) {
    // key = "<prefix>:<queue>:run-<id>-<source>-<province>"
    const match = /run-\d+-(portal-legacy|portal|one-door)-(\d+)$/.exec(key);
    outcomes.push({ source: (match?.[1] ?? 'portal') as CaptureOutcome['source'], provinceCode: match?.[2] ?? '?', status: 'failed', message: reason });
  }
  const result = await scoreRun(ctx, { runId, framework, period, trigger, outcomes, force, allowIncomplete });
  return { status: result.status, message: result.message };
}

/**
 * Starts the capture and score workers of this process.
 * @example const workers = startWorkers(ctx, await queueTarget(ctx.store.db, url), { concurrency: 2 }); process.on('SIGTERM', () => workers.close())
 */
export function startWorkers(ctx: AppContext, target: QueueTarget, options: WorkerOptions = {}): PipelineWorkers {
  const provinces = options.provinces ?? loadProvinceConfigs();
  const common = {
    connection: target.connection,
    // Only this database's namespace: jobs of another deployment on the same Redis are never seen.
    prefix: target.prefix,
    concurrency: options.concurrency ?? 1,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  };
  const capture = new Worker<CaptureJobData>(CAPTURE_QUEUE, (job) => processCaptureJob(ctx, provinces, job), common);
  const score = new Worker<ScoreJobData>(SCORE_QUEUE, (job) => processScoreJob(ctx, job), common);
  const instance = `${hostname()}:${process.pid}`;
  for (const worker of [capture, score]) {
    worker.on('failed', (job, error) => ctx.logger.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'));
    worker.on('error', (error) => ctx.logger.error({ queue: worker.name, err: error.message }, 'worker error'));
  }
  const beat = async () => {
    try {
      await beatHeart(ctx.store.db, 'worker', instance, { concurrency: common.concurrency, namespace: target.prefix });
      await failLostRuns(ctx, target, options.lostRunGraceMs);
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message }, 'heartbeat or watchdog failed');
    }
  };
  void beat();
  const timer = setInterval(beat, options.heartbeatMs ?? 15_000);
  timer.unref();
  return {
    workers: [capture, score],
    instance,
    async close(timeoutMs = 30_000) {
      clearInterval(timer);
      // Let running jobs finish; past the timeout, close without waiting (their locks expire and
      // another worker picks them up again).
      const graceful = Promise.all([capture.close(), score.close()]);
      const timedOut = await Promise.race([graceful.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
      if (timedOut) await Promise.all([capture.close(true), score.close(true)]);
    },
  };
}
