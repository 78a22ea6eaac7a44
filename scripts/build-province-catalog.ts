// Builds schema/provinces.json: the 34 provinces of today with their statistics code and name (from
// shared/data/admin-2025/merges.json) and their portal code and root id (from the portal's national
// answer, shared/data/portal-real/service-results-national-2026-year.json). Run:
//   node --import tsx scripts/build-province-catalog.ts [--check]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROVINCES_PATH } from '../src/pipeline/province-config.js';

/** `shared/` sits beside the repository (CI); a git worktree one level deeper finds it one level up. */
export const SHARED_DIR = [new URL('../../shared/data/', import.meta.url), new URL('../../../shared/data/', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(dir)) ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
export const NATIONAL_ANSWER = `${SHARED_DIR}portal-real/service-results-national-2026-year.json`;
export const MERGES = `${SHARED_DIR}admin-2025/merges.json`;

type Json = Record<string, unknown>;

export interface CatalogBuild {
  /** The new provinces.json content (settings of provinces already configured are kept). */
  readonly file: { $comment: string; provinces: Json[] };
  /** Provinces of either side that found no partner, in words (empty when the join is complete). */
  readonly unjoined: readonly string[];
}

/** 'UBND Thành phố Đồng Nai' and 'Tỉnh Đồng Nai' → 'đồng nai': the join key at build time only. */
export function provinceNameKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+/, '')
    .replace(/^(tỉnh|thành phố)\s+/, '')
    .replace(/hoà/g, 'hòa')
    .replace(/thuỷ/g, 'thủy');
}

/**
 * Joins the two sources by province name (checked one to one) and keeps each configured province's
 * settings (frameworks, sources). A new province has its portal enabled but no nightly framework:
 * `sync --province` captures it on demand; listing a framework makes the nightly run include it.
 */
export function buildProvinceCatalog(national: unknown, merges: unknown, existing: { provinces: Json[] }): CatalogBuild {
  const rows = ((national as { data?: { evaluation?: Json[] } }).data?.evaluation ?? []) as Json[];
  const provinces = ((merges as { data?: Json[] }).data ?? []) as Json[];
  const portalByKey = new Map<string, Json>();
  const unjoined: string[] = [];
  for (const row of rows) {
    const key = provinceNameKey(String(row.departmentName));
    if (portalByKey.has(key)) unjoined.push(`Cổng: tên '${String(row.departmentName)}' trùng khóa với một tỉnh khác`);
    portalByKey.set(key, row);
  }
  const used = new Set<Json>();
  const out: Json[] = [];
  for (const province of [...provinces].sort((a, b) => String(a.level1_id).localeCompare(String(b.level1_id)))) {
    const code = String(province.level1_id);
    const name = String(province.name);
    const row = portalByKey.get(provinceNameKey(name));
    if (!row) {
      unjoined.push(`Danh mục 2025: ${code} ${name} không có trên Cổng`);
      continue;
    }
    used.add(row);
    const kept = existing.provinces.find((p) => p.code === code);
    const portalCode = String(row.departmentCode);
    const rootDepartmentId = String(row.departmentId);
    const keptPortal = (kept?.portal ?? {}) as Json;
    out.push({
      code,
      name,
      frameworks: kept?.frameworks ?? [],
      portal: { enabled: keptPortal.enabled ?? true, rootDepartmentId, portalCode, portalName: String(row.departmentName) },
      portalLegacy: kept?.portalLegacy ?? { enabled: false, provinceId: null },
      oneDoor: kept?.oneDoor ?? { enabled: false, subfolder: null, exportUrl: null, exportTokenEnv: null },
    });
  }
  for (const row of rows) if (!used.has(row)) unjoined.push(`Cổng: ${String(row.departmentCode)} '${String(row.departmentName)}' không khớp tỉnh nào của danh mục 2025`);
  return {
    file: {
      $comment:
        'Built by scripts/build-province-catalog.ts from the portal national answer (portal code, root id) joined with admin-2025/merges.json (statistics code, name); do not edit the catalog fields by hand, rebuild. Settings (frameworks, sources) of a province are kept across rebuilds. Secrets are named by environment variable, never written here.',
      provinces: out,
    },
    unjoined,
  };
}

/** One province per block, its source settings on one line each (readable diffs when a setting changes). */
export function formatCatalog(file: CatalogBuild['file']): string {
  const blocks = file.provinces.map((p) => `    {\n${Object.entries(p).map(([k, v]) => `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n    }`);
  return `{\n  "$comment": ${JSON.stringify(file.$comment)},\n  "provinces": [\n${blocks.join(',\n')}\n  ]\n}\n`;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const existing = readJson(DEFAULT_PROVINCES_PATH) as { provinces: Json[] };
  const { file, unjoined } = buildProvinceCatalog(readJson(NATIONAL_ANSWER), readJson(MERGES), existing);
  for (const line of unjoined) console.error(`Không ghép được: ${line}`);
  const text = formatCatalog(file);
  if (process.argv.includes('--check')) {
    const same = readFileSync(DEFAULT_PROVINCES_PATH, 'utf8') === text;
    console.log(same ? 'schema/provinces.json khớp dữ liệu nguồn' : 'schema/provinces.json KHÁC dữ liệu nguồn: chạy lại không có --check');
    process.exit(same && !unjoined.length ? 0 : 1);
  }
  writeFileSync(DEFAULT_PROVINCES_PATH, text);
  console.log(`Đã ghi ${file.provinces.length} tỉnh vào ${DEFAULT_PROVINCES_PATH}${unjoined.length ? ` (${unjoined.length} không ghép được)` : ''}`);
  process.exit(unjoined.length ? 1 : 0);
}
