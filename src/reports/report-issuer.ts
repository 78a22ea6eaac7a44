// Who issues a drafted report and where: the authority, place and area named in the header and
// title — the framework's evaluator for the month when it names one, else the unit registry file
// that holds the snapshot's units (never typed in code).
import { evaluatorOf, type Framework } from '../frameworks/framework.js';
import type { RegistryFile } from '../units/unit-registry.js';
import { lowerFirst } from './vietnamese-case.js';

export interface ReportIssuer {
  /** "UBND thành phố Điện Biên Phủ". */
  readonly authority: string;
  /** Place in the date line: "Điện Biên Phủ". */
  readonly place: string;
  /** Area in the title: "thành phố Điện Biên Phủ". */
  readonly area: string;
}

const ADMIN_PREFIXES = /^(thành phố|thị xã|huyện|quận|tỉnh)\s+/i;


/**
 * The issuer of a framework's report for a month: its evaluator then, else the registry file holding
 * most of the units.
 * @example issuerFor(framework, '2026-10', files, codes).authority // 'UBND tỉnh Điện Biên'
 */
export function issuerFor(framework: Framework, period: string, files: readonly RegistryFile[], unitCodes: readonly string[]): ReportIssuer {
  const evaluator = evaluatorOf(framework, period);
  return evaluator ? { authority: evaluator.authority, place: evaluator.place, area: evaluator.area } : reportIssuer(files, unitCodes);
}

/**
 * The issuer for a set of unit codes: the registry file holding most of them (its district if it has
 * one, else its province).
 * @example reportIssuer(loadRegistryFiles(), ['03127']).authority // 'UBND thành phố Điện Biên Phủ'
 */
export function reportIssuer(files: readonly RegistryFile[], unitCodes: readonly string[]): ReportIssuer {
  const wanted = new Set(unitCodes);
  let best: RegistryFile | undefined;
  let bestCount = 0;
  for (const file of files) {
    const count = file.units.filter((u) => wanted.has(u.code)).length;
    if (count > bestCount) [best, bestCount] = [file, count];
  }
  if (!best) return { authority: 'UBND', place: '', area: '' };
  const name = best.district?.name ?? best.province.name;
  const area = lowerFirst(name.normalize('NFC'));
  return {
    authority: best.district?.reportAuthority ?? `UBND ${area}`,
    place: name.replace(ADMIN_PREFIXES, ''),
    area,
  };
}
