// Removing a cancelled run's jobs that have not started: the score parent takes its waiting
// children with it; jobs already running finish and then find the run cancelled.
import { Queue } from 'bullmq';
import { CAPTURE_QUEUE, SCORE_QUEUE, type QueueTarget } from './queues.js';

const NOT_STARTED = ['waiting', 'delayed', 'prioritized', 'waiting-children'];

/**
 * Removes the given jobs when they have not started; returns how many were removed.
 * @example await removeWaitingJobs(target, run.jobIds) // 3
 */
export async function removeWaitingJobs(target: QueueTarget, jobIds: readonly string[]): Promise<number> {
  if (!jobIds.length) return 0;
  const options = { connection: target.connection, prefix: target.prefix };
  const queues = [new Queue(SCORE_QUEUE, options), new Queue(CAPTURE_QUEUE, options)];
  let removed = 0;
  try {
    for (const queue of queues) {
      for (const id of jobIds) {
        const job = await queue.getJob(id);
        if (!job || !NOT_STARTED.includes(await job.getState())) continue;
        await job.remove().then(() => removed++, () => undefined);
      }
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
  return removed;
}
