// Parsing a dossier list ("Danh sách hồ sơ", CSV or XLSX) into month counts per unit, streamed row
// by row: CSV through the byte-level splitter, XLSX through exceljs's streaming WorkbookReader.
// Title rows above the header are allowed; the header is the first row naming the dossier columns.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { openContent, UnreadableSourceError, type ArchivedCapture, type ParseContext, type ParseEvent, type ParseProblem, type RawCapture } from '../../src/core/connector-contract.js';
import { columnLetter } from '../one-door/sheet-cell.js';
import { firstBytes, spreadsheetFormat } from '../one-door/spreadsheet-format.js';
import { ENCODING_SAMPLE_BYTES, utf8CsvStream } from '../csv-text-encoding.js';
import { assertXlsxWithinLimits } from '../xlsx-inspection.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../../src/core/input-limits.js';
import { CsvFormatError, CsvRecordSplitter, detectCsvDelimiter, type CsvRecord } from './csv-record-splitter.js';
import { CsvDossierCells, SheetDossierCells } from './dossier-cells.js';
import { DossierListAggregator } from './dossier-list-aggregator.js';
import { DOSSIER_FIELD_LABELS, looksLikeDossierHeader, matchDossierHeader, type DossierListLayout } from './dossier-list-layout.js';

export type UnknownColumnPolicy = 'report' | 'ignore';

export interface DossierListParseOptions {
  /** 'report' (default): one problem per unrecognised column; 'ignore': say nothing. */
  readonly unknownColumns?: UnknownColumnPolicy;
}

/** How many rows may stand above the header (titles, blank lines). */
const HEADER_SEARCH_ROWS = 30;
/** Bytes per read: large chunks keep the per-chunk overhead negligible. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Parses a dossier list capture into metric rows (per unit, for the context's month) and problems.
 * @example for await (const event of parseDossierList(capture, { period, registry })) store(event);
 */
export async function* parseDossierList(
  capture: RawCapture | ArchivedCapture,
  context: ParseContext,
  options: DossierListParseOptions = {},
): AsyncGenerator<ParseEvent> {
  const file = capture.fileName ?? (capture.content.kind === 'file' ? basename(capture.content.path) : 'danh-sach-ho-so');
  const format = await spreadsheetFormat(capture.content, capture.fileName, capture.mediaType);
  if (format === 'xls') {
    throw new UnreadableSourceError(`Tệp ${file} là định dạng Excel 97-2003 (.xls), không đọc được: hãy lưu lại thành .xlsx hoặc .csv`, { file });
  }
  const aggregator = new DossierListAggregator({ period: context.period, registry: context.registry, file });
  const policy = options.unknownColumns ?? 'report';
  if (format === 'csv') yield* parseCsv(capture, context, aggregator, file, policy);
  else yield* parseXlsx(capture, context, aggregator, file, policy);
  yield* aggregator.finish();
}

/**
 * Stops reading a list whose first rows are all refused and none read (a decompression bomb of
 * garbage, a file of another kind): its quarantine would say nothing more, only later.
 */
class BadRowGuard {
  #read = 0;
  #refused = 0;
  readonly #limit: number;

  constructor(
    readonly file: string,
    limits: InputLimits = DEFAULT_INPUT_LIMITS,
  ) {
    this.#limit = limits.abandonAfterBadRows;
  }

  count(problem: ParseProblem | null): ParseProblem | null {
    if (problem === null) this.#read++;
    else if (++this.#refused >= this.#limit && this.#read === 0) {
      throw new UnreadableSourceError(
        `Tệp ${this.file}: ${this.#refused} dòng đầu tiên đều bị từ chối, không dòng nào đọc được (lý do của dòng cuối: ${problem.reason}); ` +
          `ngừng đọc tệp (DVC_FILE_ABANDON_AFTER_BAD_ROWS = ${this.#limit}). Kiểm tra đúng loại tệp và định dạng cột ngày`,
        { file: this.file },
      );
    }
    return problem;
  }
}

function contentStream(capture: RawCapture | ArchivedCapture): Readable {
  return capture.content.kind === 'file' ? createReadStream(capture.content.path, { highWaterMark: READ_CHUNK_BYTES }) : openContent(capture.content);
}

