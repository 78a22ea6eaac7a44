// `reconcile` lists every unit whose total from numerators differs from the portal's own total by more
// than rounding (decision 0016): the real Gia Lai February 2026 drill-down (the portal's totals) with
// the February numerators a province office keeps in the template for two communes — Pleiku's
// on-time dossiers (3,800 of 4,012) and Đức Cơ's (16 of 20, exactly the portal's 16 points).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundHalfAway } from '../../src/core/rounding.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { sharedPath } from '../support/shared-data.js';

const GIA_LAI = ['--framework', 'qd766-2022', '--province', '52'];
const PLEIKU = { code: '23575', name: 'Phường Pleiku', received: 4012, onTime: 3800, portal: 52 };
const DUC_CO = { code: '23857', name: 'Xã Đức Cơ', received: 20, onTime: 16, portal: 16 };

describe('reconcile: our total against the portal’s total (qd766-2022)', () => {
  const { dir, env } = useCliDatabase('dvc-reconcile-portal-');

  it('lists every unit that differs with both totals and the difference, and counts portal-only units', async () => {
    expect((await runCli(['import', sharedPath('data/portal-real/service-results-2026-02.json'), '--month', '2026-02'], env)).code).toBe(0);
    const template = join(dir, 'so-lieu-2026-02.csv');
    const rows = [PLEIKU, DUC_CO].flatMap((u) => [
      `2026-02,${u.code},${u.name},progress_received,${u.received}`,
      `2026-02,${u.code},${u.name},progress_on_time,${u.onTime}`,
    ]);
    writeFileSync(template, ['period,unit_code,unit_name,metric,value', ...rows].join('\n') + '\n');
    const imported = await runCli(['import', template, '--month', '2026-02', '--source', 'template'], env);
    expect(imported.code, imported.err + imported.out).toBe(0);
    expect((await runCli(['score', '--month', '2026-02', ...GIA_LAI, '--allow-incomplete'], env)).code).toBe(0);

    // The report says which units differ; reconcile lists exactly those.
    const report = JSON.parse((await runCli(['report', '--month', '2026-02', ...GIA_LAI, '--format', 'json'], env)).out) as { units: { code: string; portalStatus: string }[] };
    const differs = report.units.filter((u) => u.portalStatus === 'differs').map((u) => u.code);
    const portalOnly = report.units.filter((u) => u.portalStatus === 'portal-only').length;
    expect(differs).toEqual([PLEIKU.code]);
    expect(report.units.find((u) => u.code === DUC_CO.code)!.portalStatus).toBe('matches');

    const ours = roundHalfAway((PLEIKU.onTime / PLEIKU.received) * 20, 2); // ON_TIME, 20 points: the only indicator with numerators
    const text = await runCli(['reconcile', '--month', '2026-02'], env);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`1 đơn vị chênh quá 0,015 điểm, 1 khớp, ${portalOnly} chỉ có điểm Cổng (chưa có số liệu chỉ tiêu nào)`);
    const line = text.out.split('\n').find((l) => l.includes(`(${PLEIKU.code})`));
    expect(line).toBe(
      `  UBND phường Pleiku (23575): tổng điểm tính từ số liệu ${ours.toFixed(2).replace('.', ',')}, điểm Cổng DVCQG 52,00, chênh lệch ${(ours - PLEIKU.portal).toFixed(2).replace('.', ',')} (thiếu số liệu 16 chỉ tiêu)`,
    );
    expect(text.out).not.toContain(`(${DUC_CO.code})`);

    const json = await runCli(['reconcile', '--period', '2026-02', '--format', 'json'], env);
    const body = JSON.parse(json.out) as { portalTotals: { comparisons: { framework: string; differs: unknown[]; matches: number; portalOnly: number }[] } };
    expect(body.portalTotals.comparisons).toEqual([
      {
        framework: 'qd766-2022@52',
        revision: 1,
        differs: [{ unitCode: PLEIKU.code, unitName: 'UBND phường Pleiku', total: ours, portalTotal: PLEIKU.portal, difference: roundHalfAway(ours - PLEIKU.portal, 2), missingIndicators: 16 }],
        matches: 1,
        portalOnly,
        withoutPortalTotal: 0,
      },
    ]);
  });

  it('says when the portal published totals but nothing is scored to compare them with', async () => {
    expect((await runCli(['import', sharedPath('data/portal-real/service-results-national-2026-year.json'), '--period', '2026'], env)).code).toBe(0);
    const text = await runCli(['reconcile', '--period', '2026'], env);
    expect(text.out).toMatch(/Cổng DVCQG có điểm tổng của 34 đơn vị năm 2026 nhưng chưa có bảng điểm qd766-2022 nào để so sánh/);
  });
});
