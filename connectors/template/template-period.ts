// The month a filled template says it is for: the hidden 'meta' sheet our writer adds, and any
// "tháng 9 năm 2023" in the title rows above the header. A template for another month than the one
// requested is refused as a whole: importing September's numbers as October's is the costly mistake.
import { UnreadableSourceError } from '../../src/core/connector-contract.js';
import type { Period } from '../../src/core/period.js';
import type { GridCell, SheetGrid } from './template-grid.js';
import { META_PERIOD_KEY, META_SHEET_NAME, columnLetter } from './template-layout.js';
import { type SourceLocation, describeLocation } from '../../src/core/source.js';

/** One place in the file that names a month (or, in a title, several: "từ tháng 1 đến tháng 9 năm 2023"). */
export interface PeriodStatement {
  readonly periods: readonly string[];
  readonly text: string;
  readonly location: SourceLocation;
}

const MONTH_IN_TEXT = /tháng\s*(\d{1,2})\s*(?:năm|\/|-|\.)\s*(\d{4})/gu;

/**
 * Every statement of a month in a template: the meta sheet's period, and months written in the
 * rows above the header of the data sheet.
 * @example templatePeriodStatements(grids, dataGrid, 3, 'mau.xlsx') // [{ periods: ['2023-09'], ... }]
 */
export function templatePeriodStatements(
  sheets: readonly SheetGrid[],
  data: SheetGrid,
  headerRowNumber: number,
  file: string,
): PeriodStatement[] {
  const statements: PeriodStatement[] = [];
  const meta = sheets.find((s) => s.sheet?.toLowerCase() === META_SHEET_NAME);
  for (const row of meta?.rows ?? []) {
    if (cellText(row.cells[0]).toLowerCase() !== META_PERIOD_KEY) continue;
    const text = cellText(row.cells[1]);
    const location: SourceLocation = { file, sheet: meta!.sheet!, row: row.number, column: 'B' };
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) {
      throw new UnreadableSourceError(
        `${describeLocation(location)}: kỳ báo cáo của mẫu là '${text}', cần dạng YYYY-MM (ví dụ 2023-09). ` +
          'Hãy tạo lại mẫu bằng lệnh tạo mẫu thay vì sửa sheet meta.',
        location,
      );
    }
    statements.push({ periods: [text], text, location });
  }
  for (const row of data.rows) {
    if (row.number >= headerRowNumber) break;
    row.cells.forEach((cell, i) => {
      const text = cellText(cell);
      const periods = [...text.normalize('NFC').toLowerCase().matchAll(MONTH_IN_TEXT)]
        .filter((m) => Number(m[1]) >= 1 && Number(m[1]) <= 12)
        .map((m) => `${m[2]}-${m[1]!.padStart(2, '0')}`);
      if (periods.length > 0) {
        statements.push({ periods, text, location: { file, ...(data.sheet ? { sheet: data.sheet } : {}), row: row.number, column: columnLetter(i + 1) } });
      }
    });
  }
  return statements;
}

/**
 * Refuses a template that states another month than the requested one.
 * @example assertTemplatePeriod(statements, parsePeriod('2023-10')) // throws UnreadableSourceError naming the meta cell
 */
export function assertTemplatePeriod(statements: readonly PeriodStatement[], requested: Period): void {
  for (const statement of statements) {
    if (statement.periods.includes(requested)) continue;
    throw new UnreadableSourceError(
      `${describeLocation(statement.location)}: mẫu ghi kỳ ${statement.periods.join(', ')} ('${statement.text}') ` +
        `nhưng đang nhập số liệu kỳ ${requested}. Hãy chọn đúng tệp của kỳ ${requested}, hoặc nhập tệp này cho kỳ ${statement.periods[0]}.`,
      statement.location,
    );
  }
}

function cellText(cell: GridCell | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell).trim();
}
