// Two deployments (two Postgres databases) on one Redis database: each database's deployment id
// namespaces its queues, so a worker of deployment A never takes B's jobs, and B's sync completes.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openQueues } from '../../jobs/queues.js';
import { startWorkers } from '../../jobs/workers.js';
import { listRuns } from '../../src/runs/run-store.js';
import { readSnapshot } from '../../src/snapshots/snapshot-store.js';
import { parsePeriod } from '../../src/core/period.js';
import { openTestStore } from '../support/backends.js';
import { BIN, runCli, spawnCli } from '../support/cli-runner.js';
import { eventually, queueWorld, sleep, testQueues } from '../support/queue-env.js';

let b: Awaited<ReturnType<typeof queueWorld>>;
let a: Awaited<ReturnType<typeof openTestStore>>;
let aQueues: Awaited<ReturnType<typeof testQueues>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  b = await queueWorld();
  a = await openTestStore('postgres');
  aQueues = await testQueues(a.store.db);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await aQueues.dispose();
  await a.dispose();
  await b.dispose();
});

it("a worker of another deployment on the same Redis database leaves B's jobs alone; B's sync --wait completes", async () => {
  expect(aQueues.target.prefix).not.toBe(b.redis.target.prefix);
  expect(aQueues.url).toBe(b.redis.url); // the same Redis database
  // Deployment A's worker: a real process started against A's database (like workers left running
  // against an older database), the only worker for now.
  const worker = spawn(process.execPath, [BIN, 'worker', '--concurrency', '2'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DVC_LOG_LEVEL: 'warn', ...b.env, DATABASE_URL: a.databaseUrl! },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(worker);
  let workerErr = '';
  worker.stderr!.on('data', (d) => (workerErr += d));
  await eventually(async () => (workerErr.includes('đang chạy') ? true : undefined), 30_000);
  expect(workerErr).toContain(`hàng đợi ${aQueues.target.prefix}`);

  const sync = spawnCli(['sync', '--month', '2023-09', '--wait'], b.env);
  const [run] = await eventually(async () => {
    const runs = await listRuns(b.store.db);
    return runs.length && runs[0]!.jobIds.length ? runs : undefined;
  }, 30_000);
  // A's worker polls the same Redis for a while: B's jobs stay waiting, untouched (never failed).
  await sleep(3_000);
  const queues = openQueues(b.redis.target);
  try {
    const counts = await queues.capture.getJobCounts('waiting', 'prioritized', 'active', 'failed', 'completed');
    expect((counts.waiting ?? 0) + (counts.prioritized ?? 0)).toBe(2);
    expect({ active: counts.active, failed: counts.failed, completed: counts.completed }).toEqual({ active: 0, failed: 0, completed: 0 });
    for (const id of run!.jobIds.filter((j) => !j.endsWith('-score'))) expect((await queues.capture.getJob(id))!.attemptsMade).toBe(0);
  } finally {
    await queues.close();
  }
  expect(await a.store.db.selectFrom('captures').select('id').execute()).toEqual([]);
  expect(await listRuns(a.store.db)).toEqual([]);

  // B's own worker arrives: B's sync ends with the month published.
  const workers = startWorkers(b.ctx, b.redis.target, { concurrency: 2 });
  try {
    const result = await sync;
    expect(result.err).not.toMatch(/failed/);
    expect(result.out).toMatch(new RegExp(`#${run!.id} tháng 9/2023 · dien-bien-xa-2023 · Thủ công · Thành công`));
    expect(result.code).toBe(0);
    expect((await readSnapshot(b.store.db, 'dien-bien-xa-2023', parsePeriod('2023-09')))!.runId).toBe(run!.id);
  } finally {
    await workers.close();
  }
  // A's worker is still alive and never saw a job.
  expect(worker.exitCode).toBeNull();
  expect(workerErr).not.toMatch(/job failed|lỗi/i);
  expect(await a.store.db.selectFrom('captures').select('id').execute()).toEqual([]);

  // status shows each database's own namespace
  const status = await runCli(['status'], b.env);
  expect(status.out).toContain(`không gian tên ${b.redis.target.prefix}`);
});
