// CSV files as Vietnamese offices save them: UTF-8 with and without BOM, UTF-16 ("Unicode text") and
// Windows-1258 (older Excel "CSV", tone marks decomposed) read the same as UTF-8; TCVN3 (ABC) and VNI
// font encodings are refused, saying so and how to fix it.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvAsUtf8, detectCsvEncoding } from '../../connectors/csv-text-encoding.js';
import { createDossierListConnector } from '../../connectors/dossier-list/index.js';
import { captureSpreadsheetFile } from '../../connectors/one-door/file-capture.js';
import { classifyDroppedFile, createOneDoorConnector } from '../../connectors/one-door/index.js';
import { templateConnector } from '../../connectors/template/template-connector.js';
import type { Connector, ParseEvent } from '../../src/core/connector-contract.js';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-encodings-'));
const registry = loadUnitRegistry();
const period = parsePeriod('2023-09');
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Windows-1258 as Excel writes it: letters with ^, ˘ or horn precomposed, the tone as a separate mark. */
function windows1258(text: string): Buffer {
  const parts: Buffer[] = [];
  for (const char of text.normalize('NFC')) {
    const direct = iconv.encode(char, 'windows1258');
    if (direct.length === 1 && direct[0] !== 0x3f) {
      parts.push(direct);
      continue;
    }
    const decomposed = char.normalize('NFD');
    const base = decomposed.replace(TONES, '').normalize('NFC');
    const tones = decomposed.match(TONES) ?? [];
    parts.push(iconv.encode(base, 'windows1258'), ...tones.map((t) => iconv.encode(t, 'windows1258')));
  }
  const bytes = Buffer.concat(parts);
  expect(bytes.includes(0x3f) && !text.includes('?'), 'every character has a Windows-1258 form').toBe(false);
  return bytes;
}

// TCVN3 (ABC, fonts .VnTime…): one byte per lowercase letter with its marks, 0xA1–0xFE.
const TCVN3: Record<string, number> = {
  à: 0xb5, ả: 0xb6, ã: 0xb7, á: 0xb8, ạ: 0xb9, ă: 0xa8, ằ: 0xbb, ẳ: 0xbc, ẵ: 0xbd, ắ: 0xbe, ặ: 0xc6, â: 0xa9, ầ: 0xc7, ẩ: 0xc8, ẫ: 0xc9, ấ: 0xca, ậ: 0xcb, đ: 0xae, Đ: 0xa7,
  è: 0xcc, ẻ: 0xce, ẽ: 0xcf, é: 0xd0, ẹ: 0xd1, ê: 0xaa, ề: 0xd2, ể: 0xd3, ễ: 0xd4, ế: 0xd5, ệ: 0xd6, ì: 0xd7, ỉ: 0xd8, ĩ: 0xdc, í: 0xdd, ị: 0xde,
  ò: 0xdf, ỏ: 0xe1, õ: 0xe2, ó: 0xe3, ọ: 0xe4, ô: 0xab, ồ: 0xe5, ổ: 0xe6, ỗ: 0xe7, ố: 0xe8, ộ: 0xe9, ơ: 0xac, ờ: 0xea, ở: 0xeb, ỡ: 0xec, ớ: 0xed, ợ: 0xee,
  ù: 0xef, ủ: 0xf1, ũ: 0xf2, ú: 0xf3, ụ: 0xf4, ư: 0xad, ừ: 0xf5, ử: 0xf6, ữ: 0xf7, ứ: 0xf8, ự: 0xf9, ỳ: 0xfa, ỷ: 0xfb, ỹ: 0xfc, ý: 0xfd, ỵ: 0xfe,
};
// VNI (fonts VNI-Times…): the base letter, then one byte for hat/breve and tone together.
const VNI_TONE: Record<string, number> = { '\u0301': 0xf9, '\u0300': 0xf8, '\u0309': 0xfb, '\u0303': 0xf5, '\u0323': 0xef };
const VNI_HAT: Record<string, number> = { '': 0xe2, '\u0301': 0xe1, '\u0300': 0xe0, '\u0309': 0xe5, '\u0303': 0xe3, '\u0323': 0xe4 };
const VNI_BREVE: Record<string, number> = { '': 0xea, '\u0301': 0xe9, '\u0300': 0xe8, '\u0309': 0xfa, '\u0303': 0xfc, '\u0323': 0xeb };

function tcvn3(text: string): Buffer {
  return Buffer.from([...text.normalize('NFC')].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : (TCVN3[c] ?? TCVN3[c.toLowerCase()]!))));
}

function vni(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text.normalize('NFC')) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else if (char === 'đ' || char === 'Đ') bytes.push(char === 'đ' ? 0xf1 : 0xd1);
    else {
      const d = char.normalize('NFD');
      const tone = d.match(TONES)?.[0] ?? '';
      const base = d[0]!;
      bytes.push(base.charCodeAt(0));
      if (d.includes('\u0302')) bytes.push(VNI_HAT[tone]!);
      else if (d.includes('\u0306')) bytes.push(VNI_BREVE[tone]!);
      else {
        if (d.includes('\u031b')) bytes.push(base === 'o' ? 0xf4 : 0xf6); // ơ, ư
        if (tone) bytes.push(VNI_TONE[tone]!);
      }
    }
  }
  return Buffer.from(bytes);
}

