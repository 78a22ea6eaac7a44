// Reads the long template: one value per line, `period,unit_code,unit_name,metric,value`, the shape
// other systems and scripts export most easily. Each line states its own month, so a line for
// another month is a row problem, not a refused file.
import type { ParseEvent } from '../../src/core/connector-contract.js';
import { parseCellNumber } from '../cell-number.js';
import type { MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import { headerWidth, type GridCell, type SheetGrid } from './template-grid.js';
import { LONG_COLUMNS, columnLetter, headerKey } from './template-layout.js';
import { resolveTemplateUnit } from './template-unit.js';
import { HEADER_SCAN_ROWS, overflowProblem, problem, type TemplateReadState } from './template-read-state.js';
import { type SourceLocation, describeLocation } from '../../src/core/source.js';

type LongColumn = (typeof LONG_COLUMNS)[number];

export interface LongHeader {
  readonly rowNumber: number;
  readonly width: number;
  readonly indexes: Readonly<Record<LongColumn, number | null>>;
}

/**
 * Finds a long template's header: a top row with period, metric, value and unit_code or unit_name.
 * @example findLongHeader(grid)?.indexes.value // 4
 */
export function findLongHeader(grid: SheetGrid): LongHeader | null {
  for (const row of grid.rows) {
    if (row.number > HEADER_SCAN_ROWS) break;
    const keys = row.cells.map((cell) => (typeof cell === 'string' ? headerKey(cell) : ''));
    const indexes = Object.fromEntries(LONG_COLUMNS.map((name) => [name, keys.indexOf(name) >= 0 ? keys.indexOf(name) : null])) as Record<
      LongColumn,
      number | null
    >;
    if (indexes.period !== null && indexes.metric !== null && indexes.value !== null && (indexes.unit_code !== null || indexes.unit_name !== null)) {
      return { rowNumber: row.number, width: headerWidth(row), indexes };
    }
  }
  return null;
}

/**
 * Reads the lines below a long header: a metric event per line with a value, a problem per line
 * that cannot be used (other month, unknown metric or unit, not a number, repeated line).
 * @example for (const event of readLongRows(grid, header, vocabulary, state)) ...
 */
export function* readLongRows(grid: SheetGrid, header: LongHeader, vocabulary: MetricVocabulary, state: TemplateReadState): Generator<ParseEvent> {
  const sheetPart = grid.sheet ? { sheet: grid.sheet } : {};
  const seen = new Map<string, number>();
  const at = (row: number, name: LongColumn, unit?: string): SourceLocation => {
    const index = header.indexes[name]!;
    return { file: state.file, ...sheetPart, row, column: `${columnLetter(index + 1)} (${name})`, ...(unit ? { unit } : {}) };
  };
  const text = (cells: readonly GridCell[], name: LongColumn): string => {
    const index = header.indexes[name];
    const cell = index === null ? null : cells[index];
    return cell === null || cell === undefined ? '' : String(cell).trim();
  };

  for (const row of grid.rows) {
    if (row.number <= header.rowNumber) continue;
    state.signal?.throwIfAborted();
    if (row.cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
    const overflow = overflowProblem(grid, row, header.width, { file: state.file, ...sheetPart, row: row.number });
    if (overflow) {
      yield overflow;
      continue;
    }

    const period = text(row.cells, 'period');
    if (period !== state.period) {
      const location = at(row.number, 'period');
      yield problem(
        location,
        period || null,
        `kỳ ${state.period}`,
        `${describeLocation(location)}: dòng thuộc kỳ '${period || '(trống)'}', không phải kỳ đang nhập ${state.period}; dòng này không được nhập.`,
      );
      continue;
    }
    const metric = text(row.cells, 'metric').toLowerCase();
    if (!vocabulary.has(metric)) {
      const location = at(row.number, 'metric');
      yield problem(location, metric || null, 'một khóa chỉ tiêu có trong schema/metrics.json', `${describeLocation(location)}: chỉ tiêu '${metric}' không có trong danh mục chỉ tiêu; dòng này không được nhập.`);
      continue;
    }
    const unitLocation = at(row.number, header.indexes.unit_name !== null ? 'unit_name' : 'unit_code');
    const resolved = resolveTemplateUnit(
      { code: text(row.cells, 'unit_code') || null, name: text(row.cells, 'unit_name') || null },
      state.registry,
      state.period,
      unitLocation,
    );
    if (resolved.kind === 'problem') {
      yield { kind: 'problem', problem: resolved.problem };
      continue;
    }
    const unit = resolved.unit;
    const location = at(row.number, 'value', unit.code);
    const key = `${unit.code}\u0000${metric}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      yield problem(
        location,
        text(row.cells, 'value') || null,
        `mỗi đơn vị, mỗi chỉ tiêu một dòng; đã có ở dòng ${earlier}`,
        `${describeLocation(location)}: ${unit.displayName} (${unit.code}), chỉ tiêu '${metric}' lặp lại dòng ${earlier}; dòng này không được nhập.`,
      );
      continue;
    }
    seen.set(key, row.number);
    const value = parseCellNumber(row.cells[header.indexes.value!] ?? null, { integer: true });
    if (value.kind === 'blank') continue;
    if (value.kind === 'invalid') {
      yield problem(location, value.found, value.expected, `${describeLocation(location)}: '${value.found}' không phải ${value.expected}; dòng này không được nhập.`);
      continue;
    }
    yield { kind: 'metric', row: { period: state.period, unitCode: unit.code, metric, value: value.value, location } };
  }
}
