// The ordered list of migrations; a static provider so the same list runs under tsx, vitest and
// both database backends.
import type { Migration, MigrationProvider } from 'kysely';
import * as core from './0001-core.js';
import * as runs from './0002-runs.js';
import * as dashboard from './0003-dashboard.js';
import * as metricCurrent from './0004-metric-current.js';
import * as queueDeployment from './0005-queue-deployment.js';
import * as captureUses from './0006-capture-uses.js';
import * as queueRunOwner from './0007-queue-run-owner.js';
import * as snapshotPublications from './0008-snapshot-publications.js';
import * as portalUnitLinks from './0011-portal-unit-links.js';
import * as publicationsKept from './0012-publications-kept.js';

export const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0002-runs': runs,
  '0003-dashboard': dashboard,
  '0004-metric-current': metricCurrent,
  '0005-queue-deployment': queueDeployment,
  '0006-capture-uses': captureUses,
  '0007-queue-run-owner': queueRunOwner,
  '0008-snapshot-publications': snapshotPublications,
  '0011-portal-unit-links': portalUnitLinks,
  '0012-publications-kept': publicationsKept,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
