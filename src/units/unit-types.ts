// The zod schemas of the registry's units and of the hand-kept registry files (schema/units/*.json)
// that add aliases and portal ids; the types themselves are the kernel's (src/core/unit-registry.ts).
import { z } from 'zod';
import type { Unit } from '../core/unit-registry.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

/** One lineage link: the other unit's code (resolved on the day before/after the reform) and whether all of it went over. */
const lineageLinkSchema = z.object({ code: z.string().regex(/^(\d{3}|\d{5})$/), link: z.enum(['full', 'partial']) }).strict();

export const unitSchema = z
  .object({
    code: z.string().regex(/^\d{2,5}$/, 'expected a statistics office code (2–5 digits)'),
    name: z.string().min(1),
    displayName: z.string().min(1),
    level: z.enum(['province', 'district', 'commune', 'provincial_department']),
    /** xã / phường / thị trấn / đặc khu (or huyện for the island districts that had no communes); derived from the name when absent. */
    kind: z.enum(['rural_commune', 'ward', 'township', 'special_zone', 'district']).optional(),
    provinceCode: z.string().regex(/^\d{2}$/),
    districtCode: z.string().regex(/^\d{3}$/).nullable().optional(),
    portalCode: z.string().nullable().optional(),
    portalDepartmentId: z.string().nullable().optional(),
    aliases: z.array(z.string()).default([]),
    /** null: valid since before the records this registry holds. */
    validFrom: isoDate.nullable(),
    validTo: isoDate.nullable(),
    /** Units this one was formed from (valid on the day before validFrom). */
    predecessors: z.array(lineageLinkSchema).optional(),
    /** Units this one went into (valid on the day after validTo). */
    successors: z.array(lineageLinkSchema).optional(),
  })
  .strict() satisfies z.ZodType<Unit>;

export const registryFileSchema = z.object({
  $comment: z.string().optional(),
  province: z.object({
    code: z.string(),
    name: z.string(),
    portalCode: z.string().optional(),
    portalRootDepartmentId: z.string().optional(),
  }),
  district: z.object({ code: z.string(), name: z.string(), reportAuthority: z.string().optional() }).optional(),
  units: z.array(unitSchema),
});

export type RegistryFile = z.infer<typeof registryFileSchema>;
export type { LineageLink, Province, ResolvedLink, Unit } from '../core/unit-registry.js';
