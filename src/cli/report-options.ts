// What `dvc-sync report` accepts, apart from the report code so that parsing the command line loads
// no renderer (exceljs, docx) before the command runs.
import { InvalidArgumentError } from 'commander';
import type { Period } from '../core/period.js';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'xlsx', 'md', 'html', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly period: Period;
  readonly framework: string;
  readonly revision?: number;
  readonly format: ReportFormat;
  readonly out?: string;
  /** Narrative thresholds over schema/reports/narrative.json (shares of an indicator's max). */
  readonly low?: number;
  readonly veryLow?: number;
  /** Another narrative settings file. */
  readonly settings?: string;
  /** table: the seed's full layout (about 215 columns) instead of the 120-column one. */
  readonly wide?: boolean;
  /** csv: ';' separator and decimal commas, for Excel set to Vietnamese. */
  readonly excelVi?: boolean;
}

/**
 * Parses a --low / --very-low value: a share in (0, 1], written 0.5 or 0,5 (a percent like 50% too).
 * @example parseShare('0,2') // 0.2
 */
export function parseShare(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  const value = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  if (!Number.isFinite(value) || value <= 0 || value > 1) throw new InvalidArgumentError(`'${text}' không phải tỷ lệ trong khoảng (0, 1], ví dụ 0.5 hoặc 50%`);
  return value;
}
