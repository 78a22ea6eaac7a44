// Real stores for tests: a fresh database on the machine's Postgres, or an in-memory PGlite, with
// the project's migrations applied. The same suite runs on both (describeEachBackend).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config.js';
import { loadFrameworks } from '../../src/frameworks/framework.js';
import { createLogger } from '../../src/logger.js';
import { migrateToLatest, openMemoryStore, openStore, type Store } from '../../src/store/database.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

export const TEST_DATABASE_URL = process.env.DVC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.DVC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Backend = 'postgres' | 'pglite';

/** Creates an empty Postgres database for one test file and returns its URL and a dropper. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `dvc_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A migrated store on the given backend, with a cleanup function. */
export async function openTestStore(backend: Backend): Promise<{ store: Store; dispose(): Promise<void>; databaseUrl?: string }> {
  if (backend === 'pglite') {
    const store = await openMemoryStore();
    await migrateToLatest(store.db);
    return { store, dispose: () => store.close() };
  }
  const database = await createTestDatabase();
  const store = await openStore({ databaseUrl: database.url, dataDir: '' });
  await migrateToLatest(store.db);
  return {
    store,
    databaseUrl: database.url,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}

/** An AppContext over a test store, with a temporary data folder and a silent logger. */
export function testContext(store: Store, env: Record<string, string | undefined> = {}): AppContext {
  const dataDir = mkdtempSync(join(tmpdir(), 'dvc-sync-test-'));
  const config = loadConfig({ DVC_SYNC_DATA_DIR: dataDir, ...env });
  return {
    config,
    store,
    registry: loadUnitRegistry(),
    frameworks: loadFrameworks(),
    logger: createLogger('silent'),
    close: async () => {},
  };
}

/**
 * Runs the same suite against real Postgres and PGlite; `get()` returns the current backend's context.
 * @example describeEachBackend('snapshots', (get) => { it('...', async () => { const ctx = get(); ... }) })
 */
export function describeEachBackend(name: string, suite: (get: () => AppContext, backend: Backend) => void): void {
  for (const backend of ['postgres', 'pglite'] as const) {
    describe(`${name} [${backend}]`, () => {
      let ctx: AppContext | undefined;
      let dispose: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened = await openTestStore(backend);
        dispose = opened.dispose;
        ctx = testContext(opened.store);
      });
      afterAll(async () => {
        await dispose?.();
      });
      suite(() => {
        if (!ctx) throw new Error('test store not opened');
        return ctx;
      }, backend);
    });
  }
}
