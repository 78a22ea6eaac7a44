// Issue 3 end to end: a local fake portal plus a one-door export in the drop folder; `dvc-sync sync`
// in inline mode captures both, scores, and reproduces the seed appendix.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { seedAppendix } from '../support/example-month.js';
import { dienBienPhuPortalDataset, startFakePortal } from '../support/fake-portal.js';
import { writeOneDoorExport } from '../support/one-door-export.js';

describe('dvc-sync sync --month 2023-09 (inline, fake portal + drop folder)', () => {
  let portal: Awaited<ReturnType<typeof startFakePortal>>;
  let drop: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-e2e-'));
  const env: Record<string, string> = { DVC_ONE_DOOR_DIR: join(dir, 'one-door'), DVC_SYNC_DATA_DIR: join(dir, 'data'), DVC_PORTAL_PAUSE_MS: '0' };

  beforeAll(async () => {
    portal = await startFakePortal(dienBienPhuPortalDataset());
    env.DVC_PORTAL_URL = portal.url;
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    drop = database.drop;
    mkdirSync(join(dir, 'one-door', '2023-09'), { recursive: true });
    await writeOneDoorExport(join(dir, 'one-door', '2023-09', 'bieu-ii06a-thang-9.xlsx'));
  });
  afterAll(async () => {
    await portal.close();
    await drop();
  });

  it('captures both sources and reproduces the seed table', async () => {
    const run = await runCli(['sync', '--month', '2023-09'], env);
    expect(run.err).not.toMatch(/LỖI/);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/thành công/);
    expect(portal.requests.length).toBeGreaterThanOrEqual(6);
    const report = JSON.parse((await runCli(['report', '--month', '2023-09', '--format', 'json'], env)).out);
    const seed = seedAppendix();
    expect(report.units.map((u: { name: string }) => u.name)).toEqual(seed.map((r) => r.name));
    for (const [i, unit] of report.units.entries()) {
      const expected = seed[i]!;
      const keys = ['tien_do', 'dvtt_1', 'dvtt_2', 'so_hoa_1', 'so_hoa_2', 'hai_long_1', 'hai_long_2', 'hai_long_3'];
      expect(keys.map((k) => unit.indicators[k].points)).toEqual(expected.points);
      expect([unit.total, unit.converted]).toEqual([expected.total, expected.converted]);
    }
    // Tiến độ came from the one-door export, online payment from the portal.
    expect(report.units[0].indicators.tien_do.source).toBe('one-door');
    expect(report.units[0].indicators.dvtt_2.source).toBe('portal');
    const runs = await runCli(['runs', '1'], env);
    expect(runs.out).toMatch(/^Trạng thái: Thành công \(3\/3 bước xong, /m);
    expect(runs.out).toMatch(/^ {2}Thu thập · Cổng DVCQG[^:\n]*: Xong, /m);
    expect(runs.out).toMatch(/^ {2}Thu thập · Hệ thống một cửa[^:\n]*: Xong, /m);
    expect(runs.out).toMatch(/^ {2}Chuẩn hoá, chấm điểm, lưu bảng điểm: Xong, /m);
  });

  it('a second sync with unchanged sources writes no new revision', async () => {
    const run = await runCli(['sync', '--month', '2023-09'], env);
    expect(run.code).toBe(0);
    const snapshots = await runCli(['snapshots', '--month', '2023-09'], env);
    expect(snapshots.out.match(/^Phiên bản/gm)).toHaveLength(1);
  });

  it('a failing portal keeps the published snapshot and fails the run loudly', async () => {
    portal.fail(500); // with no retries the first failure stops the portal's capture
    const run = await runCli(['sync', '--month', '2023-09'], { ...env, DVC_PORTAL_RETRIES: '0' });
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/RUN_FAILED|thất bại/);
    const report = JSON.parse((await runCli(['report', '--month', '2023-09', '--format', 'json'], env)).out);
    expect(report).toMatchObject({ revision: 1, status: 'published' });
    const runs = await runCli(['runs', '--month', '2023-09'], env);
    expect(runs.out).toMatch(/^#3 tháng 9\/2023 · dien-bien-xa-2023 · Thủ công · Thất bại · .* · tạo lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — .*HTTP 500/m);
    expect(runs.out).not.toMatch(/capture:portal|\d{4}-\d{2}-\d{2}T/);
    const status = await runCli(['status'], env);
    expect(status.out).toMatch(/Kho dữ liệu: postgres/);
    expect(status.out).toMatch(/Cầu dao các nguồn: đều đóng/); // a 500 is retried, it does not open the breaker
    expect(status.out).toMatch(/^ {2}#3 tháng 9\/2023 .* Thất bại/m);
  });

  it('reconcile lists no disagreement when sources agree, and the checks pass', async () => {
    const reconcile = await runCli(['reconcile', '--month', '2023-09'], env);
    expect(reconcile.out).toMatch(/không có số liệu nào khác nhau/);
    const check = await runCli(['sources', 'check'], env);
    expect(check.out).toMatch(/OK  Cổng DVCQG – tỉnh Điện Biên/);
    expect(check.out).toMatch(/OK  Hệ thống một cửa – tỉnh Điện Biên/);
  });

  it("lists disagreements between sources, and the framework's precedence decides what is scored", async () => {
    const file = join(dir, 'sua-tay.csv');
    writeFileSync(file, 'period,unit_code,unit_name,metric,value\n2023-09,03127,Him Lam,paid_online,25\n2023-09,03127,Him Lam,fee_dossiers,79\n');
    expect((await runCli(['import', file, '--month', '2023-09'], env)).code).toBe(0);
    const reconcile = await runCli(['reconcile', '--month', '2023-09'], env);
    expect(reconcile.out).toMatch(/UBND phường Him Lam \(03127\)\s+paid_online: portal=21, template=25; chênh lệch 4/);
    expect(reconcile.out).not.toMatch(/fee_dossiers/);
    await runCli(['score', '--month', '2023-09'], env);
    const report = JSON.parse((await runCli(['report', '--month', '2023-09', '--format', 'json'], env)).out);
    const himLam = report.units.find((u: { code: string }) => u.code === '03127');
    expect(himLam.indicators.dvtt_2).toMatchObject({ source: 'template', numerator: 25, denominator: 79 });
  });
});
