// The drafted report as one self-contained HTML page, printable on A4: the body in portrait with the
// administrative letterhead, the appendices on landscape pages (CSS named pages), classification
// colours, the trend chart as inline SVG. No external resources.
import { formatDecimal } from '../core/rounding.js';
import { appendixHeaderRows } from './appendix-layout.js';
import type { ListItem, Narrative, NarrativeBlock, NarrativeTable, ScoresAppendix, TextRun, TrendsAppendix } from './narrative.js';
import { renderTrendSvg } from './trend-svg.js';

/** A picture of the month (standalone SVG); figures of one `group` are laid out together under its title. */
export interface ReportFigure {
  readonly id: string;
  readonly group: string | null;
  readonly svg: string;
}

/** The figures page: single figures first, then each group as a grid under its title. */
function figuresPage(figures: readonly ReportFigure[]): string {
  const single = figures.filter((f) => f.group === null).map((f) => `<figure class="chart" id="${escapeHtml(f.id)}">${f.svg}</figure>`);
  const groups = [...new Set(figures.map((f) => f.group).filter((g): g is string => g !== null))].map(
    (g) => `<p class="appendix-title">${text(g)}</p><div class="figure-grid">${figures.filter((f) => f.group === g).map((f) => `<figure class="chart small" id="${escapeHtml(f.id)}">${f.svg}</figure>`).join('')}</div>`,
  );
  return `<section class="page landscape figures"><p class="appendix-label">BIỂU ĐỒ</p>${single.join('\n')}${groups.join('\n')}</section>`;
}

/** Background and text colour per class position (best first); the last colour repeats downwards. */
export const CLASS_COLORS: readonly { readonly background: string; readonly color: string }[] = [
  { background: '#1b5e20', color: '#ffffff' },
  { background: '#c8e6c9', color: '#000000' },
  { background: '#bbdefb', color: '#000000' },
  { background: '#fff59d', color: '#000000' },
  { background: '#ffcdd2', color: '#000000' },
];

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Runs of blanks are fill-in spaces ("Số:        /BC-UBND"): keep them. */
const text = (value: string) => escapeHtml(value).replace(/ {2,}/g, (m) => '&nbsp;'.repeat(m.length));

