// zod contract of the portal's legacy API (POST /jsp/rest.jsp, service report_tinh_766_service,
// 2022 – early 2025): a bare JSON array of rows carrying group scores as numbers or numeric strings
// ("12,5"). Scores are read with parseCellNumber downstream; here only presence and type are checked.
import { z } from 'zod';

/** A score as the legacy API writes it: number, numeric string (maybe with a decimal comma) or empty. */
const legacyNumber = z.union([z.number(), z.string()]).nullable();

/** The group-score columns, in the order the portal shows them. */
export const LEGACY_SCORE_FIELDS = ['CKMB', 'TDGQ', 'CLGQ', 'TTTT', 'MDHL', 'MDSH', 'TONG_SCORE'] as const;
export type LegacyScoreField = (typeof LEGACY_SCORE_FIELDS)[number];

export const legacyRowSchema = z.looseObject({
  ID: z.union([z.string(), z.number()]),
  TEN: z.string(),
  MA_COQUAN: z.union([z.string(), z.number()]).nullable().optional(),
  /** 1 = provincial department, 2 = commune. */
  CAPDONVIID: z.union([z.string(), z.number()]),
  ROW_STT: z.union([z.string(), z.number()]).nullable().optional(),
  CKMB: legacyNumber,
  TDGQ: legacyNumber,
  CLGQ: legacyNumber,
  TTTT: legacyNumber,
  MDHL: legacyNumber,
  MDSH: legacyNumber,
  TONG_SCORE: legacyNumber,
});

export const legacyResponseSchema = z.array(legacyRowSchema);

export type LegacyRow = z.infer<typeof legacyRowSchema>;

/** The `params` JSON the legacy endpoint takes (sent as one form field). */
export const legacyParamsSchema = z.looseObject({
  type: z.string(),
  service: z.string(),
  p_nam: z.union([z.string(), z.number()]),
  p_thang: z.union([z.string(), z.number()]),
  p_quy: z.union([z.string(), z.number()]).optional(),
  p_6thang: z.union([z.string(), z.number()]).optional(),
  p_tinh_id: z.union([z.string(), z.number()]),
  pageIndex: z.union([z.string(), z.number()]).optional(),
  pageSize: z.union([z.string(), z.number()]).optional(),
});

export type LegacyParams = z.infer<typeof legacyParamsSchema>;
