// /runs: the run history, newest first, optionally for one month or framework.
import { periodTerm, type Period } from '../../core/period.js';
import { runProgress } from '../../runs/run-progress.js';
import { RUN_STATE_LABELS, STATE_CLASS } from '../../runs/run-progress-text.js';
import type { Run } from '../../runs/run-store.js';
import { formatDuration, formatTime, label, TRIGGER_LABELS } from './format.js';
import { html } from './html.js';
import { term } from './help.js';
import { layout, type PageContext } from './layout.js';
import { rerunForm } from './rerun-form.js';

/**
 * Renders the runs list.
 * @example res.send(renderRunsPage(page, await listRuns(db), frameworks, {}))
 */
export function renderRunsPage(page: PageContext, runs: readonly Run[], frameworks: readonly { key: string; title: string }[], filter: { month?: string; framework?: string }): string {
  const body = html`<h1>Lượt chạy${filter.month ? ` ${periodTerm(filter.month as Period)}` : ''}</h1>
${rerunForm(page, frameworks, { ...(filter.month ? { month: filter.month } : {}), ...(filter.framework ? { framework: filter.framework } : {}) })}
<form method="get" action="/runs" class="small">Lọc theo tháng <input type="month" name="month" value="${filter.month ?? ''}"> <button type="submit" class="secondary">Lọc</button></form>
${runs.length === 0
  ? html`<p class="muted">Chưa có lượt chạy nào.</p>`
  : html`<table id="runs"><thead><tr><th>#</th><th>Tháng</th><th>Bộ chỉ số</th><th>${term('kich-hoat', 'Kích hoạt')}</th><th>Trạng thái</th><th>Tạo lúc</th><th class="num">Thời gian</th><th>Lỗi</th></tr></thead><tbody>
${runs.map((r) => {
  const progress = runProgress(r);
  return html`<tr><td><a href="/runs/${r.id}">#${r.id}</a></td><td>${r.period}</td><td>${r.framework}</td><td>${label(TRIGGER_LABELS, r.trigger)}</td>
<td><span class="badge s-${STATE_CLASS[progress.state]}">${RUN_STATE_LABELS[progress.state]}</span></td><td>${formatTime(r.createdAt)}</td>
<td class="num">${progress.elapsedMs !== null ? formatDuration(progress.elapsedMs) : '—'}${progress.active && progress.elapsedMs !== null ? ' …' : ''}</td><td class="small">${r.error ?? ''}</td></tr>\n`;
})}</tbody></table>`}`;
  return layout(page, { title: 'Lượt chạy', active: 'runs', body });
}
