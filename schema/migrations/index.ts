// The ordered list of migrations; a static provider so the same list runs under tsx, vitest and
// both database backends. The names are known without loading the migrations: a start-up whose
// schema is current checks the names only, and loads the modules (and their SQL) only to migrate.
import type { Migration, MigrationProvider } from 'kysely';

const modules: Record<string, () => Promise<Migration>> = {
  '0001-core': () => import('./0001-core.js'),
  '0002-runs': () => import('./0002-runs.js'),
  '0003-dashboard': () => import('./0003-dashboard.js'),
  '0004-metric-current': () => import('./0004-metric-current.js'),
  '0005-queue-deployment': () => import('./0005-queue-deployment.js'),
  '0006-capture-uses': () => import('./0006-capture-uses.js'),
  '0007-queue-run-owner': () => import('./0007-queue-run-owner.js'),
  '0008-snapshot-publications': () => import('./0008-snapshot-publications.js'),
  '0011-portal-unit-links': () => import('./0011-portal-unit-links.js'),
  '0012-publications-kept': () => import('./0012-publications-kept.js'),
};

/** The migrations' names, in order. */
export const migrationNames: readonly string[] = Object.keys(modules);

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => Object.fromEntries(await Promise.all(migrationNames.map(async (name) => [name, await modules[name]!()] as const))),
};
