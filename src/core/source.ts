// What a source is, in the kernel's words: the kinds of source dvc-sync reads, and a place inside
// one (file/sheet/row/column or endpoint/unit/json path) with the one way operators read it.
import type { PeriodKind } from './period.js';

/** Every kind of source a metric value can come from (see docs/glossary.md). */
export const SOURCE_KINDS = ['template', 'portal', 'portal-legacy', 'one-door', 'dossier-list'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The kinds a sync captures by itself, one capture task per province (a drop folder also yields dossier lists). */
export const SYNC_SOURCES = ['portal', 'portal-legacy', 'one-door'] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

/**
 * The periods each kind of source holds values for: the portal answers a month, a quarter or a year
 * (`timeType`); the legacy API, the one-door exports, dossier lists and the manual template are monthly.
 */
export const SOURCE_PERIOD_KINDS: Readonly<Record<SourceKind, readonly PeriodKind[]>> = {
  portal: ['month', 'quarter', 'year'],
  'portal-legacy': ['month'],
  'one-door': ['month'],
  'dossier-list': ['month'],
  template: ['month'],
};

/** A location inside a source: file/sheet/row/column or endpoint/unit/json path. */
export interface SourceLocation {
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  endpoint?: string;
  unit?: string;
  path?: string;
}

/**
 * The operator's view of a location; `fileName` names the file when the location itself does not.
 * @example describeLocation({ file: 'a.xlsx', sheet: 'Số liệu', row: 7, column: 'C (Tên đơn vị)' }) // "Tệp a.xlsx, sheet 'Số liệu', dòng 7, cột C (Tên đơn vị)"
 */
export function describeLocation(location: SourceLocation, fileName: string | null = null): string {
  const file = location.file || fileName;
  const parts = [
    file ? `Tệp ${file}` : null,
    location.sheet ? `sheet '${location.sheet}'` : null,
    location.row !== undefined ? `dòng ${location.row}` : null,
    location.column ? `cột ${location.column}` : null,
    location.endpoint ? `endpoint ${location.endpoint}` : null,
    location.unit ? `đơn vị '${location.unit}'` : null,
    location.path ? `tại ${location.path}` : null,
  ].filter((p): p is string => p !== null);
  return parts.join(', ') || '(không rõ vị trí)';
}
