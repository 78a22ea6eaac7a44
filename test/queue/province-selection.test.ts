// DVC_PROVINCES through the queue (Redis + Postgres): with DVC_PROVINCES=52,11 the scheduler's night
// runs Tỉnh Gia Lai, which lists no framework of its own, under the national framework for it
// (`qd766-2022@52`) and Tỉnh Điện Biên under its own (`dien-bien-xa-2023`), current and previous
// month; each run captures only its province and publishes that province's communes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerNightly } from '../../jobs/scheduler.js';
import { startWorkers } from '../../jobs/workers.js';
import type { AppContext } from '../../src/app-context.js';
import { parsePeriod } from '../../src/core/period.js';
import { queueRunLauncher } from '../../src/dashboard/run-launcher.js';
import { loadProvinceConfigs } from '../../src/pipeline/province-config.js';
import { getRun, type Run } from '../../src/runs/run-store.js';
import { readSnapshot } from '../../src/snapshots/snapshot-store.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { EXAMPLE_2026_DROP, example2026Units } from '../../examples/dien-bien-2026-10/generate.js';
import { runCli } from '../support/cli-runner.js';
import { catalogPortalDataset, dienBien2026PortalDataset } from '../support/fake-portal.js';
import { endedRun, eventually, queueWorld } from '../support/queue-env.js';

const october = parsePeriod('2026-10');
const night = new Date('2026-11-29T21:00:00Z'); // 04:00 on 30 November in Vietnam

describe('DVC_PROVINCES=52,11: the nightly run through the queue', () => {
  let world: Awaited<ReturnType<typeof queueWorld>>;
  let ctx: AppContext;
  let env: Record<string, string>;
  const giaLaiCommunes = loadUnitRegistry().validIn(october, { provinceCode: '52', level: 'commune' }).map((u) => u.code).sort();

  beforeAll(async () => {
    const giaLai = catalogPortalDataset({ registry: loadUnitRegistry(), period: october, only: ['52'] });
    world = await queueWorld({}, { DVC_ONE_DOOR_DIR: EXAMPLE_2026_DROP, DVC_PROVINCES: '52, Điện Biên' }, { provinces: [...dienBien2026PortalDataset().provinces, ...giaLai.provinces] });
    ({ ctx, env } = world);
  });
  afterAll(() => world.dispose());

  it('enqueues Gia Lai under qd766-2022@52 and Điện Biên under its own framework, and publishes both', async () => {
    expect(ctx.config.provinces).toEqual(['52', '11']);
    const workers = startWorkers(ctx, world.redis.target, { concurrency: 2 });
    try {
      const launched = await triggerNightly(ctx, queueRunLauncher(ctx, world.redis.target).launch, night);
      expect(launched.map((r) => `${r.run.framework} ${r.run.period}`).sort()).toEqual([
        'dien-bien-xa-2023 2026-10',
        'dien-bien-xa-2023 2026-11',
        'qd766-2022@52 2026-10',
        'qd766-2022@52 2026-11',
      ]);
      const ended = await Promise.all(
        launched.map((r) => eventually(() => endedRun(ctx.store.db, r.run.id), 90_000)),
      );
      const find = (framework: string, period: string) => ended.find((r) => r.framework === framework && r.period === period) as Run;
      // Each run captured its own province only: Gia Lai from the portal, Điện Biên from the portal and its drop folder.
      for (const period of ['2026-10', '2026-11']) {
        expect(find('qd766-2022@52', period).sources).toEqual(['capture:portal:52']);
        expect([...find('dien-bien-xa-2023', period).sources].sort()).toEqual(['capture:one-door:11', 'capture:portal:11']);
        expect(find('qd766-2022@52', period).status).toBe('succeeded');
      }
      const giaLai = await readSnapshot(ctx.store.db, 'qd766-2022@52', october);
      expect(giaLai).toMatchObject({ status: 'published', runId: find('qd766-2022@52', '2026-10').id });
      expect(giaLai!.rows.map((r) => r.unitCode).sort()).toEqual(giaLaiCommunes);
      expect(find('dien-bien-xa-2023', '2026-10').status).toBe('succeeded');
      const dienBien = await readSnapshot(ctx.store.db, 'dien-bien-xa-2023', october);
      expect(dienBien!.rows.map((r) => r.unitCode).sort()).toEqual(example2026Units().map((u) => u.code));
      // No run under the national framework for Điện Biên, none for a province not selected.
      expect(await readSnapshot(ctx.store.db, 'qd766-2022@11', october)).toBeUndefined();
      const roots = new Set(world.portal.requests.map((r) => (r.body as { rootDepartmentId?: string }).rootDepartmentId));
      const selectedRoots = loadProvinceConfigs().filter((p) => ['52', '11'].includes(p.code)).map((p) => p.portal.rootDepartmentId);
      expect([...roots].sort()).toEqual(selectedRoots.sort());
      // A second trigger the same night creates nothing.
      const again = await triggerNightly(ctx, queueRunLauncher(ctx, world.redis.target).launch, night);
      expect(again.map((r) => r.created)).toEqual([false, false, false, false]);
    } finally {
      await workers.close();
    }
  });

  it('sync without --province runs the selection: each run on its own, a failed one does not stop the other', async () => {
    const workers = startWorkers(ctx, world.redis.target, { concurrency: 2 });
    try {
      // September: the portal answers both provinces, Điện Biên's drop folder has no September export.
      const both = await runCli(['sync', '--month', '2026-09', '--wait'], env);
      expect(both.code).not.toBe(0);
      const ids = [...both.out.matchAll(/Lượt chạy #(\d+) đã vào hàng đợi/g)].map((m) => Number(m[1]));
      const runs = await Promise.all(ids.map((id) => getRun(ctx.store.db, id)));
      expect(runs.map((r) => `${r!.framework} ${r!.status}`).sort()).toEqual(['dien-bien-xa-2023 failed', 'qd766-2022@52 succeeded']);
      expect(both.err).toMatch(/1\/2 lượt chạy không thành công/);

      // --framework qd766-2022: the selected provinces evaluated under it (Gia Lai), not Điện Biên.
      const national = await runCli(['sync', '--month', '2026-08', '--framework', 'qd766-2022'], env);
      expect(national.code).toBe(0);
      expect(national.out).toMatch(/Lượt chạy #\d+ đã vào hàng đợi \(.*Gia Lai.*\)/);
      expect(national.out).not.toMatch(/Điện Biên/);
      const none = await runCli(['sync', '--month', '2026-08', '--framework', 'qd766-2022'], { ...env, DVC_PROVINCES: '11' });
      expect(none.code).toBe(1);
      expect(none.err).toMatch(/NO_PROVINCE_SELECTED.*qd766-2022.*DVC_PROVINCES=11/);
    } finally {
      await workers.close();
    }
  });

  it('an unknown entry in DVC_PROVINCES is refused before anything runs, naming it', async () => {
    const run = await runCli(['sync', '--month', '2026-09'], { ...env, DVC_PROVINCES: '52,Gia Lia' });
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/DVC_PROVINCES.*'Gia Lia'.*gần nhất: Tỉnh Gia Lai \(52, H21\)/);
  });
});
