// The portal's side of schema/provinces.json: each province's statistics code, portal code (`H21`)
// and root id. Answers name their province by root id or, where they have none, by portal code; the
// portal's display names drift ("UBND Thành phố Đồng Nai"), so they are never used to match.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { packagePath } from '../../src/core/package-root.js';

export interface PortalProvince {
  /** Statistics office code ('52'). */
  readonly code: string;
  readonly name: string;
  /** The portal's agency code of the province ('H21'). */
  readonly portalCode: string;
  /** The province's id on the current API (`rootDepartmentId`). */
  readonly rootDepartmentId: string;
}

export interface ProvinceCatalog {
  readonly provinces: readonly PortalProvince[];
  byRootId(id: string): PortalProvince | undefined;
  byPortalCode(code: string): PortalProvince | undefined;
  byCode(code: string): PortalProvince | undefined;
}

const catalogFileSchema = z.looseObject({
  provinces: z.array(
    z.looseObject({
      code: z.string(),
      name: z.string(),
      portal: z.looseObject({ rootDepartmentId: z.string().min(1), portalCode: z.string().min(1) }),
    }),
  ),
});

// Read in place from the package (the compiled CLI runs from dist/, the data stays in schema/).
export const PROVINCES_FILE = packagePath('schema', 'provinces.json');

/**
 * A catalog over a list of provinces (tests build small ones; the app reads schema/provinces.json).
 * @example provinceCatalog([{ code: '52', name: 'Tỉnh Gia Lai', portalCode: 'H21', rootDepartmentId: '…' }]).byPortalCode('H21')?.code // '52'
 */
export function provinceCatalog(provinces: readonly PortalProvince[]): ProvinceCatalog {
  const byRoot = new Map(provinces.map((p) => [p.rootDepartmentId, p]));
  const byPortal = new Map(provinces.map((p) => [p.portalCode.toUpperCase(), p]));
  const byCode = new Map(provinces.map((p) => [p.code, p]));
  return {
    provinces,
    byRootId: (id) => byRoot.get(id.trim()),
    byPortalCode: (code) => byPortal.get(code.trim().toUpperCase()),
    byCode: (code) => byCode.get(code.trim()),
  };
}

let cached: ProvinceCatalog | null = null;

/** The catalog of schema/provinces.json (read once per process). */
export function loadProvinceCatalog(path: string = PROVINCES_FILE): ProvinceCatalog {
  if (path === PROVINCES_FILE && cached) return cached;
  const parsed = catalogFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Tệp danh mục tỉnh ${path}, trường '${issue.path.join('.')}': ${issue.message}`);
  }
  const catalog = provinceCatalog(parsed.data.provinces.map((p) => ({ code: p.code, name: p.name, portalCode: p.portal.portalCode, rootDepartmentId: p.portal.rootDepartmentId })));
  if (path === PROVINCES_FILE) cached = catalog;
  return catalog;
}
