// Runs whose jobs vanished from Redis (Redis restarted without persistence, keys evicted, flushed), or
// whose score job failed for good without recording it (the database was away), would stay
// "running" forever. The watchdog fails them loudly so the month can be re-run; nothing
// was half-written because a snapshot is written in one transaction by the score job.
import { Queue } from 'bullmq';
import type { AppContext } from '../src/app-context.js';
import { finishRun, getRun } from '../src/runs/run-store.js';
import { scoreJobId } from './month-flow.js';
import { SCORE_QUEUE, type QueueTarget } from './queues.js';

/** Queue-mode runs still active after this long without a live score job are lost. */
export const LOST_RUN_GRACE_MS = 15_000;

/**
 * Fails active queue-mode runs whose score job no longer exists or has failed for good; returns their ids.
 * @example await failLostRuns(ctx, target) // [42]
 */
export async function failLostRuns(ctx: AppContext, target: QueueTarget, graceMs = LOST_RUN_GRACE_MS): Promise<number[]> {
  const active = await ctx.store.db
    .selectFrom('runs')
    .select(['id', 'options'])
    .where('status', 'in', ['queued', 'running'])
    .where('created_at', '<', new Date(Date.now() - graceMs))
    .execute();
  const queued = active.filter((r) => (r.options as { mode?: string }).mode === 'queue');
  if (!queued.length) return [];
  const queue = new Queue(SCORE_QUEUE, { connection: target.connection, prefix: target.prefix });
  const lost: number[] = [];
  try {
    for (const { id } of queued) {
      const job = await queue.getJob(scoreJobId(id));
      // A score job that used up its attempts (e.g. the database was away longer than its retries)
      // could not record the run's end itself.
      const exhausted = job && (await job.getState()) === 'failed';
      if (job && !exhausted) continue;
      const run = await getRun(ctx.store.db, id);
      if (!run || !['queued', 'running'].includes(run.status)) continue;
      await finishRun(ctx.store.db, id, {
        status: 'failed',
        error: exhausted
          ? `Bước chấm điểm của lượt chạy #${id} thất bại sau ${job.attemptsMade} lần thử: ${job.failedReason}; bảng điểm đã công bố được giữ nguyên — hãy chạy lại tháng ${run.period}`
          : `Các việc của lượt chạy #${id} không còn trong Redis (Redis khởi động lại hoặc bị xoá dữ liệu?); bảng điểm đã công bố được giữ nguyên — hãy chạy lại tháng ${run.period}`,
      });
      ctx.logger.error({ runId: id, period: run.period }, 'run lost its jobs in Redis; marked failed');
      lost.push(id);
    }
  } finally {
    await queue.close();
  }
  return lost;
}
