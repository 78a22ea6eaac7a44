// The portal's own total beside ours: the real Gia Lai February 2026 drill-down imported (no province
// given), qd766-2022 scored for province 52, and `report --format json` gives units[].portalTotal.
import { describe, expect, it } from 'vitest';
import { portalTotalStatus } from '../../src/reports/portal-totals.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { sharedPath } from '../support/shared-data.js';

describe('report --framework qd766-2022 --province 52 --format json: portalTotal', () => {
  const { env } = useCliDatabase('dvc-portal-total-', { migrate: false });

  it('lists every commune with the portal total; without numerators the status is portal-only', async () => {
    const imported = await runCli(['import', sharedPath('data/portal-real/service-results-2026-02.json'), '--month', '2026-02'], env);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/khớp gần đúng/);
    const scored = await runCli(['score', '--month', '2026-02', '--framework', 'qd766-2022', '--province', '52', '--force', '--allow-incomplete'], env);
    expect(scored.code, scored.err).toBe(0);
    const report = await runCli(['report', '--month', '2026-02', '--framework', 'qd766-2022', '--province', '52', '--format', 'json'], env);
    expect(report.code, report.err).toBe(0);
    const units = (JSON.parse(report.out) as { units: { code: string; portalTotal: number | null; portalStatus: string | null }[] }).units;
    expect(units).toHaveLength(135);
    expect(units.find((u) => u.code === '23575')).toMatchObject({ portalTotal: 52, portalStatus: 'portal-only' }); // Phường Pleiku
    expect(units.find((u) => u.code === '23954')).toMatchObject({ portalTotal: 16, portalStatus: 'portal-only' }); // "UBND xã Albá"
    expect(units.every((u) => typeof u.portalTotal === 'number')).toBe(true);
  });

  it('imports the national year answer with --period 2026; with --month it is refused naming --period', async () => {
    const file = sharedPath('data/portal-real/service-results-national-2026-year.json');
    const asMonth = await runCli(['import', file, '--month', '2026-02'], env);
    expect(asMonth.code).not.toBe(0);
    expect(asMonth.err + asMonth.out).toMatch(/--period/);
    const asYear = await runCli(['import', file, '--period', '2026'], env);
    expect(asYear.code, asYear.err).toBe(0);
    expect(asYear.out).toMatch(/34 giá trị của 34 đơn vị/);
    const neither = await runCli(['import', file], env);
    expect(neither.err).toMatch(/--month YYYY-MM hoặc --period/);
  });

  it('flags a difference above 0.015, not rounding', () => {
    expect(portalTotalStatus(34.2, 34.19, true)).toBe('matches');
    expect(portalTotalStatus(34.21, 34.19, true)).toBe('differs');
    expect(portalTotalStatus(0, 16, false)).toBe('portal-only');
    expect(portalTotalStatus(50, null, true)).toBeNull();
  });
});
