// Reading the reporting period a form states in its title rows: "Tháng 9 năm 2023", "tháng 09/2023",
// "Từ ngày 01/09/2023 đến ngày 30/09/2023". A stated period must be one whole calendar month.
import { daysInMonth } from '../dossier-list/local-date.js';

export type StatedPeriod =
  | { readonly kind: 'month'; readonly period: string; readonly text: string }
  | { readonly kind: 'not-a-month'; readonly text: string; readonly why: string };

const MONTH = /\bthang\s*(\d{1,2})\s*(?:nam\s*|\/\s*|\s+)(\d{4})\b/;
const RANGE = /\btu\s*ngay\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})\s*(?:den|toi)\s*ngay\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/;

const key = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;

/**
 * The period stated by one title cell, or null when it states none.
 * @example statedPeriod('Kỳ báo cáo: Tháng 9 năm 2023') // { kind: 'month', period: '2023-09', ... }
 * @example statedPeriod('Từ ngày 15/08/2023 đến ngày 14/09/2023')?.kind // 'not-a-month'
 */
export function statedPeriod(text: string): StatedPeriod | null {
  // Folded like headers, but keeping '/' for dates.
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9/]+/g, ' ');
  const range = RANGE.exec(folded);
  if (range) {
    const [d1, m1, y1, d2, m2, y2] = range.slice(1).map(Number) as [number, number, number, number, number, number];
    const valid = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
    if (!valid(y1, m1, d1) || !valid(y2, m2, d2)) return { kind: 'not-a-month', text, why: 'ngày không hợp lệ' };
    if (y1 !== y2 || m1 !== m2 || d1 !== 1 || d2 !== daysInMonth(y2, m2)) {
      return { kind: 'not-a-month', text, why: 'khoảng ngày không phải trọn một tháng' };
    }
    return { kind: 'month', period: key(y1, m1), text };
  }
  const month = MONTH.exec(folded);
  if (month) {
    const m = Number(month[1]);
    const y = Number(month[2]);
    if (m < 1 || m > 12) return { kind: 'not-a-month', text, why: `tháng ${m} không hợp lệ` };
    return { kind: 'month', period: key(y, m), text };
  }
  return null;
}
