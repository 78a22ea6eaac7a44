// Two scheduler processes running at once (as with two replicas by mistake) still give one run per
// month per night: they fire every second here, for a few seconds, against the same Postgres and Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listRuns } from '../../src/runs/run-store.js';
import { openTestStore, testContext } from '../support/backends.js';
import { BIN } from '../support/cli-runner.js';
import { eventually, sleep, testQueues } from '../support/queue-env.js';

let env: Record<string, string>;
let ctx: ReturnType<typeof testContext>;
let dispose: () => Promise<void>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const opened = await openTestStore('postgres');
  const redis = await testQueues(opened.store.db);
  dispose = async () => {
    await redis.dispose();
    await opened.dispose();
  };
  ctx = testContext(opened.store);
  env = { DATABASE_URL: opened.databaseUrl!, REDIS_URL: redis.url, DVC_LOG_LEVEL: 'warn' };
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await dispose();
});

it("two schedulers firing every second create each month's nightly run once", async () => {
  const start = () => {
    const child = spawn(process.execPath, [BIN, 'scheduler', '--cron', '* * * * * *'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    children.push(child);
    return { child, err: () => err };
  };
  const a = start();
  const b = start();
  await eventually(async () => (a.err().includes('Lịch chạy') && b.err().includes('Lịch chạy') ? true : undefined), 30_000);
  await sleep(4_000); // several firings of each
  for (const { child } of [a, b]) child.kill('SIGTERM');
  const codes = await Promise.all([a, b].map(({ child }) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)))));
  expect(codes).toEqual([0, 0]);
  const nightly = (await listRuns(ctx.store.db)).filter((r) => r.trigger === 'nightly');
  // Current month and the previous one, for the one framework a province syncs — once each.
  expect(nightly).toHaveLength(2);
  expect(new Set(nightly.map((r) => r.dedupeKey)).size).toBe(2);
  const heartbeats = await ctx.store.db.selectFrom('heartbeats').select('instance').where('role', '=', 'scheduler').execute();
  expect(heartbeats).toHaveLength(2);
});
