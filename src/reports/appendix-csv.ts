// The appendix as CSV (UTF-8 with BOM so Excel opens Vietnamese correctly): dot decimals and ','
// for programs by default; ';' and decimal commas for Excel set to Vietnamese (which reads
// "9.8" as a date or text and expects ';' between fields).
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import { appendixRows, indicatorColumnLabel } from './appendix-layout.js';

export interface CsvDialect {
  readonly separator: ',' | ';';
  readonly decimal: '.' | ',';
}

export const PROGRAM_CSV: CsvDialect = { separator: ',', decimal: '.' };
export const EXCEL_VI_CSV: CsvDialect = { separator: ';', decimal: ',' };

const needsQuotes = (value: string, separator: string) => value.includes(separator) || /["\n\r]/.test(value);

/**
 * Renders a snapshot as CSV text (one header row: the group label joined to the indicator label).
 * @example writeFileSync('phu-luc.csv', appendixCsv(framework, snapshot))
 */
export function appendixCsv(framework: Framework, snapshot: Snapshot, dialect: CsvDialect = PROGRAM_CSV): string {
  const quote = (value: string) => (needsQuotes(value, dialect.separator) ? `"${value.replace(/"/g, '""')}"` : value);
  const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : dialect.decimal === ',' ? String(value).replace('.', ',') : String(value));
  const groups = new Map(framework.groups.map((g) => [g.key, g]));
  const header = [
    'STT',
    'Mã đơn vị',
    'Tên đơn vị',
    ...framework.indicators.map((ind) => {
      const group = groups.get(ind.group)!;
      const solo = framework.indicators.filter((i) => i.group === ind.group).length === 1;
      return solo ? indicatorColumnLabel(ind) : `${group.label} - ${indicatorColumnLabel(ind)}`;
    }),
    'Điểm được',
    'Tổng điểm quy đổi',
    'Xếp loại',
  ];
  const lines = [header.map(quote).join(dialect.separator)];
  for (const r of appendixRows(framework, snapshot)) {
    lines.push(
      [String(r.rank), r.code, r.name, ...framework.indicators.map((ind) => num(r.points[ind.key])), num(r.total), num(r.converted), r.classification]
        .map(quote)
        .join(dialect.separator),
    );
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
