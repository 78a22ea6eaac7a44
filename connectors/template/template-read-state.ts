// What the wide and long readers share while reading one file.
import type { SourceLocation } from '../contract.js';
import type { Period } from '../../src/domain/period.js';
import type { UnitRegistry } from '../../src/units/unit-registry.js';

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
