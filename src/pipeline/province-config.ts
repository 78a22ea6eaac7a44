// Per-province connector settings (schema/provinces.json): which sources a province syncs, with
// their ids. Validated with zod at load; a broken file names the field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { packagePath } from '../core/package-root.js';
import type { ProvinceSelection } from '../config.js';
import { NATIONAL_FRAMEWORK_KEY } from '../frameworks/default-framework.js';
import { PROVINCE_SEPARATOR, type Framework } from '../frameworks/framework.js';

const provinceSchema = z
  .object({
    code: z.string().regex(/^\d{2}$/, 'cần mã tỉnh 2 chữ số'),
    name: z.string().min(1),
    /** Frameworks the nightly run syncs for this province (empty: captured only when asked, `sync --province`). */
    frameworks: z.array(z.string()),
    /** Catalog fields (rootDepartmentId, portalCode, portalName) are built by scripts/build-province-catalog.ts. */
    portal: z.object({ enabled: z.boolean(), rootDepartmentId: z.string().min(1), portalCode: z.string().min(1).optional(), portalName: z.string().optional() }).strict(),
    portalLegacy: z
      .object({ enabled: z.boolean(), provinceId: z.string().min(1).nullable() })
      .strict()
      .refine((v) => !v.enabled || v.provinceId !== null, 'provinceId is required when the legacy API is enabled'),
    oneDoor: z
      .object({
        enabled: z.boolean(),
        /** Sub-folder of DVC_ONE_DOOR_DIR for this province (the month folders live under it); null = the root. */
        subfolder: z.string().min(1).nullable(),
        /** Export URL template with {year}, {month} (1–12), {mm} (01–12) and {period}; null = drop folder only. */
        exportUrl: z.string().url().nullable(),
        /** Name of the environment variable holding the export's bearer token (never the token itself). */
        exportTokenEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/).nullable(),
      })
      .strict(),
  })
  .strict();

const fileSchema = z.object({ $comment: z.string().optional(), provinces: z.array(provinceSchema).min(1) }).strict();

/** A province by its portal code ('H21') or root id: the portal's identifiers, not reused across the 2025 reform. */
export function findProvinceByPortalId(configs: readonly ProvinceConfig[], wanted: string): ProvinceConfig | undefined {
  const key = wanted.trim();
  return configs.find((p) => p.portal.portalCode?.toUpperCase() === key.toUpperCase() || p.portal.rootDepartmentId === key);
}

/** A province of today's catalog by statistics code ('52'), portal code ('H21') or root id. */
export function findProvinceConfig(configs: readonly ProvinceConfig[], wanted: string): ProvinceConfig | undefined {
  return configs.find((p) => p.code === wanted.trim()) ?? findProvinceByPortalId(configs, wanted);
}

export type ProvinceConfig = z.infer<typeof provinceSchema>;

export const DEFAULT_PROVINCES_PATH = packagePath('schema', 'provinces.json');

/**
 * Loads the province settings file.
 * @example loadProvinceConfigs()[0].portal.rootDepartmentId
 */
export function loadProvinceConfigs(path: string = DEFAULT_PROVINCES_PATH): ProvinceConfig[] {
  const result = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw Object.assign(new Error(`Tệp cấu hình tỉnh ${path}, trường '${issue.path.join('.')}': ${issue.message}`), { code: 'INVALID_CONFIG' });
  }
  const codes = new Set<string>();
  for (const p of result.data.provinces) {
    if (codes.has(p.code)) throw Object.assign(new Error(`Tệp cấu hình tỉnh ${path}: tỉnh mã ${p.code} khai báo hai lần`), { code: 'INVALID_CONFIG' });
    codes.add(p.code);
  }
  return result.data.provinces;
}

/** The provinces that sync a framework. */
export function provincesForFramework(configs: readonly ProvinceConfig[], framework: string): ProvinceConfig[] {
  return configs.filter((p) => p.frameworks.includes(framework));
}

/**
 * The provinces a selection (DVC_PROVINCES) names, in catalog order; 'default' = those whose entry
 * lists frameworks.
 * @example selectedProvinces(loadProvinceConfigs(), 'default').map((p) => p.code) // ['11']
 */
export function selectedProvinces(configs: readonly ProvinceConfig[], selection: ProvinceSelection): ProvinceConfig[] {
  if (selection === 'all') return [...configs];
  if (selection === 'default') return configs.filter((p) => p.frameworks.length > 0);
  return configs.filter((p) => selection.includes(p.code));
}

