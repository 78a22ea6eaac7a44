// The byte-level CSV splitter: RFC 4180 quoting, "" escapes, BOM, CRLF, and identical records
// whatever the chunk boundaries (a quote, a CRLF or a UTF-8 character cut in two).
import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvRecordSplitter, detectCsvDelimiter, type CsvRecord } from '../../connectors/dossier-list/csv-record-splitter.js';

interface Split {
  readonly line: number;
  readonly fields: string[];
  readonly malformed: boolean;
}

function split(bytes: Buffer, chunkSizes: (index: number) => number): Split[] {
  const out: Split[] = [];
  const onRecord = (r: CsvRecord): void => {
    out.push({ line: r.line, fields: Array.from({ length: r.fieldCount }, (_, i) => r.text(i)), malformed: r.malformed });
  };
  const splitter = new CsvRecordSplitter();
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = Math.max(1, chunkSizes(i));
    splitter.push(bytes.subarray(offset, offset + size), onRecord);
    offset += size;
  }
  splitter.finish(onRecord);
  return out;
}

const SAMPLE = Buffer.from(
  '\ufeffMã hồ sơ,Tên thủ tục,Đơn vị\r\n' +
    'H1,"Chứng thực bản sao, bản chính",Him Lam\r\n' +
    'H2,"Hai dòng\r\n""trích dẫn""",Thanh Bình\r\n' +
    '\r\n' +
    'H3,,"",\r\n' +
    'H4,Đăng ký khai sinh,Nà Tấu', // no final newline
  'utf8',
);

const EXPECTED: Split[] = [
  { line: 1, fields: ['Mã hồ sơ', 'Tên thủ tục', 'Đơn vị'], malformed: false },
  { line: 2, fields: ['H1', 'Chứng thực bản sao, bản chính', 'Him Lam'], malformed: false },
  { line: 3, fields: ['H2', 'Hai dòng\r\n"trích dẫn"', 'Thanh Bình'], malformed: false },
  { line: 5, fields: [''], malformed: false },
  { line: 6, fields: ['H3', '', '', ''], malformed: false },
  { line: 7, fields: ['H4', 'Đăng ký khai sinh', 'Nà Tấu'], malformed: false },
];

describe('CsvRecordSplitter', () => {
  it('splits quoted fields with commas, newlines and "" escapes, strips the BOM and CR, numbers physical lines', () => {
    expect(split(SAMPLE, () => SAMPLE.length)).toEqual(EXPECTED);
  });

  it('gives the same records for every chunk size, down to one byte', () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(split(SAMPLE, () => size)).toEqual(EXPECTED);
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 1 + (seed % 9);
    };
    for (let round = 0; round < 50; round++) expect(split(SAMPLE, random)).toEqual(EXPECTED);
  });

  it('reads LF-only files and flags text after a closing quote', () => {
    const records = split(Buffer.from('a,b\n"x"y,z\n', 'utf8'), () => 100);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'], malformed: false },
      { line: 2, fields: ['x', 'z'], malformed: true },
    ]);
  });

  it('refuses a quote that never closes', () => {
    expect(() => split(Buffer.from('a,b\n"never closed,1\n2,3\n', 'utf8'), () => 4)).toThrow(CsvFormatError);
    const splitter = new CsvRecordSplitter(16);
    expect(() => splitter.push(Buffer.from(`"${'x'.repeat(40)}`), () => {})).toThrow(/dòng 1/);
  });

  it('guesses the separator Excel wrote (";" under a Vietnamese locale), ignoring quoted text and title lines', () => {
    expect(detectCsvDelimiter(Buffer.from('Mã hồ sơ,Đơn vị,Ngày tiếp nhận\nH1,Him Lam,05/09/2023\n'))).toBe(0x2c);
    expect(detectCsvDelimiter(Buffer.from('DANH SÁCH HỒ SƠ, THÁNG 9\nMã hồ sơ;Đơn vị;Ngày tiếp nhận\n"a,b,c,d";x;y\n'))).toBe(0x3b);
    expect(detectCsvDelimiter(Buffer.from('a\tb\tc\n'))).toBe(0x09);
    const records: string[][] = [];
    const splitter = new CsvRecordSplitter(undefined, 0x3b);
    const onRecord = (r: CsvRecord): void => void records.push(Array.from({ length: r.fieldCount }, (_, i) => r.text(i)));
    splitter.push(Buffer.from('H1;"Him Lam; UBND";9,8\r\n'), onRecord);
    splitter.finish(onRecord);
    expect(records).toEqual([['H1', 'Him Lam; UBND', '9,8']]);
  });
});
