// The drafted report as a Word document (docx package), editable in Word and LibreOffice: A4
// portrait body in Times New Roman with the administrative letterhead, then the appendices in a
// landscape section as real Word tables (merged group headers, class colours). The trend chart is
// an SVG image with the PNG fallback docx requires; its legend is written as coloured text.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun as DocxRun,
  VerticalAlignTable,
  WidthType,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import { formatDecimal } from '../core/rounding.js';
import { appendixHeaderRows } from './appendix-layout.js';
import { CLASS_COLORS } from './narrative-html.js';
import type { ListItem, Narrative, NarrativeBlock, NarrativeTable, ScoresAppendix, TextRun, TrendsAppendix } from './narrative.js';
import { layoutTrendChart, SERIES_COLORS, type TrendChart } from './trend-chart.js';
import { renderLayoutPng } from './trend-png.js';
import { svgOfLayout } from './trend-svg.js';

const FONT = 'Times New Roman';
const BODY_SIZE = 26; // half-points: 13 pt
const TABLE_SIZE = 22; // 11 pt
const MM = 56.7; // twips per millimetre
const A4 = { width: 11906, height: 16838 };
const PORTRAIT_MARGIN = { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) };
const LANDSCAPE_MARGIN = { top: Math.round(15 * MM), bottom: Math.round(15 * MM), left: Math.round(15 * MM), right: Math.round(12 * MM) };
const FIRST_LINE = 567; // 1 cm
const LINE = { after: 80, line: 300 };

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const GRID = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

const hex = (color: string) => color.replace('#', '').toUpperCase();

function runs(list: readonly TextRun[], size = BODY_SIZE): DocxRun[] {
  return list.map((r) => new DocxRun({ text: r.text, bold: r.bold ?? false, italics: r.italic ?? false, font: FONT, size }));
}

function plain(text: string, style: { bold?: boolean; italics?: boolean; size?: number } = {}): DocxRun {
  return new DocxRun({ text, font: FONT, size: style.size ?? BODY_SIZE, bold: style.bold ?? false, italics: style.italics ?? false });
}

function centered(children: ParagraphChild[], after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children });
}

function bodyParagraph(children: ParagraphChild[]): Paragraph {
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: FIRST_LINE }, spacing: LINE, children });
}

function listParagraphs(items: readonly ListItem[], depth = 0): Paragraph[] {
  return items.flatMap((it) => [
    bodyParagraph([plain(depth === 0 ? '- ' : '+ '), ...runs(it.runs)]),
    ...listParagraphs(it.children ?? [], depth + 1),
  ]);
}

function cell(text: string, options: { bold?: boolean; align?: 'left' | 'right' | 'center'; colSpan?: number; rowSpan?: number; fill?: string; color?: string } = {}): TableCell {
  const alignment = options.align === 'left' ? AlignmentType.LEFT : options.align === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER;
  return new TableCell({
    children: [
      new Paragraph({
        alignment,
        children: [new DocxRun({ text, font: FONT, size: TABLE_SIZE, bold: options.bold ?? false, ...(options.color ? { color: options.color } : {}) })],
      }),
    ],
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    ...(options.colSpan && options.colSpan > 1 ? { columnSpan: options.colSpan } : {}),
    ...(options.rowSpan && options.rowSpan > 1 ? { rowSpan: options.rowSpan } : {}),
    ...(options.fill ? { shading: { type: ShadingType.CLEAR, fill: options.fill, color: 'auto' } } : {}),
  });
}

function dataTable(t: NarrativeTable, widths: number[]): Table {
  return new Table({
    width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: GRID,
    rows: [
      new TableRow({ tableHeader: true, children: t.header.map((h) => cell(h, { bold: true })) }),
      ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, { align: t.align[i] ?? 'left' })) })),
    ],
  });
}

/** Widths for a landscape table: fixed STT and name columns, the rest shared. */
function landscapeWidths(columns: number, nameColumn = 1): number[] {
  const usable = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;
  const stt = 560;
  const name = 2900;
  const other = Math.floor((usable - stt - name) / Math.max(1, columns - 2));
  return Array.from({ length: columns }, (_, i) => (i === 0 ? stt : i === nameColumn ? name : other));
}

function chartBlock(chart: TrendChart, maxWidth: number): Paragraph[] {
  const layout = layoutTrendChart(chart, { width: 720, legend: false });
  const scale = Math.min(1, maxWidth / layout.width);
  const image = new ImageRun({
    type: 'svg',
    data: Buffer.from(svgOfLayout(layout, chart.title), 'utf8'),
    fallback: { type: 'png', data: renderLayoutPng(layout) },
    transformation: { width: Math.round(layout.width * scale), height: Math.round(layout.height * scale) },
    altText: { name: 'trend-chart', title: chart.title, description: chart.series.map((s) => s.label).join(', ') },
  });
  const legend = chart.series.flatMap((s, i) => [
    new DocxRun({ text: '■ ', font: FONT, size: TABLE_SIZE, color: hex(SERIES_COLORS[i % SERIES_COLORS.length]!) }),
    plain(`${s.label}${i < chart.series.length - 1 ? '   ' : ''}`, { size: TABLE_SIZE }),
  ]);
  return [centered([image], 60), new Paragraph({ alignment: AlignmentType.CENTER, children: legend })];
}

function blockContent(b: NarrativeBlock, maxWidth: number): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'paragraph':
      return [bodyParagraph(runs(b.runs))];
    case 'list':
      return listParagraphs(b.items);
    case 'table':
      return [dataTable(b.table, landscapeWidths(b.table.header.length))];
    case 'chart':
      return chartBlock(b.chart, maxWidth);
  }
}

