// `--province` (statistics code, portal code such as H18, or name; resolved by the registry for the
// month: codes were reused in 2025): which province a framework without a fixed scope (qd766-2022)
// is evaluated for — its key becomes `qd766-2022@11`, so that province's snapshots, runs and
// reports stand apart (docs/decisions/0013-continuity.md).
import type { Period } from '../core/period.js';
import { getFramework, PROVINCE_SEPARATOR } from '../frameworks/framework.js';
import { findProvinceByPortalId, loadProvinceConfigs } from '../pipeline/province-config.js';
import { CliError } from './cli-error.js';
import type { ReferenceData } from './cli-io.js';

/**
 * The framework key to use: unchanged without --province, else the framework evaluated for that
 * province (refused when the framework is fixed to another province).
 * @example scopedFrameworkKey(ref, 'qd766-2022', 'Điện Biên', period) // 'qd766-2022@11'
 */
export function scopedFrameworkKey(ref: ReferenceData, framework: string, province: string | undefined, period: Period): string {
  if (province === undefined) return framework;
  const base = framework.split(PROVINCE_SEPARATOR)[0]!;
  let code: string;
  try {
    // A portal code (H21) or root id from the catalog (schema/provinces.json, all 34 provinces); else the registry for the month.
    code = findProvinceByPortalId(loadProvinceConfigs(), province)?.code ?? ref.registry.requireProvince(province, period).code;
  } catch (error) {
    throw new CliError((error as Error).message, 'UNKNOWN_PROVINCE');
  }
  try {
    return getFramework(`${base}${PROVINCE_SEPARATOR}${code}`, ref.frameworks).key;
  } catch (error) {
    throw new CliError((error as Error).message, 'INVALID_PROVINCE');
  }
}
