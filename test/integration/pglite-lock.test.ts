// The embedded store is single-process: a second process must be refused with a clear message,
// and a lock left behind by a dead process must not block the office forever.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lockDataDir, StoreLockedError } from '../../src/store/pglite-lock.js';
import { spawnCli } from '../support/cli-runner.js';
import { spawn } from 'node:child_process';

it('refuses a second holder while the first is alive, and frees the lock on release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-lock-'));
  const release = lockDataDir(dir, process.pid);
  const parentPid = process.ppid; // a live process other than us
  expect(() => lockDataDir(dir, parentPid)).toThrow(StoreLockedError);
  expect(() => lockDataDir(dir, parentPid)).toThrow(new RegExp(`tiến trình ${process.pid}`));
  release();
  const again = lockDataDir(dir, parentPid);
  again();
});

it('takes over a lock whose process is gone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-lock-'));
  writeFileSync(join(dir, 'dvc-sync.lock'), '999999999\n');
  const release = lockDataDir(dir);
  release();
});

it('a CLI command on a store held by a running scheduler fails with one clear line', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dvc-lock-cli-'));
  mkdirSync(join(dataDir, 'pglite'), { recursive: true });
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(join(dataDir, 'pglite', 'dvc-sync.lock'), `${holder.pid}\n`);
    // 'units' and 'frameworks' read no store (they run beside a scheduler); 'runs' does.
    const run = await spawnCli(['runs'], { DVC_SYNC_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.err.trim()).toMatch(new RegExp(`^Lỗi \\[STORE_LOCKED\\]: Kho dữ liệu nhúng .* đang được tiến trình ${holder.pid} sử dụng`));
  } finally {
    holder.kill('SIGKILL');
  }
});
