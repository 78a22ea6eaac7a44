// Postgres lost while the score step writes the snapshot, on a private cluster stopped with `-m immediate`
// (connections cut mid-insert): the CLI prints one `Lỗi [..]` line, a worker process survives and its
// job is retried once Postgres is back, the run ends, and no half-written snapshot exists.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { getRun, listRuns } from '../../src/runs/run-store.js';
import { listRevisions } from '../../src/snapshots/snapshot-store.js';
import { migrateToLatest, openStore, type Store } from '../../src/store/database.js';
import { BIN, spawnCli } from '../support/cli-runner.js';
import { dienBienPhuPortalDataset, startFakePortal } from '../support/fake-portal.js';
import { writeOneDoorExport } from '../support/one-door-export.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-servers.js';
import { eventually, sleep, testQueues } from '../support/queue-env.js';

const period = parsePeriod('2023-09');
const framework = 'dien-bien-xa-2023';
let server: PrivatePostgres;
let portal: Awaited<ReturnType<typeof startFakePortal>>;
const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-pgloss-'));
const stores: Store[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startPrivatePostgres();
  portal = await startFakePortal(dienBienPhuPortalDataset());
  mkdirSync(join(dir, 'one-door', '2023-09'), { recursive: true });
  await writeOneDoorExport(join(dir, 'one-door', '2023-09', 'bieu-ii06a.xlsx'));
}, 120_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const store of stores) await store.close().catch(() => undefined);
  await portal?.close();
  await server?.dispose();
});

/** A migrated database on the private cluster whose snapshot rows take 0.3 s each to insert. */
async function slowSnapshotDatabase(name: string): Promise<{ url: string; store: Store; env: Record<string, string> }> {
  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const store = await openStore({ databaseUrl: url, dataDir: '', onIdleError: () => undefined });
  stores.push(store);
  await migrateToLatest(store.db);
  // Widens the moment "the score step is writing the snapshot" to a few seconds, so the test can strike in it.
  await sql`create function test_slow_row() returns trigger language plpgsql as $$ begin perform pg_sleep(0.3); return new; end $$`.execute(store.db);
  await sql`create trigger test_slow_row before insert on snapshot_rows for each row execute function test_slow_row()`.execute(store.db);
  const env = { DATABASE_URL: url, DVC_PORTAL_URL: portal.url, DVC_PORTAL_PAUSE_MS: '0', DVC_ONE_DOOR_DIR: join(dir, 'one-door'), DVC_SYNC_DATA_DIR: join(dir, name) };
  return { url, store, env };
}

/** Waits until a backend is inserting snapshot rows, then cuts every connection and restarts Postgres. */
async function losePostgresDuringSnapshotInsert(url: string, downMs: number): Promise<void> {
  const watcher = new pg.Client(url);
  watcher.on('error', () => undefined);
  await watcher.connect();
  try {
    await eventually(async () => {
      const { rows } = await watcher.query(`select 1 from pg_stat_activity where state = 'active' and query ilike '%insert into "snapshot_rows"%' and pid <> pg_backend_pid()`);
      return rows.length ? true : undefined;
    }, 60_000, 20);
  } finally {
    await watcher.end().catch(() => undefined);
  }
  await server.stop();
  await sleep(downMs);
  await server.start();
}

const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('Lỗi'));
const noCrash = (stderr: string) => expect(stderr).not.toMatch(/Unhandled|node:internal|^\s+at /m);

it('queue mode: sync --wait prints one error line; the worker survives, retries the score job when Postgres is back, and the run ends with one whole snapshot', async () => {
  const { url, store, env: base } = await slowSnapshotDatabase('queue_mode');
  const redis = await testQueues(store.db);
  const env = { ...base, REDIS_URL: redis.url };
  try {
    const worker = spawn(process.execPath, [BIN, 'worker'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, DVC_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(worker);
    let workerErr = '';
    worker.stderr!.on('data', (d) => (workerErr += d));
    await eventually(async () => (workerErr.includes('đang chạy') ? true : undefined), 30_000);
    const sync = spawnCli(['sync', '--month', period, '--wait'], env);
    await losePostgresDuringSnapshotInsert(url, 1500);
    const result = await sync;
    expect(result.code).not.toBe(0);
    expect(errorLines(result.err)).toEqual([expect.stringMatching(/^Lỗi \[DATABASE_UNAVAILABLE\]: /)]);
    noCrash(result.err);
    // the worker is still there and finishes the month once Postgres is back
    const [run] = await eventually(async () => {
      const runs = await listRuns(store.db).catch(() => []);
      return runs[0] && ['succeeded', 'failed', 'cancelled'].includes(runs[0].status) ? runs : undefined;
    }, 60_000, 500);
    expect(run!.status).toBe('succeeded');
    expect(worker.exitCode).toBeNull();
    noCrash(workerErr);
    const revisions = await listRevisions(store.db, framework, period);
    expect(revisions.map((r) => [r.revision, r.status, r.runId])).toEqual([[1, 'published', run!.id]]);
    const rows = await store.db.selectFrom('snapshot_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(revisions[0]!.unitCount);
    expect(await store.db.selectFrom('snapshots').select('id').execute()).toHaveLength(1);
  } finally {
    await redis.dispose();
  }
}, 180_000);

it('inline mode: sync prints one error line and leaves no half-written snapshot; the next sync fails the abandoned run and completes', async () => {
  const { url, store, env } = await slowSnapshotDatabase('inline_mode');
  const sync = spawnCli(['sync', '--month', period], env);
  await losePostgresDuringSnapshotInsert(url, 1500);
  const result = await sync;
  expect(result.code).not.toBe(0);
  expect(errorLines(result.err)).toEqual([expect.stringMatching(/^Lỗi \[DATABASE_UNAVAILABLE\]: /)]);
  noCrash(result.err);
  expect(await store.db.selectFrom('snapshots').select('id').execute().catch(async () => store.db.selectFrom('snapshots').select('id').execute())).toEqual([]);
  const [left] = await listRuns(store.db);
  const again = await spawnCli(['sync', '--month', period], env);
  expect(again.code, again.err).toBe(0);
  if (left!.status === 'running') expect(again.err).toContain(`Lượt chạy #${left!.id} (${period}) bị bỏ dở`);
  expect((await getRun(store.db, left!.id))!.status).toBe('failed');
  const revisions = await listRevisions(store.db, framework, period);
  expect(revisions).toHaveLength(1);
  const rows = await store.db.selectFrom('snapshot_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(rows.n)).toBe(revisions[0]!.unitCount);
}, 180_000);
