// A trend chart as data and as drawing primitives: converted score per month for each unit (or one
// unit), with the classification bands as dashed guides. The SVG and PNG writers draw the same
// primitives, so the DOCX fallback image and the HTML chart agree.
import { periodNoun, periodTick, type Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import type { TrendReport } from './trends.js';

export interface TrendSeries {
  readonly label: string;
  /** One value per period; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

export interface TrendChart {
  readonly title: string;
  readonly periods: readonly Period[];
  readonly series: readonly TrendSeries[];
  /** Top of the value axis (the converted scale, e.g. 10). */
  readonly scale: number;
  /** Bottom of the value axis: a whole step below the lowest value, so close scores stay apart. */
  readonly floor: number;
  /** Horizontal guides (band minima) with their labels. */
  readonly guides: readonly { readonly value: number; readonly label: string }[];
}

export type ChartPrimitive =
  | { readonly kind: 'line'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly color: string; readonly width: number; readonly dash?: boolean }
  | { readonly kind: 'polyline'; readonly points: readonly (readonly [number, number])[]; readonly color: string; readonly width: number }
  | { readonly kind: 'dot'; readonly x: number; readonly y: number; readonly r: number; readonly color: string }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly color: string }
  | {
      readonly kind: 'text';
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly size: number;
      readonly anchor: 'start' | 'middle' | 'end';
      readonly color: string;
      readonly bold?: boolean;
    };

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly primitives: readonly ChartPrimitive[];
}

/** Distinct, print-safe colours (Tableau 10 + 2), assigned to series in order. */
export const SERIES_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#ad494a'];

/** Period label on the axis: "T9" (a quarter "Q3", a year "2026"). */
export const monthTick = (period: Period) => periodTick(period);

function axisFloor(values: readonly (number | null)[], scale: number): number {
  const step = scale / 10;
  const known = values.filter((v): v is number => v !== null);
  if (!known.length) return 0;
  return Math.max(0, (Math.floor(Math.min(...known) / step) - 1) * step);
}

/**
 * The chart of a trend report: every unit, or only `unitCode`.
 * @example trendChart(framework, trends).series.length // 12
 */
export function trendChart(framework: Framework, trends: TrendReport, unitCode?: string): TrendChart {
  const units = unitCode ? trends.units.filter((u) => u.code === unitCode) : trends.units;
  const year = trends.period.slice(0, 4);
  // Months with no score at all (before the first snapshot of the year) are left off the axis.
  const shown = trends.periods.map((_, i) => i).filter((i) => units.some((u) => u.months[i] !== null));
  return {
    title: `Điểm quy đổi theo ${periodNoun(trends.period)} năm ${year}${unitCode && units[0] ? `: ${units[0].name}` : ''}`,
    periods: shown.map((i) => trends.periods[i]!),
    series: units.map((u) => ({ label: u.name, values: shown.map((i) => u.months[i]?.converted ?? null) })),
    scale: framework.conversion.scale,
    floor: axisFloor(units.flatMap((u) => shown.map((i) => u.months[i]?.converted ?? null)), framework.conversion.scale),
    guides: framework.bands.filter((b) => b.min > 0).map((b) => ({ value: b.min, label: b.short })),
  };
}

/** Canvas size, whether the legend is drawn, and the right margin (room for the band labels). */
export interface TrendLayoutOptions {
  readonly width?: number;
  readonly height?: number;
  readonly legend?: boolean;
  readonly right?: number;
}

/**
 * Lays a chart out on a canvas of `width` × `height` pixels; `legend: false` leaves the legend to the
 * document (the DOCX writes it as text under the image).
 * @example layoutTrendChart(chart, { width: 640, height: 360 }).primitives.length
 */
export function layoutTrendChart(chart: TrendChart, options: TrendLayoutOptions = {}): ChartLayout {
  const width = options.width ?? 720;
  const legend = options.legend ?? true;
  const legendColumns = 3;
  const legendRows = legend ? Math.ceil(chart.series.length / legendColumns) : 0;
  const height = options.height ?? 300 + legendRows * 18;
  const left = 44;
  const right = options.right ?? 36;
  const top = 30;
  const plotBottom = height - 28 - legendRows * 18;
  const plotWidth = width - left - right;
  const plotHeight = plotBottom - top;
  const n = chart.periods.length;
  const x = (i: number) => left + (n <= 1 ? plotWidth / 2 : (plotWidth * i) / (n - 1));
  const span = chart.scale - chart.floor || 1;
  const y = (v: number) => plotBottom - (plotHeight * (Math.max(chart.floor, Math.min(chart.scale, v)) - chart.floor)) / span;
  const step = chart.scale / 10;
  const out: ChartPrimitive[] = [];

  out.push({ kind: 'rect', x: 0, y: 0, w: width, h: height, color: '#ffffff' });
  out.push({ kind: 'text', x: width / 2, y: 18, text: chart.title, size: 13, anchor: 'middle', color: '#000000', bold: true });
  for (let i = Math.round(chart.floor / step); i <= 10; i++) {
    const v = Math.round(i * step * 1000) / 1000;
    out.push({ kind: 'line', x1: left, y1: y(v), x2: left + plotWidth, y2: y(v), color: '#e6e6e6', width: 1 });
    out.push({ kind: 'text', x: left - 6, y: y(v) + 4, text: String(v), size: 10, anchor: 'end', color: '#444444' });
  }
  for (const guide of chart.guides.filter((g) => g.value > chart.floor)) {
    out.push({ kind: 'line', x1: left, y1: y(guide.value), x2: left + plotWidth, y2: y(guide.value), color: '#999999', width: 1, dash: true });
    out.push({ kind: 'text', x: left + plotWidth + 4, y: y(guide.value) + 4, text: guide.label, size: 9, anchor: 'start', color: '#666666' });
  }
  out.push({ kind: 'line', x1: left, y1: top, x2: left, y2: plotBottom, color: '#333333', width: 1 });
  out.push({ kind: 'line', x1: left, y1: plotBottom, x2: left + plotWidth, y2: plotBottom, color: '#333333', width: 1 });
  chart.periods.forEach((p, i) => {
    out.push({ kind: 'line', x1: x(i), y1: plotBottom, x2: x(i), y2: plotBottom + 4, color: '#333333', width: 1 });
    out.push({ kind: 'text', x: x(i), y: plotBottom + 16, text: monthTick(p), size: 10, anchor: 'middle', color: '#444444' });
  });

  chart.series.forEach((series, s) => {
    const color = SERIES_COLORS[s % SERIES_COLORS.length]!;
    // A null month splits the line: each run of known values is its own polyline.
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length > 1) out.push({ kind: 'polyline', points: run, color, width: 2 });
      run = [];
    };
    series.values.forEach((v, i) => {
      if (v === null) return flush();
      run.push([x(i), y(v)]);
      out.push({ kind: 'dot', x: x(i), y: y(v), r: 3, color });
    });
    flush();
    if (legend) {
      const column = s % legendColumns;
      const row = Math.floor(s / legendColumns);
      const lx = left + (plotWidth / legendColumns) * column;
      const ly = plotBottom + 34 + row * 18;
      out.push({ kind: 'rect', x: lx, y: ly - 9, w: 14, h: 10, color });
      out.push({ kind: 'text', x: lx + 20, y: ly, text: series.label, size: 10, anchor: 'start', color: '#222222' });
    }
  });
  return { width, height, primitives: out };
}