/** The selection for messages: 'DVC_PROVINCES chưa đặt: các tỉnh có bộ chỉ số riêng', 'DVC_PROVINCES=52,11'. */
export function selectionText(selection: ProvinceSelection): string {
  return selection === 'default' ? 'DVC_PROVINCES chưa đặt: các tỉnh có bộ chỉ số riêng' : `DVC_PROVINCES=${selection === 'all' ? 'all' : selection.join(',')}`;
}

/** A framework key and the provinces whose sources its run captures. */
export interface ProvinceEvaluation {
  readonly framework: string;
  readonly provinces: readonly ProvinceConfig[];
}

/** The national framework evaluated for one province: `qd766-2022@52`. */
export function nationalFrameworkFor(province: ProvinceConfig): string {
  return `${NATIONAL_FRAMEWORK_KEY}${PROVINCE_SEPARATOR}${province.code}`;
}

/**
 * What the selected provinces are evaluated under: each framework their entries list (with the
 * selected provinces that list it), and for a province listing none the national framework for
 * that province (`qd766-2022@52`).
 * @example selectedEvaluations(loadProvinceConfigs(), ['52', '11']) // [{ framework: 'dien-bien-xa-2023', … }, { framework: 'qd766-2022@52', … }]
 */
export function selectedEvaluations(configs: readonly ProvinceConfig[], selection: ProvinceSelection): ProvinceEvaluation[] {
  const byFramework = new Map<string, ProvinceConfig[]>();
  for (const province of selectedProvinces(configs, selection)) {
    for (const framework of province.frameworks.length ? province.frameworks : [nationalFrameworkFor(province)]) {
      byFramework.set(framework, [...(byFramework.get(framework) ?? []), province]);
    }
  }
  return [...byFramework].map(([framework, provinces]) => ({ framework, provinces }));
}

/**
 * The runs a manual sync without --province starts: the selection's evaluations; with a framework
 * named, those under that framework — or, for a framework fixed to one province or already scoped
 * (`dien-bien-xa-2023`, `qd766-2022@11`), that framework as it stands.
 * @example syncEvaluations(configs, ['52', '11'], getFramework('qd766-2022')) // [{ framework: 'qd766-2022@52', … }]
 */
export function syncEvaluations(configs: readonly ProvinceConfig[], selection: ProvinceSelection, framework?: Framework): ProvinceEvaluation[] {
  if (!framework) return selectedEvaluations(configs, selection);
  if (framework.scope?.provinceCode || framework.key.includes(PROVINCE_SEPARATOR)) return [{ framework: framework.key, provinces: configs }];
  return selectedEvaluations(configs, selection).filter((e) => e.framework.split(PROVINCE_SEPARATOR)[0] === framework.key);
}

/**
 * A framework key as an operator reads it: the framework's title, and for one evaluated per province
 * the province's name.
 * @example evaluationTitle('qd766-2022@52', frameworks, configs) // 'Bộ chỉ số … — Tỉnh Gia Lai'
 */
export function evaluationTitle(key: string, frameworks: ReadonlyMap<string, Framework>, configs: readonly ProvinceConfig[]): string {
  const [base, code] = key.split(PROVINCE_SEPARATOR);
  const title = frameworks.get(base!)?.title ?? key;
  const province = code ? configs.find((p) => p.code === code) : undefined;
  return province ? `${title} — ${province.name}` : title;
}

/** Expands an export URL template for a month. */
export function exportUrlFor(template: string, period: string): string {
  const [year, month] = period.split('-') as [string, string];
  return template.replaceAll('{period}', period).replaceAll('{year}', year).replaceAll('{mm}', month).replaceAll('{month}', String(Number(month)));
}

/**
 * What a live connector of a province is configured with; the connector's own schema validates it.
 * @example liveSourceConfig(province, 'portal', { pauseMs: 0 }) // { provinceCode: '11', rootDepartmentId: '…', pauseMs: 0 }
 */
export function liveSourceConfig(province: ProvinceConfig, source: 'portal' | 'portal-legacy', tuning: Record<string, unknown>): Record<string, unknown> {
  const settings = source === 'portal' ? { rootDepartmentId: province.portal.rootDepartmentId } : { provinceId: province.portalLegacy.provinceId };
  return { ...tuning, provinceCode: province.code, ...settings };
}
