// /snapshots/:framework/:period: the appendix table with classification colours, the change of
// points and rank against last month, the revision history with what changed, and downloads.
import { periodNoun, periodTerm } from '../../core/period.js';
import { formatDecimal } from '../../core/rounding.js';
import type { Framework } from '../../frameworks/framework.js';
import { appendixGroups, appendixHeaderRows, indicatorColumnLabel, indicatorName, indicatorShortLabel } from '../../reports/appendix-layout.js';
import type { ReportFigure } from '../../reports/narrative-html.js';
import { publicationText } from '../../snapshots/publication-text.js';
import type { UnitChange } from '../../snapshots/snapshot-diff.js';
import type { SnapshotView } from '../snapshot-view.js';
import { CLASS_COLORS } from '../../reports/narrative-html.js';
import { figureNote } from '../../reports/continuity-words.js';
import { formatDelta, formatTime, label, SNAPSHOT_STATUS_LABELS, TRIGGER_LABELS } from './format.js';
import { bandsHelp, GLOSSARY, indicatorHelp, term } from './help.js';
import { html, SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';

function bandClass(framework: Framework, classification: string): string {
  const index = framework.bands.findIndex((b) => b.label === classification);
  return index < 0 ? '' : `band-${Math.min(index, CLASS_COLORS.length - 1)}`;
}

const number = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? '—' : formatDecimal(value, digits));

function fieldLabel(framework: Framework, field: string): string {
  if (field === 'total') return 'Điểm được';
  if (field === 'rank') return 'Hạng';
  if (field === 'classification') return 'Xếp loại';
  const [key, part] = field.split('.');
  const indicator = framework.indicators.find((i) => i.key === key);
  const partLabel = part === 'points' ? 'điểm' : part === 'numerator' ? 'tử số' : part === 'denominator' ? 'mẫu số' : (part ?? '');
  return `${indicator ? indicatorName(framework, indicator) : key} (${partLabel})`;
}

function changeText(framework: Framework, change: UnitChange): string {
  if (change.kind === 'added') return `${change.unitName}: mới có trong bảng`;
  if (change.kind === 'removed') return `${change.unitName}: không còn trong bảng`;
  const show = (v: number | string | null) => (v === null ? '—' : typeof v === 'number' ? formatDecimal(v, Number.isInteger(v) ? 0 : 2) : v);
  return `${change.unitName}: ${change.fields.map((f) => `${fieldLabel(framework, f.field)} ${show(f.before)} → ${show(f.after)}`).join('; ')}`;
}

function revisionChanges(framework: Framework, changes: readonly UnitChange[]): SafeHtml {
  if (!changes.length) return html`<span class="muted">—</span>`;
  const shown = changes.slice(0, 8);
  return html`<ul class="small">${shown.map((c) => html`<li>${changeText(framework, c)}</li>`)}</ul>${changes.length > shown.length ? html`<span class="muted small">và ${changes.length - shown.length} đơn vị khác</span>` : ''}`;
}

/** The hover help of an appendix header cell: the indicator's formula and threshold, or the term. */
function headerHelp(framework: Framework, cellLabel: string): SafeHtml {
  const indicator = framework.indicators.find((i) => indicatorColumnLabel(i) === cellLabel);
  const group = framework.groups.find((g) => g.label === cellLabel);
  const title = indicator
    ? indicatorHelp(indicator)
    : group
      ? `${group.label}: tối đa ${group.max} điểm, gồm ${framework.indicators.filter((i) => i.group === group.key).map(indicatorShortLabel).join(', ')}`
      : cellLabel.startsWith('Điểm được')
        ? GLOSSARY['diem-duoc'][1]
        : cellLabel === 'Tổng điểm quy đổi'
          ? GLOSSARY['quy-doi'][1]
          : cellLabel === 'Xếp loại'
            ? `${GLOSSARY['xep-loai'][1]} ${bandsHelp(framework)}`
            : cellLabel === 'STT'
              ? GLOSSARY.hang[1]
              : null;
  return title ? html` title="${title}" class="has-help"` : html``;
}

/** The month's pictures, server-rendered SVG (the same as in the HTML report). */
function chartsSection(figures: readonly ReportFigure[]): SafeHtml {
  const single = figures.filter((f) => f.group === null);
  const groups = [...new Set(figures.map((f) => f.group).filter((g): g is string => g !== null))];
  return html`<h2>Biểu đồ</h2>
<div class="charts" id="charts">${single.map((f) => html`<figure class="chart" data-chart="${f.id}">${new SafeHtml(f.svg)}</figure>`)}</div>
${groups.map((g) => html`<h3>${g}</h3><div class="charts small" id="trend-charts">${figures.filter((f) => f.group === g).map((f) => html`<figure class="chart" data-chart="${f.id}">${new SafeHtml(f.svg)}</figure>`)}</div>`)}`;
}

/**
 * Renders the snapshot page.
 * @example res.send(renderSnapshotPage(page, await snapshotView(ctx, framework, period)))
 */
