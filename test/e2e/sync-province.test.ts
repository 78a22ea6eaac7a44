// `dvc-sync sync --province H21` captures Gia Lai (a province of the catalog that syncs no framework
// nightly; qd766-2022 evaluated for it) from the fake portal speaking the real shapes, and nothing
// else; an unknown province is refused with the choices.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnyPeriod } from '../../src/core/period.js';
import { openStore } from '../../src/store/database.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { createTestDatabase } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { catalogPortalDataset, startFakePortal } from '../support/fake-portal.js';

const GIA_LAI_ROOT = '019d2be3-6a85-74ec-a346-6489e82ae4c7';

describe('dvc-sync sync --province (inline, fake portal)', () => {
  let portal: Awaited<ReturnType<typeof startFakePortal>>;
  let drop: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-province-'));
  const env: Record<string, string> = { DVC_SYNC_DATA_DIR: join(dir, 'data'), DVC_PORTAL_PAUSE_MS: '0' };

  beforeAll(async () => {
    portal = await startFakePortal(catalogPortalDataset({ registry: loadUnitRegistry(), period: parseAnyPeriod('2026-02'), only: ['52', '11'] }));
    env.DVC_PORTAL_URL = portal.url;
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    drop = database.drop;
  });
  afterAll(async () => {
    await portal.close();
    await drop();
  });

  it('captures every endpoint of Gia Lai only', async () => {
    await runCli(['sync', '--month', '2026-02', '--framework', 'qd766-2022', '--province', 'H21', '--allow-incomplete'], env);
    const evaluations = portal.requests.filter((r) => r.endpoint !== null);
    expect(evaluations.map((r) => r.endpoint).sort()).toEqual(
      ['dossier-digitized', 'dvc-progress-tree', 'formality-online-payment-tree', 'handling-satisfaction', 'provide-online-tree', 'service-results', 'transparency'],
    );
    expect(evaluations.every((r) => (r.body as { rootDepartmentId?: string }).rootDepartmentId === GIA_LAI_ROOT)).toBe(true);
    const store = await openStore({ databaseUrl: env.DATABASE_URL!, dataDir: env.DVC_SYNC_DATA_DIR! });
    try {
      const captures = await store.db.selectFrom('captures').select(['scope', 'source']).execute();
      expect(captures.map((c) => c.scope).sort()).toEqual(evaluations.map((r) => `52/${r.endpoint}`).sort());
      // The province's 15 departments are registered as its agencies from their portal ids.
      const agencies = await store.db.selectFrom('unit_links').select(['unit_code', 'kind']).where('province_code', '=', '52').where('kind', '=', 'agency').execute();
      expect(agencies).toHaveLength(15);
    } finally {
      await store.close();
    }
  });

  it('refuses a province neither the catalog nor the registry has, naming the accepted forms', async () => {
    const run = await runCli(['sync', '--month', '2026-02', '--framework', 'qd766-2022', '--province', 'H99'], env);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/Không có tỉnh 'H99'.*mã cổng như H18/);
  });
});
