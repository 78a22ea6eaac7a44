// A reporting period: a calendar month `YYYY-MM` (the usual key), or — where the 766 ranking is also
// published per quarter and year — a quarter `YYYY-Qn` or a year `YYYY`. Explicit keys, never "latest".

export type Period = string & { readonly __period: unique symbol };

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Validates and brands a `YYYY-MM` string.
 * @example parsePeriod('2023-09') // '2023-09'
 */
export function parsePeriod(text: string): Period {
  const trimmed = text.trim();
  const match = PERIOD_PATTERN.exec(trimmed);
  if (!match) {
    throw new PeriodError(`Tháng không hợp lệ: '${text}' (cần dạng YYYY-MM, ví dụ 2023-09)`, text);
  }
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) {
    throw new PeriodError(`Năm ngoài khoảng 2000–2100: '${text}'`, text);
  }
  return trimmed as Period;
}

export class PeriodError extends Error {
  readonly code = 'INVALID_PERIOD';
  constructor(message: string, readonly found: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

export type PeriodKind = 'month' | 'quarter' | 'year';

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
const YEAR_PATTERN = /^(\d{4})$/;

/** The forms a period is written in, as operators are told. */
export const PERIOD_FORMS = 'tháng YYYY-MM, quý YYYY-Qn hoặc năm YYYY';

/**
 * Validates a month, quarter or year (`--period`): `YYYY-MM`, `YYYY-Qn` or `YYYY`.
 * @example parseAnyPeriod('2026-Q1') // '2026-Q1'
 */
export function parseAnyPeriod(text: string): Period {
  const trimmed = text.trim().toUpperCase();
  const match = QUARTER_PATTERN.exec(trimmed) ?? YEAR_PATTERN.exec(trimmed);
  if (!match) {
    try {
      return parsePeriod(text);
    } catch {
      throw new PeriodError(`Kỳ không hợp lệ: '${text}' (cần ${PERIOD_FORMS}, ví dụ 2026-02, 2026-Q1, 2026)`, text);
    }
  }
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) throw new PeriodError(`Năm ngoài khoảng 2000–2100: '${text}'`, text);
  return trimmed as Period;
}

/** Whether a period is a month, a quarter or a year. */
export function periodKind(period: Period): PeriodKind {
  return QUARTER_PATTERN.test(period) ? 'quarter' : YEAR_PATTERN.test(period) ? 'year' : 'month';
}

/** The quarter (1–4) of a quarter period, or of the month of a month period. */
export function periodQuarter(period: Period): number {
  const quarter = QUARTER_PATTERN.exec(period);
  return quarter ? Number(quarter[2]) : Math.ceil(periodMonth(period) / 3);
}

/**
 * The months a period covers, in order.
 * @example periodMonths(parseAnyPeriod('2026-Q1')) // ['2026-01', '2026-02', '2026-03']
 */
export function periodMonths(period: Period): Period[] {
  const year = periodYear(period);
  const kind = periodKind(period);
  if (kind === 'month') return [period];
  const first = kind === 'year' ? 1 : (periodQuarter(period) - 1) * 3 + 1;
  const count = kind === 'year' ? 12 : 3;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}` as Period);
}

export function periodYear(period: Period): number {
  return Number(period.slice(0, 4));
}

export function periodMonth(period: Period): number {
  return Number(period.slice(5, 7));
}

/**
 * Calendar bounds of a period as ISO dates (inclusive).
 * @example periodBounds(parsePeriod('2023-09')) // { first: '2023-09-01', last: '2023-09-30' }
 */
export function periodBounds(period: Period): { first: string; last: string } {
  if (periodKind(period) !== 'month') {
    const months = periodMonths(period);
    return { first: periodBounds(months[0]!).first, last: periodBounds(months[months.length - 1]!).last };
  }
  const year = periodYear(period);
  const month = periodMonth(period);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(lastDay).padStart(2, '0')}` };
}

/**
 * Shifts a period by whole periods of its own kind: months for a month, quarters for a quarter, years
 * for a year (the month, quarter or year before is `shiftPeriod(p, -1)`).
 * @example shiftPeriod(parsePeriod('2023-01'), -1) // '2022-12'
 * @example shiftPeriod(parseAnyPeriod('2026-Q1'), -1) // '2025-Q4'
 */
export function shiftPeriod(period: Period, steps: number): Period {
  const kind = periodKind(period);
  if (kind === 'year') return String(periodYear(period) + steps) as Period;
  if (kind === 'quarter') {
    const index = periodYear(period) * 4 + (periodQuarter(period) - 1) + steps;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}` as Period;
  }
  const index = periodYear(period) * 12 + (periodMonth(period) - 1) + steps;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}` as Period;
}

