// /runs/:id: one run — its stages with timings and errors (followed live while it runs), the rows
// it quarantined with their location and reason, and the snapshot it wrote.
import { describeLocation } from '../../core/source.js';
import type { RunDetails } from '../run-details.js';
import { formatDuration, formatTime, label, RUN_STATUS_LABELS, SOURCE_LABELS, stageLabel, TRIGGER_LABELS } from './format.js';
import { html } from './html.js';
import { csrfField, layout, type PageContext } from './layout.js';

/**
 * Renders the run page.
 * @example res.send(renderRunPage(page, await runDetails(db, id)))
 */
export function renderRunPage(page: PageContext, details: RunDetails): string {
  const { run, quarantine, snapshot } = details;
  const active = run.status === 'queued' || run.status === 'running';
  const snapshotHref = `/snapshots/${encodeURIComponent(run.framework)}/${run.period}${snapshot ? `?revision=${snapshot.revision}` : ''}`;
  const body = html`<h1>Lượt chạy #${run.id} · tháng ${run.period}</h1>
<div id="run" data-run-id="${run.id}" data-status="${run.status}">
<dl class="facts">
<dt>Trạng thái</dt><dd id="run-status"><span class="badge s-${run.status}">${label(RUN_STATUS_LABELS, run.status)}</span>${active ? html` <span class="muted small">(trang tự cập nhật)</span>` : ''}</dd>
<dt>Bộ chỉ số</dt><dd>${run.framework}</dd>
<dt>Kích hoạt</dt><dd>${label(TRIGGER_LABELS, run.trigger)}${run.options.mode ? ` · ${run.options.mode === 'queue' ? 'hàng đợi' : 'trong tiến trình'}` : ''}</dd>
<dt>Tạo lúc</dt><dd>${formatTime(run.createdAt)}</dd>
<dt>Bắt đầu / kết thúc</dt><dd>${formatTime(run.startedAt)} → ${formatTime(run.finishedAt)}${run.startedAt && run.finishedAt ? ` (${formatDuration(run.finishedAt.getTime() - run.startedAt.getTime())})` : ''}</dd>
<dt>Bảng điểm</dt><dd>${snapshot ? html`<a href="${snapshotHref}">phiên bản ${snapshot.revision}</a> ${snapshot.published ? '(đã công bố)' : '(chưa công bố)'}` : html`<a href="${snapshotHref}">xem tháng ${run.period}</a>`}</dd>
${run.error ? html`<dt>Lỗi</dt><dd class="error" id="run-error">${run.error}</dd>` : ''}
</dl>
${page.role === 'admin' && active
  ? html`<form class="inline" method="post" action="/runs/${run.id}/huy">${csrfField(page)}<button type="submit" class="secondary">Huỷ lượt chạy</button></form>`
  : ''}
${page.role === 'admin' && !active
  ? html`<form class="inline" method="post" action="/runs">${csrfField(page)}<input type="hidden" name="month" value="${run.period}"><input type="hidden" name="framework" value="${run.framework}"><button type="submit">Chạy lại tháng ${run.period}</button></form>`
  : ''}
<h2>Các bước</h2>
<table id="stages"><thead><tr><th>Bước</th><th>Trạng thái</th><th class="num">Thời gian</th><th>Kết quả / lỗi</th></tr></thead>
<tbody>
${run.stages.map((s) => {
  const message = typeof s.detail?.message === 'string' ? s.detail.message : '';
  return html`<tr><td>${stageLabel(s.name)}</td><td><span class="badge s-${s.status}">${label(RUN_STATUS_LABELS, s.status)}</span></td><td class="num">${s.ms !== undefined ? formatDuration(s.ms) : '…'}</td><td class="${s.error ? 'error small' : 'small'}">${s.error ?? message}</td></tr>\n`;
})}
</tbody></table>
${run.stages.length === 0 ? html`<p class="muted">Chưa có bước nào bắt đầu.</p>` : ''}
</div>
<h2>Dòng bị cách ly (${quarantine.total})</h2>
${quarantine.total === 0
  ? html`<p class="muted">Lượt chạy này không cách ly dòng nào.</p>`
  : html`<table id="quarantine"><thead><tr><th>Nguồn</th><th>Vị trí</th><th>Tìm thấy</th><th>Cần có</th><th>Lý do</th></tr></thead><tbody>
${quarantine.rows.map((q) => html`<tr><td>${label(SOURCE_LABELS, q.source)}</td><td class="small">${describeLocation(q.location, q.fileName)}</td><td>${q.found ?? '—'}</td><td>${q.expected ?? '—'}</td><td>${q.reason}</td></tr>\n`)}
</tbody></table>
${quarantine.total > quarantine.rows.length ? html`<p class="muted small">Hiện ${quarantine.rows.length} trên ${quarantine.total} dòng; đầy đủ ở /api/runs/${run.id}?quarantineLimit=${quarantine.total}.</p>` : ''}`}`;
  return layout(page, { title: `Lượt chạy #${run.id}`, active: 'runs', body });
}
