// Settings of the drafted monthly report (schema/reports/narrative.json): the "thấp" / "rất thấp"
// thresholds, which indicators measure on-time processing, and the closing block. Refused at load
// with the file and field named; CLI overrides go through the same checks.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { packagePath } from '../core/package-root.js';

const share = z.number().gt(0, 'cần một tỷ lệ lớn hơn 0').lte(1, 'cần một tỷ lệ không quá 1 (ví dụ 0.5 cho 50 %)');

const thresholdsSchema = z
  .object({ low: share, veryLow: share })
  .strict()
  .refine((t) => t.veryLow < t.low, { message: "ngưỡng 'rất thấp' (veryLow) phải nhỏ hơn ngưỡng 'thấp' (low)", path: ['veryLow'] });

const settingsSchema = z
  .object({
    $comment: z.string().optional(),
    thresholds: thresholdsSchema,
    /** Indicator keys whose points below max mean "chậm muộn" (late processing), across frameworks. */
    onTimeIndicators: z.array(z.string()).default([]),
    /** How many of the weakest indicators section 4 turns into tasks. */
    weakestIndicators: z.number().int().min(0).max(20).default(3),
    documentNumber: z.string().default('Số:        /BC-UBND'),
    recipients: z.array(z.string()).default([]),
    signature: z.object({ lines: z.array(z.string()).default([]), name: z.string().default('') }).strict().default({ lines: [], name: '' }),
  })
  .strict();

export type NarrativeSettings = z.infer<typeof settingsSchema>;
export type NarrativeThresholds = NarrativeSettings['thresholds'];

export class NarrativeSettingsError extends Error {
  readonly code = 'INVALID_REPORT_SETTINGS';
}

export const DEFAULT_NARRATIVE_SETTINGS_PATH = packagePath('schema', 'reports', 'narrative.json');

function explain(error: z.ZodError, where: string): NarrativeSettingsError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(gốc)';
  return new NarrativeSettingsError(`${where}, trường '${field}': ${issue.message}`);
}

/**
 * Validates parsed settings.
 * @example parseNarrativeSettings({ thresholds: { low: 0.5, veryLow: 0.2 } }, 'narrative.json').thresholds.low // 0.5
 */
export function parseNarrativeSettings(raw: unknown, file: string): NarrativeSettings {
  const result = settingsSchema.safeParse(raw);
  if (!result.success) throw explain(result.error, `Tệp cấu hình báo cáo ${file}`);
  return result.data;
}

/**
 * Reads and validates a settings file (default: schema/reports/narrative.json).
 * @example loadNarrativeSettings().thresholds // { low: 0.5, veryLow: 0.2 }
 */
export function loadNarrativeSettings(path: string = DEFAULT_NARRATIVE_SETTINGS_PATH): NarrativeSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new NarrativeSettingsError(`Tệp cấu hình báo cáo ${basename(path)}: không đọc được JSON (${(error as Error).message})`);
  }
  return parseNarrativeSettings(raw, basename(path));
}

/**
 * Applies command-line thresholds (--low, --very-low) over the file's, checked by the same rules.
 * @example withThresholds(settings, { low: 0.6 }).thresholds.low // 0.6
 */
export function withThresholds(settings: NarrativeSettings, overrides: { low?: number | undefined; veryLow?: number | undefined }): NarrativeSettings {
  const merged = { low: overrides.low ?? settings.thresholds.low, veryLow: overrides.veryLow ?? settings.thresholds.veryLow };
  const result = thresholdsSchema.safeParse(merged);
  if (!result.success) throw explain(result.error, `Ngưỡng --low ${merged.low} / --very-low ${merged.veryLow}`);
  return { ...settings, thresholds: result.data };
}
