// Today's country end to end (issue 10): a fresh install syncs October 2026 of Tỉnh Điện Biên — 45
// communes from the registry — from the example's one-door CSV and the fake portal; June 2025 (the 12
// communes of Điện Biên Phủ) then July 2025 (the province's 45) give each unit its `previous` figure:
// the sum of its former communes where all of them have data, incomplete naming what is missing —
// in the JSON report, the narrative, the dashboard API and page. Units and counts come from the
// registry and the seeded PRNG, never a typed list.
import { existsSync, mkdtempSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { runImport } from '../../src/cli/import-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { narrativeFor, requireSnapshot } from '../../src/cli/report-command.js';
import { runTemplate } from '../../src/cli/reference-commands.js';
import { UnitRegistryIndex } from '../../src/units/unit-registry.js';
import { loadConfig } from '../../src/config.js';
import { parsePeriod, type Period } from '../../src/core/period.js';
import { roundHalfAway } from '../../src/core/rounding.js';
import { inlineRunLauncher } from '../../src/dashboard/run-launcher.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { scoreMonth } from '../../src/pipeline/score-month.js';
import { syncMonthInline } from '../../src/pipeline/sync-month.js';
import { jsonReport, type JsonReport } from '../../src/reports/appendix-json.js';
import { previousMonth } from '../../src/reports/earlier-months.js';
import { narrativeMarkdown } from '../../src/reports/narrative-markdown.js';
import { scoreUnits } from '../../src/scoring/score-framework.js';
import { EXAMPLE_2026_DROP, EXAMPLE_2026_PERIOD, example2026Units } from '../../examples/dien-bien-2026-10/generate.js';
import { describeEachBackend } from '../support/backends.js';
import { dienBien2026PortalDataset, readMetricsCsv, startFakePortal, DIEN_BIEN_2026_CSV, type FakePortal } from '../support/fake-portal.js';
import { generateCounts, writeTemplateCsv, type Counts } from '../support/generated-month.js';
import { countsToInputs } from '../reports/report-fixtures.js';
import { ADMIN_TOKEN, VIEWER_TOKEN, bearer, call } from '../dashboard/dashboard-env.js';

const framework = getFramework('dien-bien-xa-2023');
const silentIo: CliIo = { env: {}, out: () => {}, err: () => {}, isTty: false };
const june = parsePeriod('2025-06');
const july = parsePeriod('2025-07');

/** The JSON report of a month, with the previous month restated (what `report --format json` prints). */
async function reportOf(ctx: AppContext, period: Period): Promise<JsonReport> {
  const snapshot = await requireSnapshot(ctx, framework, period);
  return jsonReport(framework, snapshot, await previousMonth(ctx, framework, snapshot));
}

/** Counts of the framework's units of a month, imported as a template CSV and scored. */
async function importMonth(ctx: AppContext, dir: string, period: Period, counts: Counts): Promise<void> {
  const path = join(dir, `so-lieu-${period}.csv`);
  writeTemplateCsv(path, counts, (code) => ctx.registry.byCode(code, period)!.name);
  await runImport(ctx, silentIo, { files: [path], period, source: 'template' });
  await scoreMonth(ctx, { period, framework: framework.key, trigger: 'manual' });
}

const units = (ctx: AppContext, period: Period) => ctx.registry.validIn(period, { provinceCode: '11', level: 'commune', ...(period < '2025-07' ? { districtCode: '094' } : {}) });

describeEachBackend('Tỉnh Điện Biên after the reform', (get) => {
  let portal: FakePortal;
  let ctx: AppContext;
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-reform-'));

  beforeAll(async () => {
    portal = await startFakePortal(dienBien2026PortalDataset());
    const config = loadConfig({ DVC_SYNC_DATA_DIR: dir, DVC_PORTAL_URL: portal.url, DVC_ONE_DOOR_DIR: EXAMPLE_2026_DROP, DVC_PORTAL_PAUSE_MS: '0', DVC_PORTAL_RETRIES: '0' });
    ctx = { ...get(), config };
  });
  afterAll(async () => {
    await portal.close();
  });

  it('syncs October 2026: the 45 communes from the one-door CSV and the portal, published', async () => {
    const { run } = await syncMonthInline(ctx, { framework: framework.key, period: EXAMPLE_2026_PERIOD, trigger: 'manual' });
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    const report = await reportOf(ctx, EXAMPLE_2026_PERIOD);
    expect(report).toMatchObject({ status: 'published', complete: true });
    const registryUnits = example2026Units();
    expect(registryUnits).toHaveLength(45);
    expect(report.units.map((u) => u.code).sort()).toEqual(registryUnits.map((u) => u.code));
    expect(report.units.every((u) => u.indicators.tien_do!.source === 'one-door' && u.indicators.dvtt_2!.source === 'portal')).toBe(true);
    // The same month scored straight from the example counts gives the same totals and order.
    const counts = readMetricsCsv(DIEN_BIEN_2026_CSV);
    const direct = scoreUnits(framework, counts.map((c) => ({ code: c.code, name: c.name })), countsToInputs(new Map(counts.map((c) => [c.code, c.metrics as Record<string, number>]))));
    expect(report.units.map((u) => [u.code, u.total])).toEqual(direct.map((s) => [s.code, roundHalfAway(s.total, 2)]));
    // September 2026 has no snapshot: nothing to compare with, never a number.
    expect(report.units.every((u) => u.previous.basis === 'none' && u.previous.total === null && u.previous.period === '2026-09')).toBe(true);
  });

  it('compares July 2025 with June 2025 unit by unit: sums of full predecessors, incomplete where one is missing', async () => {
    const juneUnits = units(ctx, june);
    expect(juneUnits).toHaveLength(12);
    const juneCounts = generateCounts(juneUnits.map((u) => u.code), 202506);
    await importMonth(ctx, dir, june, juneCounts);
    await importMonth(ctx, dir, july, generateCounts(units(ctx, july).map((u) => u.code), 202507));
    const report = await reportOf(ctx, july);
    expect(report.units).toHaveLength(45);
    const byCode = new Map(report.units.map((u) => [u.code, u]));
    expect(report.units.some((u) => u.previous.basis === 'same')).toBe(false);

    // Phường Điện Biên Phủ (03127, Him Lam's old code) and Xã Mường Phăng: their former communes summed, then scored.
    for (const code of ['03127', '03325']) {
      const unit = byCode.get(code)!;
      const formers = ctx.registry.predecessors(ctx.registry.byCode(code, july)!).map((l) => l.unit.code).sort();
      const summed: Record<string, number> = {};
      for (const former of formers) for (const [metric, value] of Object.entries(juneCounts.get(former)!)) summed[metric] = (summed[metric] ?? 0) + value;
      const [expected] = scoreUnits(framework, [{ code, name: unit.name }], countsToInputs(new Map([[code, summed]])));
      expect(unit.previous).toMatchObject({ period: '2025-06', basis: 'predecessors', predecessors: formers, missing: [] });
      expect(unit.previous.total).toBe(roundHalfAway(expected!.total, 2));
      expect(unit.previous.converted).toBe(roundHalfAway(expected!.converted, 2));
      expect([1, 2]).toContain(unit.previous.rank);
    }
    expect(byCode.get('03127')!.previous.predecessors).toEqual(['03127', '03130', '03133', '03136', '03142', '03145']);
    // Him Lam's own June figure is never the previous figure of Phường Điện Biên Phủ.
    const himLam = scoreUnits(framework, [{ code: '03127', name: 'Phường Him Lam' }], countsToInputs(new Map([['03127', juneCounts.get('03127')!]])))[0]!;
    expect(byCode.get('03127')!.previous.total).not.toBe(roundHalfAway(himLam.total, 2));

    // Phường Mường Thanh: Thanh Xương (old code 03334) is not among the 12; Xã Nà Tấu: Mường Đăng, Ngối Cáy are not.
    expect(byCode.get('03334')!.previous).toMatchObject({ basis: 'incomplete', missing: ['03334'], total: null, converted: null, rank: null });
    expect(byCode.get('03334')!.previous.predecessors).toEqual(['03124', '03139', '03334']);
    expect(byCode.get('03316')!.previous).toMatchObject({ basis: 'incomplete', missing: ['03286', '03287'], total: null, rank: null });

    // The narrative says it in words.
    const narrative = narrativeMarkdown(await narrativeFor(ctx, framework, await requireSnapshot(ctx, framework, july), {}));
    expect(narrative).toMatch(/UBND phường Điện Biên Phủ là tổng số liệu của UBND phường Him Lam, UBND phường Thanh Bình/);
    expect(narrative).toMatch(/Chưa so sánh được với tháng 6 năm 2025: .*UBND phường Mường Thanh \(thiếu số liệu của UBND xã Thanh Xương\)/);
    expect(narrative).toContain('UBND tỉnh Điện Biên');

    // The dashboard shows the same: API per unit, and the page in words.
    const dashboard = await startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues: null, host: '127.0.0.1', port: 0, tokens: { admin: ADMIN_TOKEN, viewer: VIEWER_TOKEN } });
    try {
      const api = await call(dashboard.url, `/api/snapshots/${framework.key}/2025-07`, { headers: bearer(VIEWER_TOKEN) });
      expect(api.status).toBe(200);
      const answer = (await api.json()) as JsonReport & { changes: Record<string, { previousRank: number }> };
      for (const unit of answer.units) expect(unit.previous).toEqual(byCode.get(unit.code)!.previous);
      expect(Object.keys(answer.changes).sort()).toEqual(['03127', '03325']);
      const page = await (await call(dashboard.url, `/snapshots/${framework.key}/2025-07`, { headers: bearer(VIEWER_TOKEN) })).text();
      expect(page).toMatch(/số liệu tháng 2025-06 là tổng của các xã, phường cũ: UBND phường Him Lam/);
      expect(page).toMatch(/chưa so sánh được với tháng 2025-06: thiếu số liệu của UBND xã Mường Đăng, UBND xã Ngối Cáy/);
    } finally {
      await dashboard.close();
    }
  });

  it('writes the November 2026 template for the 45 communes, and refuses a month without units, naming province and month', async () => {
    const out = join(dir, 'mau-2026-11.xlsx');
    await runTemplate(ctx, silentIo, { month: parsePeriod('2026-11'), framework: framework.key, out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const codes: string[] = [];
    wb.worksheets[0]!.eachRow((row) => {
      const code = String(row.getCell(2).value ?? ''); // STT, Mã đơn vị, Tên đơn vị, …
      if (/^\d{5}$/.test(code)) codes.push(code);
    });
    expect(codes.sort()).toEqual(example2026Units().map((u) => u.code));
    // A registry without the month's units: an error, and no file.
    const empty = join(dir, 'mau-rong.xlsx');
    const bare: AppContext = { ...ctx, registry: new UnitRegistryIndex([], { provinces: ctx.registry.provinces }) };
    await expect(runTemplate(bare, silentIo, { month: parsePeriod('2026-11'), framework: framework.key, out: empty })).rejects.toThrow(
      /không có đơn vị cấp xã nào của Tỉnh Điện Biên \(mã 11\) còn hiệu lực trong tháng 2026-11/,
    );
    expect(existsSync(empty)).toBe(false);
  });
});
