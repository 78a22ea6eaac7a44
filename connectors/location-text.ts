// How a source location reads in an operator-facing message.
import type { SourceLocation } from './contract.js';

/**
 * The operator's view of a location.
 * @example describeLocation({ file: 'a.xlsx', sheet: 'Số liệu', row: 7, column: 'C (Tên đơn vị)' }) // "Tệp a.xlsx, sheet 'Số liệu', dòng 7, cột C (Tên đơn vị)"
 */
export function describeLocation(location: SourceLocation): string {
  const parts = [
    location.file ? `Tệp ${location.file}` : null,
    location.sheet ? `sheet '${location.sheet}'` : null,
    location.row !== undefined ? `dòng ${location.row}` : null,
    location.column ? `cột ${location.column}` : null,
    location.endpoint ? `endpoint ${location.endpoint}` : null,
    location.unit ? `đơn vị '${location.unit}'` : null,
    location.path ? `tại ${location.path}` : null,
  ].filter((p): p is string => p !== null);
  return parts.join(', ') || '(không rõ vị trí)';
}
