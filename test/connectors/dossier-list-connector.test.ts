// The dossier-list connector through the Connector contract: describe, check, capture, and parse of
// captures held in memory or on disk; a file that is not a dossier list is refused as a whole.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type ParseEvent, type RawCapture } from '../../src/core/connector-contract.js';
import { createDossierListConnector } from '../../connectors/dossier-list/index.js';
import { parsePeriod } from '../../src/core/period.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-dossier-list-connector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const context = { period, registry: loadUnitRegistry() };
const connector = createDossierListConnector();
const LIST = 'Mã hồ sơ,Cơ quan tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp\nH1,UBND phường Him Lam,05/09/2023,08/09/2023,06/09/2023,Trực tuyến\n';

async function collect(capture: RawCapture): Promise<ParseEvent[]> {
  const events: ParseEvent[] = [];
  for await (const event of connector.parse(capture, context)) events.push(event);
  return events;
}

describe('createDossierListConnector', () => {
  it('describes the dossier-list source with vocabulary metrics only', () => {
    const description = connector.describe();
    expect(description.source).toBe('dossier-list');
    expect(description.metrics.every((m) => metricVocabulary().has(m))).toBe(true);
    expect(description.configSchema.safeParse({}).success).toBe(false);
  });

  it('checks, captures by path and parses the capture', async () => {
    const path = join(dir, 'ho-so.csv');
    writeFileSync(path, LIST);
    expect(await connector.check({ path })).toMatchObject({ ok: true });
    expect((await connector.check({ path: join(dir, 'khong-co.csv') })).ok).toBe(false);
    const captures: RawCapture[] = [];
    for await (const capture of connector.capture({ period, config: { path } })) captures.push(capture);
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatchObject({ source: 'dossier-list', period, fileName: 'ho-so.csv', mediaType: 'text/csv', content: { kind: 'file', path } });
    const events = await collect(captures[0]!);
    const early = events.find((e) => e.kind === 'metric' && e.row.metric === 'resolved_early');
    expect(early).toMatchObject({ kind: 'metric', row: { unitCode: '03127', value: 1 } });
  });

  it('parses a capture held in memory', async () => {
    const events = await collect({ source: 'dossier-list', period, scope: null, fileName: 'ho-so.csv', mediaType: 'text/csv', content: { kind: 'bytes', bytes: Buffer.from(LIST) }, metadata: {} });
    expect(events.filter((e) => e.kind === 'metric')).toHaveLength(8);
  });

  it('refuses a CSV or a workbook without a dossier-list header, showing what its first row holds', async () => {
    const csv = join(dir, 'khac.csv');
    writeFileSync(csv, 'Họ tên,Điện thoại\nLò Văn A,0912\n');
    const capture = (path: string, fileName: string): RawCapture => ({ source: 'dossier-list', period, scope: null, fileName, mediaType: 'application/octet-stream', content: { kind: 'file', path }, metadata: {} });
    await expect(collect(capture(csv, 'khac.csv'))).rejects.toThrow(UnreadableSourceError);
    await expect(collect(capture(csv, 'khac.csv'))).rejects.toThrow("'Họ tên', 'Điện thoại'");

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Danh bạ').addRow(['Họ tên', 'Điện thoại']);
    const xlsx = join(dir, 'khac.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    await expect(collect(capture(xlsx, 'khac.xlsx'))).rejects.toThrow("trang 'Danh bạ'");
  });
});