function scoresTable(a: ScoresAppendix): Table {
  const indicators = a.groups.flatMap((g) => g.indicators);
  const columns = 2 + indicators.length + 3;
  const header = appendixHeaderRows(a.groups, a.maxTotal).map(
    (row) => new TableRow({ tableHeader: true, children: row.map((c) => cell(c.label, { bold: true, colSpan: c.colSpan, rowSpan: c.rowSpan })) }),
  );
  const body = a.rows.map((r) => {
    const index = Math.min(Math.max(0, a.bands.findIndex((b) => b.label === r.classification)), CLASS_COLORS.length - 1);
    const colors = CLASS_COLORS[index]!;
    return new TableRow({
      cantSplit: true,
      children: [
        cell(String(r.rank)),
        cell(r.name, { align: 'left' }),
        ...indicators.map((ind) => {
          const p = r.points[ind.key];
          return cell(p === null || p === undefined ? '—' : formatDecimal(p, a.digits.points), { align: 'right' });
        }),
        cell(formatDecimal(r.total, a.digits.total), { align: 'right' }),
        cell(formatDecimal(r.converted, a.digits.converted), { align: 'right', bold: true }),
        cell(r.classificationShort, { bold: true, fill: hex(colors.background), color: hex(colors.color) }),
      ],
    });
  });
  const widths = landscapeWidths(columns);
  return new Table({ width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA }, columnWidths: widths, borders: GRID, rows: [...header, ...body] });
}

function appendixContent(a: ScoresAppendix | TrendsAppendix, first: boolean): (Paragraph | Table)[] {
  const head = [
    new Paragraph({ alignment: AlignmentType.CENTER, pageBreakBefore: !first, children: [plain(a.label, { bold: true })] }),
    ...a.title.map((t) => centered([plain(t, { bold: true })])),
    centered([plain(a.note, { italics: true })], 160),
  ];
  const usable = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;
  if (a.kind === 'scores') return [...head, scoresTable(a)];
  return [...head, dataTable(a.table, landscapeWidths(a.table.header.length)), new Paragraph({ children: [] }), ...chartBlock(a.chart, Math.round(usable / 15))];
}

function noBorderTable(left: (Paragraph | Table)[], right: (Paragraph | Table)[], leftShare: number, width: number): Table {
  const widths = [Math.round(width * leftShare), width - Math.round(width * leftShare)];
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [new TableCell({ children: left, borders: TableBorders.NONE }), new TableCell({ children: right, borders: TableBorders.NONE })] })],
  });
}

/**
 * Renders the narrative as a .docx file's bytes.
 * @example writeFileSync('bao-cao-2023-09.docx', await narrativeDocx(buildNarrative(input)))
 */
export async function narrativeDocx(n: Narrative): Promise<Buffer> {
  const h = n.header;
  const bodyWidth = A4.width - PORTRAIT_MARGIN.left - PORTRAIT_MARGIN.right;
  const rule = centered([plain('───────', { size: 20 })]);
  const letterhead = noBorderTable(
    [centered([plain(h.authority.toUpperCase(), { bold: true })]), rule, centered([plain(h.documentNumber)])],
    [
      centered([plain(h.nation, { bold: true, size: 24 })]),
      centered([plain(h.motto, { bold: true })]),
      rule,
      new Paragraph({ alignment: AlignmentType.RIGHT, children: [plain(h.placeDate, { italics: true })] }),
    ],
    0.4,
    bodyWidth,
  );
  const body: (Paragraph | Table)[] = [
    letterhead,
    centered([plain(h.title, { bold: true, size: 28 })], 0),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 60, after: 240 }, children: [plain(h.subject, { bold: true })] }),
    ...n.intro.flatMap((b) => blockContent(b, bodyWidth / 15)),
  ];
  for (const section of n.sections) {
    body.push(new Paragraph({ indent: { firstLine: FIRST_LINE }, spacing: { before: 120, after: 80 }, keepNext: true, children: [plain(section.heading, { bold: true })] }));
    for (const b of section.blocks) body.push(...blockContent(b, bodyWidth / 15));
  }
  body.push(bodyParagraph([plain(n.closing.paragraph)]));
  const recipients = n.closing.recipients.length
    ? [new Paragraph({ children: [plain('Nơi nhận:', { bold: true, italics: true, size: 24 })] }), ...n.closing.recipients.map((r) => new Paragraph({ children: [plain(`- ${r}`, { size: 22 })] }))]
    : [new Paragraph({ children: [] })];
  const signature = [
    ...n.closing.signature.lines.map((l) => centered([plain(l, { bold: true })])),
    new Paragraph({ spacing: { before: 1200 }, alignment: AlignmentType.CENTER, children: [plain(n.closing.signature.name, { bold: true })] }),
  ];
  body.push(new Paragraph({ spacing: { after: 120 }, children: [] }), noBorderTable(recipients, signature, 0.5, bodyWidth));

  const sections: ISectionOptions[] = [
    { properties: { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: PORTRAIT_MARGIN } }, children: body },
  ];
  if (n.appendices.length) {
    sections.push({
      properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN } },
      children: n.appendices.flatMap((a, i) => appendixContent(a, i === 0)),
    });
  }
  const document = new Document({
    creator: 'dvc-sync',
    title: `${h.title} ${h.subject}`,
    description: `Bộ chỉ số ${n.framework}, phiên bản ${n.revision}`,
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections,
  });
  return Packer.toBuffer(document);
}