const DOSSIERS =
  'Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp\r\n' +
  'H1,UBND phường Him Lam,05/09/2023,08/09/2023,06/09/2023,Trực tuyến\r\n' +
  'H2,UBND phường Him Lam,12/09/2023,15/09/2023,14/09/2023,Trực tiếp\r\n' +
  'H3,UBND xã Nà Tấu,20/09/2023,25/09/2023,,Dịch vụ bưu chính\r\n';
const TEMPLATE = readFileSync(new URL('../../examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv', import.meta.url), 'utf8');

async function read(connector: Connector<unknown>, path: string, source: 'template' | 'dossier-list' | 'one-door'): Promise<{ metrics: string[]; problems: string[] }> {
  const events: ParseEvent[] = [];
  for await (const event of connector.parse(await captureSpreadsheetFile(source, path, period), { period, registry })) events.push(event);
  return {
    metrics: events.flatMap((e) => (e.kind === 'metric' ? [`${e.row.unitCode} ${e.row.metric}=${e.row.value}`] : [])).sort(),
    problems: events.flatMap((e) => (e.kind === 'problem' ? [e.problem.reason] : [])),
  };
}

const encodings: [string, (text: string) => Buffer][] = [
  ['utf-8-bom', (t) => Buffer.from(`\ufeff${t}`, 'utf8')],
  ['utf-16le', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ['windows-1258', windows1258],
];

describe('CSV encodings', () => {
  it('measures the encoding', () => {
    expect(detectCsvEncoding(Buffer.from(DOSSIERS, 'utf8'), true)).toEqual({ kind: 'text', encoding: 'utf-8' });
    expect(detectCsvEncoding(Buffer.from(DOSSIERS, 'utf16le'), true)).toEqual({ kind: 'text', encoding: 'utf-16le' });
    expect(detectCsvEncoding(windows1258(DOSSIERS), true)).toEqual({ kind: 'text', encoding: 'windows-1258' });
    expect(detectCsvEncoding(tcvn3(DOSSIERS), true)).toEqual({ kind: 'font', font: 'TCVN3 (ABC)' });
    expect(detectCsvEncoding(vni(DOSSIERS), true)).toEqual({ kind: 'font', font: 'VNI' });
    // A sample cut inside a UTF-8 letter is still UTF-8.
    const utf8 = Buffer.from('Đơn vị', 'utf8');
    expect(detectCsvEncoding(utf8.subarray(0, utf8.length - 1), false)).toEqual({ kind: 'text', encoding: 'utf-8' });
    // A whole UTF-8 file longer than the measured sample, the sample's end falling inside a letter.
    const long = Buffer.from(`a${'Đơn vị,'.repeat(20_000)}`, 'utf8');
    expect(csvAsUtf8(long, 'dai.csv')).toEqual(long);
  });

  it('reads a dossier list in every readable encoding exactly as its UTF-8 original, and detects it in the drop folder', async () => {
    const original = join(dir, 'ho-so-utf8.csv');
    writeFileSync(original, DOSSIERS);
    const expected = await read(createDossierListConnector() as Connector<unknown>, original, 'dossier-list');
    expect(expected.metrics.length).toBeGreaterThan(0);
    expect(expected.problems).toEqual([]);
    for (const [name, encode] of encodings) {
      const path = join(dir, `ho-so-${name}.csv`);
      writeFileSync(path, encode(DOSSIERS));
      expect(await read(createDossierListConnector() as Connector<unknown>, path, 'dossier-list'), name).toEqual(expected);
      expect((await classifyDroppedFile(path, `ho-so-${name}.csv`)).kind, name).toBe('dossier-list');
    }
  });

  it('reads the manual template in every readable encoding exactly as its UTF-8 original', async () => {
    const original = join(dir, 'mau-utf8.csv');
    writeFileSync(original, TEMPLATE);
    const expected = await read(templateConnector as Connector<unknown>, original, 'template');
    expect(expected.metrics.length).toBe(12 * 18);
    for (const [name, encode] of encodings) {
      const path = join(dir, `mau-${name}.csv`);
      writeFileSync(path, encode(TEMPLATE));
      expect(await read(templateConnector as Connector<unknown>, path, 'template'), name).toEqual(expected);
    }
  });

  it('refuses TCVN3 and VNI files naming the encoding and the fix, in detection and in parsing', async () => {
    for (const [font, encode] of [
      ['TCVN3 (ABC)', tcvn3],
      ['VNI', vni],
    ] as const) {
      const path = join(dir, `ho-so-${font[0]}.csv`);
      writeFileSync(path, encode(DOSSIERS));
      const message = new RegExp(`dùng bảng mã ${font.replace(/[()]/g, '\\$&')} .*lưu lại dạng CSV UTF-8`);
      const classified = await classifyDroppedFile(path, 'ho-so.csv');
      expect(classified.kind).toBe('unknown');
      expect(classified.reason).toMatch(message);
      for (const [connector, source] of [
        [createDossierListConnector(), 'dossier-list'],
        [createOneDoorConnector(), 'one-door'],
        [templateConnector, 'template'],
      ] as const) {
        await expect(read(connector as Connector<unknown>, path, source), `${font} ${source}`).rejects.toThrow(message);
      }
    }
  });
});
