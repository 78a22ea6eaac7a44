// /runs: the run history, newest first, optionally for one month or framework.
import type { Run } from '../../runs/run-store.js';
import { formatDuration, formatTime, label, RUN_STATUS_LABELS, TRIGGER_LABELS } from './format.js';
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';
import { rerunForm } from './rerun-form.js';

/**
 * Renders the runs list.
 * @example res.send(renderRunsPage(page, await listRuns(db), frameworks, {}))
 */
export function renderRunsPage(page: PageContext, runs: readonly Run[], frameworks: readonly { key: string; title: string }[], filter: { month?: string; framework?: string }): string {
  const body = html`<h1>Lượt chạy${filter.month ? ` tháng ${filter.month}` : ''}</h1>
${rerunForm(page, frameworks, { ...(filter.month ? { month: filter.month } : {}), ...(filter.framework ? { framework: filter.framework } : {}) })}
<form method="get" action="/runs" class="small">Lọc theo tháng <input type="month" name="month" value="${filter.month ?? ''}"> <button type="submit" class="secondary">Lọc</button></form>
${runs.length === 0
  ? html`<p class="muted">Chưa có lượt chạy nào.</p>`
  : html`<table id="runs"><thead><tr><th>#</th><th>Tháng</th><th>Bộ chỉ số</th><th>Kích hoạt</th><th>Trạng thái</th><th>Tạo lúc</th><th class="num">Thời gian</th><th>Lỗi</th></tr></thead><tbody>
${runs.map(
  (r) => html`<tr><td><a href="/runs/${r.id}">#${r.id}</a></td><td>${r.period}</td><td>${r.framework}</td><td>${label(TRIGGER_LABELS, r.trigger)}</td>
<td><span class="badge s-${r.status}">${label(RUN_STATUS_LABELS, r.status)}</span></td><td>${formatTime(r.createdAt)}</td>
<td class="num">${r.startedAt && r.finishedAt ? formatDuration(r.finishedAt.getTime() - r.startedAt.getTime()) : '—'}</td><td class="small">${r.error ?? ''}</td></tr>\n`,
)}</tbody></table>`}`;
  return layout(page, { title: 'Lượt chạy', active: 'runs', body });
}
