// The appendix in a terminal of 120 columns: indicators headed by their number ("2.1") with a legend
// under the table, long names shortened; `report --wide` prints the seed's full layout instead.
import { formatDecimal } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import { appendixGroups, appendixRows, APPENDIX_TITLE, indicatorColumnLabel, indicatorShortLabel } from './appendix-layout.js';
import { pad, statusLabel, width } from './appendix-table.js';
import { periodText } from '../text/period-text.js';

export const COMPACT_TABLE_WIDTH = 120;

/** Words wrapped into lines of at most `size` characters. */
export function wrapWords(text: string, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && width(line) + 1 + width(word) > size) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const shorten = (text: string, size: number) => (width(text) <= size ? text : `${[...text.normalize('NFC')].slice(0, size - 1).join('')}…`);

/**
 * Renders a snapshot as a table no wider than `maxWidth` (120 by default).
 * @example console.log(renderCompactAppendixTable(framework, snapshot))
 */
export function renderCompactAppendixTable(framework: Framework, snapshot: Snapshot, maxWidth = COMPACT_TABLE_WIDTH): string {
  const digits = framework.rounding;
  const groups = appendixGroups(framework);
  const codes: { key: string; code: string }[] = [];
  const legend: string[] = [];
  groups.forEach((g, gi) => {
    if (g.indicators.length === 1) {
      codes.push({ key: g.indicators[0]!.key, code: `${gi + 1}` });
      legend.push(`${gi + 1} = ${indicatorColumnLabel(g.indicators[0]!)}`);
      return;
    }
    const parts = g.indicators.map((ind, ii) => {
      codes.push({ key: ind.key, code: `${gi + 1}.${ii + 1}` });
      return `${gi + 1}.${ii + 1} ${indicatorShortLabel(ind)} (${ind.max} điểm)`;
    });
    legend.push(`${g.label}: ${parts.join(', ')}`);
  });
  legend.push(`Điểm = điểm được (tối đa ${framework.maxTotal})`, `Quy đổi = tổng điểm quy đổi (thang ${framework.conversion.scale})`);

  const rows = appendixRows(framework, snapshot);
  const header = ['STT', 'Tên đơn vị', ...codes.map((c) => c.code), 'Điểm', 'Quy đổi', 'Loại'];
  const body = rows.map((r) => [
    String(r.rank),
    r.name,
    ...codes.map(({ key }) => (r.points[key] === null || r.points[key] === undefined ? '—' : formatDecimal(r.points[key]!, digits.points))),
    formatDecimal(r.total, digits.total),
    formatDecimal(r.converted, digits.converted),
    r.classificationShort,
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]!))));
  // The name column takes what is left of the line; longer names end with '…'.
  const others = widths.reduce((sum, w, i) => (i === 1 ? sum : sum + w), 0) + 3 * widths.length + 1;
  widths[1] = Math.max(width(header[1]!), Math.min(widths[1]!, maxWidth - others));
  const align = (i: number) => (i === 1 || i === header.length - 1 ? 'left' : 'right');
  const line = (cells: string[]) => '│' + cells.map((c, i) => ` ${pad(shorten(c, widths[i]!), widths[i]!, align(i))} `).join('│') + '│';
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;

  return [
    ...wrapWords(APPENDIX_TITLE, maxWidth),
    `${periodText(snapshot.period, { capital: true })} — bộ chỉ số ${framework.key}, phiên bản ${snapshot.revision} (${statusLabel(snapshot.status)})`,
    rule('┌', '┬', '┐'),
    line(header),
    rule('├', '┼', '┤'),
    ...body.map(line),
    rule('└', '┴', '┘'),
    ...wrapWords(`Cột: ${legend.join('; ')}. Bảng đầy đủ: --wide.`, maxWidth),
  ].join('\n');
}