function missingColumnsError(layout: DossierListLayout, where: string, location: { file: string; sheet?: string; row: number }): UnreadableSourceError {
  const missing = layout.missing.map((field) => `'${DOSSIER_FIELD_LABELS[field]}'`).join(', ');
  const found = layout.headers.filter((h) => h.trim() !== '').map((h) => `'${h.trim()}'`).join(', ');
  return new UnreadableSourceError(`${where}: thiếu cột bắt buộc ${missing}; các cột tìm thấy ở dòng ${location.row}: ${found || '(không có)'}`, location);
}

function unknownColumnProblems(layout: DossierListLayout, location: { file: string; sheet?: string; row: number }): ParseProblem[] {
  return layout.unknown.map(({ column, header }) => ({
    location: { ...location, column: columnLetter(column + 1) },
    found: header,
    expected: 'một cột của danh sách hồ sơ (Mã hồ sơ, Đơn vị, Ngày tiếp nhận, Ngày hẹn trả, Ngày có kết quả, Hình thức nộp...)',
    reason: `Cột '${header}' không được nhận biết nên bị bỏ qua`,
  }));
}

async function* parseCsv(
  capture: RawCapture | ArchivedCapture,
  context: ParseContext,
  aggregator: DossierListAggregator,
  file: string,
  policy: UnknownColumnPolicy,
): AsyncGenerator<ParseEvent> {
  let splitter: CsvRecordSplitter | null = null;
  const guard = new BadRowGuard(file, context.limits);
  const cells = new CsvDossierCells();
  const problems: ParseProblem[] = [];
  let header: DossierListLayout | null = null;
  let firstRow: string[] | null = null;
  let seen = 0;
  const onRecord = (record: CsvRecord): void => {
    if (header === null) {
      if (record.isBlank()) return;
      const texts = Array.from({ length: record.fieldCount }, (_, i) => record.text(i));
      firstRow ??= texts;
      if (!looksLikeDossierHeader(texts)) {
        if (++seen >= HEADER_SEARCH_ROWS) throw noHeaderError(file, undefined, firstRow);
        return;
      }
      const layout = matchDossierHeader(texts);
      if (layout.missing.length) throw missingColumnsError(layout, `Tệp ${file}`, { file, row: record.line });
      if (policy === 'report') problems.push(...unknownColumnProblems(layout, { file, row: record.line }));
      aggregator.useLayout(layout);
      header = layout;
      return;
    }
    if (record.malformed) {
      problems.push({
        location: { file, row: record.line },
        found: null,
        expected: 'dấu phẩy hoặc xuống dòng ngay sau dấu ngoặc kép đóng',
        reason: `Dòng ${record.line}: có ký tự sau dấu ngoặc kép đóng của một trường; dòng bị bỏ qua`,
      });
      return;
    }
    cells.record = record;
    const problem = guard.count(aggregator.accept(cells));
    if (problem !== null) problems.push(problem);
  };
  try {
    let bytesRead = 0;
    const head = await firstBytes(capture.content, ENCODING_SAMPLE_BYTES);
    // UTF-8 passes through untouched; Windows-1258 and UTF-16 are decoded to UTF-8 NFC as they stream.
    for await (const chunk of utf8CsvStream(contentStream(capture), head, head.length < ENCODING_SAMPLE_BYTES, file)) {
      bytesRead += (chunk as Buffer).length;
      context.onBytes?.(bytesRead);
      splitter ??= new CsvRecordSplitter(undefined, detectCsvDelimiter(chunk as Buffer));
      splitter.push(chunk as Buffer, onRecord);
      if (problems.length) {
        for (const problem of problems) yield { kind: 'problem', problem };
        problems.length = 0;
      }
      context.signal?.throwIfAborted();
    }
    splitter?.finish(onRecord);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new UnreadableSourceError(`Tệp ${file}: ${error.message}`, { file, row: error.line });
    throw error;
  }
  for (const problem of problems) yield { kind: 'problem', problem };
  if (header === null) throw noHeaderError(file, undefined, firstRow);
}

