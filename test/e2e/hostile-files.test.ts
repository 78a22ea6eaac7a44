// Hostile and broken files: a ~14 MB XLSX inflating to a 1,048,575-row dossier list of impossible
// dates is refused in bounded memory (< 500 MB RSS, child process) naming the file; readers that
// hold a sheet in memory refuse it unread; quarantine keeps at most DVC_QUARANTINE_MAX_PER_CAPTURE
// problems per capture and says how many more there were.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_INPUT_LIMITS } from '../../src/core/input-limits.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { writeXlsxBomb } from '../support/xlsx-bomb.js';

const CHILD = fileURLToPath(new URL('../support/cli-rss-child.ts', import.meta.url));

function runChild(args: readonly string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string; peakRss: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: { ...process.env, DVC_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!));
      } catch {
        reject(new Error(`child gave no result: ${out}`));
      }
    });
  });
}

describe('hostile files', () => {
  const { dir, env, store: opened } = useCliDatabase('dvc-sync-hostile-');
  const bomb = join(dir, 'danh-sach-ho-so.xlsx');
  let bombSize: { bytes: number; inflatedBytes: number };
  beforeAll(async () => {
    bombSize = await writeXlsxBomb(bomb);
  }, 120_000);

  it('documents its defaults', () => {
    expect(DEFAULT_INPUT_LIMITS).toEqual({ xlsxMaxInflatedBytes: 1024 ** 3, xlsxInMemoryMaxBytes: 32 * 1024 ** 2, abandonAfterBadRows: 10_000 });
    expect(loadConfig({})).toMatchObject({ inputLimits: DEFAULT_INPUT_LIMITS, quarantineMaxPerCapture: 1000 });
    expect(loadConfig({ DVC_XLSX_IN_MEMORY_MAX_BYTES: '1000', DVC_FILE_ABANDON_AFTER_BAD_ROWS: '5' }).inputLimits).toMatchObject({ xlsxInMemoryMaxBytes: 1000, abandonAfterBadRows: 5 });
    expect(() => loadConfig({ DVC_QUARANTINE_MAX_PER_CAPTURE: '0' })).toThrow(/DVC_QUARANTINE_MAX_PER_CAPTURE/);
  });

  it('refuses the decompression bomb within 500 MB of RSS, naming the file, with one quarantine line', async () => {
    expect(bombSize.bytes).toBeLessThan(20 * 1024 * 1024);
    expect(bombSize.inflatedBytes).toBeGreaterThan(150 * 1024 * 1024);
    const run = await runChild(['import', bomb, '--month', '2023-09'], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Tệp danh-sach-ho-so\.xlsx: 10000 dòng đầu tiên đều bị từ chối, không dòng nào đọc được \(lý do của dòng cuối: Hồ sơ ở dòng 10001: ngày tiếp nhận không phải ngày hợp lệ.*DVC_FILE_ABANDON_AFTER_BAD_ROWS = 10000\)/);
    expect(run.peakRss).toBeLessThan(500 * 1024 * 1024);
    console.info(`XLSX bomb (${bombSize.bytes} bytes → ${bombSize.inflatedBytes} inflated): refused, peak RSS ${(run.peakRss / 1024 / 1024).toFixed(0)} MB, ${run.seconds.toFixed(1)} s`);
    const quarantine = await opened().db.selectFrom('quarantine').select('reason').where('period', '=', '2023-09').execute();
    expect(quarantine).toHaveLength(1);
    expect(await opened().db.selectFrom('captures').select('id').where('file_name', '=', 'danh-sach-ho-so.xlsx').execute()).toHaveLength(1); // kept
  }, 180_000);

  it('refuses it unread in readers that hold a sheet in memory, and above the inflated limit in any reader', async () => {
    const template = await runCli(['import', bomb, '--month', '2023-08', '--source', 'template'], env);
    expect(template.code).toBe(1);
    expect(template.err).toMatch(/Tệp danh-sach-ho-so\.xlsx: trang tính sheet1\.xml giải nén ra 153\.\d MB, lớn hơn giới hạn 32\.0 MB .*\(DVC_XLSX_IN_MEMORY_MAX_BYTES\)/);
    const capped = await runCli(['import', bomb, '--month', '2023-07', '--source', 'dossier-list'], { ...env, DVC_XLSX_MAX_INFLATED_BYTES: String(100 * 1024 * 1024) });
    expect(capped.code).toBe(1);
    expect(capped.err).toMatch(/Tệp danh-sach-ho-so\.xlsx: 13\.\d MB nén nhưng giải nén ra 153\.\d MB, vượt giới hạn 100\.0 MB \(DVC_XLSX_MAX_INFLATED_BYTES\); tệp không được đọc/);
  });

  it('keeps the first DVC_QUARANTINE_MAX_PER_CAPTURE problems of a capture and counts the rest', async () => {
    const lines = ['Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp'];
    for (let i = 0; i < 2500; i++) {
      lines.push(`G${i},UBND phường Him Lam,05/06/2023,08/06/2023,06/06/2023,Trực tuyến`);
      lines.push(`B${i},UBND phường Him Lam,31/02/2023,08/06/2023,,Trực tiếp`);
    }
    const list = join(dir, 'nhieu-loi.csv');
    writeFileSync(list, `${lines.join('\r\n')}\r\n`);
    const run = await runCli(['import', list, '--month', '2023-06'], env);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/nhieu-loi\.csv \[dossier-list\]: \d+ giá trị của 1 đơn vị; 2500 dòng\/ô bị cách ly/);
    const kept = await opened().db.selectFrom('quarantine').select(['reason', 'found']).where('period', '=', '2023-06').orderBy('id').execute();
    expect(kept).toHaveLength(1001);
    expect(kept.at(-1)).toEqual({ found: '2500 vấn đề', reason: 'nhieu-loi.csv: có 2500 dòng/ô bị cách ly; chỉ lưu 1000 vấn đề đầu tiên, 1500 vấn đề khác không được lưu' });
    const use = await opened().db.selectFrom('capture_uses').select(['problems']).where('period', '=', '2023-06').executeTakeFirstOrThrow();
    expect(use.problems).toBe(2500);
  });
});
