// Failure semantics with real processes: a worker killed with SIGKILL mid-job (the job is picked up
// again, the snapshot written once), Redis losing its connections and data mid-run (the run fails
// loudly, nothing half-written, the month can be re-run), and graceful shutdown on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMonth } from '../../jobs/month-flow.js';
import { redisConnection } from '../../jobs/queues.js';
import { failLostRuns } from '../../jobs/run-watchdog.js';
import { startWorkers } from '../../jobs/workers.js';
import type { AppContext } from '../../src/app-context.js';
import { parsePeriod } from '../../src/core/period.js';
import { getRun } from '../../src/runs/run-store.js';
import { listRevisions } from '../../src/snapshots/snapshot-store.js';
import { BIN } from '../support/cli-runner.js';
import { startPrivateRedis } from '../support/private-servers.js';
import { eventually, queueWorld, sleep } from '../support/queue-env.js';

const period = parsePeriod('2023-09');
const framework = 'dien-bien-xa-2023';

describe('queue failure semantics', () => {
  let ctx: AppContext;
  let redis: Awaited<ReturnType<typeof queueWorld>>['redis'];
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  const spawnWorker = (extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DVC_LOG_LEVEL: 'warn', ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    children.push(child);
    return { child, stderr: () => err };
  };
  const finished = (id: number, timeoutMs = 60_000) =>
    eventually(async () => {
      const run = await getRun(ctx.store.db, id);
      return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
    }, timeoutMs);
  const stageRunning = (id: number, name: string) =>
    eventually(async () => ((await getRun(ctx.store.db, id))?.stages.some((s) => s.name === name && s.status === 'running') ? true : undefined), 30_000, 50);

  let dispose: () => Promise<void>;
  beforeAll(async () => {
    // Each portal answer takes 1.5 s, so a capture is reliably in progress when we strike.
    const world = await queueWorld({ latencyMs: 1500 }, { DVC_WORKER_LOCK_MS: '2000' });
    ({ redis, env, ctx } = world);
    dispose = world.dispose;
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await dispose();
  });

  it('a worker killed with SIGKILL mid-job: the job runs again elsewhere and the snapshot is written once', async () => {
    const doomed = spawnWorker();
    const { run } = await enqueueMonth(ctx, redis.target, { framework, period, trigger: 'manual', sources: ['portal', 'one-door'] });
    await stageRunning(run.id, 'capture:portal:11');
    doomed.child.kill('SIGKILL');
    await new Promise((r) => doomed.child.once('exit', r));
    // A second worker (2 s locks, stalled check every second) finds the abandoned job and finishes the month.
    const rescuer = startWorkers(ctx, redis.target, { lockDurationMs: 2000, stalledIntervalMs: 1000 });
    try {
      const done = await finished(run.id);
      expect(done.status).toBe('succeeded');
      expect(done.stages.find((s) => s.name === 'capture:portal:11')!.status).toBe('succeeded');
      const revisions = await listRevisions(ctx.store.db, framework, period);
      expect(revisions).toHaveLength(1);
      expect(revisions[0]!.runId).toBe(run.id);
      // no capture archived twice, no value stored twice for the same capture
      const dupes = await ctx.store.db
        .selectFrom('metric_values')
        .select(['capture_id', 'unit_code', 'metric'])
        .groupBy(['capture_id', 'unit_code', 'metric'])
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(dupes).toEqual([]);
    } finally {
      await rescuer.close();
    }
  });

  it('Redis dropping every connection and its data mid-run: the run fails loudly, the published snapshot stays, a re-run works', async () => {
    // A Redis of this test only: it is killed and started again empty, as a restart without persistence.
    const own = await startPrivateRedis();
    const target = { connection: redisConnection(own.url), prefix: redis.target.prefix };
    const workers = startWorkers(ctx, target, { lockDurationMs: 2000, stalledIntervalMs: 1000 });
    try {
      const before = await listRevisions(ctx.store.db, framework, period);
      const { run } = await enqueueMonth(ctx, target, { framework, period: parsePeriod('2023-08'), trigger: 'manual' });
      await stageRunning(run.id, 'capture:portal:11');
      await own.stop();
      await own.start();
      const lost = await eventually(async () => {
        const ids = await failLostRuns(ctx, target, 0);
        return ids.length ? ids : undefined;
      }, 30_000, 500);
      expect(lost).toEqual([run.id]);
      const failed = await getRun(ctx.store.db, run.id);
      expect(failed).toMatchObject({ status: 'failed' });
      expect(failed!.error).toMatch(/không còn trong Redis/);
      expect(await listRevisions(ctx.store.db, framework, period)).toEqual(before);
      expect(await listRevisions(ctx.store.db, framework, parsePeriod('2023-08'))).toEqual([]);
      await sleep(500);
      const again = await enqueueMonth(ctx, target, { framework, period: parsePeriod('2023-08'), trigger: 'manual', sources: ['one-door'] });
      expect(again.created).toBe(true);
      const done = await finished(again.run.id);
      // August has no one-door export: the re-run ends (it does not hang) with nothing delivered, and says so
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/^Không nguồn nào cung cấp số liệu; giữ nguyên bảng điểm đã công bố\. .*không có số liệu tháng 2023-08/);
    } finally {
      await workers.close();
      await own.dispose();
    }
  });

  it('a worker stops gracefully on SIGTERM, finishing its job first', async () => {
    const worker = spawnWorker({ DVC_SHUTDOWN_TIMEOUT_MS: '20000' });
    const { run } = await enqueueMonth(ctx, redis.target, { framework, period: parsePeriod('2023-07'), trigger: 'manual', sources: ['portal'] });
    await stageRunning(run.id, 'capture:portal:11');
    worker.child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => worker.child.once('exit', r));
    expect(code).toBe(0);
    expect(worker.stderr()).toMatch(/Nhận SIGTERM/);
    expect(worker.stderr()).toMatch(/Worker đã dừng/);
    const stage = (await getRun(ctx.store.db, run.id))!.stages.find((s) => s.name === 'capture:portal:11')!;
    expect(stage.status).not.toBe('running'); // it finished (or failed) before the process exited
  });
});
