// Which connector reads an operator's file: by --source, or detected from the extension and the
// header rows. Each file becomes one or more raw captures for ingestCapture.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Connector, RawCapture } from '../../connectors/contract.js';
import { detectTemplateKind, templateConnector } from '../../connectors/template/template-connector.js';
import type { Period } from '../domain/period.js';
import type { SourceKind } from '../frameworks/framework.js';

export interface FileImport {
  readonly source: SourceKind;
  readonly connector: Connector<unknown>;
  readonly captures: readonly RawCapture[];
}

export class FileSourceError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const MEDIA_TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.har': 'application/json',
};

/** A file as one raw capture (the bytes are streamed from disk when archived and parsed). */
export function fileCapture(path: string, source: SourceKind, period: Period): RawCapture {
  const extension = extname(path).toLowerCase();
  return {
    source,
    period,
    scope: basename(path),
    fileName: basename(path),
    mediaType: MEDIA_TYPES[extension] ?? 'application/octet-stream',
    content: { kind: 'file', path },
    metadata: { importedFrom: path },
  };
}

/**
 * Decides how to read a file and returns its raw captures.
 * @example const { connector, captures } = await resolveFileImport('so-lieu.csv', period)
 */
export async function resolveFileImport(path: string, period: Period, requested?: string): Promise<FileImport> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new FileSourceError(`Không tìm thấy tệp ${path}`, 'FILE_NOT_FOUND');
  const extension = extname(path).toLowerCase();
  if (!['.xlsx', '.csv', '.json', '.har'].includes(extension)) {
    throw new FileSourceError(`Tệp ${basename(path)}: định dạng '${extension || '(không có đuôi)'}' không được hỗ trợ (cần .xlsx, .csv, .json hoặc .har)`, 'UNSUPPORTED_FILE');
  }
  const source = (requested as SourceKind | undefined) ?? (await detectSource(path, extension));
  if (source === 'template') {
    return { source, connector: templateConnector as Connector<unknown>, captures: [fileCapture(path, source, period)] };
  }
  throw new FileSourceError(`Tệp ${basename(path)}: chưa hỗ trợ nhập nguồn '${source}' từ tệp`, 'UNSUPPORTED_SOURCE');
}

async function detectSource(path: string, extension: string): Promise<SourceKind> {
  if (extension === '.json' || extension === '.har') return 'portal';
  if (await detectTemplateKind(path)) return 'template';
  throw new FileSourceError(
    `Tệp ${basename(path)}: không nhận ra loại nguồn (cần mẫu nhập liệu có cột 'Mã đơn vị'/'Tên đơn vị' và các cột '[chỉ tiêu]', hoặc tệp dài period,unit_code,unit_name,metric,value); hãy chỉ rõ --source`,
    'UNKNOWN_SOURCE',
  );
}
