// `dvc-sync sync --province H21` captures Gia Lai (a province of the catalog that syncs no framework
// nightly; qd766-2022 evaluated for it) from the fake portal speaking the real shapes, and nothing
// else; an unknown province is refused with the choices. `--period 2026-Q1` asks the portal for the
// quarter (timeType quarter) and reports "quý I năm 2026"; a monthly-only source is refused for it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnyPeriod } from '../../src/core/period.js';
import { openStore } from '../../src/store/database.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { createTestDatabase } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { catalogPortalDataset, startFakePortal } from '../support/fake-portal.js';
import { readZip, wordText } from '../reports/zip-reader.js';

const GIA_LAI_ROOT = '019d2be3-6a85-74ec-a346-6489e82ae4c7';
const GIA_LAI = ['--framework', 'qd766-2022', '--province', '52'];

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

  it('asks the portal for the quarter (timeType quarter), scores it and titles it "quý I năm 2026"', async () => {
    const before = portal.requests.length;
    const run = await runCli(['sync', '--period', '2026-Q1', ...GIA_LAI, '--allow-incomplete'], env);
    expect(run.code, run.err).toBe(0);
    const bodies = portal.requests.slice(before).filter((r) => r.endpoint !== null).map((r) => ({ endpoint: r.endpoint, ...(r.body as Record<string, unknown>) }));
    expect(bodies.length).toBeGreaterThanOrEqual(7);
    for (const body of bodies) {
      if (body.endpoint === 'handling-satisfaction') expect(body).toMatchObject({ fromDate: '2026-01-01', toDate: '2026-03-31' });
      else expect(body).toMatchObject({ timeType: 'quarter', quarter: 1, year: 2026 });
      expect(body).not.toHaveProperty('month');
    }
    const store = await openStore({ databaseUrl: env.DATABASE_URL!, dataDir: env.DVC_SYNC_DATA_DIR! });
    try {
      // The quarter's values are stored under the quarter, not under its months.
      const periods = await store.db.selectFrom('metric_current').select('period').distinct().orderBy('period').execute();
      expect(periods.map((p) => p.period)).toEqual(['2026-02', '2026-Q1']);
      const runs = await store.db.selectFrom('runs').select(['period', 'status']).where('period', '=', '2026-Q1').execute();
      expect(runs).toEqual([{ period: '2026-Q1', status: 'succeeded' }]);
    } finally {
      await store.close();
    }
    const runs = await runCli(['runs', '--period', '2026-Q1'], env);
    expect(runs.out).toMatch(/^#\d+ quý I\/2026 · qd766-2022@52 · .* · Thành công/);
    const md = await runCli(['report', '--period', '2026-Q1', ...GIA_LAI, '--format', 'md'], env);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(/trên môi trường điện tử quý I năm 2026\*\*/);
    expect(md.out).toMatch(/QUÝ I NĂM 2026/);
    expect(md.out.match(/ngày\s+tháng \d+ năm \d+/)?.[0]).toMatch(/tháng 4 năm 2026$/);
    expect(md.out).toMatch(/Chưa có bảng điểm đã công bố của quý IV năm 2025 để so sánh/);
    const out = join(dir, 'phu-luc-q1.xlsx');
    const xlsx = await runCli(['report', '--period', '2026-Q1', ...GIA_LAI, '--format', 'xlsx', '--out', out], env);
    expect(xlsx.code, xlsx.err).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells.some((c) => c.endsWith('QUÝ I NĂM 2026'))).toBe(true);
    const docxPath = join(dir, 'bao-cao-q1.docx');
    expect((await runCli(['report', '--period', '2026-Q1', ...GIA_LAI, '--format', 'docx', '--out', docxPath], env)).code).toBe(0);
    const words = wordText(readZip(readFileSync(docxPath)).get('word/document.xml')!.toString('utf8'));
    expect(words).toContain('trên môi trường điện tử quý I năm 2026');
    expect(words).not.toMatch(/tháng 0|NaN|undefined/);
  });

  it('refuses a quarter from a monthly-only source, naming it and what it supports, before any run', async () => {
    const before = portal.requests.length;
    const run = await runCli(['sync', '--period', '2026-Q1', '--province', '11', '--framework', 'qd766-2022'], env);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/PERIOD_NOT_SUPPORTED.*quý 2026-Q1.*Hệ thống một cửa 'one-door' \(Tỉnh Điện Biên\): chỉ có số liệu theo tháng.*--source portal/);
    expect(portal.requests.length).toBe(before);
    const only = await runCli(['sync', '--period', '2026-Q1', '--province', '11', '--framework', 'qd766-2022', '--source', 'portal', '--allow-incomplete'], env);
    expect(only.code, only.err).toBe(0);
  });
});
