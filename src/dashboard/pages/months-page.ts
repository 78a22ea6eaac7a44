// /thang: the period × framework matrix — status, published revision, completeness, last run and
// its trigger, freshness of each source — with stale months marked, and the admin's re-run form.
import type { MonthCell, MonthMatrix } from '../month-matrix.js';
import { formatTime, label, RUN_STATUS_LABELS, SNAPSHOT_STATUS_LABELS, TRIGGER_LABELS } from './format.js';
import { html, type SafeHtml } from './html.js';
import { term } from './help.js';
import { layout, type PageContext } from './layout.js';
import { rerunForm } from './rerun-form.js';
import { humanizeRunText, sourceTaskLabel } from '../../text/labels.js';

function cellHtml(cell: MonthCell, provinceName: PageContext['provinceName']): SafeHtml {
  if (cell.status === 'none' && !cell.lastRun) return html`<td class="empty muted small">—</td>`;
  const snapshotHref = `/snapshots/${encodeURIComponent(cell.framework)}/${cell.period}`;
  const run = cell.lastRun;
  const staleText = humanizeRunText(cell.staleReasons.join('; '), provinceName);
  const delivered = cell.freshness.filter((f) => f.lastSuccessAt).length;
  const freshnessTitle = cell.freshness
    .map((f) => `${sourceTaskLabel(`${f.source}/${f.provinceCode}`, provinceName)}: ${f.lastSuccessAt ? formatTime(f.lastSuccessAt) : 'chưa lấy được'}${f.stale ? ' (cũ)' : ''}`)
    .join('\n');
  return html`<td data-framework="${cell.framework}" data-period="${cell.period}" class="${cell.stale ? 'is-stale' : ''}">
<div class="cell-line"><span class="badge s-${cell.status}">${label(SNAPSHOT_STATUS_LABELS, cell.status)}</span>
${cell.publishedRevision !== null ? html` <a href="${snapshotHref}">phiên bản ${cell.publishedRevision}</a>` : cell.latestRevision !== null ? html` <a href="${snapshotHref}">phiên bản ${cell.latestRevision}</a>` : ''}
${cell.complete === null ? '' : cell.complete ? html` ${term('du', '✓ đủ')}` : html` <span class="stale">${term('du', '✗ thiếu')}</span>`}</div>
${run ? html`<div class="cell-line small"><a href="/runs/${run.id}">#${run.id}</a> <span class="badge s-${run.status}">${label(RUN_STATUS_LABELS, run.status)}</span> ${label(TRIGGER_LABELS, run.trigger)} · ${formatTime(run.finishedAt ?? run.createdAt)}</div>` : ''}
${cell.freshness.length ? html`<div class="cell-line small muted" title="${freshnessTitle}">Nguồn: ${delivered}/${cell.freshness.length} đã lấy được${cell.freshness.map((f) => html`<br>${sourceTaskLabel(`${f.source}/${f.provinceCode}`, provinceName)}: ${f.lastSuccessAt ? formatTime(f.lastSuccessAt) : 'chưa có'}${f.stale ? html` <span class="stale">${term('cu', 'cũ')}</span>` : ''}`)}</div>` : ''}
${cell.stale ? html`<div class="cell-line small stale" title="${staleText}">⚠ ${staleText}</div>` : ''}
</td>`;
}

/** A province filter (GET form) once the frameworks span more than one province, or one is chosen. */
function provincePicker(matrix: MonthMatrix): SafeHtml | string {
  if (matrix.provinces.length < 2 && !matrix.province) return '';
  return html`<form class="inline" method="get" action="/thang" id="province-filter"><label>Tỉnh <select name="province">
<option value="">Tất cả (${matrix.provinces.length} tỉnh)</option>
${matrix.provinces.map((p) => html`<option value="${p.code}"${p.code === matrix.province ? html` selected` : ''}>${p.name} (${p.code})</option>`)}
</select></label> <button type="submit">Xem</button></form>
${matrix.province && matrix.frameworks.length === 0 ? html`<p class="notice">Tỉnh mã ${matrix.province} không có bộ chỉ số nào được chạy hay có số liệu trong các tháng này (xem DVC_PROVINCES).</p>` : ''}`;
}

/**
 * Renders the months page.
 * @example res.send(renderMonthsPage(page, await monthMatrix(ctx), frameworks))
 */
export function renderMonthsPage(page: PageContext, matrix: MonthMatrix, choices: readonly { key: string; title: string }[], notice?: string): string {
  const byKey = new Map(matrix.cells.map((c) => [`${c.framework}|${c.period}`, c]));
  const staleCount = matrix.cells.filter((c) => c.stale).length;
  const body = html`<h1>Các tháng theo bộ chỉ số</h1>
${notice ? html`<p class="notice">${notice}</p>` : ''}
${rerunForm(page, choices.length ? choices : matrix.frameworks, { ...(matrix.to ? { month: matrix.to } : {}) })}
${provincePicker(matrix)}
${matrix.periods.length === 0
  ? html`<p class="notice">Chưa có bảng điểm hay lượt chạy nào. Chạy <code>dvc-sync sync --month YYYY-MM</code> hoặc dùng biểu mẫu “Chạy lại tháng”.</p>`
  : html`<p class="muted">Từ ${matrix.periods.at(-1)} đến ${matrix.to}; ${staleCount ? html`<span class="stale">${staleCount} tháng cần xem lại</span>` : 'mọi tháng đều mới nhất'}. Giờ Việt Nam.</p>
<table class="matrix" id="months">
<thead><tr><th>Tháng</th>${matrix.frameworks.map((f) => html`<th title="${f.key}">${f.title}<br><span class="muted small">${f.key}</span></th>`)}</tr></thead>
<tbody>
${matrix.periods.map((period) => html`<tr><th class="period">${period}</th>${matrix.frameworks.map((f) => cellHtml(byKey.get(`${f.key}|${period}`) ?? { framework: f.key, period, status: 'none', publishedRevision: null, latestRevision: null, revisions: 0, complete: null, lastRun: null, freshness: [], stale: false, staleReasons: [] }, page.provinceName))}</tr>\n`)}
</tbody>
</table>`}`;
  return layout(page, { title: 'Các tháng', active: 'thang', body });
}
