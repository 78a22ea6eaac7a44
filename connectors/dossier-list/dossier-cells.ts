// One dossier row as the aggregator reads it, whether it comes from a CSV record (bytes, read in
// place) or from a spreadsheet row (exceljs values). Each implementation is reused across rows.
import { cellText } from '../one-door/sheet-cell.js';
import type { CsvRecord } from './csv-record-splitter.js';
import type { InternedField } from './interned-field.js';
import { DATE_BLANK, localDayOfCell, parseLocalDay } from './local-date.js';

export interface DossierCells {
  /** Row number in the file (CSV: physical line where the record starts; XLSX: sheet row). */
  readonly line: number;
  isBlank(): boolean;
  /** Decoded text of a 0-based column ('' when absent). */
  text(column: number): string;
  /** Calendar day of a date column: a day number, DATE_BLANK or DATE_INVALID. */
  day(column: number): number;
  /** A low-variety column through its value cache. */
  classified<T>(column: number, field: InternedField<T>): T;
}

/** A CSV record seen as dossier cells. */
export class CsvDossierCells implements DossierCells {
  record: CsvRecord | null = null;

  get line(): number {
    return this.record!.line;
  }

  isBlank(): boolean {
    return this.record!.isBlank();
  }

  text(column: number): string {
    return this.record!.text(column);
  }

  day(column: number): number {
    const record = this.record!;
    if (column >= record.fieldCount) return DATE_BLANK;
    return parseLocalDay(record.buffer, record.starts[column]!, record.ends[column]!);
  }

  classified<T>(column: number, field: InternedField<T>): T {
    return field.get(this.record!, column);
  }
}

/** A spreadsheet row (exceljs `row.values`, 1-based) seen as dossier cells. */
export class SheetDossierCells implements DossierCells {
  values: readonly unknown[] = [];
  line = 0;

  isBlank(): boolean {
    return this.values.every((value) => cellText(value) === '');
  }

  text(column: number): string {
    return cellText(this.values[column + 1]);
  }

  day(column: number): number {
    return localDayOfCell(this.values[column + 1]);
  }

  classified<T>(column: number, field: InternedField<T>): T {
    return field.getText(this.text(column));
  }
}