function noHeaderError(file: string, sheet: string | undefined, firstRow: readonly string[] | null): UnreadableSourceError {
  const where = sheet === undefined ? `Tệp ${file}` : `Tệp ${file}, trang '${sheet}'`;
  const shown = (firstRow ?? []).filter((t) => t.trim() !== '').map((t) => `'${t.trim()}'`).join(', ');
  return new UnreadableSourceError(
    `${where}: không tìm thấy dòng tiêu đề của danh sách hồ sơ (cần các cột Đơn vị, Ngày tiếp nhận, Ngày hẹn trả, Ngày có kết quả, Hình thức nộp) trong ${HEADER_SEARCH_ROWS} dòng đầu; dòng đầu tiên có: ${shown || '(trống)'}`,
    sheet === undefined ? { file } : { file, sheet },
  );
}

async function* parseXlsx(
  capture: RawCapture | ArchivedCapture,
  context: ParseContext,
  aggregator: DossierListAggregator,
  file: string,
  policy: UnknownColumnPolicy,
): AsyncGenerator<ParseEvent> {
  // Streamed, so any sheet size is read in bounded memory; only an absurd total is refused unread.
  await assertXlsxWithinLimits(capture.content, file, context.limits, { inMemory: false });
  const stream = contentStream(capture);
  if (context.onBytes) {
    // exceljs pipes the stream; an extra 'data' listener only counts what passes.
    let bytesRead = 0;
    stream.on('data', (chunk: Buffer) => context.onBytes!((bytesRead += chunk.length)));
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Without styles, date cells arrive as serial numbers, which localDayOfCell reads directly
    // (and faster than exceljs turning them into Dates).
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const cells = new SheetDossierCells();
  const guard = new BadRowGuard(file, context.limits);
  let sheetsWithList = 0;
  const skipped: { sheet: string; firstRow: string[] | null }[] = [];
  try {
    for await (const worksheet of reader) {
      const sheet = (worksheet as unknown as { name?: string }).name ?? 'Sheet';
      let header: DossierListLayout | null = null;
      let firstRow: string[] | null = null;
      let seen = 0;
      let batch: ParseEvent[] = [];
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        cells.values = values;
        cells.line = row.number;
        if (header === null) {
          if (seen >= HEADER_SEARCH_ROWS || cells.isBlank()) continue;
          seen++;
          const texts = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cells.text(i));
          firstRow ??= texts;
          if (!looksLikeDossierHeader(texts)) continue;
          const layout = matchDossierHeader(texts);
          if (layout.missing.length) throw missingColumnsError(layout, `Tệp ${file}, trang '${sheet}'`, { file, sheet, row: row.number });
          if (policy === 'report') for (const problem of unknownColumnProblems(layout, { file, sheet, row: row.number })) batch.push({ kind: 'problem', problem });
          aggregator.useLayout(layout, sheet);
          header = layout;
          sheetsWithList++;
          continue;
        }
        const problem = guard.count(aggregator.accept(cells));
        if (problem !== null) batch.push({ kind: 'problem', problem });
        if (batch.length >= 256) {
          yield* batch;
          batch = [];
          context.signal?.throwIfAborted();
        }
      }
      yield* batch;
      if (header === null) skipped.push({ sheet, firstRow });
    }
  } finally {
    stream.destroy();
  }
  if (sheetsWithList === 0) {
    throw noHeaderError(file, skipped[0]?.sheet, skipped[0]?.firstRow ?? null);
  }
  for (const { sheet, firstRow } of skipped) {
    if (firstRow === null) continue; // an empty sheet says nothing
    yield {
      kind: 'problem',
      problem: {
        location: { file, sheet },
        found: firstRow.filter((t) => t.trim() !== '').slice(0, 8).join(' | '),
        expected: 'một danh sách hồ sơ (Đơn vị, Ngày tiếp nhận, Ngày hẹn trả, Ngày có kết quả, Hình thức nộp)',
        reason: `Trang '${sheet}' không có danh sách hồ sơ nên được bỏ qua`,
      },
    };
  }
}