function inline(runs: readonly TextRun[]): string {
  return runs
    .map((r) => {
      let html = text(r.text);
      if (r.italic) html = `<em>${html}</em>`;
      if (r.bold) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
}

function list(items: readonly ListItem[], depth = 0): string {
  const lis = items.map((it) => `<li>${inline(it.runs)}${it.children?.length ? list(it.children, depth + 1) : ''}</li>`).join('');
  return `<ul class="${depth === 0 ? 'dash' : 'plus'}">${lis}</ul>`;
}

function table(t: NarrativeTable, className: string): string {
  const head = `<tr>${t.header.map((h) => `<th>${text(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, i) => `<td class="${t.align[i] ?? 'left'}">${text(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

function block(b: NarrativeBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inline(b.runs)}</p>`;
    case 'list':
      return list(b.items);
    case 'table':
      return table(b.table, 'data');
    case 'chart':
      return `<figure class="chart">${renderTrendSvg(b.chart)}</figure>`;
  }
}

function classIndex(a: ScoresAppendix, label: string): number {
  const i = a.bands.findIndex((b) => b.label === label);
  return Math.min(i < 0 ? CLASS_COLORS.length - 1 : i, CLASS_COLORS.length - 1);
}

function scoresTable(a: ScoresAppendix): string {
  const head = appendixHeaderRows(a.groups, a.maxTotal)
    .map((row) => `<tr>${row.map((c) => `<th${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}>${text(c.label)}</th>`).join('')}</tr>`)
    .join('\n');
  const indicators = a.groups.flatMap((g) => g.indicators);
  const body = a.rows
    .map((r) => {
      const cells = indicators.map((ind) => {
        const p = r.points[ind.key];
        return `<td class="right">${p === null || p === undefined ? '—' : formatDecimal(p, a.digits.points)}</td>`;
      });
      return [
        `<tr data-unit="${escapeHtml(r.code)}">`,
        `<td class="right">${r.rank}</td><td class="left">${text(r.name)}</td>`,
        ...cells,
        `<td class="right">${formatDecimal(r.total, a.digits.total)}</td>`,
        `<td class="right"><strong>${formatDecimal(r.converted, a.digits.converted)}</strong></td>`,
        `<td class="center class-${classIndex(a, r.classification)}">${text(r.classificationShort)}</td>`,
        '</tr>',
      ].join('');
    })
    .join('\n');
  return `<table class="scores"><thead>\n${head}\n</thead><tbody>\n${body}\n</tbody></table>`;
}

function appendix(a: ScoresAppendix | TrendsAppendix): string {
  const head = `<p class="appendix-label">${text(a.label)}</p>${a.title.map((t) => `<p class="appendix-title">${text(t)}</p>`).join('')}<p class="appendix-note">${text(a.note)}</p>`;
  const content = a.kind === 'scores' ? scoresTable(a) : `${table(a.table, 'data trends')}<figure class="chart">${renderTrendSvg(a.chart)}</figure>`;
  return `<section class="page landscape">${head}${content}</section>`;
}

const STYLE = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
@page landscape { size: A4 landscape; margin: 15mm 12mm 15mm 15mm; }
* { box-sizing: border-box; }
body { font-family: 'Times New Roman', Times, serif; font-size: 13pt; line-height: 1.35; color: #000; margin: 0; }
.page.landscape { page: landscape; break-before: page; }
@media screen {
  body { background: #e9e9e9; }
  .page { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 20mm 15mm 20mm 30mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
  .page.landscape { width: 297mm; min-height: 210mm; padding: 15mm 12mm 15mm 15mm; }
}
table.letterhead, table.closing { width: 100%; border-collapse: collapse; }
table.letterhead td, table.closing td { vertical-align: top; text-align: center; border: none; padding: 0; }
table.letterhead td.left { width: 40%; }
.authority, .nation, .motto { font-weight: bold; }
.authority { text-transform: uppercase; }
.motto { font-size: 14pt; }
.rule { width: 35%; margin: 2pt auto 6pt; border-top: 1px solid #000; }
.place-date { font-style: italic; text-align: right; margin-top: 6pt; }
h1 { font-size: 14pt; text-align: center; margin: 18pt 0 0; }
.subject { text-align: center; font-weight: bold; text-indent: 0; margin: 4pt 8% 12pt; }
h2 { font-size: 13pt; margin: 10pt 0 4pt; text-indent: 1cm; }
p { text-indent: 1cm; text-align: justify; margin: 0 0 6pt; }
ul { list-style: none; margin: 0 0 6pt; padding-left: 1cm; text-align: justify; }
ul.plus { padding-left: 0.6cm; }
ul.dash > li::before { content: '- '; }
ul.plus > li::before { content: '+ '; }
table.closing { margin-top: 12pt; }
table.closing td.recipients { text-align: left; width: 50%; font-size: 11pt; }
table.closing td.recipients ul { padding-left: 0; }
.signature-lines { font-weight: bold; }
.signature-name { font-weight: bold; margin-top: 60pt; }
.appendix-label { font-weight: bold; text-align: center; text-indent: 0; margin: 0; }
.appendix-title { font-weight: bold; text-align: center; text-indent: 0; margin: 0; }
.appendix-note { font-style: italic; text-align: center; text-indent: 0; margin: 2pt 0 8pt; }
table.scores, table.data { border-collapse: collapse; width: 100%; font-size: 11pt; }
table.scores th, table.scores td, table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; }
table.scores th, table.data th { font-weight: bold; text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.right { text-align: right; } td.left { text-align: left; } td.center { text-align: center; }
${CLASS_COLORS.map((c, i) => `td.class-${i} { background: ${c.background}; color: ${c.color}; font-weight: bold; }`).join('\n')}
td[class*="class-"] { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
figure.chart { margin: 10pt 0 0; text-align: center; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
.figure-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4pt; }
figure.chart.small { margin: 0; }
`;

/**
 * Renders the narrative as a standalone HTML page (UTF-8, embedded CSS and SVG), with the month's
 * figures on a last landscape page when given.
 * @example writeFileSync('bao-cao-2023-09.html', narrativeHtml(buildNarrative(input), figures))
 */
export function narrativeHtml(n: Narrative, figures: readonly ReportFigure[] = []): string {
  const h = n.header;
  const letterhead = `<table class="letterhead"><tr>
<td class="left"><div class="authority">${text(h.authority)}</div><div class="rule"></div><div>${text(h.documentNumber)}</div></td>
<td class="right"><div class="nation">${text(h.nation)}</div><div class="motto">${text(h.motto)}</div><div class="rule"></div><div class="place-date">${text(h.placeDate)}</div></td>
</tr></table>`;
  const sections = n.sections.map((s) => `<h2>${text(s.heading)}</h2>\n${s.blocks.map(block).join('\n')}`).join('\n');
  const recipients = n.closing.recipients.length ? `<strong><em>Nơi nhận:</em></strong><ul>${n.closing.recipients.map((r) => `<li>- ${text(r)}</li>`).join('')}</ul>` : '';
  const signature = `${n.closing.signature.lines.map((l) => `<div class="signature-lines">${text(l)}</div>`).join('')}<div class="signature-name">${text(n.closing.signature.name)}</div>`;
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${text(`${h.title} ${h.subject}`)}</title>
<meta name="generator" content="dvc-sync; bộ chỉ số ${escapeHtml(n.framework)}, phiên bản ${n.revision}">
<style>${STYLE}</style>
</head>
<body>
<section class="page portrait">
${letterhead}
<h1>${text(h.title)}</h1>
<p class="subject">${text(h.subject)}</p>
${n.intro.map(block).join('\n')}
${sections}
<p>${text(n.closing.paragraph)}</p>
<table class="closing"><tr><td class="recipients">${recipients}</td><td class="signature">${signature}</td></tr></table>
</section>
${n.appendices.map(appendix).join('\n')}
${figures.length ? figuresPage(figures) : ''}
</body>
</html>
`;
}
