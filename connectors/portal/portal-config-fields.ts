// The settings both portal connectors (current and legacy API) share: where the portal is, which
// province's units to match, and how politely to ask. Each connector's schema adds its own fields.
import { z } from 'zod';
import { DEFAULT_PORTAL_URL } from './portal-request.js';

export const portalTransportFields = {
  baseUrl: z.string().url().default(DEFAULT_PORTAL_URL),
  /** Statistics office code of the province ('11' = Điện Biên), to match unit names within it. */
  provinceCode: z.string().regex(/^\d{2}$/, 'cần mã tỉnh 2 chữ số của Tổng cục Thống kê, ví dụ 11'),
  pauseMs: z.number().int().min(0).default(1500),
  timeoutMs: z.number().int().positive().default(30_000),
  retries: z.number().int().min(0).max(10).default(3),
  /** Largest answer read; a larger one is kept as a file and refused before parsing. */
  maxAnswerBytes: z.number().int().positive().optional(),
  /** Where such an answer is spooled until archived. */
  spoolDir: z.string().min(1).optional(),
};
