// Pictures of one month as drawing primitives (drawn by trend-svg's writer): how many units fall in
// each class, each unit's converted score against the band edges, and each unit's recent trend. Pure.
import type { Period } from '../core/period.js';
import { formatDecimal } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import type { AppendixRow } from './appendix-layout.js';
import { CLASS_COLORS } from './narrative-html.js';
import type { ChartLayout, ChartPrimitive, TrendChart } from './trend-chart.js';

const colorOf = (framework: Framework, classification: string) => {
  const i = framework.bands.findIndex((b) => b.label === classification);
  return CLASS_COLORS[Math.min(i < 0 ? CLASS_COLORS.length - 1 : i, CLASS_COLORS.length - 1)]!;
};

/**
 * Units per class, best class first: one horizontal bar per band with its count.
 * @example svgOfLayout(classDistributionLayout(framework, rows), 'Phân bố xếp loại')
 */
export function classDistributionLayout(framework: Framework, rows: readonly AppendixRow[], width = 520): ChartLayout {
  const left = 110;
  const right = 40;
  const top = 34;
  const barHeight = 22;
  const gap = 8;
  const height = top + framework.bands.length * (barHeight + gap) + 10;
  const max = Math.max(1, ...framework.bands.map((b) => rows.filter((r) => r.classification === b.label).length));
  const plot = width - left - right;
  const out: ChartPrimitive[] = [
    { kind: 'rect', x: 0, y: 0, w: width, h: height, color: '#ffffff' },
    { kind: 'text', x: width / 2, y: 18, text: `Phân bố xếp loại (${rows.length} đơn vị)`, size: 13, anchor: 'middle', color: '#000000', bold: true },
  ];
  framework.bands.forEach((band, i) => {
    const count = rows.filter((r) => r.classification === band.label).length;
    const y = top + i * (barHeight + gap);
    const w = (plot * count) / max;
    out.push({ kind: 'text', x: left - 8, y: y + barHeight / 2 + 4, text: band.label, size: 11, anchor: 'end', color: '#222222' });
    out.push({ kind: 'rect', x: left, y, w: plot, h: barHeight, color: '#f1f3f5' });
    if (count) out.push({ kind: 'rect', x: left, y, w, h: barHeight, color: CLASS_COLORS[Math.min(i, CLASS_COLORS.length - 1)]!.background });
    out.push({ kind: 'text', x: left + w + 6, y: y + barHeight / 2 + 4, text: String(count), size: 11, anchor: 'start', color: '#000000', bold: true });
  });
  return { width, height, primitives: out };
}

/**
 * Each unit's converted score (rank order) as a bar on the framework's scale, with the band edges as
 * dashed lines labelled with the class they open.
 * @example svgOfLayout(scoreBandsLayout(framework, rows), 'Điểm quy đổi và ngưỡng xếp loại')
 */
export function scoreBandsLayout(framework: Framework, rows: readonly AppendixRow[], width = 720): ChartLayout {
  const left = 190;
  const right = 50;
  const top = 56;
  const barHeight = 14;
  const gap = 6;
  const height = top + rows.length * (barHeight + gap) + 24;
  const scale = framework.conversion.scale;
  const plot = width - left - right;
  const x = (v: number) => left + (plot * Math.max(0, Math.min(scale, v))) / scale;
  const bottom = top + rows.length * (barHeight + gap);
  const out: ChartPrimitive[] = [
    { kind: 'rect', x: 0, y: 0, w: width, h: height, color: '#ffffff' },
    { kind: 'text', x: width / 2, y: 18, text: `Điểm quy đổi (thang ${scale}) và ngưỡng xếp loại`, size: 13, anchor: 'middle', color: '#000000', bold: true },
  ];
  rows.forEach((row, i) => {
    const y = top + i * (barHeight + gap);
    const colors = colorOf(framework, row.classification);
    out.push({ kind: 'text', x: left - 8, y: y + barHeight - 3, text: `${row.rank}. ${row.name}`, size: 10, anchor: 'end', color: '#222222' });
    out.push({ kind: 'rect', x: left, y, w: x(row.converted) - left, h: barHeight, color: colors.background === '#ffffff' ? '#999999' : colors.background });
    out.push({ kind: 'text', x: x(row.converted) + 4, y: y + barHeight - 3, text: formatDecimal(row.converted, framework.rounding.converted), size: 10, anchor: 'start', color: '#000000' });
  });
  for (let v = 0; v <= scale; v += scale / 10) {
    out.push({ kind: 'text', x: x(v), y: bottom + 14, text: formatDecimal(v, 0), size: 9, anchor: 'middle', color: '#444444' });
  }
  out.push({ kind: 'line', x1: left, y1: top - 4, x2: left, y2: bottom, color: '#333333', width: 1 });
  // Neighbouring edges can be close (Tốt 8, Xuất sắc 9 on a 10 scale): their labels alternate between two lines.
  framework.bands
    .filter((b) => b.min > 0)
    .forEach((band, i) => {
      out.push({ kind: 'line', x1: x(band.min), y1: top - 10 - (i % 2) * 11, x2: x(band.min), y2: bottom, color: '#555555', width: 1, dash: true });
      out.push({ kind: 'text', x: x(band.min), y: top - 14 - (i % 2) * 11, text: `${band.short} ≥ ${formatDecimal(band.min, 1)}`, size: 9, anchor: 'middle', color: '#333333' });
    });
  return { width, height, primitives: out };
}

/** A month as trend input: each unit's converted score. */
export interface RecentMonth {
  readonly period: string;
  readonly rows: readonly { readonly unitCode: string; readonly converted: number }[];
}

/**
 * One small trend chart per unit (rank order of `current`): its converted score over `periods`
 * (null where the unit had no published score), with the band edges as guides.
 * @example unitTrendCharts(framework, periods, recent, snapshot)[0].chart.series[0].values.length // 12
 */
export function unitTrendCharts(framework: Framework, periods: readonly Period[], recent: readonly RecentMonth[], current: Pick<Snapshot, 'period' | 'rows'>): { code: string; name: string; chart: TrendChart }[] {
  const byPeriod = new Map<string, Map<string, number>>(recent.map((m) => [m.period, new Map(m.rows.map((r) => [r.unitCode, r.converted]))]));
  byPeriod.set(current.period, new Map(current.rows.map((r) => [r.unitCode, r.converted])));
  const all = periods.flatMap((p) => [...(byPeriod.get(p)?.values() ?? [])]);
  const step = framework.conversion.scale / 10;
  const floor = all.length ? Math.max(0, (Math.floor(Math.min(...all) / step) - 1) * step) : 0;
  return current.rows.map((row) => ({
    code: row.unitCode,
    name: row.unitName,
    chart: {
      title: row.unitName,
      periods,
      series: [{ label: row.unitName, values: periods.map((p) => byPeriod.get(p)?.get(row.unitCode) ?? null) }],
      scale: framework.conversion.scale,
      floor,
      guides: framework.bands.filter((b) => b.min > 0).map((b) => ({ value: b.min, label: b.short })),
    },
  }));
}
