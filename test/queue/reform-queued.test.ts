// Nightly runs of today, through the queue (Redis + Postgres): `sync --month 2026-10 --wait` and the
// scheduler's current/previous month capture Tỉnh Điện Biên's 45 communes from the example's drop
// folder and the fake portal, and publish October's snapshot.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerNightly } from '../../jobs/scheduler.js';
import { startWorkers } from '../../jobs/workers.js';
import type { AppContext } from '../../src/app-context.js';
import { parsePeriod } from '../../src/core/period.js';
import { queueRunLauncher } from '../../src/dashboard/run-launcher.js';
import { getRun } from '../../src/runs/run-store.js';
import { listRevisions, readSnapshot } from '../../src/snapshots/snapshot-store.js';
import { EXAMPLE_2026_DROP, example2026Units } from '../../examples/dien-bien-2026-10/generate.js';
import { openTestStore, testContext } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { dienBien2026PortalDataset, startFakePortal, type FakePortal } from '../support/fake-portal.js';
import { eventually, testQueues } from '../support/queue-env.js';

const framework = 'dien-bien-xa-2023';
const october = parsePeriod('2026-10');

describe('today through the queue: Tỉnh Điện Biên, October 2026', () => {
  let portal: FakePortal;
  let ctx: AppContext;
  let env: Record<string, string>;
  let redis: Awaited<ReturnType<typeof testQueues>>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    portal = await startFakePortal(dienBien2026PortalDataset());
    const opened = await openTestStore('postgres');
    redis = await testQueues(opened.store.db);
    env = {
      DATABASE_URL: opened.databaseUrl!,
      REDIS_URL: redis.url,
      DVC_PORTAL_URL: portal.url,
      DVC_PORTAL_PAUSE_MS: '0',
      DVC_ONE_DOOR_DIR: EXAMPLE_2026_DROP,
      DVC_SYNC_DATA_DIR: mkdtempSync(join(tmpdir(), 'dvc-sync-reform-queue-')),
    };
    ctx = testContext(opened.store, env);
    dispose = opened.dispose;
  });
  afterAll(async () => {
    await portal.close();
    await redis.dispose();
    await dispose();
  });

  it('sync --month 2026-10 --wait publishes the 45 communes', async () => {
    const workers = startWorkers(ctx, redis.target, { concurrency: 2 });
    try {
      const run = await runCli(['sync', '--month', '2026-10', '--wait'], env);
      expect(run.code).toBe(0);
      const id = Number(/Lượt chạy #(\d+)/.exec(run.out)?.[1]);
      expect((await getRun(ctx.store.db, id))!.status).toBe('succeeded');
      const snapshot = await readSnapshot(ctx.store.db, framework, october);
      expect(snapshot).toMatchObject({ status: 'published', complete: true, runId: id });
      expect(snapshot!.rows.map((r) => r.unitCode).sort()).toEqual(example2026Units().map((u) => u.code));
    } finally {
      await workers.close();
    }
  });

  it("the scheduler's night runs the current and previous month; October stays published", async () => {
    const workers = startWorkers(ctx, redis.target, { concurrency: 2 });
    try {
      const night = new Date('2026-11-29T21:00:00Z'); // 04:00 on 30 Nov in Vietnam
      const runs = await triggerNightly(ctx, queueRunLauncher(ctx, redis.target).launch, night);
      expect(runs.map((r) => r.run.period).sort()).toEqual(['2026-10', '2026-11']);
      const ended = await Promise.all(
        runs.map((r) => eventually(async () => {
          const run = await getRun(ctx.store.db, r.run.id);
          return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
        }, 60_000)),
      );
      const octoberRun = ended.find((r) => r.period === '2026-10')!;
      expect(octoberRun.status).toBe('succeeded');
      // Same sources, same values: no new revision, still published, 45 units.
      const revisions = await listRevisions(ctx.store.db, framework, october);
      expect(revisions).toHaveLength(1);
      expect(revisions[0]).toMatchObject({ status: 'published', unitCount: 45 });
      // November has portal answers but no one-door export yet: never published over nothing.
      const november = await readSnapshot(ctx.store.db, framework, parsePeriod('2026-11'));
      expect(november?.status ?? 'none').not.toBe('published');
    } finally {
      await workers.close();
    }
  });
});
