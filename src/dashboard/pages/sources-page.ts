// /nguon: circuit-breaker state per source (with a reset button for admins), the last capture of
// each source with its size, the last successful capture per source and province, and where sources
// disagree for a month.
import { periodTerm } from '../../core/period.js';
import { formatDecimal } from '../../core/rounding.js';
import type { SourceOverview } from '../source-overview.js';
import { formatBytes, formatTime, label } from './format.js';
import { html } from './html.js';
import { term } from './help.js';
import { csrfField, layout, type PageContext } from './layout.js';
import { SOURCE_LABELS } from '../../text/labels.js';

const value = (v: number | null) => (v === null ? 'không rõ' : formatDecimal(v, Number.isInteger(v) ? 0 : 2));

/**
 * Renders the sources page.
 * @example res.send(renderSourcesPage(page, await sourceOverview(ctx)))
 */
export function renderSourcesPage(page: PageContext, overview: SourceOverview, notice?: string): string {
  const { breakers, captures, freshness, reconciliation } = overview;
  const body = html`<h1>Nguồn số liệu</h1>
${notice ? html`<p class="notice">${notice}</p>` : ''}
<h2>${term('cau-dao')}</h2>
<table id="breakers"><thead><tr><th>Nguồn</th><th>Trạng thái</th><th>Lý do</th><th>Mở từ</th><th></th></tr></thead><tbody>
${breakers.map(
  (b) => html`<tr data-source="${b.source}"><td>${label(SOURCE_LABELS, b.source)} <span class="muted small">(${b.source})</span></td>
<td>${b.open ? html`<span class="badge s-failed">Đang mở — không gọi nguồn</span>` : html`<span class="badge s-succeeded">Đóng — hoạt động</span>`}</td>
<td class="small">${b.reason ?? ''}</td><td>${formatTime(b.openedAt)}</td>
<td>${page.role === 'admin' ? html`<form class="inline" method="post" action="/nguon/${encodeURIComponent(b.source)}/reset">${csrfField(page)}<button type="submit"${b.open ? '' : html` class="secondary"`}>Đặt lại</button></form>` : ''}</td></tr>\n`,
)}
</tbody></table>
<h2>Lần thu thập gần nhất</h2>
${captures.length === 0
  ? html`<p class="muted">Chưa thu thập gì.</p>`
  : html`<table id="captures"><thead><tr><th>Nguồn</th><th>Lúc</th><th>Tháng</th><th>Tệp / phạm vi</th><th class="num">Dung lượng</th><th class="num">Số bản thu</th><th class="num">Tổng dung lượng</th></tr></thead><tbody>
${captures.map(
  (c) => html`<tr><td>${label(SOURCE_LABELS, c.source)}</td><td>${formatTime(c.lastCapturedAt)}</td><td>${c.lastPeriod ?? '—'}</td><td class="small">${c.lastFileName ?? '—'}</td>
<td class="num">${formatBytes(c.lastSizeBytes)}</td><td class="num">${c.captures}</td><td class="num">${formatBytes(c.totalBytes)}</td></tr>\n`,
)}</tbody></table>`}
<h2>Lần lấy được số liệu gần nhất theo tỉnh</h2>
${freshness.length === 0
  ? html`<p class="muted">Chưa có lượt đồng bộ nào lấy được số liệu.</p>`
  : html`<table id="freshness"><thead><tr><th>Nguồn</th><th>Tỉnh</th><th>Lúc</th><th>Tháng</th><th>Lượt chạy</th></tr></thead><tbody>
${freshness.map((f) => html`<tr><td>${label(SOURCE_LABELS, f.source)}</td><td>${page.provinceName(f.provinceCode) ?? f.provinceCode}</td><td>${formatTime(f.lastSuccessAt)}</td><td>${f.period}</td><td><a href="/runs/${f.runId}">#${f.runId}</a></td></tr>\n`)}
</tbody></table>`}
<h2>Chênh lệch giữa các nguồn${reconciliation.period ? ` ${periodTerm(reconciliation.period)}` : ''}</h2>
<form method="get" action="/nguon" class="small">Tháng <input type="month" name="month" value="${reconciliation.period ?? ''}"> <button type="submit" class="secondary">Xem</button></form>
${reconciliation.differences.length === 0
  ? html`<p class="muted">Các nguồn không có số liệu nào khác nhau${reconciliation.period ? '' : ' (chưa có số liệu)'}.</p>`
  : html`<table id="reconcile"><thead><tr><th>Đơn vị</th><th>Chỉ tiêu</th><th>Giá trị theo nguồn</th><th class="num">Chênh lệch</th></tr></thead><tbody>
${reconciliation.differences.map(
  (d) => html`<tr><td>${d.unitName} <span class="muted small">(${d.unitCode})</span></td><td>${d.metric}</td><td>${d.values.map((v) => `${label(SOURCE_LABELS, v.source)}: ${value(v.value)}`).join('; ')}</td><td class="num">${d.difference === null ? 'không xác định' : value(d.difference)}</td></tr>\n`,
)}</tbody></table>`}`;
  return layout(page, { title: 'Nguồn số liệu', active: 'nguon', body });
}
