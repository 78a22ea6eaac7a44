// A province whose one-door system publishes its export at a URL: downloaded with the token named
// in the province settings (read from the environment), archived and parsed like a dropped file.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { CaptureTaskError, runCaptureTask } from '../../src/pipeline/capture-task.js';
import type { ProvinceConfig } from '../../src/pipeline/province-config.js';
import { openTestStore, testContext } from '../support/backends.js';
import { exportUrlProvince, writeOneDoorExport } from '../support/one-door-export.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-export-url-'));
let server: Server;
let url = '';
const requests: { url: string; auth: string | undefined }[] = [];
let dispose: () => Promise<void>;
let ctx: ReturnType<typeof testContext>;

beforeAll(async () => {
  const file = join(dir, 'export.xlsx');
  await writeOneDoorExport(file);
  const bytes = readFileSync(file);
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', auth: req.headers.authorization });
    if (req.headers.authorization !== 'Bearer bi-mat') {
      res.writeHead(401).end('unauthorised');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': 'attachment; filename="bieu-ii06a-09-2023.xlsx"' });
    res.end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const opened = await openTestStore('postgres');
  dispose = opened.dispose;
  ctx = testContext(opened.store);
});
afterAll(async () => {
  server.close();
  await dispose();
});

const province = (): ProvinceConfig => exportUrlProvince(`${url}/bao-cao/ii06a?nam={year}&thang={month}&ky={period}`, 'DVC_TEST_EXPORT_TOKEN');

it('downloads the month export with the token from the environment and imports it', async () => {
  process.env.DVC_TEST_EXPORT_TOKEN = 'bi-mat';
  const result = await runCaptureTask(ctx, province(), { source: 'one-door', provinceCode: '11' }, parsePeriod('2023-09'));
  expect(result).toMatchObject({ status: 'delivered', captures: 1, metrics: 96, problems: 0 });
  expect(requests.at(-1)!.url).toBe('/bao-cao/ii06a?nam=2023&thang=9&ky=2023-09');
  const capture = await ctx.store.db.selectFrom('captures').select(['file_name', 'source']).executeTakeFirstOrThrow();
  expect(capture).toEqual({ file_name: 'bieu-ii06a-09-2023.xlsx', source: 'one-door' });
});

it('fails clearly, without a retry, when the token is wrong or missing', async () => {
  process.env.DVC_TEST_EXPORT_TOKEN = 'sai';
  const wrong = await runCaptureTask(ctx, province(), { source: 'one-door', provinceCode: '11' }, parsePeriod('2023-09')).catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(CaptureTaskError);
  expect(wrong).toMatchObject({ kind: 'permanent' });
  expect((wrong as Error).message).toMatch(/HTTP 401/);
  expect((wrong as Error).message).not.toContain('sai'); // the token never appears in messages
  delete process.env.DVC_TEST_EXPORT_TOKEN;
  const missing = await runCaptureTask(ctx, province(), { source: 'one-door', provinceCode: '11' }, parsePeriod('2023-09')).catch((e: unknown) => e);
  expect((missing as Error).message).toMatch(/thiếu biến môi trường DVC_TEST_EXPORT_TOKEN/);
});
