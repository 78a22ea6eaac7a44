// Two worker processes and two `sync --wait` of the same month started at the same instant (queue
// mode): one run, both commands follow it to the same end, one published revision equal to the seed.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { listRuns } from '../../src/runs/run-store.js';
import { listRevisions, readSnapshot } from '../../src/snapshots/snapshot-store.js';
import { BIN, spawnCli } from '../support/cli-runner.js';
import { seedAppendix } from '../support/example-month.js';
import { eventually, queueWorld } from '../support/queue-env.js';
import { periodText } from '../../src/text/period-text.js';

const period = parsePeriod('2023-09');
const framework = 'dien-bien-xa-2023';
let world: Awaited<ReturnType<typeof queueWorld>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // Each portal answer takes 300 ms: both commands are started long before the run can end.
  world = await queueWorld({ latencyMs: 300 });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await world.dispose();
});

it('two simultaneous syncs of a month with two workers give one run and one revision, as a single sync does', async () => {
  const workers = [1, 2].map(() => {
    const child = spawn(process.execPath, [BIN, 'worker'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, DVC_LOG_LEVEL: 'warn', ...world.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    children.push(child);
    return () => err;
  });
  await eventually(async () => (workers.every((err) => err().includes('đang chạy')) ? true : undefined), 30_000);
  const [a, b] = await Promise.all([1, 2].map(() => spawnCli(['sync', '--month', period, '--wait'], world.env)));
  const runs = await listRuns(world.store.db);
  expect(runs).toHaveLength(1);
  const [run] = runs;
  expect(run!.status).toBe('succeeded');
  for (const result of [a!, b!]) {
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(new RegExp(`#${run!.id} ${periodText(period)} · ${framework} · Thủ công · Thành công`));
  }
  // exactly one of the two commands created the run; the other was given it
  expect([a!, b!].filter((r) => /đã vào hàng đợi/.test(r.out))).toHaveLength(1);
  expect([a!, b!].filter((r) => new RegExp(`đã có lượt chạy #${run!.id}`).test(r.out))).toHaveLength(1);
  const revisions = await listRevisions(world.store.db, framework, period);
  expect(revisions.map((r) => [r.revision, r.status, r.runId])).toEqual([[1, 'published', run!.id]]);
  const snapshot = await readSnapshot(world.store.db, framework, period);
  expect(snapshot!.rows.map((r) => r.unitName)).toEqual(seedAppendix().map((r) => r.name));
  for (const err of workers) expect(err()).not.toMatch(/Unhandled|job failed/);
});
