// Months, quarters and years as one kind of period: shifting, the year so far, the month a report is
// issued in, the words titles use, and the refusal of a period that has not begun.
import { describe, expect, it } from 'vitest';
import { assertNotFuturePeriod, FuturePeriodError, monthAfter, parseAnyPeriod, parsePeriod, periodLabel, periodRange, periodTick, shiftPeriod, yearToDate } from '../../src/core/period.js';

const p = parseAnyPeriod;

describe('periods of every kind', () => {
  it('shifts by periods of its own kind', () => {
    expect(shiftPeriod(parsePeriod('2023-01'), -1)).toBe('2022-12');
    expect(shiftPeriod(p('2026-Q1'), -1)).toBe('2025-Q4');
    expect(shiftPeriod(p('2026-Q4'), 1)).toBe('2027-Q1');
    expect(shiftPeriod(p('2026'), -1)).toBe('2025');
    expect(periodRange(p('2025-Q4'), p('2026-Q2'))).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('reads the year so far in periods of the same kind, and issues a report the month after', () => {
    expect(yearToDate(p('2026-03'))).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(yearToDate(p('2026-Q3'))).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(yearToDate(p('2026'))).toEqual(['2026']);
    expect(monthAfter(p('2026-09'))).toBe('2026-10');
    expect(monthAfter(p('2026-Q3'))).toBe('2026-10');
    expect(monthAfter(p('2026'))).toBe('2027-01');
  });

  it('words titles as official documents do', () => {
    expect(periodLabel(p('2026-09'))).toBe('tháng 9 năm 2026');
    expect(periodLabel(p('2026-Q3'))).toBe('quý III năm 2026');
    expect(periodLabel(p('2026'))).toBe('năm 2026');
    expect([p('2026-09'), p('2026-Q4'), p('2026')].map(periodTick)).toEqual(['T9', 'Q4', '2026']);
  });

  it('refuses a quarter or a year that has not begun in Vietnam, accepts one under way', () => {
    const now = new Date('2026-11-30T08:00:00Z');
    expect(assertNotFuturePeriod(p('2026-Q4'), now)).toBe('2026-Q4');
    expect(assertNotFuturePeriod(p('2026'), now)).toBe('2026');
    expect(() => assertNotFuturePeriod(p('2027-Q1'), now)).toThrow(FuturePeriodError);
    expect(() => assertNotFuturePeriod(p('2027'), now)).toThrow(/^Năm 2027 \(năm 2027\) chưa bắt đầu: hôm nay thuộc tháng 11 năm 2026/);
    // 1 January 2027 00:00 in Hà Nội is 31 December 17:00 UTC: the year has begun.
    expect(assertNotFuturePeriod(p('2027'), new Date('2026-12-31T17:00:00Z'))).toBe('2027');
  });
});
