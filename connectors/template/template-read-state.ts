// What the wide and long readers share while reading one file.
import type { ParseEvent } from '../../src/core/connector-contract.js';
import { csvOverflow, type GridRow, type SheetGrid } from './template-grid.js';
import type { Period } from '../../src/core/period.js';
import { type SourceLocation, describeLocation } from '../../src/core/source.js';
import type { UnitRegistry } from '../../src/core/unit-registry.js';

/** The header is looked for in this many rows from the top of a sheet (title rows sit above it). */
export const HEADER_SCAN_ROWS = 20;

export interface TemplateReadState {
  readonly file: string;
  readonly period: Period;
  readonly registry: UnitRegistry;
  /** Units already read in this file (across sheets): a second row for the same unit is a problem. */
  readonly seenUnits: Map<string, SourceLocation>;
  readonly signal?: AbortSignal;
}

/** A problem event (quarantined: where, what was found, what was expected, why). */
export function problem(location: SourceLocation, found: string | null, expected: string, reason: string): ParseEvent {
  return { kind: 'problem', problem: { location, found, expected, reason } };
}

/**
 * The problem of a CSV row with more fields than its header (its numbers would shift into the wrong
 * columns), or null when the row fits.
 */
export function overflowProblem(grid: SheetGrid, row: GridRow, width: number, location: SourceLocation): ParseEvent | null {
  const overflow = csvOverflow(grid, row, width);
  if (overflow === null) return null;
  return problem(
    location,
    overflow,
    `${width} cột như dòng tiêu đề`,
    `${describeLocation(location)}: dòng có nhiều cột hơn dòng tiêu đề (thừa '${overflow}'), các số đã lệch cột; ` +
      `thường do số thập phân có dấu phẩy không đặt trong ngoặc kép. Dòng này không được nhập.`,
  );
}
