// Captures of files an operator gives (templates, one-door exports, dossier lists): the capture
// points at the file and the archive copies its bytes; nothing is parsed here.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Period } from '../../src/core/period.js';
import { UnreadableSourceError, type CheckResult, type Connector, type ConnectorDescription, type ParseContext, type ParseEvent, type RawCapture, type ArchivedCapture } from '../../src/core/connector-contract.js';
import { z } from 'zod';
import { SPREADSHEET_MEDIA_TYPES, spreadsheetFormat } from './spreadsheet-format.js';
import type { SourceKind } from '../../src/core/source.js';

/** The configuration of a file connector: the XLSX or CSV file to read. */
export const spreadsheetFileConfigSchema = z.object({ path: z.string().min(1) });
export type SpreadsheetFileConfig = z.infer<typeof spreadsheetFileConfigSchema>;

/**
 * Checks that a file exists, is a file, is readable and is CSV or XLSX.
 * @example await checkSpreadsheetFile('/data/2023-09/bieu-ii06a.xlsx') // { ok: true, message: '...' }
 */
export async function checkSpreadsheetFile(path: string): Promise<CheckResult> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, message: `${path} không phải là tệp` };
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'không tồn tại' : code === 'EACCES' ? 'không có quyền đọc' : `không đọc được (${code ?? String(error)})`;
    return { ok: false, message: `Tệp ${path} ${why}` };
  }
  const format = await spreadsheetFormat({ kind: 'file', path }, basename(path));
  if (format === 'xls') return { ok: false, message: `Tệp ${path} là Excel 97-2003 (.xls): hãy lưu lại thành .xlsx hoặc .csv` };
  return { ok: true, message: `Đọc được tệp ${path} (${format.toUpperCase()})` };
}

/**
 * The one builder of an operator file's capture (template, one-door export, dossier list): the
 * content stays on disk until the archive copies and hashes it. A file that cannot be opened is
 * unreadable, named with its path.
 * @example const capture = await captureSpreadsheetFile('one-door', '/data/2023-09/bieu.xlsx', period)
 */
export async function captureSpreadsheetFile(source: SourceKind, path: string, period: Period): Promise<RawCapture> {
  const absolute = resolve(path);
  const fileName = basename(absolute);
  const info = await stat(absolute).catch((error: Error) => error);
  if (info instanceof Error || !info.isFile()) {
    const why = info instanceof Error ? info.message : 'không phải tệp';
    throw new UnreadableSourceError(`Không mở được tệp ${absolute}: ${why}. Hãy kiểm tra đường dẫn.`, { file: fileName });
  }
  const format = await spreadsheetFormat({ kind: 'file', path: absolute }, fileName);
  return {
    source,
    period,
    scope: fileName,
    fileName,
    mediaType: SPREADSHEET_MEDIA_TYPES[format],
    content: { kind: 'file', path: absolute },
    metadata: { originalPath: absolute, sizeBytes: info.size, modifiedAt: info.mtime.toISOString(), format },
  };
}

/**
 * A connector for one kind of operator file: check and capture are the file's, parse is the kind's.
 * @example spreadsheetFileConnector(description, (capture, context) => parseOneDoorExport(capture, context))
 */
export function spreadsheetFileConnector<Config extends { path: string }>(
  description: ConnectorDescription<Config>,
  parse: (capture: ArchivedCapture | RawCapture, context: ParseContext) => AsyncIterable<ParseEvent>,
): Connector<Config> {
  return {
    describe: () => description,
    check: (config) => checkSpreadsheetFile(config.path),
    async *capture({ period, config }) {
      yield await captureSpreadsheetFile(description.source, config.path, period);
    },
    parse,
  };
}
