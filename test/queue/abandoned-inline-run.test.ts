// An inline `sync` (no Redis) killed mid-run leaves its run "running". The run records its process
// (host, pid) and a heartbeat; the next sync of the month finds the process gone, fails that run
// with the reason, says so, and proceeds.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { createRun, getRun, listRuns } from '../../src/runs/run-store.js';
import { BIN, runCli } from '../support/cli-runner.js';
import { eventually, queueWorld } from '../support/queue-env.js';

let world: Awaited<ReturnType<typeof queueWorld>>;
let inlineEnv: Record<string, string>;
beforeAll(async () => {
  // 1.5 s per portal answer: the killed sync is surely in the middle of its capture.
  world = await queueWorld({ latencyMs: 1500 });
  const { REDIS_URL: _redis, ...rest } = world.env;
  inlineEnv = rest;
});
afterAll(async () => {
  await world.dispose();
});

it('a sync killed mid-run: its run is failed automatically and the next sync proceeds, saying so', async () => {
  const child = spawn(process.execPath, [BIN, 'sync', '--month', '2023-09'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, DVC_LOG_LEVEL: 'warn', ...inlineEnv }, stdio: 'ignore' });
  const running = await eventually(async () => {
    const [run] = await listRuns(world.store.db);
    return run?.stages.some((s) => s.name === 'capture:portal:11' && s.status === 'running') ? run : undefined;
  }, 30_000, 50);
  expect(running.status).toBe('running');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  expect((await getRun(world.store.db, running.id))!.status).toBe('running'); // what the killed process left

  const next = await runCli(['sync', '--month', '2023-09'], inlineEnv);
  expect(next.err).toContain(`Lượt chạy #${running.id} (2023-09) bị bỏ dở: tiến trình ${hostname()}:${child.pid} không còn chạy; đã đánh dấu thất bại.`);
  expect(next.code, next.err).toBe(0);
  expect(next.out).toMatch(/^Lượt chạy #(\d+) \(thành công\)/);
  const abandoned = (await getRun(world.store.db, running.id))!;
  expect(abandoned.status).toBe('failed');
  expect(abandoned.error).toMatch(new RegExp(`tiến trình ${hostname()}:${child.pid} không còn chạy`));
  const runs = await listRuns(world.store.db);
  expect(runs.map((r) => [r.id, r.status])).toEqual([
    [running.id + 1, 'succeeded'],
    [running.id, 'failed'],
  ]);
});

it('a run of a process on another machine whose heartbeat stopped is failed too; a live one still blocks', async () => {
  const db = world.store.db;
  const period = parsePeriod('2023-05');
  const { run } = await createRun(db, { trigger: 'manual', framework: 'dien-bien-xa-2023', period, sources: ['capture:one-door:11'], options: { mode: 'inline' } });
  // another host's process: its pid cannot be checked from here, only its heartbeat
  await db.updateTable('runs').set({ status: 'running', owner: 'may-khac:4242', heartbeat_at: new Date(Date.now() - 10 * 60_000) }).where('id', '=', run.id).execute();
  const second = await createRun(db, { trigger: 'manual', framework: 'dien-bien-xa-2023', period, sources: ['capture:one-door:11'], options: { mode: 'inline' } });
  expect(second.created).toBe(true);
  expect(second.abandoned.map((a) => a.run.id)).toEqual([run.id]);
  expect((await getRun(db, run.id))!.error).toMatch(/tiến trình may-khac:4242 không còn gửi tín hiệu từ/);
  // a fresh heartbeat from another machine: that run is alive and blocks the month
  await db.updateTable('runs').set({ status: 'running', owner: 'may-khac:4243', heartbeat_at: new Date() }).where('id', '=', second.run.id).execute();
  const third = await createRun(db, { trigger: 'manual', framework: 'dien-bien-xa-2023', period, sources: ['capture:one-door:11'], options: { mode: 'inline' } });
  expect(third).toMatchObject({ created: false, run: { id: second.run.id } });
  expect(third.abandoned).toEqual([]);
});
