// The appendix table of the monthly report, as data: column headers in the seed's three levels
// (group spanning its indicators; a one-indicator group spans the header rows) and formatted rows.
import { roundHalfAway } from '../core/rounding.js';
import type { Framework, Indicator } from '../frameworks/framework.js';
import type { Snapshot, StoredUnitRow } from '../snapshots/snapshot-store.js';

export interface AppendixGroupHeader {
  readonly label: string;
  readonly indicators: readonly Indicator[];
}

export interface AppendixRow {
  readonly rank: number;
  readonly code: string;
  readonly name: string;
  /** Points per indicator key, rounded for display (null: unknown). */
  readonly points: Readonly<Record<string, number | null>>;
  readonly total: number;
  readonly converted: number;
  readonly classification: string;
  readonly classificationShort: string;
}

/** Column header for an indicator: its own column label or "<label> (<max> điểm)". */
export function indicatorColumnLabel(indicator: Indicator): string {
  return indicator.column ?? `${indicator.label} (${indicator.max} điểm)`;
}

/** Groups in framework order with their indicators. */
export function appendixGroups(framework: Framework): AppendixGroupHeader[] {
  return framework.groups.map((g) => ({
    label: g.label,
    indicators: framework.indicators.filter((i) => i.group === g.key),
  }));
}

/**
 * Display rows of a snapshot: points, total and converted rounded half away from zero.
 * @example appendixRows(framework, snapshot)[0] // { rank: 1, name: 'UBND phường Him Lam', total: 71.51, ... }
 */
export function appendixRows(framework: Framework, snapshot: Pick<Snapshot, 'rows'>): AppendixRow[] {
  return snapshot.rows.map((row: StoredUnitRow) => {
    const points: Record<string, number | null> = {};
    for (const indicator of framework.indicators) {
      const p = row.indicators[indicator.key]?.points ?? null;
      points[indicator.key] = p === null ? null : roundHalfAway(p, framework.rounding.points);
    }
    const band = framework.bands.find((b) => b.label === row.classification);
    return {
      rank: row.rank,
      code: row.unitCode,
      name: row.unitName,
      points,
      total: roundHalfAway(row.total, framework.rounding.total),
      converted: roundHalfAway(row.converted, framework.rounding.converted),
      classification: row.classification,
      classificationShort: band?.short ?? row.classification,
    };
  });
}

export const APPENDIX_TITLE =
  'KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG GIẢI QUYẾT TTHC, DVC THEO THỜI GIAN THỰC TRÊN MÔI TRƯỜNG ĐIỆN TỬ';

/**
 * An indicator's name in running text: its group, then its short column label when the group has
 * several indicators ("Nhóm cung cấp DVTT – Chỉ số 2"), or the group alone ("Tiến độ, KQ giải quyết").
 * @example indicatorName(framework, framework.indicators[2]) // 'Nhóm cung cấp DVTT – Chỉ số 2'
 */
export function indicatorName(framework: Framework, indicator: Indicator): string {
  const group = framework.groups.find((g) => g.key === indicator.group);
  const siblings = framework.indicators.filter((i) => i.group === indicator.group).length;
  if (!group) return indicator.label;
  return siblings === 1 ? group.label : `${group.label} – ${indicatorShortLabel(indicator)}`;
}

/** The column label without its "(10 điểm)" suffix, or the indicator's label: "Chỉ số 2". */
export function indicatorShortLabel(indicator: Indicator): string {
  return indicator.column ? indicator.column.replace(/\s*\([^)]*điểm\)\s*$/, '') : indicator.label;
}

export interface AppendixHeaderCell {
  readonly label: string;
  readonly colSpan: number;
  readonly rowSpan: number;
}

/**
 * The appendix header as rows of spanning cells, as in the seed: STT, unit, one-indicator groups and
 * the totals span every header row; "Điểm các chỉ số" spans the multi-indicator groups when they are
 * side by side (three rows), otherwise each group spans its own indicators (two rows).
 * @example appendixHeaderRows(appendixGroups(framework), 80).length // 3
 */
export function appendixHeaderRows(groups: readonly AppendixGroupHeader[], maxTotal: number): AppendixHeaderCell[][] {
  const multi = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.indicators.length > 1);
  const contiguous = multi.length > 0 && multi.every(({ i }, k) => k === 0 || i === multi[k - 1]!.i + 1);
  const depth = contiguous ? 3 : 2;
  const rows: AppendixHeaderCell[][] = Array.from({ length: depth }, () => []);
  const full = (label: string): AppendixHeaderCell => ({ label, colSpan: 1, rowSpan: depth });
  rows[0]!.push(full('STT'), full('Tên đơn vị'));
  groups.forEach((group, i) => {
    if (group.indicators.length === 1) {
      rows[0]!.push(full(indicatorColumnLabel(group.indicators[0]!)));
      return;
    }
    if (contiguous && i === multi[0]!.i) {
      rows[0]!.push({ label: 'Điểm các chỉ số', colSpan: multi.reduce((s, m) => s + m.g.indicators.length, 0), rowSpan: 1 });
    }
    rows[depth - 2]!.push({ label: group.label, colSpan: group.indicators.length, rowSpan: 1 });
    for (const indicator of group.indicators) rows[depth - 1]!.push({ label: indicatorColumnLabel(indicator), colSpan: 1, rowSpan: 1 });
  });
  rows[0]!.push(full(`Điểm được (${maxTotal} điểm)`), full('Tổng điểm quy đổi'), full('Xếp loại'));
  return rows;
}
