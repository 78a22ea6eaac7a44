// PGlite is a single-process database: two processes opening the same folder can corrupt it. The
// embedded store therefore takes a lock file naming its process; a second process is told who holds
// it instead of opening the data. A lock left by a process that no longer exists is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class StoreLockedError extends Error {
  readonly code = 'STORE_LOCKED';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder's lock or throws StoreLockedError naming the holder; returns the release function.
 * @example const release = lockDataDir('.dvc-sync/pglite'); try { … } finally { release() }
 */
export function lockDataDir(dir: string, pid = process.pid): () => void {
  const path = join(dir, 'dvc-sync.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(pid)) rmSync(path);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== pid && alive(holder)) {
        throw new StoreLockedError(
          `Kho dữ liệu nhúng ${dir} đang được tiến trình ${holder} sử dụng (PGlite chỉ cho một tiến trình). Dừng tiến trình đó, hoặc đặt DATABASE_URL để nhiều tiến trình dùng chung Postgres.`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new StoreLockedError(`Không lấy được khoá của kho dữ liệu nhúng ${dir}`);
}
