// Sizes of an XLSX's parts from its ZIP central directory, read without inflating anything: a
// workbook that would inflate past the limits (a decompression bomb, or a dossier list sent to a
// reader that holds a whole sheet in memory) is refused before any reader opens it.
import { open } from 'node:fs/promises';
import type { CaptureContent } from '../src/core/connector-contract.js';
import { UnreadableSourceError } from '../src/core/connector-contract.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../src/core/input-limits.js';

export interface XlsxPart {
  readonly name: string;
  readonly compressedBytes: number;
  readonly inflatedBytes: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_ENTRY = 0x02014b50;

/** Reads `length` bytes at `position` of the content. */
async function readAt(content: CaptureContent, position: number, length: number): Promise<Buffer> {
  if (content.kind === 'bytes') return Buffer.from(content.bytes.subarray(position, position + length));
  const handle = await open(content.path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function sizeOf(content: CaptureContent): Promise<number> {
  if (content.kind === 'bytes') return content.bytes.length;
  const handle = await open(content.path, 'r');
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * The parts of an XLSX (ZIP) as its central directory declares them; null when it is no ZIP.
 * @example (await xlsxParts({ kind: 'file', path: 'bieu.xlsx' }))?.find((p) => p.name === 'xl/worksheets/sheet1.xml')
 */
export async function xlsxParts(content: CaptureContent): Promise<XlsxPart[] | null> {
  const size = await sizeOf(content);
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(content, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = await readAt(content, Number(tail.readBigUInt64LE(eocd - 12)), 56);
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  const directory = await readAt(content, directoryOffset, directorySize);
  const parts: XlsxPart[] = [];
  for (let at = 0, n = 0; n < count && at + 46 <= directory.length; n++) {
    if (directory.readUInt32LE(at) !== CENTRAL_ENTRY) break;
    let compressedBytes = directory.readUInt32LE(at + 20);
    let inflatedBytes = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    if (inflatedBytes === 0xffffffff || compressedBytes === 0xffffffff) {
      // ZIP64: the real sizes are in the extra field 0x0001 (uncompressed first, then compressed).
      const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
        if (extra.readUInt16LE(e) !== 1) continue;
        let field = e + 4;
        if (inflatedBytes === 0xffffffff) (inflatedBytes = Number(extra.readBigUInt64LE(field))), (field += 8);
        if (compressedBytes === 0xffffffff) compressedBytes = Number(extra.readBigUInt64LE(field));
      }
    }
    parts.push({ name, compressedBytes, inflatedBytes });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/**
 * Refuses an XLSX whose parts would inflate past the limits: in all, for any reader; per worksheet,
 * for a reader that loads the whole workbook into memory (`inMemory`).
 * @example await assertXlsxWithinLimits(capture.content, 'bieu.xlsx', context.limits, { inMemory: true })
 */
export async function assertXlsxWithinLimits(content: CaptureContent, file: string, limits: InputLimits = DEFAULT_INPUT_LIMITS, options: { inMemory: boolean }): Promise<void> {
  const parts = await xlsxParts(content);
  if (parts === null) return; // not a ZIP: the reader says what is wrong with it
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const total = parts.reduce((sum, p) => sum + p.inflatedBytes, 0);
  const compressed = parts.reduce((sum, p) => sum + p.compressedBytes, 0);
  if (total > limits.xlsxMaxInflatedBytes) {
    throw new UnreadableSourceError(
      `Tệp ${file}: ${mb(compressed)} nén nhưng giải nén ra ${mb(total)}, vượt giới hạn ${mb(limits.xlsxMaxInflatedBytes)} (DVC_XLSX_MAX_INFLATED_BYTES); tệp không được đọc`,
      { file },
    );
  }
  if (!options.inMemory) return;
  const largest = parts.filter((p) => p.name.startsWith('xl/worksheets/')).sort((a, b) => b.inflatedBytes - a.inflatedBytes)[0];
  if (largest && largest.inflatedBytes > limits.xlsxInMemoryMaxBytes) {
    throw new UnreadableSourceError(
      `Tệp ${file}: trang tính ${largest.name.replace('xl/worksheets/', '')} giải nén ra ${mb(largest.inflatedBytes)}, lớn hơn giới hạn ${mb(limits.xlsxInMemoryMaxBytes)} ` +
        `cho mẫu nhập liệu hay bảng tổng hợp theo đơn vị (DVC_XLSX_IN_MEMORY_MAX_BYTES); danh sách từng hồ sơ hãy nạp bằng nguồn 'dossier-list'`,
      { file },
    );
  }
}
