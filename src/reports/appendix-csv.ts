// The appendix as CSV (UTF-8 with BOM so Excel opens Vietnamese correctly; dot decimals so
// programs read the numbers back).
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import { appendixRows, indicatorColumnLabel } from './appendix-layout.js';

const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * Renders a snapshot as CSV text (one header row: the group label joined to the indicator label).
 * @example writeFileSync('phu-luc.csv', appendixCsv(framework, snapshot))
 */
export function appendixCsv(framework: Framework, snapshot: Snapshot): string {
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
  const lines = [header.map(quote).join(',')];
  for (const r of appendixRows(framework, snapshot)) {
    lines.push(
      [String(r.rank), r.code, r.name, ...framework.indicators.map((ind) => (r.points[ind.key] ?? '').toString()), String(r.total), String(r.converted), r.classification]
        .map(quote)
        .join(','),
    );
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
