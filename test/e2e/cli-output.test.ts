// What the CLI prints says what happened, once, in the operator's words and clock: migrate tells what
// it created, a folder imports its files, quarantine lines name their place once, times are Vietnam time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV } from '../support/example-month.js';

describe('CLI output', () => {
  const { dir, env } = useCliDatabase('dvc-sync-output-', { migrate: false });

  it('migrate says what it created, then that nothing was left to do', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/đã tạo\/cập nhật lược đồ: \d+ bước \(0001-core, /);
    expect(first.out).not.toMatch(/phiên bản mới nhất/);
    const second = await runCli(['migrate'], env);
    expect(second.out).toMatch(/đã ở phiên bản mới nhất; không có bước nào phải chạy/);
    expect(second.out).not.toMatch(/đã tạo/);
  });

  it("imports a folder's files in name order, each reported, with each problem's place and hint once", async () => {
    const folder = join(dir, 'thang-9');
    mkdirSync(folder);
    const lines = readFileSync(EXAMPLE_CSV, 'utf8').trim().split('\n');
    const header = lines[0]!;
    const cells = header.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).length;
    writeFileSync(join(folder, 'b-so-lieu.csv'), `${lines.join('\n')}\n`);
    // One good row and one unknown unit: the file imports, the bad row is quarantined.
    writeFileSync(join(folder, 'a-sai.csv'), `${header}\n${lines[1]}\n,Phường Hym Lam,${Array.from({ length: cells - 2 }, () => '1').join(',')}\n`);
    writeFileSync(join(folder, '.an.csv'), 'hidden\n');
    const run = await runCli(['import', folder, '--month', '2023-09'], env);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/thang-9: 2 tệp \(a-sai\.csv, b-so-lieu\.csv\)/);
    const reported = run.out.match(/^[\w-]+\.csv \[template\]/gm);
    expect(reported).toEqual(['a-sai.csv [template]', 'b-so-lieu.csv [template]']);
    const problem = run.out.split('\n').find((l) => l.includes('Hym Lam'))!;
    expect(problem).toMatch(/^ {4}Tệp a-sai\.csv, dòng 3, cột B/);
    expect(problem.match(/Tệp a-sai\.csv, dòng 3/g)).toHaveLength(1);
    expect(problem.match(/gần nhất/g)).toHaveLength(1);
    const quarantine = await runCli(['quarantine', '--month', '2023-09'], env);
    expect(quarantine.out).toMatch(/^Tháng 9\/2023: 1 vấn đề gần nhất/m);
    const row = quarantine.out.split('\n').find((l) => l.includes('Hym Lam'))!;
    expect(row).toMatch(/^#\d+ \[Mẫu nhập liệu\] Tệp a-sai\.csv, dòng 3/);
    expect(row.match(/Tệp a-sai\.csv, dòng 3/g)).toHaveLength(1);
    expect(row.match(/gần nhất/g)).toHaveLength(1);
  });

  it('shows times on the Vietnam clock and codes by their names', async () => {
    expect((await runCli(['score', '--month', '2023-09'], env)).code).toBe(0);
    const snapshots = await runCli(['snapshots', '--month', '2023-09'], env);
    expect(snapshots.out).toMatch(/^Phiên bản 1 — \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — Thủ công — đã công bố — 12 đơn vị/m);
    expect(snapshots.out).not.toMatch(/\d{4}-\d{2}-\d{2}T|manual/);
    const empty = await runCli(['snapshots', '--month', '2023-08'], env);
    expect(empty.out).toMatch(/Chưa có bảng điểm tháng 8\/2023/);
    const frameworks = await runCli(['frameworks'], env);
    expect(frameworks.out).toMatch(/mẫu số rỗng: (0 điểm|điểm tối đa|không tính)/);
    expect(frameworks.out).not.toMatch(/→ (zero|max|null)/);
  });
});
