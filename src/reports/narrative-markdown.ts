// The drafted report as Markdown (GitHub flavour): lists keep the hand-written report's "-" and "+"
// markers; the appendix is a pipe table whose headers join group and indicator labels. Charts are
// left to the HTML and DOCX versions.
import { formatDecimal } from '../core/rounding.js';
import { indicatorColumnLabel } from './appendix-layout.js';
import type { ListItem, Narrative, NarrativeBlock, NarrativeTable, ScoresAppendix, TextRun, TrendsAppendix } from './narrative.js';

/** Runs of blanks are fill-in spaces ("Số:        /BC-UBND"): keep them visible. */
const keepSpaces = (text: string) => text.replace(/ {2,}/g, (m) => '\u00a0'.repeat(m.length));
const escape = (text: string) => keepSpaces(text.replace(/([\\`*_[\]<>|])/g, '\\$1'));

function inline(runs: readonly TextRun[]): string {
  return runs
    .map((r) => {
      const text = escape(r.text);
      if (!text.trim()) return text;
      return r.bold && r.italic ? `***${text}***` : r.bold ? `**${text}**` : r.italic ? `*${text}*` : text;
    })
    .join('');
}

function list(items: readonly ListItem[], depth = 0): string[] {
  return items.flatMap((it) => [`${'    '.repeat(depth)}${depth === 0 ? '-' : '+'} ${inline(it.runs)}`, ...list(it.children ?? [], depth + 1)]);
}

function table(t: NarrativeTable): string[] {
  const rule = t.align.map((a) => (a === 'right' ? '---:' : a === 'center' ? ':---:' : ':---'));
  return [`| ${t.header.map(escape).join(' | ')} |`, `| ${rule.join(' | ')} |`, ...t.rows.map((r) => `| ${r.map(escape).join(' | ')} |`)];
}

function block(b: NarrativeBlock): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [inline(b.runs)];
    case 'list':
      return list(b.items);
    case 'table':
      return table(b.table);
    case 'chart':
      return [`*(Biểu đồ "${escape(b.chart.title)}": xem bản HTML hoặc DOCX.)*`];
  }
}

function scoresTable(a: ScoresAppendix): NarrativeTable {
  const indicators = a.groups.flatMap((g) => g.indicators.map((ind) => ({ ind, group: g })));
  return {
    header: [
      'STT',
      'Tên đơn vị',
      ...indicators.map(({ ind, group }) => (group.indicators.length === 1 ? indicatorColumnLabel(ind) : `${group.label} – ${indicatorColumnLabel(ind)}`)),
      `Điểm được (${a.maxTotal})`,
      'Tổng điểm quy đổi',
      'Xếp loại',
    ],
    rows: a.rows.map((r) => [
      String(r.rank),
      r.name,
      ...indicators.map(({ ind }) => {
        const p = r.points[ind.key];
        return p === null || p === undefined ? '—' : formatDecimal(p, a.digits.points);
      }),
      formatDecimal(r.total, a.digits.total),
      formatDecimal(r.converted, a.digits.converted),
      r.classificationShort,
    ]),
    align: ['right', 'left', ...indicators.map(() => 'right' as const), 'right', 'right', 'center'],
  };
}

function appendix(a: ScoresAppendix | TrendsAppendix): string[] {
  const head = [`## ${a.label}`, '', ...a.title.map((t) => `**${escape(t)}**  `), '', `*${escape(a.note)}*`, ''];
  if (a.kind === 'scores') return [...head, ...table(scoresTable(a))];
  return [...head, ...table(a.table), '', ...block({ kind: 'chart', chart: a.chart })];
}

/**
 * Renders the narrative as Markdown text.
 * @example writeFileSync('bao-cao-2023-09.md', narrativeMarkdown(buildNarrative(input)))
 */
export function narrativeMarkdown(n: Narrative): string {
  const h = n.header;
  const lines: string[] = [
    `**${escape(h.authority.toUpperCase())}**  `,
    escape(h.documentNumber),
    '',
    `**${escape(h.nation)}**  `,
    `**${escape(h.motto)}**`,
    '',
    `*${escape(h.placeDate)}*`,
    '',
    `# ${escape(h.title)}`,
    '',
    `**${escape(h.subject)}**`,
    '',
  ];
  for (const b of n.intro) lines.push(...block(b), '');
  for (const section of n.sections) {
    lines.push(`## ${escape(section.heading)}`, '');
    for (const b of section.blocks) lines.push(...block(b), '');
  }
  lines.push(escape(n.closing.paragraph), '');
  if (n.closing.recipients.length) lines.push('**Nơi nhận:**', '', ...n.closing.recipients.map((r) => `- ${escape(r)}`), '');
  if (n.closing.signature.lines.length || n.closing.signature.name) {
    lines.push(...n.closing.signature.lines.map((l) => `**${escape(l)}**  `), '', escape(n.closing.signature.name || '(ký, ghi rõ họ tên)'), '');
  }
  for (const a of n.appendices) lines.push('---', '', ...appendix(a), '');
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
