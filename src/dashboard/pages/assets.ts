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
.s-retrying { background: #ffe0b2; color: #7c2d12; }
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
abbr.term, th.has-help { text-decoration: underline dotted #8a94a3; text-underline-offset: 3px; cursor: help; }
.legend .badge { margin-right: .2rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.charts figure.chart { margin: 0; background: #fff; border: 1px solid #cfd6e0; padding: .3rem; }
.charts figure.chart svg { display: block; max-width: 100%; height: auto; }
.help dt { font-weight: 600; margin-top: .5rem; } .help dd { margin: .1rem 0 0 1rem; max-width: 60rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .5rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: #5f6b7a; }
dl.facts dd { margin: 0; }
svg.timeline .track { fill: #e5e7eb; }
svg.timeline .bar-succeeded { fill: #16a34a; } svg.timeline .bar-running, svg.timeline .bar-queued { fill: #ca8a04; }
svg.timeline .bar-retrying { fill: #ea580c; } svg.timeline .bar-failed, svg.timeline .bar-cancelled { fill: #dc2626; } svg.timeline .bar-skipped { fill: #9ca3af; }
${BAND_CSS}
`;

export const DASHBOARD_JS = `
(function () {
  // Durations tick every second: from a start (elapsed) or down to a next attempt (countdown), on
  // the server's clock as of the last render.
  var loadedAt = Date.now();
  function duration(ms) {
    ms = Math.max(0, ms);
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1).replace('.', ',') + ' s';
    var minutes = Math.floor(ms / 60000);
    var seconds = String(Math.round((ms % 60000) / 1000));
    return minutes + ' phút ' + (seconds.length < 2 ? '0' : '') + seconds + ' s';
  }
  function tick() {
    var nodes = document.querySelectorAll('.tick');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var now = Date.parse(el.getAttribute('data-server-at')) + (Date.now() - loadedAt);
      var from = el.getAttribute('data-tick-from');
      var to = el.getAttribute('data-countdown-to');
      if (from) el.textContent = duration(now - Date.parse(from));
      else if (to) el.textContent = duration(Date.parse(to) - now);
    }
  }
  setInterval(tick, 1000);

  // The run page: while the run is active, its live part is fetched whole and replaced, so the
  // state, counts, steps, notes and quarantine are always from the same moment.
  var root = document.getElementById('run');
  if (!root || root.getAttribute('data-active') !== 'yes') return;
  var id = root.getAttribute('data-run-id');
  function poll() {
    fetch('/runs/' + id + '/live', { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text().then(function (text) { return { text: text, active: r.headers.get('X-Run-Active') }; });
      })
      .then(function (answer) {
        root.innerHTML = answer.text;
        loadedAt = Date.now();
        root.setAttribute('data-active', answer.active === 'yes' ? 'yes' : 'no');
        if (answer.active === 'yes') setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
`;
