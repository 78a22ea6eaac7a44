// The text encoding of a CSV, decided by measuring its bytes: UTF-8 (with or without BOM), UTF-16
// (Excel's "Unicode text") and Windows-1258 (older Vietnamese Excel "CSV") are decoded to UTF-8 NFC;
// TCVN3 (ABC) and VNI, font encodings that cannot be read reliably, are recognised by their byte
// patterns and refused with the fix ("lưu lại dạng CSV UTF-8").
import { Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { UnreadableSourceError } from '../src/core/connector-contract.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';
export type EncodingVerdict = { readonly kind: 'text'; readonly encoding: CsvEncoding } | { readonly kind: 'font'; readonly font: 'TCVN3 (ABC)' | 'VNI' };

/** Bytes measured to decide: enough for the header and many rows. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

/** Bytes that Windows-1258 maps to a Vietnamese letter or a combining tone mark (all others above 0x7F are not Vietnamese). */
const VIETNAMESE_1258 = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc8, 0xc9, 0xca, 0xcc, 0xcd, 0xd0, 0xd2, 0xd3, 0xd4, 0xd5, 0xd9, 0xda, 0xdd, 0xde, 0xe0, 0xe1, 0xe2, 0xe3, 0xe8, 0xe9, 0xea, 0xec, 0xed, 0xf0,
  0xf2, 0xf3, 0xf4, 0xf5, 0xf9, 0xfa, 0xfd,
]);

/**
 * Decides the encoding of a CSV from its first bytes (`complete`: the sample is the whole file).
 * @example detectCsvEncoding(Buffer.from([0x54, 0x69, 0xea, 0xec, 0x70]), true) // { kind: 'text', encoding: 'windows-1258' }
 */
export function detectCsvEncoding(sample: Uint8Array, complete: boolean): EncodingVerdict {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { kind: 'text', encoding: 'utf-8' };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { kind: 'text', encoding: utf16 };
  if (isUtf8(sample, complete)) return { kind: 'text', encoding: 'utf-8' };
  let high = 0;
  let vietnamese = 0;
  let tcvnRange = 0;
  for (const byte of sample) {
    if (byte < 0x80) continue;
    high++;
    if (VIETNAMESE_1258.has(byte)) vietnamese++;
    // TCVN3 puts its lowercase letters with marks here; in Windows-1258 they are punctuation signs.
    if (byte >= 0xa1 && byte <= 0xbf) tcvnRange++;
  }
  if (vietnamese >= 0.95 * high) return { kind: 'text', encoding: 'windows-1258' };
  return { kind: 'font', font: tcvnRange >= 0.2 * high ? 'TCVN3 (ABC)' : 'VNI' };
}

/** UTF-16 saved without its BOM: every other byte is zero in ASCII text. */
function utf16WithoutBom(sample: Uint8Array): CsvEncoding | null {
  const n = Math.min(sample.length, 1024) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  if (oddZero > 0.4 * (n / 2) && evenZero < 0.05 * (n / 2)) return 'utf-16le';
  if (evenZero > 0.4 * (n / 2) && oddZero < 0.05 * (n / 2)) return 'utf-16be';
  return null;
}

/** Well-formed UTF-8 (a sequence cut by the end of an incomplete sample is allowed). */
function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return false;
    if (i + length > bytes.length) return !complete;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    i += length;
  }
  return true;
}

/** The refusal of a font-encoded file, with what to do. */
export function fontEncodingError(file: string, font: string): UnreadableSourceError {
  return new UnreadableSourceError(
    `Tệp ${file} dùng bảng mã ${font} của phông chữ cũ (không phải Unicode), không đọc chính xác được. ` +
      `Hãy mở tệp bằng Excel (hoặc chuyển mã sang Unicode bằng Unikey) rồi lưu lại dạng CSV UTF-8 ("CSV UTF-8 (Comma delimited)") hoặc .xlsx`,
    { file },
  );
}

function encodingOf(bytes: Uint8Array, complete: boolean, file: string): CsvEncoding {
  const verdict = detectCsvEncoding(bytes.subarray(0, ENCODING_SAMPLE_BYTES), complete && bytes.length <= ENCODING_SAMPLE_BYTES);
  if (verdict.kind === 'font') throw fontEncodingError(file, verdict.font);
  return verdict.encoding;
}

const ICONV_NAMES: Record<Exclude<CsvEncoding, 'utf-8'>, string> = { 'utf-16le': 'utf16le', 'utf-16be': 'utf16be', 'windows-1258': 'windows1258' };

/**
 * A whole CSV as UTF-8 bytes (unchanged when it already is UTF-8), NFC-normalised when decoded.
 * @example csvAsUtf8(readFileSync('cu.csv'), 'cu.csv').toString('utf8') // 'Đơn vị,…'
 */
export function csvAsUtf8(bytes: Uint8Array, file: string, complete = true): Buffer {
  const encoding = encodingOf(bytes, complete, file);
  if (encoding === 'utf-8') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.from(iconv.decode(Buffer.from(bytes), ICONV_NAMES[encoding]).normalize('NFC'), 'utf8');
}

/** A whole CSV as text (BOM removed), NFC-normalised when decoded from another encoding. */
export function csvText(bytes: Uint8Array, file: string): string {
  const text = csvAsUtf8(bytes, file).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A CSV byte stream as UTF-8: the stream itself when it is UTF-8, else decoded chunk by chunk
 * (memory stays one chunk) and normalised to NFC. `head` is the file's first bytes, measured.
 * @example const utf8 = utf8CsvStream(createReadStream(path), head, size <= head.length, 'ds.csv')
 */
export function utf8CsvStream(stream: Readable, head: Uint8Array, complete: boolean, file: string): Readable {
  const encoding = encodingOf(head, complete, file);
  if (encoding === 'utf-8') return stream;
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding]);
  // A tone mark may arrive in the next chunk: the last character waits for it before NFC.
  let pending = '';
  const flushable = (text: string): string => {
    const all = pending + text;
    let cut = all.length;
    while (cut > 0 && isCombiningMark(all.charCodeAt(cut - 1))) cut--;
    cut = Math.max(cut - 1, 0); // the last letter waits for marks that may follow
    if (cut > 0 && all.charCodeAt(cut) >= 0xdc00 && all.charCodeAt(cut) <= 0xdfff) cut--;
    pending = all.slice(cut);
    return all.slice(0, cut);
  };
  const transcoder = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(flushable(decoder.write(chunk)).normalize('NFC'), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from((pending + (decoder.end() ?? '')).normalize('NFC'), 'utf8'));
    },
  });
  stream.on('error', (error) => transcoder.destroy(error));
  return stream.pipe(transcoder);
}

function isCombiningMark(code: number): boolean {
  return code >= 0x0300 && code <= 0x036f;
}