export function renderSnapshotPage(page: PageContext, view: SnapshotView, figures: readonly ReportFigure[] = []): string {
  const { framework, snapshot, rows, changes, previous } = view;
  const groups = appendixGroups(framework);
  const headerRows = appendixHeaderRows(groups, framework.maxTotal);
  const indicators = groups.flatMap((g) => g.indicators);
  const depth = headerRows.length;
  const base = `/snapshots/${encodeURIComponent(framework.key)}/${snapshot.period}`;
  const download = (format: string) => `/api/snapshots/${encodeURIComponent(framework.key)}/${snapshot.period}/download?format=${format}&revision=${snapshot.revision}`;
  const d = framework.rounding;
  const body = html`<h1>Bảng điểm ${periodTerm(snapshot.period)} · ${framework.title}</h1>
<dl class="facts">
<dt>${term('phien-ban', 'Phiên bản')}</dt><dd>${snapshot.revision} <span class="badge s-${snapshot.status}">${label(SNAPSHOT_STATUS_LABELS, snapshot.status)}</span> ${snapshot.complete ? term('du', 'đủ số liệu') : html`<span class="stale">${term('du', 'chưa đủ số liệu')}</span>`}</dd>
<dt>Lập lúc</dt><dd>${formatTime(snapshot.createdAt)} · ${label(TRIGGER_LABELS, snapshot.trigger)}${snapshot.runId ? html` · <a href="/runs/${snapshot.runId}">lượt chạy #${snapshot.runId}</a>` : ''}</dd>
<dt>So với</dt><dd>${previous ? `${periodTerm(previous.period)} (phiên bản ${previous.revision} đã công bố)` : `không có bảng điểm đã công bố của ${periodNoun(snapshot.period)} trước`}</dd>
<dt>Tải về</dt><dd class="downloads" id="downloads"><a href="${download('docx')}">Báo cáo DOCX</a><a href="${download('html')}">Báo cáo HTML (in A4)</a><a href="${download('xlsx')}">Phụ lục XLSX</a><a href="${download('csv')}">CSV</a><a href="${download('json')}">JSON</a></dd>
</dl>
<table class="appendix" id="appendix">
<thead>
${headerRows.map(
  (cells, i) =>
    html`<tr>${cells.map((c) => html`<th colspan="${c.colSpan}" rowspan="${c.rowSpan}"${headerHelp(framework, c.label)}>${c.label}</th>`)}${i === 0 ? html`<th rowspan="${depth}">${term('delta-diem', '± điểm so với tháng trước')}</th><th rowspan="${depth}">${term('delta-hang', '± hạng')}</th><th rowspan="${depth}">Cơ sở so sánh</th>` : ''}</tr>\n`,
)}
</thead>
<tbody>
${rows.map((r) => {
  const change = changes.get(r.code);
  const moved = change ? (change.rankChange > 0 ? html`<span class="up">↑${change.rankChange}</span>` : change.rankChange < 0 ? html`<span class="down">↓${-change.rankChange}</span>` : '=') : '—';
  return html`<tr data-unit="${r.code}">
<td class="num" data-col="rank">${r.rank}</td><td class="name" data-col="name">${r.name}</td>
${indicators.map((ind) => html`<td class="num" data-col="${ind.key}">${number(r.points[ind.key], d.points)}</td>`)}
<td class="num" data-col="total">${number(r.total, d.total)}</td><td class="num" data-col="converted">${number(r.converted, d.converted)}</td>
<td class="${bandClass(framework, r.classification)}" data-col="classification">${r.classificationShort}</td>
<td class="num ${change && change.total > 0 ? 'up' : change && change.total < 0 ? 'down' : ''}" data-col="delta-total">${change ? formatDelta(change.total, d.total) : '—'}</td>
<td class="num" data-col="delta-rank">${moved}</td>
<td class="small" data-col="previous-basis">${figureNote(view.continuity.figures.get(r.code))}</td>
</tr>\n`;
})}
</tbody>
</table>
<p class="legend small" id="legend">Xếp loại theo điểm quy đổi: ${framework.bands.map((b, i) => html`<span class="badge band-${Math.min(i, CLASS_COLORS.length - 1)}">${b.label} ≥ ${formatDecimal(b.min, 1)}</span> `)}
· Di chuột lên tiêu đề cột để xem công thức và ngưỡng của chỉ số; giải thích đầy đủ ở <a href="/huong-dan">Hướng dẫn</a>.</p>
${figures.length ? chartsSection(figures) : ''}
<h2>Các phiên bản</h2>
<table id="revisions"><thead><tr><th>Phiên bản</th><th>Trạng thái</th><th>Lập lúc</th><th>${term('kich-hoat', 'Kích hoạt')}</th><th>${term('cong-bo', 'Công bố (ai, vì sao)')}</th><th>Thay đổi so với phiên bản trước</th></tr></thead><tbody>
${[...view.revisions].reverse().map(
  (r) => html`<tr${r.revision === snapshot.revision ? html` class="current"` : ''}><td><a href="${base}?revision=${r.revision}">${r.revision}</a>${r.revision === snapshot.revision ? ' (đang xem)' : ''}</td>
<td><span class="badge s-${r.status}">${label(SNAPSHOT_STATUS_LABELS, r.status)}</span></td><td>${formatTime(r.createdAt)}</td>
<td>${label(TRIGGER_LABELS, r.trigger)}${r.runId ? html` · <a href="/runs/${r.runId}">#${r.runId}</a>` : ''}</td><td class="small" data-col="publication">${r.publication ? publicationText(r.publication) : html`<span class="muted">chưa công bố</span>`}</td><td>${r.revision === 1 ? html`<span class="muted">phiên bản đầu tiên</span>` : revisionChanges(framework, r.changes)}</td></tr>\n`,
)}
</tbody></table>`;
  return layout(page, { title: `Bảng điểm ${snapshot.period}`, active: 'snapshot', body });
}

/** The page for a month without a snapshot yet. */
export function renderNoSnapshotPage(page: PageContext, message: string): string {
  return layout(page, { title: 'Chưa có bảng điểm', active: 'snapshot', body: html`<h1>Chưa có bảng điểm</h1><p class="notice">${message}</p><p><a href="/thang">← Các tháng</a></p>` });
}
