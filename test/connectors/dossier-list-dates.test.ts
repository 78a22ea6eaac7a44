// Strict dates of dossier lists: written forms, impossible dates refused (never rolled over), Excel cells.
import { describe, expect, it } from 'vitest';
import { DATE_BLANK, DATE_INVALID, dayNumber, formatDay, localDayOfCell, parseLocalDay } from '../../connectors/dossier-list/local-date.js';

const day = (text: string): number => {
  const bytes = Buffer.from(text, 'utf8');
  return parseLocalDay(bytes, 0, bytes.length);
};

describe('parseLocalDay', () => {
  it('reads dd/MM/yyyy with or without a time, and ISO dates', () => {
    const sept5 = dayNumber(2023, 9, 5);
    expect(sept5).toBe(Date.UTC(2023, 8, 5) / 86_400_000);
    for (const text of ['05/09/2023', '5/9/2023', ' 05/09/2023 ', '05/09/2023 14:30', '05/09/2023 23:59:59', '2023-09-05', '2023-09-05T08:00:00', '2023-09-05 08:00']) {
      expect(day(text), text).toBe(sept5);
    }
    expect(day('29/02/2024')).toBe(dayNumber(2024, 2, 29));
    expect(formatDay(sept5)).toBe('05/09/2023');
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    for (const text of ['31/02/2023', '29/02/2023', '31/09/2023', '00/09/2023', '05/13/2023', '05/09/23', '05-09-2023', '05/09/2023 24:00', '05/09/2023 10:60', '05/09/2023 10', '05/09/2023x', 'hôm qua', '2023-02-30']) {
      expect(day(text), text).toBe(DATE_INVALID);
    }
  });

  it('reads an empty or blank cell as blank', () => {
    expect(day('')).toBe(DATE_BLANK);
    expect(day('   ')).toBe(DATE_BLANK);
  });
});

describe('localDayOfCell', () => {
  it('takes the calendar day of an Excel date cell from its wall clock, without a time-zone shift', () => {
    expect(localDayOfCell(new Date(Date.UTC(2023, 7, 31, 23, 30)))).toBe(dayNumber(2023, 8, 31));
    expect(localDayOfCell(new Date(Date.UTC(2023, 8, 1, 0, 0)))).toBe(dayNumber(2023, 9, 1));
  });

  it('reads date serial numbers, text and formula results; refuses nonsense', () => {
    expect(localDayOfCell(45174.75)).toBe(dayNumber(2023, 9, 5)); // 05/09/2023 18:00
    expect(localDayOfCell('05/09/2023')).toBe(dayNumber(2023, 9, 5));
    expect(localDayOfCell({ formula: 'A1+1', result: 45174 })).toBe(dayNumber(2023, 9, 5));
    expect(localDayOfCell(null)).toBe(DATE_BLANK);
    expect(localDayOfCell('31/02/2023')).toBe(DATE_INVALID);
    expect(localDayOfCell(12)).toBe(DATE_INVALID);
    expect(localDayOfCell(new Date(Number.NaN))).toBe(DATE_INVALID);
  });
});
