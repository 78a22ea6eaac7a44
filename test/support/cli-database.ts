// A fresh Postgres database for CLI tests: registers the hooks that create and migrate it (through
// `dvc-sync migrate`) and open a store on it for assertions, and that drop it afterwards.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { createTestDatabase } from './backends.js';
import { runCli } from './cli-runner.js';

/**
 * Call inside a `describe`: `env` is ready for runCli once the suite starts; `store()` reads the same database.
 * With `migrate: false` the database is left empty (for tests of `migrate` itself) and no store is opened;
 * with `backend: 'pglite'` the CLI uses its embedded store in the data folder (no Postgres, no store opened here).
 * @example const { dir, env, store } = useCliDatabase('dvc-sync-reuse-')
 */
export function useCliDatabase(
  prefix: string,
  options: { migrate?: boolean; backend?: 'postgres' | 'pglite' } = {},
): { dir: string; env: Record<string, string>; store(): Store } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: Record<string, string> = { DVC_SYNC_DATA_DIR: join(dir, 'data') };
  let store: Store | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (options.backend === 'pglite') return;
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    drop = database.drop;
    if (options.migrate === false) return;
    expect((await runCli(['migrate'], env)).code).toBe(0);
    store = await openStore({ databaseUrl: database.url, dataDir: env.DVC_SYNC_DATA_DIR! });
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });
  return {
    dir,
    env,
    store() {
      if (!store) throw new Error('test database not opened yet');
      return store;
    },
  };
}
