// Month over month and year to date from two scored months, and the trend chart as SVG and as the
// PNG fallback (decoded back to check it is a real image of the right size with the series drawn).
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePeriod, type Period } from '../../src/core/period.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { layoutTrendChart, SERIES_COLORS, trendChart } from '../../src/reports/trend-chart.js';
import { renderLayoutPng } from '../../src/reports/trend-png.js';
import { renderTrendSvg } from '../../src/reports/trend-svg.js';
import { buildTrends, yearToDate, type TrendSnapshot } from '../../src/reports/trends.js';
import { scoreUnits } from '../../src/scoring/score-framework.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { exampleCounts } from '../support/example-month.js';
import { changedCounts, countsToInputs, type Counts } from './report-fixtures.js';

const framework = getFramework('dien-bien-xa-2023');
const registry = loadUnitRegistry();

function snapshotOf(month: string, counts: Counts): TrendSnapshot {
  const units = [...counts.keys()].map((code) => ({ code, name: registry.byCode(code, parsePeriod('2023-09'))!.displayName }));
  const scores = scoreUnits(framework, units, countsToInputs(counts));
  return {
    period: month as Period,
    rows: scores.map((s) => ({ unitCode: s.code, unitName: s.name, rank: s.rank, total: s.total, converted: s.converted, classification: s.classification, indicators: s.indicators, missing: s.missing })),
  };
}

const september = snapshotOf('2023-09', exampleCounts());
// August: Him Lam paid fewer online (lower), Thanh Minh paid many online (then Tốt, rank 4).
const august = snapshotOf('2023-08', changedCounts({ '03127': { paid_online: 5 }, '03145': { paid_online: 40 } }));

describe('trends', () => {
  it('reads January to the month', () => {
    expect(yearToDate(parsePeriod('2023-03'))).toEqual(['2023-01', '2023-02', '2023-03']);
  });

  it('gives deltas, rank changes and year-to-date averages against the previous month', () => {
    const trends = buildTrends(framework, [august, september], parsePeriod('2023-09'));
    expect(trends.hasPrevious).toBe(true);
    expect(trends.previousPeriod).toBe('2023-08');
    expect(trends.units.map((u) => u.code)).toEqual(september.rows.map((r) => r.unitCode));
    for (const unit of trends.units) {
      const now = september.rows.find((r) => r.unitCode === unit.code)!;
      const before = august.rows.find((r) => r.unitCode === unit.code)!;
      expect(unit.deltaConverted).toBe(now.converted - before.converted);
      expect(unit.deltaTotal).toBe(now.total - before.total);
      expect(unit.rankChange).toBe(before.rank - now.rank);
      expect(unit.ytdAverage).toBe((now.converted + before.converted) / 2);
      expect(unit.ytdMonths).toBe(2);
      expect(unit.months.filter(Boolean)).toHaveLength(2);
    }
    const thanhMinh = trends.units.find((u) => u.code === '03145')!;
    expect(thanhMinh.previous!.classification).toBe('Tốt');
    expect(thanhMinh.current!.classification).toBe('Khá');
    expect(thanhMinh.rankChange).toBeLessThan(0);
    expect(thanhMinh.groupDeltas.dvtt).toBeLessThan(0);
    expect(thanhMinh.groupDeltas.tien_do).toBe(0);
    const himLam = trends.units.find((u) => u.code === '03127')!;
    expect(himLam.deltaConverted).toBeGreaterThan(0);
    const dvtt = trends.groups.find((g) => g.key === 'dvtt')!;
    const mean = (s: TrendSnapshot) => s.rows.reduce((sum, r) => sum + (r.indicators.dvtt_1!.points ?? 0) + (r.indicators.dvtt_2!.points ?? 0), 0) / s.rows.length;
    expect(dvtt.average).toBeCloseTo(mean(september), 12);
    expect(dvtt.previousAverage).toBeCloseTo(mean(august), 12);
    expect(dvtt.delta).toBeCloseTo(mean(september) - mean(august), 12);
  });

  it('has no comparison without the previous month, and keeps units seen only earlier in the year', () => {
    const july = snapshotOf('2023-07', exampleCounts());
    const withExtra: TrendSnapshot = { ...july, rows: [...july.rows, { ...july.rows[0]!, unitCode: '99999', unitName: 'UBND xã Thử Nghiệm', rank: 13 }] };
    const trends = buildTrends(framework, [withExtra, september], parsePeriod('2023-09'));
    expect(trends.hasPrevious).toBe(false);
    expect(trends.units.every((u) => u.deltaConverted === null && u.rankChange === null)).toBe(true);
    expect(trends.units.at(-1)).toMatchObject({ code: '99999', current: null, ytdMonths: 1 });
    expect(trends.groups.every((g) => g.delta === null)).toBe(true);
  });
});

describe('trend chart', () => {
  const trends = buildTrends(framework, [august, september], parsePeriod('2023-09'));

  it('plots the months that have scores, one series per unit, or one unit', () => {
    const chart = trendChart(framework, trends);
    expect(chart.periods).toEqual(['2023-08', '2023-09']);
    expect(chart.series).toHaveLength(12);
    expect(chart.series[0]).toEqual({ label: 'UBND phường Him Lam', values: [august.rows.find((r) => r.unitCode === '03127')!.converted, september.rows[0]!.converted] });
    const one = trendChart(framework, trends, '03130');
    expect(one.series.map((s) => s.label)).toEqual(['UBND phường Thanh Bình']);
    expect(one.title).toMatch(/UBND phường Thanh Bình$/);
  });

  it('is standalone SVG with a polyline per unit, month ticks, band guides and the legend', () => {
    const svg = renderTrendSvg(trendChart(framework, trends));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(12);
    expect(svg).toContain('>T8</text>');
    expect(svg).toContain('>T9</text>');
    expect(svg).toContain('>Khá</text>');
    for (const row of september.rows) expect(svg).toContain(`>${row.unitName}</text>`);
    expect(renderTrendSvg({ ...trendChart(framework, trends), title: 'A & <B>' })).toContain('A &amp; &lt;B&gt;');
  });

  it('renders a PNG fallback: valid chunks, twice the laid-out size, series colours drawn', () => {
    const layout = layoutTrendChart(trendChart(framework, trends), { width: 400, legend: false });
    const png = renderLayoutPng(layout);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect([width, height]).toEqual([layout.width * 2, layout.height * 2]);
    // Walk the chunks and collect IDAT.
    const idat: Buffer[] = [];
    for (let offset = 8; offset < png.length; ) {
      const length = png.readUInt32BE(offset);
      const type = png.subarray(offset + 4, offset + 8).toString('ascii');
      if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
      offset += 12 + length;
      if (type === 'IEND') expect(offset).toBe(png.length);
    }
    const raw = inflateSync(Buffer.concat(idat));
    expect(raw.length).toBe(height * (width * 3 + 1));
    const colours = new Set<string>();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * (width * 3 + 1) + 1 + x * 3;
        colours.add(`#${raw.subarray(i, i + 3).toString('hex')}`);
      }
    }
    // Close scores overdraw each other (8.52 and 8.51), so most, not all, colours show.
    expect(SERIES_COLORS.filter((c) => colours.has(c)).length).toBeGreaterThanOrEqual(9);
    expect(colours.has('#ffffff') && colours.has('#333333')).toBe(true);
  });
});
