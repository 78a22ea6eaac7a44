// Bounds on what reading one operator file may cost, so a hostile or broken file (a decompression
// bomb, a list of garbage) is refused early instead of exhausting memory or time. Set from the
// environment (src/config.ts); these are the defaults.

export interface InputLimits {
  /** Declared uncompressed size of all parts of an XLSX above which it is refused unread (DVC_XLSX_MAX_INFLATED_BYTES). */
  readonly xlsxMaxInflatedBytes: number;
  /** Uncompressed size of one worksheet above which a workbook is not loaded whole into memory (DVC_XLSX_IN_MEMORY_MAX_BYTES). */
  readonly xlsxInMemoryMaxBytes: number;
  /** Rows in a row with every one refused and none read, after which a list stops being read (DVC_FILE_ABANDON_AFTER_BAD_ROWS). */
  readonly abandonAfterBadRows: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  xlsxMaxInflatedBytes: 1024 * 1024 * 1024,
  xlsxInMemoryMaxBytes: 32 * 1024 * 1024,
  abandonAfterBadRows: 10_000,
};
