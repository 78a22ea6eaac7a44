// Telling CSV, XLSX and legacy XLS apart: by the file name when it has a known extension, else by
// the first bytes (XLSX is a ZIP archive "PK\x03\x04"; XLS is an OLE2 compound file).
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CaptureContent } from '../../src/core/connector-contract.js';

export type SpreadsheetFormat = 'csv' | 'xlsx' | 'xls';

const BY_EXTENSION: Record<string, SpreadsheetFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.xls': 'xls',
};

/** Media types of the formats, for captures. */
export const SPREADSHEET_MEDIA_TYPES: Record<SpreadsheetFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
};

/**
 * The format of a file or capture content.
 * @example await spreadsheetFormat({ kind: 'file', path: 'x.bin' }, 'bieu-ii06a.xlsx') // 'xlsx'
 */
export async function spreadsheetFormat(content: CaptureContent, fileName: string | null, mediaType?: string): Promise<SpreadsheetFormat> {
  const byName = fileName ? BY_EXTENSION[extname(fileName).toLowerCase()] : undefined;
  if (byName) return byName;
  const byMedia = Object.entries(SPREADSHEET_MEDIA_TYPES).find(([, type]) => type === mediaType)?.[0] as SpreadsheetFormat | undefined;
  if (byMedia) return byMedia;
  const head = await firstBytes(content, 8);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  return 'csv';
}

/** The first `count` bytes of a capture's content (fewer when it is shorter). */
export async function firstBytes(content: CaptureContent, count: number): Promise<Uint8Array> {
  if (content.kind === 'bytes') return content.bytes.subarray(0, count);
  const handle = await open(content.path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
