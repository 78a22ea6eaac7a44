// The appendix in a terminal: the seed's layout (group headers over their indicators), decimal
// commas, box-drawing borders.
import { formatDecimal } from '../core/rounding.js';
import { periodLabel, type Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import { appendixGroups, appendixRows, APPENDIX_TITLE, indicatorColumnLabel } from './appendix-layout.js';

interface Column {
  readonly top: string;
  readonly bottom: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

export const width = (text: string) => [...text.normalize('NFC')].length;
export const pad = (text: string, size: number, align: 'left' | 'right') =>
  align === 'left' ? text + ' '.repeat(Math.max(0, size - width(text))) : ' '.repeat(Math.max(0, size - width(text))) + text;

/**
 * Renders a snapshot as a text table.
 * @example console.log(renderAppendixTable(framework, snapshot))
 */
export function renderAppendixTable(framework: Framework, snapshot: Snapshot): string {
  const rows = appendixRows(framework, snapshot);
  const groups = appendixGroups(framework);
  const digits = framework.rounding;
  const body: string[][] = rows.map((r) => [
    String(r.rank),
    r.name,
    ...framework.indicators.map((ind) => {
      const p = r.points[ind.key];
      return p === null || p === undefined ? '—' : formatDecimal(p, digits.points);
    }),
    formatDecimal(r.total, digits.total),
    formatDecimal(r.converted, digits.converted),
    r.classificationShort,
  ]);
  // Header cells: a group with several indicators shows its label on top and short indicator labels below.
  const columns: { top: string; bottom: string; align: 'left' | 'right'; group: number }[] = [
    { top: 'STT', bottom: '', align: 'right', group: -1 },
    { top: 'Tên đơn vị', bottom: '', align: 'left', group: -2 },
  ];
  groups.forEach((g, gi) => {
    for (const ind of g.indicators) {
      const label = indicatorColumnLabel(ind).replace(/ điểm\)$/, 'đ)');
      columns.push(g.indicators.length === 1 ? { top: label, bottom: '', align: 'right', group: gi } : { top: g.label, bottom: label, align: 'right', group: gi });
    }
  });
  columns.push({ top: 'Điểm được', bottom: `(${framework.maxTotal})`, align: 'right', group: -3 });
  columns.push({ top: 'Tổng điểm', bottom: 'quy đổi', align: 'right', group: -4 });
  columns.push({ top: 'Xếp loại', bottom: '', align: 'left', group: -5 });

  const laid: Column[] = columns.map((c, i) => ({
    top: c.top,
    bottom: c.bottom,
    align: c.align,
    width: Math.max(width(c.bottom), ...body.map((b) => width(b[i]!)), c.bottom === '' || isSolo(columns, i) ? width(c.top) : 0, 3),
  }));
  // A multi-indicator group's top label spans its columns; widen the last column if the label is longer.
  const spans: { start: number; end: number; label: string }[] = [];
  for (let i = 0; i < columns.length; ) {
    let j = i;
    while (j + 1 < columns.length && columns[j + 1]!.group === columns[i]!.group && columns[i]!.group >= 0 && columns[i]!.bottom !== '') j++;
    spans.push({ start: i, end: j, label: columns[i]!.top });
    i = j + 1;
  }
  for (const span of spans) {
    const inner = laid.slice(span.start, span.end + 1).reduce((s, c) => s + c.width, 0) + 3 * (span.end - span.start);
    const need = width(span.label) - inner;
    if (need > 0) laid[span.end] = { ...laid[span.end]!, width: laid[span.end]!.width + need };
  }
  const spanWidth = (s: { start: number; end: number }) => laid.slice(s.start, s.end + 1).reduce((sum, c) => sum + c.width, 0) + 3 * (s.end - s.start);
  const rule = (l: string, m: string, r: string) => l + laid.map((c) => '─'.repeat(c.width + 2)).join(m) + r;
  const lines: string[] = [];
  lines.push(APPENDIX_TITLE);
  lines.push(`${periodLabel(snapshot.period as Period).toUpperCase()} — bộ chỉ số ${framework.key}, phiên bản ${snapshot.revision} (${statusLabel(snapshot.status)})`);
  lines.push(rule('┌', '┬', '┐'));
  lines.push('│' + spans.map((s) => ` ${pad(s.label, spanWidth(s), s.start === s.end ? laid[s.start]!.align : 'left')} `).join('│') + '│');
  lines.push('│' + laid.map((c) => ` ${pad(c.bottom, c.width, c.align)} `).join('│') + '│');
  lines.push(rule('├', '┼', '┤'));
  for (const cells of body) lines.push('│' + cells.map((cell, i) => ` ${pad(cell, laid[i]!.width, laid[i]!.align)} `).join('│') + '│');
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}

function isSolo(columns: readonly { group: number; bottom: string }[], i: number): boolean {
  return columns[i]!.bottom === '' || columns[i]!.group < 0;
}

export function statusLabel(status: string): string {
  return status === 'published' ? 'đã công bố' : status === 'superseded' ? 'đã được thay thế' : 'chưa đủ số liệu';
}
