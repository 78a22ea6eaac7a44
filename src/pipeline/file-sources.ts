// Which kind an operator's file is (by --source, or detected by the connector registry) and its raw
// captures, ready for the capture stage.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { captureFile, detectExportLayout, detectFileKind } from '../../connectors/registry.js';
import type { RawCapture } from '../core/connector-contract.js';
import { periodTerm, type Period } from '../core/period.js';
import type { SourceKind } from '../core/source.js';
import { periodAlternatives, periodRefusal } from './month-run.js';
import { loadProvinceConfigs } from './province-config.js';

export interface FileImport {
  readonly source: SourceKind;
  /** Raw captures of the file (a saved portal file may hold current and legacy answers). */
  readonly captures: readonly RawCapture[];
  /** Things the operator should know (skipped HAR entries, missing pages). */
  readonly notes: readonly string[];
}

export class FileSourceError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const ONE_DOOR_LAYOUT_NOTES = {
  'one-door': 'xuất từ hệ thống một cửa dạng báo cáo tổng hợp theo đơn vị (Biểu II.06a hoặc bảng theo dõi 766): đọc bằng nguồn one-door',
  'dossier-list': "xuất từ hệ thống một cửa dạng danh sách từng hồ sơ: đọc bằng nguồn dossier-list (đếm theo tháng cho từng đơn vị)",
} as const;

/**
 * Decides how to read a file and returns its raw captures.
 * @example const { source, captures } = await resolveFileImport('so-lieu.csv', period)
 */
export async function resolveFileImport(path: string, period: Period, requested?: string): Promise<FileImport> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new FileSourceError(`Không tìm thấy tệp ${path}`, 'FILE_NOT_FOUND');
  const extension = extname(path).toLowerCase();
  if (!['.xlsx', '.csv', '.json', '.har'].includes(extension)) {
    throw new FileSourceError(`Tệp ${basename(path)}: định dạng '${extension || '(không có đuôi)'}' không được hỗ trợ (cần .xlsx, .csv, .json hoặc .har)`, 'UNSUPPORTED_FILE');
  }
  const notes: string[] = [];
  let source = (requested as SourceKind | undefined) ?? (await detectSource(path));
  if (requested === 'one-door' && (extension === '.csv' || extension === '.xlsx')) {
    // A dossier list is a one-door export too: '--source one-door' reads either layout, and says which.
    const layout = await detectExportLayout(path);
    if (layout === 'dossier-list') source = 'dossier-list';
    if (layout) notes.push(ONE_DOOR_LAYOUT_NOTES[layout]);
  }
  // A monthly file imported for a quarter or a year would pass a month's values off as the period's.
  const refusal = periodRefusal(source, period, `tệp ${basename(path)}`);
  if (refusal) throw new FileSourceError(`Không nhập được ${periodTerm(period)} từ ${refusal}. ${periodAlternatives(period)}`, 'PERIOD_NOT_SUPPORTED');
  const read = await captureFile(source, path, period, savedPortalScope());
  notes.push(...read.notes);
  if (!read.captures.length) throw new FileSourceError(`Tệp ${basename(path)}: không có câu trả lời nào của Cổng DVCQG dùng được. ${notes.join('; ')}`, 'NO_PORTAL_ANSWER');
  return { source, captures: read.captures, notes };
}

/**
 * What a browser-saved portal answer is checked against: answers of the current API say which
 * province they are about (root id or portal code); legacy bodies do not: they belong to the province
 * configured for the legacy API.
 */
function savedPortalScope(): { legacyProvinceId?: string } {
  const legacy = loadProvinceConfigs().find((p) => p.portalLegacy.provinceId);
  return legacy?.portalLegacy.provinceId ? { legacyProvinceId: legacy.portalLegacy.provinceId } : {};
}

async function detectSource(path: string): Promise<SourceKind> {
  const detected = await detectFileKind(path);
  if (detected.kind !== 'unknown') return detected.kind;
  throw new FileSourceError(
    `Tệp ${basename(path)}: không nhận ra loại nguồn (${detected.reason ?? 'tiêu đề cột không khớp'}). Cần mẫu nhập liệu (cột 'Mã đơn vị'/'Tên đơn vị' và các cột '[chỉ tiêu]'), tệp dài period,unit_code,unit_name,metric,value, Biểu II.06a, bảng theo dõi 766 hoặc danh sách hồ sơ; hoặc chỉ rõ --source`,
    'UNKNOWN_SOURCE',
  );
}
