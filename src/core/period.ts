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
      throw new PeriodError(`Kỳ không hợp lệ: '${text}' (cần tháng YYYY-MM, quý YYYY-Qn hoặc năm YYYY, ví dụ 2026-02, 2026-Q1, 2026)`, text);
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
 * Shifts a period by whole months.
 * @example shiftPeriod(parsePeriod('2023-01'), -1) // '2022-12'
 */
export function shiftPeriod(period: Period, months: number): Period {
  const index = periodYear(period) * 12 + (periodMonth(period) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}` as Period;
}

/** Every period from `from` to `to`, inclusive, in order. */
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
  const kind = periodKind(period);
  return `${kind === 'year' ? 'năm' : kind === 'quarter' ? 'quý' : 'tháng'} ${period}`;
}

/** Vietnamese label: "tháng 9 năm 2023", "quý 1 năm 2026", "năm 2026". */
export function periodLabel(period: Period): string {
  const kind = periodKind(period);
  if (kind === 'year') return `năm ${periodYear(period)}`;
  if (kind === 'quarter') return `quý ${periodQuarter(period)} năm ${periodYear(period)}`;
  return `tháng ${periodMonth(period)} năm ${periodYear(period)}`;
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
 * Refuses a month after the current month in Vietnam time; entry points call it, with their clock,
 * before doing any work.
 * @example assertNotFuturePeriod(parsePeriod('2027-01'), new Date('2026-11-30T08:00:00Z')) // throws FuturePeriodError
 */
export function assertNotFuturePeriod(period: Period, now: Date): Period {
  const current = periodOfInstant(now);
  if (period > current) {
    throw new FuturePeriodError(
      `Tháng ${period} (${periodLabel(period)}) chưa đến: hôm nay thuộc ${periodLabel(current)} (${current}, giờ Việt Nam); chỉ nhập, chấm điểm hay đồng bộ được tháng hiện tại hoặc các tháng trước`,
      period,
      current,
    );
  }
  return period;
}
