// Periods as an official writes them in running text: "tháng 9/2023", "quý III/2026", "năm 2026"
// (keys stay YYYY-MM, YYYY-Qn, YYYY in files, URLs and JSON; titles use core's periodLabel).
import { quarterNumeral } from '../core/period.js';

/**
 * A period key in words; an unrecognised key is returned unchanged.
 * @example periodText('2023-09') // 'tháng 9/2023'
 * @example periodText('2026-Q3', { capital: true }) // 'Quý III/2026'
 */
export function periodText(key: string, options: { capital?: boolean } = {}): string {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(key);
  const text = month
    ? `tháng ${Number(month[2])}/${month[1]}`
    : quarter
      ? `quý ${quarterNumeral(Number(quarter[2]))}/${quarter[1]}`
      : /^\d{4}$/.test(key)
        ? `năm ${key}`
        : key;
  return options.capital ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
