// The connector registry: every source kind has its connector, files are detected by their header
// rows, and a file of a kind becomes its raw captures through that connector's own capture().
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureFile, createConnector, detectFileKind, dropFolderFiles } from '../../connectors/registry.js';
import { UnreadableSourceError } from '../../src/core/connector-contract.js';
import { parsePeriod } from '../../src/core/period.js';
import { SOURCE_KINDS } from '../../src/core/source.js';
import { writeOneDoorExport } from '../support/one-door-export.js';

const period = parsePeriod('2023-09');
const TEMPLATE = resolve('examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv');
const DOSSIERS = 'Mã hồ sơ,Cơ quan tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp\r\nH1,UBND phường Him Lam,05/09/2023,08/09/2023,06/09/2023,Trực tuyến\r\n';

describe('connector registry', () => {
  it('has a connector for every source kind, describing itself as that kind', () => {
    for (const kind of SOURCE_KINDS) expect(createConnector(kind).describe().source).toBe(kind);
  });

  it('detects each kind of operator file by its content, and says why it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-registry-'));
    const exportPath = join(dir, 'bieu.xlsx');
    await writeOneDoorExport(exportPath);
    writeFileSync(join(dir, 'ds.csv'), DOSSIERS);
    writeFileSync(join(dir, 'other.csv'), 'a,b,c\r\n1,2,3\r\n');
    writeFileSync(join(dir, 'answer.json'), '{}');
    expect(await detectFileKind(TEMPLATE)).toEqual({ kind: 'template' });
    expect(await detectFileKind(exportPath)).toEqual({ kind: 'one-door' });
    expect(await detectFileKind(join(dir, 'ds.csv'))).toEqual({ kind: 'dossier-list' });
    expect(await detectFileKind(join(dir, 'answer.json'))).toEqual({ kind: 'portal' });
    expect(await detectFileKind(join(dir, 'other.csv'))).toEqual({ kind: 'unknown', reason: expect.stringMatching(/dòng tiêu đề/) });
  });

  it('captures a file through its connector: one builder, whatever the kind', async () => {
    for (const kind of ['template', 'one-door', 'dossier-list'] as const) {
      const { captures, notes } = await captureFile(kind, TEMPLATE, period);
      expect(notes).toEqual([]);
      expect(captures).toHaveLength(1);
      expect(captures[0]).toMatchObject({ source: kind, period, fileName: 'so-lieu-2023-09.csv', mediaType: 'text/csv', content: { kind: 'file', path: TEMPLATE } });
      expect(captures[0]!.metadata).toMatchObject({ originalPath: TEMPLATE, format: 'csv' });
    }
    await expect(captureFile('one-door', join(tmpdir(), 'khong-co.xlsx'), period)).rejects.toBeInstanceOf(UnreadableSourceError);
  });

  it('lists a drop folder month with the kind of each file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-drop-'));
    const month = join(dir, '2023-09');
    mkdirSync(month);
    await writeOneDoorExport(join(month, 'bieu.xlsx'));
    writeFileSync(join(month, 'ds.csv'), DOSSIERS);
    const files = await dropFolderFiles(dir, period);
    expect(files.map((f) => [f.fileName, f.kind])).toEqual([
      ['bieu.xlsx', 'one-door'],
      ['ds.csv', 'dossier-list'],
    ]);
  });
});
