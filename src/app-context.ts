// Everything a stage needs, opened once per process: configuration, the migrated store, the unit
// registry, the frameworks and a logger. Stages take it as an argument (no globals).
import { loadConfig, type AppConfig } from './config.js';
import { loadFrameworks, type Framework } from './frameworks/framework.js';
import { createLogger, type Logger } from './logger.js';
import { migrateToLatest, openStore, type Store } from './store/database.js';
import { loadUnitRegistry } from './units/unit-registry.js';
import type { UnitRegistry } from './core/unit-registry.js';

export interface AppContext {
  readonly config: AppConfig;
  readonly store: Store;
  readonly registry: UnitRegistry;
  readonly frameworks: Map<string, Framework>;
  readonly logger: Logger;
  /** Migrations this process applied when it opened the store (none when the schema was current). */
  readonly migrationsApplied?: readonly string[];
  close(): Promise<void>;
}

/**
 * Opens the store (PGlite or Postgres), applies pending migrations and loads the reference data.
 * @example const ctx = await openAppContext(); try { ... } finally { await ctx.close(); }
 */
export async function openAppContext(overrides: { config?: AppConfig; logger?: Logger } = {}): Promise<AppContext> {
  const config = overrides.config ?? loadConfig();
  const logger = overrides.logger ?? createLogger(config.logLevel);
  // The store opens while the reference data loads: opening PGlite waits on file reads and on the
  // compilation of its WebAssembly (other threads), which the frameworks and the registry fill.
  const opening = openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (error) => logger.warn({ err: error.message }, 'idle database connection closed by the server'),
  });
  let frameworks: Map<string, Framework>;
  let registry: UnitRegistry;
  try {
    frameworks = loadFrameworks();
    registry = loadUnitRegistry();
  } catch (error) {
    await opening.then((store) => store.close(), () => {});
    throw error;
  }
  const store = await opening;
  let applied: string[];
  try {
    applied = await migrateToLatest(store.db);
    if (applied.length) logger.info({ applied, store: store.location }, 'migrations applied');
  } catch (error) {
    await store.close();
    throw error;
  }
  return { config, store, registry, frameworks, logger, migrationsApplied: applied, close: () => store.close() };
}
