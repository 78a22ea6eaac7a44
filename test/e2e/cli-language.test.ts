// The CLI speaks Vietnamese only: every command's help and every error path is searched for the
// English words commander and Node would print; unknown commands get the closest command.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';

// Whole words as commander, Node and English error texts write them (case-sensitive where the
// Vietnamese text could contain the letters).
const ENGLISH = [
  'Usage', 'Options', 'Commands', 'Arguments', 'error', 'Error', 'unknown', 'Unknown', 'argument', 'arguments', 'missing',
  'invalid', 'Invalid', 'expected', 'Expected', 'failed', 'command', 'option', 'required', 'default', 'choices', 'Allowed',
  'display', 'help for', 'Did you mean', 'too many', 'not specified', 'is not', 'cannot', 'must', 'should', 'received',
  'ENOENT', 'EISDIR', 'ECONNREFUSED', 'stack', 'at Object',
];

/** The text an operator reads, without identifiers that are English by design: error codes and flags. */
const readable = (text: string) =>
  text
    .replace(/Lỗi \[[A-Z_]+\]/g, 'Lỗi')
    .replace(/--[a-z][a-z-]*/g, '')
    .replace(/dvc-sync [a-z-]+( [a-z-]+)?/g, 'dvc-sync');

function englishIn(text: string): string[] {
  const plain = readable(text);
  return ENGLISH.filter((word) => new RegExp(`(^|[^\\p{L}])${word}($|[^\\p{L}])`, 'u').test(plain));
}

/** Every command path: [], ['report'], ['sources', 'check'], ... */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return [prefix, ...command.commands.flatMap((c) => commandPaths(c, [...prefix, c.name()]))];
}

describe('dvc-sync in Vietnamese', () => {
  const { env } = useCliDatabase('dvc-sync-language-', { migrate: false });

  it('prints every help screen in Vietnamese', async () => {
    const paths = commandPaths(buildProgram({ env: {}, out: () => {}, err: () => {}, isTty: false }));
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const run = await runCli([...path, '--help'], env);
      expect(run.code, path.join(' ')).toBe(0);
      expect(run.out, path.join(' ')).toMatch(/^Cách dùng: dvc-sync/);
      expect(englishIn(run.out + run.err), `${path.join(' ')}:\n${run.out}`).toEqual([]);
    }
    const root = await runCli(['--help'], env);
    expect(root.out).toMatch(/^Lệnh:$/m);
    expect(root.out).toMatch(/^Tuỳ chọn:$/m);
    expect(root.out).toMatch(/help \[lệnh\] +hiện trợ giúp của một lệnh/);
    const report = await runCli(['report', '--help'], env);
    expect(report.out).toMatch(/mặc định: dien-bien-xa-2023/);
    expect(report.out).toMatch(/chọn:\s+table, json, csv/);
  });

  const errors: { args: string[]; code: string; text?: RegExp }[] = [
    { args: ['snapshot', '--month', '2023-09'], code: 'UNKNOWN_COMMAND', text: /^Lỗi \[UNKNOWN_COMMAND\]: Không có lệnh 'snapshot'\. Có phải ý bạn là 'snapshots'\?$/ },
    { args: ['quickstar'], code: 'UNKNOWN_COMMAND', text: /ý bạn là 'quickstart'/ },
    { args: ['xyzzy'], code: 'UNKNOWN_COMMAND', text: /Không có lệnh 'xyzzy'\. Xem 'dvc-sync --help'/ },
    { args: ['sources', 'chek'], code: 'UNKNOWN_COMMAND', text: /Không có lệnh 'sources chek'\. Có phải ý bạn là 'sources check'\?/ },
    { args: ['units', 'lst'], code: 'UNKNOWN_COMMAND', text: /ý bạn là 'units list'/ },
    { args: ['report', '--month', '2023-09', '--formt', 'json'], code: 'UNKNOWN_OPTION', text: /Lệnh 'report' không có tuỳ chọn '--formt'\. Có phải ý bạn là '--format'\?/ },
    { args: ['report', '--month', '2023-09', '--bogus'], code: 'UNKNOWN_OPTION' },
    { args: ['report'], code: 'MISSING_OPTION', text: /Lệnh 'report' cần tuỳ chọn --month/ },
    { args: ['report', '--month'], code: 'MISSING_OPTION_VALUE', text: /Tuỳ chọn --month cần một giá trị/ },
    { args: ['import', '--month', '2023-09'], code: 'MISSING_ARGUMENT', text: /Lệnh 'import' cần tham số <tệp\.\.\.>/ },
    { args: ['cancel'], code: 'MISSING_ARGUMENT' },
    { args: ['report', '--month', '2023-13'], code: 'INVALID_PERIOD', text: /Tháng không hợp lệ: '2023-13'/ },
    { args: ['report', '--month', 'tháng chín'], code: 'INVALID_PERIOD' },
    { args: ['report', '--month', '2023-09', '--format', 'pdf'], code: 'INVALID_CHOICE', text: /Giá trị 'pdf' của --format không hợp lệ; chọn một trong: table, json/ },
    { args: ['report', '--month', '2023-09', '--revision', 'hai'], code: 'INVALID_VALUE', text: /Giá trị 'hai' của --revision không hợp lệ; cần số nguyên dương/ },
    { args: ['report', '--month', '2023-09', '--low', '2'], code: 'INVALID_VALUE', text: /không phải tỷ lệ/ },
    { args: ['runs', 'abc'], code: 'INVALID_VALUE', text: /Giá trị 'abc' của tham số <số> không hợp lệ/ },
    { args: ['runs', '1', '2'], code: 'TOO_MANY_ARGUMENTS', text: /Lệnh 'runs' không nhận thêm tham số '2'/ },
    { args: ['quickstart', 'extra'], code: 'TOO_MANY_ARGUMENTS' },
    { args: ['frameworks', '--json'], code: 'UNKNOWN_OPTION' },
    { args: ['report', '--month', '2024-02'], code: 'SNAPSHOT_NOT_FOUND', text: /Chưa có bảng điểm tháng 2\/2024/ },
    { args: ['import', '/khong/co/tep.xlsx', '--month', '2023-09'], code: 'FILE_NOT_FOUND' },
    { args: ['import', '--month', '2023-09', '--source', 'excel', 'a.xlsx'], code: 'INVALID_CHOICE' },
    { args: ['sync', '--month', '2023-09', '--source', 'fax'], code: 'UNKNOWN_SOURCE' },
    { args: ['backfill', '--from', '2023-09', '--to', '2023-01'], code: 'INVALID_RANGE' },
    { args: ['runs', '999999'], code: 'RUN_NOT_FOUND' },
    { args: ['template', '--month', '2023-09'], code: 'MISSING_OPTION' },
  ];

  it('answers every error path with one Vietnamese line and its code', async () => {
    for (const { args, code, text } of errors) {
      const run = await runCli(args, env);
      const label = args.join(' ');
      expect(run.code, label).not.toBe(0);
      expect(run.out, label).toBe('');
      const lines = run.err.trim().split('\n');
      expect(lines, label).toHaveLength(1);
      expect(lines[0], label).toMatch(new RegExp(`^Lỗi \\[${code}\\]: \\S`));
      if (text) expect(lines[0], label).toMatch(text);
      expect(englishIn(run.err), `${label}: ${run.err}`).toEqual([]);
    }
  });
});
