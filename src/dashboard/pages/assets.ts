// The dashboard's only static files: one stylesheet and one small script (live run progress),
// served from memory so the server needs no build step and the pages need no inline code (strict CSP).
import { CLASS_COLORS } from '../../reports/narrative-html.js';

/** Classification colours as classes (.band-0 = best band), shared with the drafted report. */
const BAND_CSS = CLASS_COLORS.map((c, i) => `.band-${i} { background: ${c.background}; color: ${c.color}; }`).join('\n');

export const DASHBOARD_CSS = `
:root { font-family: "Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif; font-size: 14px; color: #1c2430; background: #f5f7fa; }
body { margin: 0; }
header { background: #0d3b66; color: #fff; display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; padding: .25rem .5rem; border-radius: 4px; }
header a.active, header a:hover { background: rgba(255,255,255,.18); }
header .brand { font-weight: 700; font-size: 1.1rem; }
header .who { margin-left: auto; font-size: .9rem; opacity: .9; }
main { padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.35rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #cfd6e0; padding: .3rem .45rem; vertical-align: top; }
th { background: #e8edf3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #5f6b7a; }
.small { font-size: .85rem; }
.notice { background: #fff8e1; border: 1px solid #f0d48a; padding: .6rem .8rem; border-radius: 4px; margin: 0 0 1rem; }
.error { background: #fdecea; border: 1px solid #f5b7b1; padding: .6rem .8rem; border-radius: 4px; }
.badge { display: inline-block; padding: .05rem .4rem; border-radius: 3px; font-size: .8rem; font-weight: 600; white-space: nowrap; }
.s-published, .s-succeeded { background: #d7f0dc; color: #14532d; }
.s-incomplete, .s-running, .s-queued { background: #fff1c2; color: #6b4e00; }
.s-failed, .s-cancelled { background: #fbd5d5; color: #7f1d1d; }
.s-none, .s-superseded, .s-skipped { background: #e5e7eb; color: #374151; }
.stale { color: #b45309; font-weight: 600; }
.matrix td { min-width: 11rem; }
.matrix td.empty { background: #fafbfc; }
.matrix th.period { white-space: nowrap; }
.cell-line { margin: .1rem 0; }
form.inline { display: inline; }
form.rerun { background: #fff; border: 1px solid #cfd6e0; padding: .7rem .9rem; border-radius: 4px; display: flex; gap: .8rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
form.rerun label { display: flex; flex-direction: column; gap: .2rem; font-size: .85rem; }
button { background: #0d3b66; color: #fff; border: 0; border-radius: 4px; padding: .4rem .9rem; cursor: pointer; font: inherit; }
button.secondary { background: #5f6b7a; }
input, select { font: inherit; padding: .25rem .35rem; }
.appendix td.name { white-space: nowrap; }
.up { color: #15803d; } .down { color: #b91c1c; }
.downloads a { margin-right: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: #5f6b7a; }
dl.facts dd { margin: 0; }
${BAND_CSS}
`;

export const DASHBOARD_JS = `
(function () {
  var root = document.getElementById('run');
  if (!root) return;
  var LABELS = { queued: 'Đang chờ', running: 'Đang chạy', succeeded: 'Thành công', failed: 'Thất bại', cancelled: 'Đã huỷ', skipped: 'Bỏ qua' };
  var SOURCES = { portal: 'Cổng DVCQG', 'portal-legacy': 'Cổng DVCQG (API cũ)', 'one-door': 'Hệ thống một cửa' };
  function stageLabel(name) {
    var p = name.split(':');
    if (p[0] === 'capture') return 'Thu thập · ' + (SOURCES[p[1]] || p[1]) + (p[2] ? ' · tỉnh ' + p[2] : '');
    if (p[0] === 'score') return 'Chuẩn hoá, chấm điểm, lưu bảng điểm';
    return name;
  }
  function cell(text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }
  function badge(status) { var s = document.createElement('span'); s.className = 'badge s-' + status; s.textContent = LABELS[status] || status; return s; }
  function render(run) {
    var status = document.getElementById('run-status');
    status.replaceChildren(badge(run.status));
    var body = document.querySelector('#stages tbody');
    if (!body) return;
    var rows = run.stages.map(function (s) {
      var tr = document.createElement('tr');
      tr.appendChild(cell(stageLabel(s.name)));
      var st = document.createElement('td'); st.appendChild(badge(s.status)); tr.appendChild(st);
      tr.appendChild(cell(s.ms === undefined || s.ms === null ? '…' : s.ms < 1000 ? s.ms + ' ms' : (s.ms / 1000).toFixed(1).replace('.', ',') + ' s', 'num'));
      tr.appendChild(cell(s.error || (s.detail && s.detail.message) || ''));
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }
  var id = root.getAttribute('data-run-id');
  function poll() {
    fetch('/api/runs/' + id, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        render(answer.run);
        if (['succeeded', 'failed', 'cancelled'].indexOf(answer.run.status) >= 0) { window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (['queued', 'running'].indexOf(root.getAttribute('data-status')) >= 0) setTimeout(poll, 500);
})();
`;
