// `--province` for a framework without a fixed province (qd766-2022): the evaluation of one province
// is its own snapshot series (`qd766-2022@11`), listed, reported and compared apart from any other;
// a framework fixed to a province refuses another one; a province given by portal code or name.
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV } from '../support/example-month.js';

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`--province [${backend}]`, () => {
    const { env } = useCliDatabase('dvc-sync-province-', { migrate: false, backend });

    beforeAll(async () => {
      expect((await runCli(['import', EXAMPLE_CSV, '--month', '2023-09'], env)).code).toBe(0);
    });

    it('scores and reports qd766-2022 for one province as its own series', async () => {
      const score = await runCli(['score', '--month', '2023-09', '--framework', 'qd766-2022', '--province', '11', '--allow-incomplete'], env);
      expect(score.err).toBe('');
      expect(score.code).toBe(0);
      const report = JSON.parse((await runCli(['report', '--month', '2023-09', '--framework', 'qd766-2022', '--province', '11', '--format', 'json'], env)).out);
      expect(report.framework).toBe('qd766-2022@11');
      const inProvince = loadUnitRegistry().validIn(parsePeriod('2023-09'), { provinceCode: '11' });
      expect(report.units.map((u: { code: string }) => u.code).sort()).toEqual(inProvince.map((u) => u.code).sort());
      expect(report.units.find((u: { code: string }) => u.code === '03127').indicators.ONLINE_PAYMENT.numerator).toBe(21);
      const listed = await runCli(['snapshots', '--month', '2023-09', '--framework', 'qd766-2022', '--province', '11'], env);
      expect(listed.out.match(/^Phiên bản/gm)).toHaveLength(1);
      // The framework without a province, and the commune framework, are other series, untouched.
      for (const args of [['--framework', 'qd766-2022'], []]) {
        const other = await runCli(['snapshots', '--month', '2023-09', ...args], env);
        expect(other.out).toMatch(/^Chưa có bảng điểm tháng 9\/2023/);
      }
    });

    it('takes the province by portal code or name, and names the closest when unknown', async () => {
      for (const province of ['H18', 'Điện Biên', 'tinh dien bien']) {
        const report = await runCli(['report', '--month', '2023-09', '--framework', 'qd766-2022', '--province', province, '--format', 'json'], env);
        expect(JSON.parse(report.out).framework).toBe('qd766-2022@11');
      }
      const unknown = await runCli(['report', '--month', '2023-09', '--framework', 'qd766-2022', '--province', 'Điện Bien Phu Xa'], env);
      expect(unknown.err.trim()).toMatch(/^Lỗi \[UNKNOWN_PROVINCE\]: Không có tỉnh 'Điện Bien Phu Xa' trong tháng 2023-09.*gần nhất: Tỉnh Điện Biên/);
    });

    it('backfills one province under the national framework (dry run: its own tasks, nothing enqueued)', async () => {
      const run = await runCli(['backfill', '--from', '2026-01', '--to', '2026-02', '--framework', 'qd766-2022', '--province', 'Gia Lai', '--dry-run'], env);
      expect(run.err).toBe('');
      expect(run.out).toMatch(/^Chạy bù 2 tháng theo bộ chỉ số qd766-2022@52 /m);
      expect(run.out.match(/^ {2}tháng [12]\/2026: Thu thập · Cổng DVCQG · (tỉnh )?Gia Lai$/gm)).toHaveLength(2);
      expect(run.out).not.toMatch(/Điện Biên/);
    });

    it('refuses a province a framework is not made for, naming both', async () => {
      const run = await runCli(['score', '--month', '2023-09', '--province', '12'], env);
      expect(run.code).not.toBe(0);
      expect(run.err.trim()).toMatch(/^Lỗi \[INVALID_PROVINCE\]: .*dien-bien-xa-2023 chỉ đánh giá tỉnh mã 11, không dùng cho tỉnh mã 12/);
    });
  });
}
