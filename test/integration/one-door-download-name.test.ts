// A one-door export server chooses the file's name, never its place: names that climb out of the
// downloads folder (`filename=../../x`, `filename*=UTF-8''..%2F..%2Fx`, absolute and Windows paths)
// are cut to a sanitised base name, and nothing is written outside the data folder.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { runCaptureTask } from '../../src/pipeline/capture-task.js';
import { downloadFileName } from '../../src/pipeline/download-file-name.js';
import type { ProvinceConfig } from '../../src/pipeline/province-config.js';
import { openTestStore, testContext } from '../support/backends.js';
import { exportUrlProvince, writeOneDoorExport } from '../support/one-door-export.js';

describe('downloadFileName', () => {
  it('keeps only a sanitised base name', () => {
    const url = 'https://mot-cua.example/bao-cao/ii06a?ky=2023-09';
    expect(downloadFileName('attachment; filename="../../../../x.txt"', url)).toBe('x.txt');
    expect(downloadFileName("attachment; filename*=UTF-8''..%2F..%2Fx.txt", url)).toBe('x.txt');
    expect(downloadFileName('attachment; filename=/etc/passwd', url)).toBe('passwd');
    expect(downloadFileName('attachment; filename="C:\\\\Windows\\\\bieu.xlsx"', url)).toBe('bieu.xlsx');
    expect(downloadFileName("attachment; filename=\"fallback.xlsx\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%2009.xlsx", url)).toBe('Báo cáo 09.xlsx');
    expect(downloadFileName('attachment; filename=".."', url)).toBe('ii06a');
    expect(downloadFileName('attachment; filename="../"', 'https://h/')).toBe('export.xlsx');
    expect(downloadFileName('attachment; filename=".hidden\u0000.csv"', url)).toBe('hidden_.csv');
    expect(downloadFileName('', 'https://h/xuat/bieu%2F..%2F..%2Fy.csv')).toBe('y.csv');
  });
});

describe('one-door export download with a hostile Content-Disposition', () => {
  const tag = Math.random().toString(36).slice(2, 8);
  const dispositions = [
    `attachment; filename="../../../../x-${tag}.txt"`,
    `attachment; filename*=UTF-8''..%2F..%2Fx2-${tag}.txt`,
    `attachment; filename="../../../../bieu-${tag}.xlsx"`,
  ];
  let answer = 0;
  let server: Server;
  let url = '';
  let dispose: () => Promise<void>;
  let ctx: ReturnType<typeof testContext>;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dvc-download-name-')), 'export.xlsx');
    await writeOneDoorExport(file);
    const bytes = readFileSync(file);
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': dispositions[answer++ % dispositions.length]! });
      res.end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const opened = await openTestStore('pglite');
    dispose = opened.dispose;
    ctx = testContext(opened.store);
  });
  afterAll(async () => {
    server.close();
    await dispose();
  });

  const province = (): ProvinceConfig => exportUrlProvince(`${url}/bao-cao?ky={period}`);

  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)));

  it('saves every answer inside the downloads folder under its base name, and still imports the export', async () => {
    const period = parsePeriod('2023-09');
    const results = [];
    for (let i = 0; i < dispositions.length; i++) results.push(await runCaptureTask(ctx, province(), { source: 'one-door', provinceCode: '11' }, period));
    const dataDir = ctx.config.dataDir;
    // Where the server asked to write: above the data folder (and above the downloads folder).
    for (const name of [`x-${tag}.txt`, `x2-${tag}.txt`, `bieu-${tag}.xlsx`]) {
      expect(existsSync(join(dirname(dataDir), name)), name).toBe(false);
      expect(existsSync(join(dataDir, 'downloads', '11', name)), name).toBe(false);
      expect(existsSync(join(dataDir, name)), name).toBe(false);
    }
    expect(filesUnder(join(dataDir, 'downloads')).sort()).toEqual([`11/2023-09/bieu-${tag}.xlsx`, `11/2023-09/x-${tag}.txt`, `11/2023-09/x2-${tag}.txt`].sort());
    expect(results.at(-1)).toMatchObject({ status: 'delivered', metrics: 96 });
    const capture = await ctx.store.db.selectFrom('captures').select('file_name').executeTakeFirstOrThrow();
    expect(capture.file_name).toBe(`bieu-${tag}.xlsx`);
  });
});
