// Which connector reads an operator's file: by --source, or detected from the extension and the
// header rows. Each file becomes one or more raw captures for ingestCapture.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Connector, RawCapture } from '../core/connector-contract.js';
import { createDossierListConnector } from '../../connectors/dossier-list/index.js';
import { classifyDroppedFile, createOneDoorConnector } from '../../connectors/one-door/index.js';
import { PortalConnector } from '../../connectors/portal/portal-connector.js';
import { LegacyPortalConnector } from '../../connectors/portal/legacy-portal-connector.js';
import { readSavedPortalFile } from '../../connectors/portal/saved-capture.js';
import { detectTemplateKind, templateConnector } from '../../connectors/template/template-connector.js';
import { loadProvinceConfigs } from '../sources/province-config.js';
import type { Period } from '../core/period.js';
import type { SourceKind } from '../core/source.js';

export interface FileImport {
  readonly source: SourceKind;
  /** The connector that parses each capture (a saved portal file may hold current and legacy answers). */
  connectorFor(capture: RawCapture): Connector<unknown>;
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
  const notes: string[] = [];
  let source = (requested as SourceKind | undefined) ?? (await detectSource(path, extension));
  if (requested === 'one-door' && (extension === '.csv' || extension === '.xlsx')) {
    // A dossier list is a one-door export too: '--source one-door' reads either layout, and says which.
    const found = await classifyDroppedFile(path, basename(path));
    if (found.kind === 'dossier-list') source = 'dossier-list';
    if (found.kind !== 'unknown') notes.push(ONE_DOOR_LAYOUT_NOTES[found.kind]);
  }
  const single = (connector: Connector<unknown>): FileImport => ({ source, connectorFor: () => connector, captures: [fileCapture(path, source, period)], notes });
  switch (source) {
    case 'template':
      return single(templateConnector as Connector<unknown>);
    case 'one-door':
      return single(createOneDoorConnector() as Connector<unknown>);
    case 'dossier-list':
      return single(createDossierListConnector() as Connector<unknown>);
    case 'portal':
    case 'portal-legacy':
      return savedPortalImport(path, period);
  }
}

/** A browser-saved response body or HAR file: the same parse path and archive as a live capture. */
async function savedPortalImport(path: string, period: Period): Promise<FileImport> {
  const province = loadProvinceConfigs().find((p) => p.portal.enabled) ?? loadProvinceConfigs()[0]!;
  const saved = await readSavedPortalFile(path, {
    period,
    rootDepartmentId: province.portal.rootDepartmentId,
    provinceCode: province.code,
    ...(province.portalLegacy.provinceId ? { legacyProvinceId: province.portalLegacy.provinceId } : {}),
  });
  const current = new PortalConnector() as Connector<unknown>;
  const legacy = new LegacyPortalConnector() as Connector<unknown>;
  const notes = [
    ...(saved.ignoredEntries ? [`${saved.ignoredEntries} mục HAR của địa chỉ khác được bỏ qua`] : []),
    ...saved.skippedEntries.map((e) => `mục HAR #${e.entry} (${e.url}) bị bỏ qua: ${e.reason}`),
    ...saved.warnings,
  ];
  if (!saved.captures.length) throw new FileSourceError(`Tệp ${basename(path)}: không có câu trả lời nào của Cổng DVCQG dùng được. ${notes.join('; ')}`, 'NO_PORTAL_ANSWER');
  return { source: 'portal', connectorFor: (capture) => (capture.source === 'portal-legacy' ? legacy : current), captures: saved.captures, notes };
}

async function detectSource(path: string, extension: string): Promise<SourceKind> {
  if (extension === '.json' || extension === '.har') return 'portal';
  if (await detectTemplateKind(path)) return 'template';
  const classified = await classifyDroppedFile(path, basename(path));
  if (classified.kind !== 'unknown') return classified.kind;
  throw new FileSourceError(
    `Tệp ${basename(path)}: không nhận ra loại nguồn (${classified.reason ?? 'tiêu đề cột không khớp'}). Cần mẫu nhập liệu (cột 'Mã đơn vị'/'Tên đơn vị' và các cột '[chỉ tiêu]'), tệp dài period,unit_code,unit_name,metric,value, Biểu II.06a, bảng theo dõi 766 hoặc danh sách hồ sơ; hoặc chỉ rõ --source`,
    'UNKNOWN_SOURCE',
  );
}