/**
 * The periods of the same kind from the first of the period's year to the period, in order.
 * @example yearToDate(parsePeriod('2023-03')) // ['2023-01', '2023-02', '2023-03']
 * @example yearToDate(parseAnyPeriod('2026-Q3')) // ['2026-Q1', '2026-Q2', '2026-Q3']
 */
export function yearToDate(period: Period): Period[] {
  const kind = periodKind(period);
  const steps = kind === 'year' ? 0 : kind === 'quarter' ? periodQuarter(period) - 1 : periodMonth(period) - 1;
  return Array.from({ length: steps + 1 }, (_, i) => shiftPeriod(period, i - steps));
}

/**
 * The first month after a period (when a report of the period is issued).
 * @example monthAfter(parseAnyPeriod('2026-Q3')) // '2026-10'
 */
export function monthAfter(period: Period): Period {
  const months = periodMonths(period);
  return shiftPeriod(months[months.length - 1]!, 1);
}

/** Every period from `from` to `to` (of the same kind), inclusive, in order. */
export function periodRange(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = from; p <= to; p = shiftPeriod(p, 1)) out.push(p);
  return out;
}

/** The period containing an instant, in Vietnam's time zone (UTC+7, no daylight saving). */
export function periodOfInstant(instant: Date): Period {
  const local = new Date(instant.getTime() + 7 * 3600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}` as Period;
}

/** How messages name a period: "tháng 2023-09", "quý 2026-Q1", "năm 2026". */
export function periodTerm(period: Period): string {
  return `${periodNoun(period)} ${period}`;
}

const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV'] as const;

/** A quarter as official documents number it: 3 → "III". */
export function quarterNumeral(quarter: number): string {
  return ROMAN_QUARTERS[quarter - 1] ?? String(quarter);
}

/** Vietnamese label as titles write it: "tháng 9 năm 2023", "quý III năm 2026", "năm 2026". */
export function periodLabel(period: Period): string {
  const kind = periodKind(period);
  if (kind === 'year') return `năm ${periodYear(period)}`;
  if (kind === 'quarter') return `quý ${quarterNumeral(periodQuarter(period))} năm ${periodYear(period)}`;
  return `tháng ${periodMonth(period)} năm ${periodYear(period)}`;
}

/** A period on a chart axis or a table header: "T9", "Q3", "2026". */
export function periodTick(period: Period): string {
  const kind = periodKind(period);
  return kind === 'year' ? String(periodYear(period)) : kind === 'quarter' ? `Q${periodQuarter(period)}` : `T${periodMonth(period)}`;
}

/** The word for a period's kind: "tháng", "quý" or "năm" ("trong quý", "so với năm trước"). */
export function periodNoun(period: Period): 'tháng' | 'quý' | 'năm' {
  const kind = periodKind(period);
  return kind === 'year' ? 'năm' : kind === 'quarter' ? 'quý' : 'tháng';
}

/** A month that has not begun yet in Vietnam: nothing can be imported, scored or captured for it. */
export class FuturePeriodError extends Error {
  readonly code = 'FUTURE_PERIOD';
  constructor(
    message: string,
    readonly period: Period,
    readonly current: Period,
  ) {
    super(message);
    this.name = 'FuturePeriodError';
  }
}

/**
 * Refuses a period that has not begun in Vietnam time (a month after the current month; a quarter or
 * a year whose first month is); entry points call it, with their clock, before doing any work.
 * @example assertNotFuturePeriod(parsePeriod('2027-01'), new Date('2026-11-30T08:00:00Z')) // throws FuturePeriodError
 */
export function assertNotFuturePeriod(period: Period, now: Date): Period {
  const current = periodOfInstant(now);
  if (periodMonths(period)[0]! > current) {
    const kind = periodKind(period);
    const term = periodTerm(period);
    throw new FuturePeriodError(
      kind === 'month'
        ? `Tháng ${period} (${periodLabel(period)}) chưa đến: hôm nay thuộc ${periodLabel(current)} (${current}, giờ Việt Nam); chỉ nhập, chấm điểm hay đồng bộ được tháng hiện tại hoặc các tháng trước`
        : `${term.charAt(0).toUpperCase()}${term.slice(1)} (${periodLabel(period)}) chưa bắt đầu: hôm nay thuộc ${periodLabel(current)} (${current}, giờ Việt Nam); chỉ nhập, chấm điểm hay đồng bộ được ${periodNoun(period)} đã bắt đầu`,
      period,
      current,
    );
  }
  return period;
}
