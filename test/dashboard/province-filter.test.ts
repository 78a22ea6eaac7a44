// The months page of a deployment running several provinces (DVC_PROVINCES): one column per evaluation,
// and a province filter so that an office reads its own province's months without 34 columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnyPeriod } from '../../src/core/period.js';
import { createRun } from '../../src/runs/run-store.js';
import { bearer, call, dashboardWorld, VIEWER_TOKEN } from './dashboard-env.js';

describe('months page filtered by province (DVC_PROVINCES=11,52)', () => {
  let world: Awaited<ReturnType<typeof dashboardWorld>>;
  const viewer = bearer(VIEWER_TOKEN);
  beforeAll(async () => {
    world = await dashboardWorld({ launcher: 'inline', env: { DVC_PROVINCES: '11,52' } });
  });
  afterAll(async () => {
    await world?.close();
  });

  const months = async (query: string) => {
    const res = await call(world.dashboard.url, `/api/months${query}`, { headers: viewer });
    return { status: res.status, body: (await res.json()) as { province: string | null; provinces: { code: string; name: string }[]; frameworks: { key: string }[]; message?: string } };
  };

  it('lists every evaluation, the provinces to choose from, and only the chosen province when asked', async () => {
    const all = await months('');
    expect(all.body.frameworks.map((f) => f.key)).toEqual(['dien-bien-xa-2023', 'qd766-2022@52']);
    expect(all.body.provinces).toEqual([
      { code: '11', name: 'Tỉnh Điện Biên' },
      { code: '52', name: 'Tỉnh Gia Lai' },
    ]);
    expect(all.body.province).toBeNull();
    expect((await months('?province=52')).body).toMatchObject({ province: '52', frameworks: [{ key: 'qd766-2022@52' }] });
    expect((await months('?province=11')).body.frameworks.map((f) => f.key)).toEqual(['dien-bien-xa-2023']);
    expect((await months('?province=01')).body.frameworks).toEqual([]);
    expect(await months('?province=Gia%20Lai')).toMatchObject({ status: 400, body: { message: "'province' = 'Gia Lai' không hợp lệ: cần mã tỉnh 2 chữ số, ví dụ 11" } });
  });

  it('renders the filter with the chosen province selected and only its columns', async () => {
    const page = await (await call(world.dashboard.url, '/thang?province=52', { headers: viewer })).text();
    expect(page).toMatch(/<form class="inline" method="get" action="\/thang" id="province-filter">/);
    expect(page).toMatch(/<option value="52" selected>Tỉnh Gia Lai \(52\)<\/option>/);
    expect(page).toMatch(/<option value="">Tất cả \(2 tỉnh\)<\/option>/);
    const none = await (await call(world.dashboard.url, '/thang?province=01', { headers: viewer })).text();
    expect(none).toMatch(/Tỉnh mã 01 không có bộ chỉ số nào được chạy hay có số liệu trong các tháng này/);
  });

  it('stays a matrix of months when quarter and year runs exist (they sort after and before months)', async () => {
    const db = world.ctx.store.db;
    await createRun(db, { trigger: 'manual', framework: 'qd766-2022@52', period: parseAnyPeriod('2026-02'), sources: ['portal'] });
    await createRun(db, { trigger: 'manual', framework: 'qd766-2022@52', period: parseAnyPeriod('2026-Q1'), sources: ['portal'] });
    await createRun(db, { trigger: 'manual', framework: 'qd766-2022@52', period: parseAnyPeriod('2025'), sources: ['portal'] });
    const matrix = (await months('?province=52')).body as unknown as { to: string; periods: string[] };
    expect(matrix.to).toBe('2026-02');
    expect(matrix.periods.every((p) => /^\d{4}-\d{2}$/.test(p))).toBe(true);
    expect(matrix.periods[0]).toBe('2026-02');
    expect(await months('?from=2026-Q1')).toMatchObject({ status: 400, body: { message: expect.stringMatching(/'from' = '2026-Q1': trang các tháng cần tháng YYYY-MM/) } });
  });
});
