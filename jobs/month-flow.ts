// One month's sync as a BullMQ flow: a capture child per (source, province) and the score parent
// (normalise-score-snapshot) that runs once every child has ended. Job ids derive from the run, and
// the run is deduplicated in Postgres, so a double trigger never produces two flows.
import { FlowProducer } from 'bullmq';
import type { AppContext } from '../src/app-context.js';
import type { Period } from '../src/core/period.js';
import { openMonthRun, type MonthRunInput } from '../src/pipeline/month-run.js';
import { addRunJobIds, finishRun, type AbandonedRun, type Run, type RunTrigger } from '../src/runs/run-store.js';
import { taskName, type CaptureTask, type PortalTuning } from '../src/pipeline/capture-task.js';
import { assertQueueReachable, CAPTURE_QUEUE, PRIORITY, QueueUnavailableError, REDIS_ANSWER_TIMEOUT_MS, RETENTION, SCORE_QUEUE, withinMs, type QueueTarget } from './queues.js';

export interface CaptureJobData {
  readonly runId: number;
  readonly period: Period;
  readonly task: CaptureTask;
  readonly portal?: PortalTuning;
}

export interface ScoreJobData {
  readonly runId: number;
  readonly framework: string;
  readonly period: Period;
  readonly trigger: RunTrigger;
  readonly force: boolean;
  readonly allowIncomplete: boolean;
}

export type EnqueueMonthInput = MonthRunInput;

/** Capture retries: transient failures (timeouts, 5xx) are tried again with exponential backoff (DVC_CAPTURE_RETRY_DELAY_MS, 60 s by default). */
export const CAPTURE_ATTEMPTS = 3;

export const captureJobId = (runId: number, task: CaptureTask) => `run-${runId}-${task.source}-${task.provinceCode}`;
export const scoreJobId = (runId: number) => `run-${runId}-score`;

/**
 * Creates (or finds) the run of a month and enqueues its flow once.
 * @example const { run, created } = await enqueueMonth(ctx, target, { framework, period, trigger: 'manual' })
 */
export async function enqueueMonth(ctx: AppContext, target: QueueTarget, input: EnqueueMonthInput): Promise<{ run: Run; created: boolean; abandoned: readonly AbandonedRun[] }> {
  // Before any run exists: with Redis down the month must not be left with a queued run no one will take.
  await assertQueueReachable(target);
  const { run, created, abandoned, tasks } = await openMonthRun(ctx, input, 'queue');
  if (!created) return { run, created, abandoned };
  const priority = PRIORITY[input.trigger];
  const producer = new FlowProducer({ connection: target.connection, prefix: target.prefix });
  let enqueued = false;
  try {
    const score: ScoreJobData = {
      runId: run.id,
      framework: input.framework,
      period: input.period,
      trigger: input.trigger,
      force: input.force ?? false,
      allowIncomplete: input.allowIncomplete ?? false,
    };
    const flow = producer.add({
      name: 'score',
      queueName: SCORE_QUEUE,
      data: score,
      opts: { jobId: scoreJobId(run.id), priority, attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...RETENTION },
      children: tasks.map((task) => ({
        name: taskName(task),
        queueName: CAPTURE_QUEUE,
        data: { runId: run.id, period: input.period, task, ...(input.portal ? { portal: input.portal } : {}) } satisfies CaptureJobData,
        opts: {
          jobId: captureJobId(run.id, task),
          priority,
          attempts: CAPTURE_ATTEMPTS,
          backoff: { type: 'exponential', delay: ctx.config.captureRetryDelayMs },
          // A capture that fails for good still lets the parent run: it scores what was delivered and
          // records the month as incomplete instead of waiting forever.
          ignoreDependencyOnFailure: true,
          ...RETENTION,
        },
      })),
    });
    // Redis lost between the check and here: BullMQ would wait for it forever.
    await withinMs(flow, REDIS_ANSWER_TIMEOUT_MS, () => new QueueUnavailableError(`Redis không nhận lượt chạy #${run.id} sau ${REDIS_ANSWER_TIMEOUT_MS / 1000} s`));
    enqueued = true;
    await addRunJobIds(ctx.store.db, run.id, [scoreJobId(run.id), ...tasks.map((t) => captureJobId(run.id, t))]);
  } catch (error) {
    if (!enqueued) {
      // Nothing reached the queue: the run must not block the month.
      await finishRun(ctx.store.db, run.id, { status: 'failed', error: `Không đưa được vào hàng đợi Redis: ${(error as Error).message}` });
      if (!(error instanceof QueueUnavailableError)) throw new QueueUnavailableError(`Không đưa được lượt chạy #${run.id} vào hàng đợi Redis: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    await (enqueued ? producer.close() : producer.disconnect());
  }
  return { run, created, abandoned };
}
