// `sync` in queue mode while Redis is down: one Vietnamese error line within 10 s, non-zero exit,
// and no run left behind to block the month (the run is not even created).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod } from '../../src/core/period.js';
import { listRuns } from '../../src/runs/run-store.js';
import { openTestStore } from '../support/backends.js';
import { runCli, spawnCli } from '../support/cli-runner.js';
import { freePort } from '../support/private-servers.js';

let opened: Awaited<ReturnType<typeof openTestStore>>;
const dataDir = mkdtempSync(join(tmpdir(), 'dvc-sync-redis-down-'));
beforeAll(async () => {
  opened = await openTestStore('postgres');
});
afterAll(async () => {
  await opened.dispose();
});

it('sync with REDIS_URL pointing at a Redis that is down: one error line within 10 s, no run left', async () => {
  const port = await freePort(); // nothing listens there
  const env = { DATABASE_URL: opened.databaseUrl!, REDIS_URL: `redis://127.0.0.1:${port}`, DVC_SYNC_DATA_DIR: dataDir };
  // In this process, the command gives up within 10 s (the machine's load does not count here)…
  const started = Date.now();
  const inProcess = await runCli(['sync', '--month', '2023-09', '--wait'], env);
  expect((Date.now() - started) / 1000).toBeLessThan(10);
  expect(inProcess.code).toBe(1);
  expect(inProcess.err.trim().split('\n')).toEqual([expect.stringMatching(/^Lỗi \[REDIS_UNAVAILABLE\]/)]);
  // …and the real executable exits (nothing left waiting for Redis) with the same single line.
  const result = await spawnCli(['sync', '--month', '2023-09', '--wait'], env);
  expect(result.code).not.toBe(0);
  const lines = result.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^Lỗi \\[REDIS_UNAVAILABLE\\]: Không kết nối được Redis \\(127\\.0\\.0\\.1:${port}\\)`));
  expect(result.out).toBe('');
  expect(await listRuns(opened.store.db)).toEqual([]);
  // the month is not blocked: the run's dedupe finds nothing active
  const active = await opened.store.db.selectFrom('runs').select('id').where('status', 'in', ['queued', 'running']).execute();
  expect(active).toEqual([]);
});

it('a Redis that accepts the connection but never answers: the same error line within 10 s, no run left', async () => {
  // A TCP server that accepts and stays silent (a hung server, a firewall that drops replies).
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  try {
    const env = { DATABASE_URL: opened.databaseUrl!, REDIS_URL: `redis://127.0.0.1:${port}`, DVC_SYNC_DATA_DIR: dataDir };
    const started = Date.now();
    const inProcess = await runCli(['sync', '--month', '2023-11'], env);
    expect((Date.now() - started) / 1000).toBeLessThan(10);
    expect(inProcess.code).toBe(1);
    const result = await spawnCli(['sync', '--month', '2023-11'], env);
    expect(result.code).not.toBe(0);
    expect(result.err.trim().split('\n')).toEqual([expect.stringMatching(/^Lỗi \[REDIS_UNAVAILABLE\]: Không kết nối được Redis .*không trả lời/)]);
    expect(await listRuns(opened.store.db, { period: parsePeriod('2023-11') })).toEqual([]);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((r) => silent.close(r));
  }
});
