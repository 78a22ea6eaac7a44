// The manual input path, as offices work today: a filled template (XLSX or CSV, wide or long) read
// into canonical metric rows. Capture keeps the file as given; parse reads it, refusing the whole
// file only when it cannot be read or is for another month, and quarantining bad rows and cells.
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import {
  UnreadableSourceError,
  readContent,
  type ArchivedCapture,
  type Connector,
  type MetricRow,
  type ParseContext,
  type ParseEvent,
  type ParseProblem,
  type RawCapture,
} from '../../src/core/connector-contract.js';
import { metricVocabulary, type MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import { captureSpreadsheetFile } from '../one-door/file-capture.js';
import { readTemplateGrids, type SheetGrid } from './template-grid.js';
import { META_SHEET_NAME } from './template-layout.js';
import { findLongHeader, readLongRows, type LongHeader } from './long-template-reader.js';
import { assertTemplatePeriod, templatePeriodStatements } from './template-period.js';
import { HEADER_SCAN_ROWS, type TemplateReadState } from './template-read-state.js';
import { findWideHeader, readWideRows, type WideHeader } from './wide-template-reader.js';

export const templateConfigSchema = z.object({
  /** The filled template: .xlsx or .csv, wide (one row per unit) or long (one value per line). */
  path: z.string().trim().min(1),
});
export type TemplateConfig = z.infer<typeof templateConfigSchema>;

export type TemplateKind = 'wide' | 'long';

type LocatedSheet =
  | { readonly kind: 'wide'; readonly grid: SheetGrid; readonly header: WideHeader }
  | { readonly kind: 'long'; readonly grid: SheetGrid; readonly header: LongHeader };

export interface TemplateConnectorOptions {
  /** Defaults to the project's schema/metrics.json. */
  readonly vocabulary?: MetricVocabulary;
}

/**
 * The template connector (source 'template').
 * @example for await (const capture of createTemplateConnector().capture({ period, config: { path: 'so-lieu.xlsx' } })) ...
 */
export function createTemplateConnector(options: TemplateConnectorOptions = {}): Connector<TemplateConfig> {
  const vocabulary = (): MetricVocabulary => options.vocabulary ?? metricVocabulary();
  return {
    describe: () => ({
      name: 'template',
      source: 'template',
      title: 'Mẫu nhập số liệu thủ công (XLSX hoặc CSV)',
      configSchema: templateConfigSchema,
      // A template can carry any canonical metric: its columns say which.
      metrics: vocabulary().metrics.map((m) => m.key),
    }),

    async check(config) {
      const path = resolve(config.path);
      try {
        const kind = await detectTemplateKind(path, vocabulary());
        if (kind === null) {
          return {
            ok: false,
            message:
              `Tệp ${path} không phải mẫu nhập số liệu: không thấy dòng tiêu đề có cột 'Mã đơn vị'/'Tên đơn vị' và cột chỉ tiêu ` +
              `'Tên [khóa]', hoặc tiêu đề 'period,unit_code,unit_name,metric,value', trong ${HEADER_SCAN_ROWS} dòng đầu.`,
          };
        }
        return { ok: true, message: `Đọc được ${path}: mẫu ${kind === 'wide' ? 'dạng bảng (mỗi đơn vị một dòng)' : 'dạng dọc (mỗi số liệu một dòng)'}.` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async *capture({ period, config }) {
      yield await captureSpreadsheetFile('template', config.path, period);
    },

    parse: (capture, context) => parseTemplateCapture(capture, context, vocabulary()),
  };
}

/** The connector with the project's vocabulary. */
export const templateConnector: Connector<TemplateConfig> = createTemplateConnector();

/**
 * Says whether a file is a wide or a long template, or neither (a one-door export, a report...).
 * Never throws: an unreadable file is simply not a template.
 * @example await detectTemplateKind('examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv') // 'wide'
 */
export async function detectTemplateKind(path: string, vocabulary: MetricVocabulary = metricVocabulary()): Promise<TemplateKind | null> {
  try {
    const bytes = await readContent({ kind: 'file', path });
    const sheets = await readTemplateGrids(bytes, basename(path));
    const located = locateTemplateSheets(sheets, vocabulary, basename(path));
    return located.find((s) => s.kind === 'long' || s.header.metricColumns.length > 0)?.kind ?? null;
  } catch {
    return null;
  }
}

/**
 * Captures and parses a file in one call (tests, previews, the CLI's "check my file" path).
 * @example const { metrics, problems } = await parseTemplateFile('so-lieu.xlsx', { period, registry })
 */
export async function parseTemplateFile(
  path: string,
  context: ParseContext,
  vocabulary: MetricVocabulary = metricVocabulary(),
): Promise<{ metrics: MetricRow[]; problems: ParseProblem[] }> {
  const capture = await captureSpreadsheetFile('template', path, context.period);
  const metrics: MetricRow[] = [];
  const problems: ParseProblem[] = [];
  for await (const event of parseTemplateCapture(capture, context, vocabulary)) {
    if (event.kind === 'metric') metrics.push(event.row);
    else if (event.kind === 'problem') problems.push(event.problem);
  }
  return { metrics, problems };
}

async function* parseTemplateCapture(
  capture: ArchivedCapture | RawCapture,
  context: ParseContext,
  vocabulary: MetricVocabulary,
): AsyncGenerator<ParseEvent> {
  const file = capture.fileName ?? (capture.content.kind === 'file' ? basename(capture.content.path) : (capture.scope ?? 'mẫu nhập số liệu'));
  let bytes: Buffer;
  try {
    bytes = await readContent(capture.content);
  } catch (error) {
    throw new UnreadableSourceError(`Không đọc được tệp ${file}: ${(error as Error).message}`, { file });
  }
  const sheets = await readTemplateGrids(bytes, file, context.limits);
  const located = locateTemplateSheets(sheets, vocabulary, file);
  if (located.length === 0) {
    const names = sheets.filter((s) => !s.hidden).map((s) => (s.sheet ? `'${s.sheet}'` : 'tệp CSV'));
    throw new UnreadableSourceError(
      `Tệp ${file}: không tìm thấy dòng tiêu đề trong ${HEADER_SCAN_ROWS} dòng đầu (${names.join(', ') || 'không có sheet nào'}). ` +
        `Cần một dòng có cột 'Mã đơn vị' hoặc 'Tên đơn vị' cùng các cột chỉ tiêu 'Tên chỉ tiêu [khóa]', ` +
        `hoặc tiêu đề 'period,unit_code,unit_name,metric,value'. Hãy dùng mẫu do hệ thống tạo.`,
      { file },
    );
  }
  // A sheet with a unit column but no metric column (a unit list, an instructions sheet) is only
  // an error when nothing else in the file is a template.
  const usable = located.filter((s) => s.kind === 'long' || s.header.metricColumns.length > 0);
  if (usable.length === 0) {
    const sheet = located[0]!;
    throw new UnreadableSourceError(
      `Tệp ${file}${sheet.grid.sheet ? `, sheet '${sheet.grid.sheet}'` : ''}, dòng tiêu đề ${sheet.header.rowNumber}: ` +
        `có cột đơn vị nhưng không có cột chỉ tiêu nào nhận ra được. Cần tiêu đề dạng 'Tên chỉ tiêu [khóa]' ` +
        `(ví dụ 'Hồ sơ tiếp nhận trực tuyến trong kỳ [received_online]'). Đây có phải tệp xuất từ hệ thống một cửa không?`,
      { file, ...(sheet.grid.sheet ? { sheet: sheet.grid.sheet } : {}), row: sheet.header.rowNumber },
    );
  }
  // Refuse the whole file before emitting anything: no half-imported template.
  for (const sheet of usable) {
    if (sheet.kind === 'wide') assertTemplatePeriod(templatePeriodStatements(sheets, sheet.grid, sheet.header.rowNumber, file), context.period);
  }

  const state: TemplateReadState = {
    file,
    period: context.period,
    registry: context.registry,
    seenUnits: new Map(),
    ...(context.signal ? { signal: context.signal } : {}),
  };
  for (const sheet of usable) {
    if (sheet.kind === 'wide') yield* readWideRows(sheet.grid, sheet.header, state);
    else yield* readLongRows(sheet.grid, sheet.header, vocabulary, state);
  }
}

/**
 * The visible sheets that carry a template header (the meta sheet and instruction sheets do not).
 * A sheet with a unit column but no metric column is kept so that parse can say what is missing.
 */
function locateTemplateSheets(sheets: readonly SheetGrid[], vocabulary: MetricVocabulary, file: string): LocatedSheet[] {
  const located: LocatedSheet[] = [];
  for (const grid of sheets) {
    if (grid.hidden || grid.sheet?.toLowerCase() === META_SHEET_NAME) continue;
    const long = findLongHeader(grid);
    if (long) {
      located.push({ kind: 'long', grid, header: long });
      continue;
    }
    const wide = findWideHeader(grid, vocabulary, file);
    if (wide) located.push({ kind: 'wide', grid, header: wide });
  }
  return located;
}
