// `dvc-sync units`: a province's units for a month (by code, portal code or name), a unit's lineage
// across the 2025 reorganisation, and import-dvhcvn on the real two-level file.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSharedData } from '../../schema/units/build-units.js';
import { runCli } from '../support/cli-runner.js';

describe('dvc-sync units', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-units-'));
  const env = { DVC_SYNC_DATA_DIR: join(dir, 'data') };

  it('lists a province for a month, chosen by statistics code, portal code or name', async () => {
    for (const province of ['11', 'H18', 'Điện Biên']) {
      const run = await runCli(['units', '--province', province, '--month', '2026-10'], env);
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/^Tỉnh Điện Biên \(mã 11, cổng H18\), tháng 2026-10: 45 đơn vị$/m);
      expect(run.out).toMatch(/^03127\tUBND phường Điện Biên Phủ\tphường\t01\/07\/2025 → nay$/m);
      expect(run.out.match(/^\d{5}\t/gm)).toHaveLength(45);
    }
    const before = await runCli(['units', '--province', '11', '--month', '2023-09'], env);
    expect(before.out).toMatch(/^03127\tUBND phường Him Lam\tphường\t01\/01\/2008 → 30\/06\/2025$/m);
    expect(before.out).toMatch(/^03130\tUBND phường Thanh Bình\tphường\t.*\(tên khác: UBND Thanh Bình\)$/m);
    expect(before.out).toMatch(/^129 đơn vị\.$/m);
    const wrong = await runCli(['units', '--province', 'Điện Biên Phú', '--month', '2026-10'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^Lỗi \[UNKNOWN_PROVINCE\]: Không có tỉnh 'Điện Biên Phú' trong tháng 2026-10 .*gần nhất: Tỉnh Điện Biên \(11, H18\)/);
  });

  it('prints a unit lineage both ways, and a reused code per month', async () => {
    const both = await runCli(['units', 'lineage', '03127'], env);
    expect(both.code).toBe(0);
    expect(both.out).toContain('Phường Him Lam (03127) — phường, Tỉnh Điện Biên, hiệu lực 01/01/2008 → 30/06/2025\n  Từ 01/07/2025 thuộc 1 đơn vị:\n    03127  Phường Điện Biên Phủ  toàn bộ');
    expect(both.out).toContain('Phường Điện Biên Phủ (03127) — phường, Tỉnh Điện Biên, hiệu lực 01/07/2025 → nay\n  Hình thành từ 6 đơn vị (trước 01/07/2025):');
    expect(both.out).toMatch(/^ {4}03145 {2}Xã Thanh Minh {2}toàn bộ$/m);
    expect(both.out).toContain('Căn cứ: Nghị quyết 1661/NQ-UBTVQH15');
    const now = await runCli(['units', 'lineage', '03127', '--month', '2026-10'], env);
    expect(now.out).not.toContain('Phường Him Lam (03127) —');
    const byName = await runCli(['units', 'lineage', 'Phường Ngọc Hà'], env);
    expect(byName.out).toMatch(/^ {4}00004 {2}Phường Ba Đình {2}một phần$/m);
    const unknown = await runCli(['units', 'lineage', 'Phường Him Lâm'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^Lỗi \[UNKNOWN_UNIT\]: Không có đơn vị 'Phường Him Lâm'/);
  });

  it('imports the real two-level file for one province', async () => {
    const out = join(dir, 'dien-bien-2025.json');
    const run = await runCli(['units', 'import-dvhcvn', join(findSharedData()!, 'merges.json'), '--province', '11', '--valid-from', '2025-07-01', '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.out).toContain('45 đơn vị cấp xã của Tỉnh Điện Biên');
    expect(JSON.parse(readFileSync(out, 'utf8')).units).toHaveLength(45);
  });
});
