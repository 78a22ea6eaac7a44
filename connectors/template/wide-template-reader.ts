// Reads the wide template (one row per unit, one column per metric), as written by writeTemplate
// or retyped by an office: title rows above the header, spacer rows, a totals row, extra columns.
// Columns are recognised by the "[metric_key]" in their header, or by the metric's Vietnamese label.
import type { ParseEvent, ParseProblem } from '../../src/core/connector-contract.js';
import { parseCellNumber } from '../cell-number.js';
import type { MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import { headerWidth, type GridCell, type GridRow, type SheetGrid } from './template-grid.js';
import { columnLetter, headerKey, headerRole, splitMetricHeader } from './template-layout.js';
import { HEADER_SCAN_ROWS, overflowProblem, problem, type TemplateReadState } from './template-read-state.js';
import { resolveTemplateUnit } from './template-unit.js';
import { type SourceLocation, describeLocation } from '../../src/core/source.js';

export interface MetricColumn {
  /** 0-based index into a row's cells. */
  readonly index: number;
  readonly key: string;
  /** "D (Hồ sơ tiếp nhận trực tuyến trong kỳ [received_online])" */
  readonly column: string;
}

export interface WideHeader {
  readonly rowNumber: number;
  /** Columns up to the last titled one. */
  readonly width: number;
  readonly unitCodeIndex: number | null;
  readonly unitNameIndex: number | null;
  readonly metricColumns: readonly MetricColumn[];
  /** Columns whose header could not be used: reported once each, not once per row. */
  readonly columnProblems: readonly ParseProblem[];
  /** Columns deliberately not read (STT, Ghi chú, unknown headers already reported). */
  readonly knownIndexes: ReadonlySet<number>;
}

/**
 * Finds the wide template's header row in a sheet: the first of the top rows with a unit column
 * ('Mã đơn vị', 'Tên đơn vị' or 'Đơn vị'), preferring one that also has metric columns.
 * @example findWideHeader(grid, vocabulary, 'so-lieu.csv')?.metricColumns.length // 18
 */
export function findWideHeader(grid: SheetGrid, vocabulary: MetricVocabulary, file: string): WideHeader | null {
  let fallback: WideHeader | null = null;
  for (const row of grid.rows) {
    if (row.number > HEADER_SCAN_ROWS) break;
    if (!row.cells.some((cell) => typeof cell === 'string' && (headerRole(cell) === 'unit-code' || headerRole(cell) === 'unit-name'))) continue;
    const header = classifyHeader(row, grid.sheet, vocabulary, file);
    if (header.metricColumns.length > 0) return header;
    fallback ??= header;
  }
  return fallback;
}

function classifyHeader(row: GridRow, sheet: string | null, vocabulary: MetricVocabulary, file: string): WideHeader {
  const byLabel = new Map(vocabulary.metrics.map((m) => [headerKey(m.label), m.key]));
  let unitCodeIndex: number | null = null;
  let unitNameIndex: number | null = null;
  const metricColumns: MetricColumn[] = [];
  const columnProblems: ParseProblem[] = [];
  const knownIndexes = new Set<number>();
  const keyColumns = new Map<string, string>();
  for (const [index, cell] of row.cells.entries()) {
    const text = cell === null ? '' : String(cell).replace(/[\s\u00a0]+/g, ' ').trim();
    if (text === '') continue;
    knownIndexes.add(index);
    const column = `${columnLetter(index + 1)} (${text})`;
    const location: SourceLocation = { file, ...(sheet ? { sheet } : {}), row: row.number, column };
    const role = headerRole(text);
    if (role === 'unit-code' && unitCodeIndex === null) {
      unitCodeIndex = index;
      continue;
    }
    if (role === 'unit-name' && unitNameIndex === null) {
      unitNameIndex = index;
      continue;
    }
    if (role === 'ignored') continue;
    const { label, key: bracketKey } = splitMetricHeader(text);
    const key = bracketKey ?? byLabel.get(headerKey(label)) ?? null;
    if (bracketKey !== null && !vocabulary.has(bracketKey)) {
      columnProblems.push({
        location,
        found: bracketKey,
        expected: 'một khóa chỉ tiêu có trong schema/metrics.json',
        reason: `${describeLocation(location)}: chỉ tiêu '${bracketKey}' không có trong danh mục chỉ tiêu; cột này không được nhập.`,
      });
      continue;
    }
    if (key === null) {
      columnProblems.push({
        location,
        found: text,
        expected: "tiêu đề dạng 'Tên chỉ tiêu [khóa_chỉ_tiêu]' hoặc đúng tên một chỉ tiêu trong schema/metrics.json",
        reason: `${describeLocation(location)}: không nhận ra cột '${text}'; cột này không được nhập.`,
      });
      continue;
    }
    const previous = keyColumns.get(key);
    if (previous !== undefined) {
      columnProblems.push({
        location,
        found: text,
        expected: `mỗi chỉ tiêu một cột; '${key}' đã có ở cột ${previous}`,
        reason: `${describeLocation(location)}: chỉ tiêu '${key}' xuất hiện hai lần; chỉ cột ${previous} được nhập.`,
      });
      continue;
    }
    keyColumns.set(key, column);
    metricColumns.push({ index, key, column });
  }
  return { rowNumber: row.number, width: headerWidth(row), unitCodeIndex, unitNameIndex, metricColumns, columnProblems, knownIndexes };
}

/**
 * Reads the rows below a wide header: one metric event per filled cell, a problem per unusable
 * row or cell. A blank cell is "not entered" and yields nothing; "0" yields 0.
 * @example for (const event of readWideRows(grid, header, state)) ...
 */
export function* readWideRows(grid: SheetGrid, header: WideHeader, state: TemplateReadState): Generator<ParseEvent> {
  for (const problem of header.columnProblems) yield { kind: 'problem', problem };
  const sheetPart = grid.sheet ? { sheet: grid.sheet } : {};
  const unitColumn = header.unitNameIndex ?? header.unitCodeIndex!;
  /** Columns with numbers but no header: reported once, at their first number (text there is
   *  usually a signature or a date under the table). */
  const headerless = new Map<number, { row: number; found: string }>();

  for (const row of grid.rows) {
    if (row.number <= header.rowNumber) continue;
    state.signal?.throwIfAborted();
    if (row.cells.every(isBlank)) continue;
    if (isTotalsRow(row, header)) continue;
    const overflow = overflowProblem(grid, row, header.width, { file: state.file, ...sheetPart, row: row.number });
    if (overflow) {
      yield overflow;
      continue;
    }
    row.cells.forEach((cell, index) => {
      if (header.knownIndexes.has(index) || headerless.has(index)) return;
      if (parseCellNumber(cell).kind === 'number') headerless.set(index, { row: row.number, found: String(cell) });
    });

    const code = header.unitCodeIndex === null ? null : cellText(row.cells[header.unitCodeIndex]);
    const name = header.unitNameIndex === null ? null : cellText(row.cells[header.unitNameIndex]);
    const hasValues = header.metricColumns.some((m) => !isBlank(row.cells[m.index]));
    const unitLocation: SourceLocation = {
      file: state.file,
      ...sheetPart,
      row: row.number,
      column: `${columnLetter(unitColumn + 1)} (${header.unitNameIndex !== null ? 'Tên đơn vị' : 'Mã đơn vị'})`,
    };
    if (!code && !name) {
      if (hasValues) {
        yield problem(unitLocation, null, 'mã hoặc tên đơn vị', `${describeLocation(unitLocation)}: dòng có số liệu nhưng không ghi đơn vị; dòng này không được nhập.`);
      }
      continue;
    }
    // A row naming no known unit and carrying no number loses nothing (signatures, notes under
    // the table): it is skipped rather than reported.
    const resolved = resolveTemplateUnit({ code: code || null, name: name || null }, state.registry, state.period, unitLocation);
    if (resolved.kind === 'problem') {
      if (hasValues) yield { kind: 'problem', problem: resolved.problem };
      continue;
    }
    const unit = resolved.unit;
    const earlier = state.seenUnits.get(unit.code);
    if (earlier) {
      yield problem(
        unitLocation,
        name || code,
        `mỗi đơn vị một dòng; ${unit.displayName} đã có ở ${describeLocation(earlier)}`,
        `${describeLocation(unitLocation)}: ${unit.displayName} (${unit.code}) xuất hiện lần thứ hai; dòng này không được nhập.`,
      );
      continue;
    }
    state.seenUnits.set(unit.code, unitLocation);

    for (const metric of header.metricColumns) {
      const raw = row.cells[metric.index] ?? null;
      const location: SourceLocation = { file: state.file, ...sheetPart, row: row.number, column: metric.column, unit: unit.code };
      const value = parseCellNumber(raw, { integer: true });
      if (value.kind === 'blank') continue;
      if (value.kind === 'invalid') {
        yield problem(location, value.found, value.expected, `${describeLocation(location)}: '${value.found}' không phải ${value.expected}; ô này không được nhập.`);
        continue;
      }
      yield { kind: 'metric', row: { period: state.period, unitCode: unit.code, metric: metric.key, value: value.value, location } };
    }
  }

  for (const [index, first] of headerless) {
    const location: SourceLocation = { file: state.file, ...sheetPart, row: first.row, column: columnLetter(index + 1) };
    yield problem(
      location,
      first.found,
      "một cột có tiêu đề 'Tên chỉ tiêu [khóa_chỉ_tiêu]' ở dòng tiêu đề",
      `${describeLocation(location)}: cột ${columnLetter(index + 1)} có số liệu nhưng không có tiêu đề; cột này không được nhập.`,
    );
  }
}

const TOTAL_LABELS = new Set(['tổng cộng', 'tổng số', 'tổng', 'cộng']);

/** "Tổng cộng", "Tổng số", "Cộng" in the first column or a unit column: a sum, not a unit. */
function isTotalsRow(row: GridRow, header: WideHeader): boolean {
  const indexes = [0, header.unitCodeIndex, header.unitNameIndex].filter((i): i is number => i !== null);
  return indexes.some((i) => {
    const text = cellText(row.cells[i]).normalize('NFC').toLowerCase().replace(/\s+/g, ' ').replace(/[:.]+$/, '').trim();
    return TOTAL_LABELS.has(text) || text.startsWith('tổng cộng ') || text.startsWith('tổng số ');
  });
}

function isBlank(cell: GridCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function cellText(cell: GridCell | undefined): string {
  return isBlank(cell) ? '' : String(cell).trim();
}
