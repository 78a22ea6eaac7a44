// Continuity in words (report narrative and dashboard): which previous-month figures are sums of
// former communes, and why a unit cannot be compared (a former unit without data, or split).
import { periodTerm } from '../core/period.js';
import type { EarlierFigure, RestatedMonth, UnitRef } from '../scoring/continuity.js';
import type { StoredUnitRow } from '../snapshots/snapshot-store.js';

const names = (units: readonly UnitRef[]) => units.map((u) => u.name).join(', ');

/**
 * Why a unit has no comparable figure: "thiếu số liệu của Xã Thanh Xương".
 * @example incompleteReason(figure) // 'thiếu số liệu của Xã Mường Đăng, Xã Ngối Cáy'
 */
export function incompleteReason(figure: EarlierFigure): string {
  const split = new Set(figure.split.map((u) => u.code));
  const absent = figure.missing.filter((u) => !split.has(u.code));
  return [
    ...(absent.length ? [`thiếu số liệu của ${names(absent)}`] : []),
    ...(split.size ? [`${names(figure.split)} chỉ nhập một phần vào đơn vị nên không tách được số liệu`] : []),
  ].join('; ');
}

/**
 * One unit's note for a table cell: the former units summed, or why there is no figure; '' when the
 * figure is the unit's own.
 * @example figureNote(figure) // 'tổng số liệu tháng 2025-06 của Phường Him Lam, Phường Tân Thanh, …'
 */
export function figureNote(figure: EarlierFigure | undefined): string {
  if (!figure) return '';
  if (figure.basis === 'predecessors') return `số liệu ${periodTerm(figure.period)} là tổng của các xã, phường cũ: ${names(figure.predecessors)}`;
  if (figure.basis === 'incomplete') return `chưa so sánh được với ${periodTerm(figure.period)}: ${incompleteReason(figure)}`;
  return '';
}

/**
 * The narrative's sentences about the previous month's figures of merged units (none when every
 * unit is compared with its own figure).
 * @example continuitySentences(previous, 'tháng 6 năm 2025', snapshot.rows)
 */
export function continuitySentences(previous: Pick<RestatedMonth, 'figures'> | undefined, previousLabel: string, rows: readonly StoredUnitRow[]): string[] {
  if (!previous) return [];
  const figures = rows.map((r) => ({ name: r.unitName, figure: previous.figures.get(r.unitCode) }));
  const summed = figures.filter((f) => f.figure?.basis === 'predecessors');
  const incomplete = figures.filter((f) => f.figure?.basis === 'incomplete');
  const out: string[] = [];
  if (summed.length) {
    const parts = summed.map((f) => `${f.name} là tổng số liệu của ${names(f.figure!.predecessors)}`);
    out.push(
      `Để so sánh với ${previousLabel}, số liệu ${previousLabel} của các đơn vị hình thành sau sắp xếp được tính bằng tổng số liệu của các xã, phường cũ hợp thành (cộng số hồ sơ rồi chấm điểm theo cùng quy tắc): ${parts.join('; ')}.`,
    );
  }
  if (incomplete.length) {
    out.push(`Chưa so sánh được với ${previousLabel}: ${incomplete.map((f) => `${f.name} (${incompleteReason(f.figure!)})`).join('; ')}.`);
  }
  return out;
}
