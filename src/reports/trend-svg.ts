// Trend charts as standalone SVG text (no dependency): embedded in the HTML report, in the DOCX
// (with a PNG fallback) and reusable by the dashboard.
import { layoutTrendChart, type ChartLayout, type ChartPrimitive, type TrendChart, type TrendLayoutOptions } from './trend-chart.js';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => String(Math.round(v * 10) / 10);

function element(p: ChartPrimitive): string {
  switch (p.kind) {
    case 'rect':
      return `<rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}" fill="${p.color}"/>`;
    case 'line':
      return `<line x1="${n(p.x1)}" y1="${n(p.y1)}" x2="${n(p.x2)}" y2="${n(p.y2)}" stroke="${p.color}" stroke-width="${p.width}"${p.dash ? ' stroke-dasharray="5 4"' : ''}/>`;
    case 'polyline':
      return `<polyline points="${p.points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')}" fill="none" stroke="${p.color}" stroke-width="${p.width}" stroke-linejoin="round"/>`;
    case 'dot':
      return `<circle cx="${n(p.x)}" cy="${n(p.y)}" r="${p.r}" fill="${p.color}"/>`;
    case 'text':
      return `<text x="${n(p.x)}" y="${n(p.y)}" font-size="${p.size}" text-anchor="${p.anchor}" fill="${p.color}"${p.bold ? ' font-weight="bold"' : ''}>${escapeXml(p.text)}</text>`;
  }
}

/**
 * Writes laid-out primitives as an SVG document.
 * @example svgOfLayout(layoutTrendChart(chart)) // '<svg xmlns=…'
 */
export function svgOfLayout(layout: ChartLayout, title?: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="'Times New Roman', serif" role="img">`,
    ...(title ? [`<title>${escapeXml(title)}</title>`] : []),
    ...layout.primitives.map(element),
    '</svg>',
  ].join('\n');
}

/**
 * A trend chart as standalone SVG text.
 * @example writeFileSync('xu-huong.svg', renderTrendSvg(trendChart(framework, trends)))
 */
export function renderTrendSvg(chart: TrendChart, options: TrendLayoutOptions = {}): string {
  return svgOfLayout(layoutTrendChart(chart, options), chart.title);
}
