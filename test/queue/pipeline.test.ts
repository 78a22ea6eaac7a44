// Issue 4 against real Redis and Postgres: a month through the flow, double triggers, two workers,
// re-runs that change a capture, cancel, backfill dry-run, and two schedulers on the same night.
// Every test gets its own world (database, queue namespace, fake portal): none reads another's leftovers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueMonth } from '../../jobs/month-flow.js';
import { openQueues } from '../../jobs/queues.js';
import { triggerNightly } from '../../jobs/scheduler.js';
import { startWorkers, type PipelineWorkers } from '../../jobs/workers.js';
import type { AppContext } from '../../src/app-context.js';
import { queueRunLauncher } from '../../src/dashboard/run-launcher.js';
import { parsePeriod } from '../../src/core/period.js';
import { getRun, listRuns } from '../../src/runs/run-store.js';
import { listRevisions, readSnapshot } from '../../src/snapshots/snapshot-store.js';
import { testContext } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { seedAppendix } from '../support/example-month.js';
import { dienBienPhuPortalDataset, startFakePortal } from '../support/fake-portal.js';
import { eventually, queueWorld } from '../support/queue-env.js';

const period = parsePeriod('2023-09');
const framework = 'dien-bien-xa-2023';

describe('queue pipeline (BullMQ on Redis, Postgres)', () => {
  let ctx: AppContext;
  let portal: Awaited<ReturnType<typeof startFakePortal>>;
  let redis: Awaited<ReturnType<typeof queueWorld>>['redis'];
  let env: Record<string, string>;
  const finished = (id: number) => eventually(async () => {
    const run = await getRun(ctx.store.db, id);
    return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
  });

  let world: Awaited<ReturnType<typeof queueWorld>>;
  beforeEach(async () => {
    world = await queueWorld();
    ({ portal, redis, env, ctx } = world);
  });
  afterEach(async () => {
    await portal.close();
    await world.dispose();
  });

  it('runs a month end to end through the flow and reproduces the seed', async () => {
    const workers = startWorkers(ctx, redis.target, { concurrency: 2 });
    try {
      const { run, created } = await enqueueMonth(ctx, redis.target, { framework, period, trigger: 'manual' });
      expect(created).toBe(true);
      const done = await finished(run.id);
      expect(done.status).toBe('succeeded');
      expect(done.stages.map((s) => [s.name, s.status]).sort()).toEqual([
        ['capture:one-door:11', 'succeeded'],
        ['capture:portal:11', 'succeeded'],
        ['score', 'succeeded'],
      ]);
      const snapshot = await readSnapshot(ctx.store.db, framework, period);
      expect(snapshot!.rows.map((r) => r.unitName)).toEqual(seedAppendix().map((r) => r.name));
      expect(snapshot!.runId).toBe(run.id);
    } finally {
      await workers.close();
    }
  });

  it('gives one run for duplicate triggers', async () => {
    const october = parsePeriod('2023-10');
    const results = await Promise.all([1, 2, 3].map(() => enqueueMonth(ctx, redis.target, { framework, period: october, trigger: 'manual' })));
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const queues = openQueues(redis.target);
    try {
      const counts = await queues.score.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1); // October's score parent, once
    } finally {
      await queues.close();
    }
    // cancel it: the waiting jobs leave the queues and the month can be run again
    const id = results[0]!.run.id;
    const cancel = await runCli(['cancel', String(id)], env);
    expect(cancel.out).toMatch(/Đã huỷ lượt chạy #\d+ \(2023-10\); [1-9]\d* việc đang chờ đã được gỡ/);
    expect((await getRun(ctx.store.db, id))!.status).toBe('cancelled');
    const again = await enqueueMonth(ctx, redis.target, { framework, period: october, trigger: 'manual' });
    expect(again.created).toBe(true);
    await runCli(['cancel', String(again.run.id)], env);
  });

  it('shares a month between two workers and writes the snapshot once', async () => {
    // Revision 1 from today's portal answers…
    const first = startWorkers(ctx, redis.target);
    try {
      const { run } = await enqueueMonth(ctx, redis.target, { framework, period, trigger: 'manual' });
      expect((await finished(run.id)).status).toBe('succeeded');
    } finally {
      await first.close();
    }
    // …then the portal answers change → this run must write revision 2 and keep revision 1.
    await portal.close();
    const original = dienBienPhuPortalDataset();
    const [province] = original.provinces;
    const dataset = {
      ...original,
      provinces: [
        {
          ...province!,
          units: province!.units.map((u) => (u.departmentName.includes('Him Lam') ? { ...u, metrics: { ...u.metrics, paid_online: 40 } } : u)),
        },
      ],
    };
    portal = await startFakePortal(dataset, { latencyMs: 100 });
    env.DVC_PORTAL_URL = portal.url;
    ctx = testContext(ctx.store, env);
    const two: PipelineWorkers[] = [startWorkers(ctx, redis.target), startWorkers(ctx, redis.target)];
    const completed = two.map(() => [] as string[]);
    two.forEach((w, i) => w.workers.forEach((worker) => worker.on('completed', (job) => completed[i]!.push(job.id!))));
    try {
      const { run } = await enqueueMonth(ctx, redis.target, { framework, period, trigger: 'manual' });
      const done = await finished(run.id);
      expect(done.status).toBe('succeeded');
      const revisions = await listRevisions(ctx.store.db, framework, period);
      expect(revisions.map((r) => [r.revision, r.status])).toEqual([
        [1, 'superseded'],
        [2, 'published'],
      ]);
      const rev1 = await readSnapshot(ctx.store.db, framework, period, 1);
      expect(rev1!.rows.find((r) => r.unitCode === '03127')!.indicators.dvtt_2!.numerator).toBe(21);
      const rev2 = await readSnapshot(ctx.store.db, framework, period, 2);
      expect(rev2!.rows.find((r) => r.unitCode === '03127')!.indicators.dvtt_2!.numerator).toBe(40);
      // both workers took part: the two capture jobs were spread over them or one took both — either way each job ran once
      const stages = done.stages.filter((s) => s.name.startsWith('capture:'));
      expect(stages.every((s) => s.status === 'succeeded')).toBe(true);
      const all = completed.flat();
      expect(all.sort()).toEqual([`run-${run.id}-one-door-11`, `run-${run.id}-portal-11`, `run-${run.id}-score`]);
      expect(completed.every((jobs) => jobs.length > 0)).toBe(true);
    } finally {
      await Promise.all(two.map((w) => w.close()));
    }
  });

  it('two schedulers firing the same night give one run per month', async () => {
    const launcherA = queueRunLauncher(ctx, redis.target);
    const launcherB = queueRunLauncher(ctx, redis.target);
    const night = new Date('2026-11-27T21:00:00Z'); // 04:00 on 28 Nov in Vietnam
    const [a, b] = await Promise.all([triggerNightly(ctx, launcherA.launch, night), triggerNightly(ctx, launcherB.launch, night)]);
    const ids = [...a, ...b].map((r) => r.run.id);
    expect(new Set(ids).size).toBe(2); // 2026-11 and 2026-10
    expect([...a, ...b].filter((r) => r.created)).toHaveLength(2);
    const nightly = (await listRuns(ctx.store.db)).filter((r) => r.trigger === 'nightly');
    expect(nightly.map((r) => r.period).sort()).toEqual(['2026-10', '2026-11']);
    // the next night is a new run (after tonight's ended)
    for (const id of new Set(ids)) await runCli(['cancel', String(id)], env);
    const nextNight = await triggerNightly(ctx, launcherA.launch, new Date('2026-11-28T21:00:00Z'));
    expect(nextNight.every((r) => r.created)).toBe(true);
    for (const r of nextNight) await runCli(['cancel', String(r.run.id)], env);
  });

  it('backfill --dry-run lists the months and enqueues nothing', async () => {
    const before = (await listRuns(ctx.store.db)).length;
    const run = await runCli(['backfill', '--from', '2023-01', '--to', '2023-04', '--dry-run'], env);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Chạy bù 4 tháng/);
    expect(run.out.match(/^ {2}tháng [1-4]\/2023: Thu thập · Cổng DVCQG · tỉnh Điện Biên, Thu thập · Hệ thống một cửa · tỉnh Điện Biên$/gm)).toHaveLength(4);
    expect((await listRuns(ctx.store.db)).length).toBe(before);
  });

  it('sync --wait enqueues, prints the run id and follows the stages to the end', async () => {
    const workers = startWorkers(ctx, redis.target);
    try {
      const run = await runCli(['sync', '--month', '2023-09', '--wait'], env);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toMatch(/Lượt chạy #1 đã vào hàng đợi \(Thu thập · Cổng DVCQG · tỉnh Điện Biên, Thu thập · Hệ thống một cửa · tỉnh Điện Biên\)/);
      expect(run.err).toMatch(/Thu thập · Hệ thống một cửa · tỉnh 11: Xong/);
      expect(run.err).toMatch(/Thu thập · Cổng DVCQG[^:\n]* · tỉnh 11: Xong/);
      expect(run.err).toMatch(/Chuẩn hoá, chấm điểm, lưu bảng điểm: Xong/);
      expect(run.err).toMatch(/Trạng thái: Thành công \(3\/3 bước xong/);
      expect(run.err).not.toMatch(/Thất bại/);
      expect(run.out).toMatch(/#1 tháng 9\/2023 · dien-bien-xa-2023 · Thủ công · Thành công/);
    } finally {
      await workers.close();
    }
  });
});
