// Opens the store: Postgres when DATABASE_URL is set, otherwise PGlite in the data folder. Both get
// the same migrations and the same Kysely API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from './kysely.js';
import type { Database } from '../../schema/tables.js';
import { migrationNames, migrationProvider } from '../../schema/migrations/index.js';
import { PgliteDialect } from './pglite-dialect.js';
import { lockDataDir } from './pglite-lock.js';

export type Db = Kysely<Database>;

export interface StoreOptions {
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  /** Told about errors of idle pooled connections (they are replaced on the next query). */
  readonly onIdleError?: (error: Error) => void;
}

export interface Store {
  readonly db: Db;
  readonly backend: 'postgres' | 'pglite';
  /** Where the store lives, with any password removed, for messages and logs. */
  readonly location: string;
  close(): Promise<void>;
}


/**
 * Opens (without migrating) the configured store.
 * @example const store = await openStore({ dataDir: '.dvc-sync' }); await migrateToLatest(store.db);
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    // Each driver is loaded only by the backend that uses it (an embedded command never loads pg).
    const { default: pg } = await import('pg');
    // Postgres returns float8 as JS numbers already; int8 (count(*)) as strings: parse them, counts here are small.
    pg.types.setTypeParser(20, (value: string) => Number(value));
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection that the server closes (restart, admin termination) emits 'error' on the
    // pool; without a listener that would crash the process. The next query opens a new connection.
    pool.on('error', (error) => options.onIdleError?.(error));
    // A connection cut while checked out (inside a transaction, between two queries) emits 'error' on
    // its client, which pg-pool listens to only while idle: without this the process would die with
    // "Unhandled 'error' event". The pending or next query on that client fails and is handled there.
    pool.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, backend: 'postgres', location: redactUrl(options.databaseUrl), close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = join(options.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  try {
    const pglite = await PGlite.create(dir);
    const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
    return {
      db,
      backend: 'pglite',
      location: dir,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** In-memory PGlite, for tests that need a throwaway embedded store. */
export async function openMemoryStore(): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new Kysely<Database>({ dialect: new PgliteDialect(await PGlite.create()) });
  return { db, backend: 'pglite', location: 'memory://', close: () => db.destroy() };
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

/**
 * Applies every pending migration; returns the names applied.
 * @example await migrateToLatest(store.db) // ['0001-core'] on a new store, [] afterwards
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await schemaIsCurrent(db)) return [];
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new MigrationError(`Không áp dụng được migration ${failed}: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * True when every known migration is recorded: one cheap query instead of the migrator's table
 * creation, lock and listing on every start (a one-shot command pays them on each call).
 */
async function schemaIsCurrent(db: Db): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!rows[0]?.present) return false;
  const recorded = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(recorded.rows.map((r) => r.name));
  return migrationNames.every((name) => applied.has(name));
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(URL không hợp lệ)';
  }
}
