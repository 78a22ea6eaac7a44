// --period YYYY-MM | YYYY-Qn | YYYY beside --month: the real Gia Lai year 2026 trees imported and the
// year scored and reported from them (never summed from months); --month with --period is refused
// naming both. (A quarter synced from the fake portal: sync-province.test.ts.)
import { describe, expect, it } from 'vitest';
import { periodOfInstant, periodYear } from '../../src/core/period.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV } from '../support/example-month.js';
import { sharedPath } from '../support/shared-data.js';

const REAL = (name: string) => sharedPath(`data/portal-real/${name}`);
const GIA_LAI = ['--framework', 'qd766-2022', '--province', '52'];

interface JsonUnit {
  code: string;
  name: string;
  total: number;
  indicators: Record<string, { numerator: number | null; denominator: number | null; points: number | null; status: string }>;
  portalTotal: number | null;
  portalStatus: string | null;
}

describe('--period 2026: the real Gia Lai year trees scored and reported as a year', () => {
  const { env } = useCliDatabase('dvc-period-year-');

  it('imports the year, scores it from the year’s own values and reports it in every format', async () => {
    for (const file of ['dvc-progress-tree-2026-year.json', 'provide-online-tree-2026-year.json']) {
      const imported = await runCli(['import', REAL(file), '--period', '2026'], env);
      expect(imported.code, imported.err).toBe(0);
    }
    // The year's values are the year's: February has nothing to score.
    const february = await runCli(['score', '--month', '2026-02', ...GIA_LAI], env);
    expect(february.code).not.toBe(0);
    expect(february.err).toMatch(/NO_INPUT.*tháng 2026-02/);

    const scored = await runCli(['score', '--period', '2026', ...GIA_LAI, '--allow-incomplete'], env);
    expect(scored.code, scored.err).toBe(0);
    expect(scored.out).toMatch(/Đã ghi bảng điểm năm 2026 \(qd766-2022@52\), phiên bản 1: 135 đơn vị/);
    expect(scored.out).toMatch(/Năm 2026 được chấm từ số liệu của chính năm 2026 .*không cộng từ số liệu các tháng 2026-01 … 2026-12/);
    expect(scored.out).toMatch(/Chỉ tiêu chưa có số liệu năm 2026: PUBLISH_ON_TIME \(135 đơn vị\)/);
    expect(scored.out).not.toMatch(/[:,] (ON_TIME|ONLINE_SERVICES) \(/); // both trees gave every commune these

    const json = await runCli(['report', '--period', '2026', ...GIA_LAI, '--format', 'json'], env);
    expect(json.code, json.err).toBe(0);
    const report = JSON.parse(json.out) as { period: string; units: JsonUnit[] };
    expect(report.period).toBe('2026');
    expect(report.units).toHaveLength(135);
    // Phường Pleiku in the real progress tree: 3,800 of 4,012 dossiers on time; online services 6.66/12.
    const pleiku = report.units.find((u) => u.code === '23575')!;
    expect(pleiku.indicators.ON_TIME).toMatchObject({ numerator: 3800, denominator: 4012, status: 'measured' });
    expect(pleiku.indicators.ONLINE_SERVICES).toMatchObject({ numerator: 6.66, denominator: 12 });
    expect(pleiku.total).toBeCloseTo(pleiku.indicators.ON_TIME!.points! + pleiku.indicators.ONLINE_SERVICES!.points!, 2);
    // "UBND xã Albá" of the portal is Xã Al Bá: 809 on time.
    expect(report.units.find((u) => u.code === '23954')!.indicators.ON_TIME!.numerator).toBe(809);
    // The portal published no commune totals for the year (only the province's, in the national answer).
    expect(pleiku).toMatchObject({ portalTotal: null, portalStatus: null });

    const md = await runCli(['report', '--period', '2026', ...GIA_LAI, '--format', 'md'], env);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(/trên môi trường điện tử năm 2026\*\*/);
    expect(md.out.match(/ngày\s+tháng \d+ năm \d+/)?.[0]).toMatch(/tháng 1 năm 2027$/); // a year's report is issued in January of the next
    expect(md.out).toMatch(/Chưa có bảng điểm đã công bố của năm 2025 để so sánh/);
    expect(md.out).not.toMatch(/tháng 0 |NaN|undefined/);
    const table = await runCli(['report', '--period', '2026', ...GIA_LAI, '--wide'], env);
    expect(table.out).toMatch(/NĂM 2026 — bộ chỉ số qd766-2022@52/);
    const snapshots = await runCli(['snapshots', '--period', '2026', ...GIA_LAI], env);
    expect(snapshots.out).toMatch(/Phiên bản 1 .* 135 đơn vị/);
    const gaps = await runCli(['gaps', '--period', '2026', ...GIA_LAI, '--unit', '23575'], env);
    expect(gaps.code, gaps.err).toBe(0);
    const quarantine = await runCli(['quarantine', '--period', '2026'], env);
    expect(quarantine.out).toMatch(/^Năm 2026: không có dòng\/ô nào bị cách ly/);
  });

  it('refuses --month with --period naming both, a period not begun, and none', async () => {
    const both = await runCli(['report', '--month', '2026-02', '--period', '2026', ...GIA_LAI], env);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/CONFLICTING_PERIOD.*--month 2026-02 và --period 2026/);
    const next = periodYear(periodOfInstant(new Date())) + 1;
    for (const period of [String(next), `${next}-Q1`]) {
      const future = await runCli(['score', '--period', period, ...GIA_LAI], env);
      expect(future.err, period).toMatch(/FUTURE_PERIOD.*chưa bắt đầu/);
    }
    const none = await runCli(['snapshots', ...GIA_LAI], env);
    expect(none.err).toMatch(/MISSING_OPTION.*Lệnh 'snapshots' cần tuỳ chọn --month YYYY-MM hoặc --period/);
    const unscored = await runCli(['report', '--period', '2025-Q4', ...GIA_LAI], env);
    expect(unscored.err).toMatch(/SNAPSHOT_NOT_FOUND.*Chưa có bảng điểm quý IV\/2025 .*chạy 'dvc-sync score --period 2025-Q4' trước/);
    const bad = await runCli(['score', '--period', '2026-Q5', ...GIA_LAI], env);
    expect(bad.err).toMatch(/INVALID_PERIOD.*YYYY-Qn/);
  });

  it('refuses a monthly file (template, one-door) for a quarter, naming the file, its source and what it holds', async () => {
    const template = await runCli(['import', EXAMPLE_CSV, '--period', '2023-Q3'], env);
    expect(template.code).toBe(1);
    expect(template.err).toMatch(/PERIOD_NOT_SUPPORTED.*quý 2023-Q3 từ Mẫu nhập liệu 'template' \(tệp so-lieu-2023-09\.csv\): chỉ có số liệu theo tháng.*Cổng DVCQG \(--source portal\).*--month \(2023-07 … 2023-09\)/);
    const asMonth = await runCli(['import', EXAMPLE_CSV, '--month', '2023-09'], env);
    expect(asMonth.code, asMonth.err).toBe(0);
  });
});
