// Generated monthly counts for any set of units (the registry's, never a typed list): every metric of
// the commune framework, internally consistent (on time ≤ received, paid ≤ fee dossiers, …), drawn
// from the seeded PRNG so the same seed gives the same month everywhere.
import { writeFileSync } from 'node:fs';
import { seededRandom } from './seeded-random.js';

export type Counts = Map<string, Record<string, number>>;

/** The template columns of the commune metrics, in the example's order (labels as the template writes them). */
export const COMMUNE_METRIC_COLUMNS: readonly (readonly [key: string, label: string])[] = [
  ['received_online', 'Hồ sơ tiếp nhận trực tuyến trong kỳ'],
  ['received_offline', 'Hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính trong kỳ'],
  ['carried_over', 'Hồ sơ từ kỳ trước chuyển qua'],
  ['resolved_early', 'Hồ sơ đã giải quyết trước hạn'],
  ['resolved_on_time', 'Hồ sơ đã giải quyết đúng hạn'],
  ['pending_in_time', 'Hồ sơ đang giải quyết trong hạn'],
  ['paid_online', 'Hồ sơ thanh toán trực tuyến thành công'],
  ['fee_dossiers', 'Hồ sơ có nghĩa vụ tài chính'],
  ['result_digitized', 'Hồ sơ có kết quả giải quyết điện tử (số hóa)'],
  ['result_digitized_base', 'Hồ sơ đã giải quyết (căn cứ tính kết quả điện tử)'],
  ['components_digitized', 'Hồ sơ có số hóa thành phần hồ sơ'],
  ['components_digitized_base', 'Hồ sơ tiếp nhận (căn cứ tính số hóa thành phần)'],
  ['petitions_on_time', 'Phản ánh, kiến nghị xử lý đúng hạn'],
  ['petitions_on_time_base', 'Phản ánh, kiến nghị phải xử lý'],
  ['petitions_satisfied', 'Phản ánh, kiến nghị xử lý được hài lòng'],
  ['petitions_satisfied_base', 'Phản ánh, kiến nghị được đánh giá'],
  ['dossiers_satisfied', 'Hồ sơ được đánh giá hài lòng'],
  ['dossiers_satisfied_base', 'Hồ sơ căn cứ tính mức độ hài lòng'],
];

/**
 * One month of counts per unit code. Most communes have no petitions (0/0, scored as full marks),
 * as in real months.
 * @example generateCounts(registry.validIn(period, { provinceCode: '11', level: 'commune' }).map((u) => u.code), 202610)
 */
export function generateCounts(codes: readonly string[], seed: number): Counts {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const share = (n: number, low: number, high: number) => Math.floor(n * (low + (high - low) * random()));
  const out: Counts = new Map();
  for (const code of codes) {
    const online = int(5, 220);
    const offline = int(5, 160);
    const carried = int(0, 20);
    const onTime = share(online + offline + carried, 0.8, 1);
    const early = share(onTime, 0.3, 0.8);
    const pending = share(onTime - early, 0, 0.25);
    const resolved = onTime - pending;
    const fee = int(0, 90);
    const petitions = random() < 0.7 ? 0 : int(1, 4);
    const rated = random() < 0.7 ? 0 : int(1, 3);
    out.set(code, {
      received_online: online,
      received_offline: offline,
      carried_over: carried,
      resolved_early: early,
      resolved_on_time: onTime - early - pending,
      pending_in_time: pending,
      paid_online: share(fee, 0, 1),
      fee_dossiers: fee,
      result_digitized: share(resolved, 0.2, 1),
      result_digitized_base: resolved,
      components_digitized: share(online + offline, 0.3, 1),
      components_digitized_base: online + offline,
      petitions_on_time: share(petitions, 0.5, 1),
      petitions_on_time_base: petitions,
      petitions_satisfied: share(rated, 0.5, 1),
      petitions_satisfied_base: rated,
      dossiers_satisfied: share(resolved, 0.75, 1),
      dossiers_satisfied_base: resolved,
    });
  }
  return out;
}

/** A CSV cell, quoted when it holds a comma, quote or line break. */
export const csvCell = (v: string | number) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));

/**
 * The counts as a wide manual-template CSV (`Mã đơn vị`, `Tên đơn vị`, `Nhãn [metric]`…).
 * @example writeTemplateCsv('so-lieu-2026-10.csv', counts, (code) => registry.byCode(code)!.name)
 */
export function templateCsv(counts: Counts, nameOf: (code: string) => string): string {
  const header = ['Mã đơn vị', 'Tên đơn vị', ...COMMUNE_METRIC_COLUMNS.map(([key, label]) => `${label} [${key}]`)];
  const rows = [...counts].map(([code, values]) => [code, nameOf(code), ...COMMUNE_METRIC_COLUMNS.map(([key]) => values[key]!)]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export function writeTemplateCsv(path: string, counts: Counts, nameOf: (code: string) => string): void {
  writeFileSync(path, templateCsv(counts, nameOf));
}
