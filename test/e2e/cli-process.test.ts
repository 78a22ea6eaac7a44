// The compiled executable as a shell uses it: each command loads only what it needs (checked by
// recording every module the process resolves), and a reader that goes away (`| head`, `| true`)
// ends the command quietly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, spawnCli, spawnProcess } from '../support/cli-runner.js';

const RECORDER = fileURLToPath(new URL('../support/record-imports.mjs', import.meta.url));
const HEAVY = ['@electric-sql/pglite', 'pg', 'kysely', 'exceljs', 'docx', 'express', '@bull-board/api', '@bull-board/express', 'bullmq', 'ioredis', 'pino'];

/** The npm packages a command loads. */
async function packagesLoadedBy(args: string[], dir: string): Promise<{ code: number; packages: Set<string> }> {
  const file = join(dir, `imports-${args[0]}.txt`);
  const run = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RECORDER, BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DVC_RECORD_IMPORTS: file, DVC_SYNC_DATA_DIR: join(dir, 'data') },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const urls = readFileSync(file, 'utf8').split('\n');
  const packages = new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => Boolean(p)));
  return { code: run, packages };
}

describe('the dvc-sync executable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-process-'));

  it('runs the compiled CLI, not TypeScript', async () => {
    const { packages } = await packagesLoadedBy(['--help'], dir);
    expect(packages.has('tsx')).toBe(false);
    const urls = readFileSync(join(dir, 'imports---help.txt'), 'utf8');
    expect(urls).toMatch(/\/dist\/src\/cli\/main\.js/);
    expect(urls).not.toMatch(/\.ts\n/);
  });

  it('loads neither the store nor Excel, Word or the web server for help, frameworks and units', async () => {
    for (const args of [['--help'], ['frameworks'], ['units'], ['report', '--help']]) {
      const { code, packages } = await packagesLoadedBy(args, dir);
      expect(code, args.join(' ')).toBe(0);
      expect(HEAVY.filter((p) => packages.has(p)), args.join(' ')).toEqual([]);
    }
  });

  it('opens the store without the ESM build of kysely, and without the migrations once the schema is current', async () => {
    const own = mkdtempSync(join(tmpdir(), 'dvc-sync-process-store-'));
    expect((await packagesLoadedBy(['migrate'], own)).code).toBe(0);
    const { code, packages } = await packagesLoadedBy(['report', '--month', '2023-09', '--format', 'json'], own);
    expect(code).toBe(1); // no snapshot yet: the store was opened and read
    expect(packages.has('@electric-sql/pglite')).toBe(true);
    // kysely comes through require() (src/store/kysely.ts): as ESM it is ~260 modules more to load.
    expect(packages.has('kysely')).toBe(false);
    expect(readFileSync(join(own, 'imports-report.txt'), 'utf8')).not.toMatch(/schema\/migrations\/0001-core\.js/);
  });

  it('loads Excel but no store for template', async () => {
    const { code, packages } = await packagesLoadedBy(['template', '--month', '2023-09', '--out', join(dir, 'mau.xlsx')], dir);
    expect(code).toBe(0);
    expect(packages.has('exceljs')).toBe(true);
    expect(['@electric-sql/pglite', 'pg', 'docx', 'express', 'bullmq', 'ioredis'].filter((p) => packages.has(p))).toEqual([]);
  });

  it('ends quietly when the reader of its output goes away', async () => {
    const result = await new Promise<{ code: number | null; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'frameworks'], { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
      // Like `dvc-sync frameworks | true`: the pipe is closed before the command writes to it.
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, err }));
    });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });

  it('ends quietly in a shell pipeline that reads one line', async () => {
    const run = await spawnProcess('sh', ['-c', `"${process.execPath}" "${BIN}" units | head -1; "${process.execPath}" "${BIN}" frameworks | true`], {});
    expect(run.err).toBe('');
    expect(run.out.trim().split('\n')).toHaveLength(1);
    expect(run.code).toBe(0);
  });

  it('answers a mistyped command in Vietnamese from the real executable', async () => {
    const run = await spawnCli(['snapshot'], { DVC_SYNC_DATA_DIR: join(dir, 'data') });
    expect(run.code).toBe(2);
    expect(run.err.trim()).toBe("Lỗi [UNKNOWN_COMMAND]: Không có lệnh 'snapshot'. Có phải ý bạn là 'snapshots'?");
  });
});
