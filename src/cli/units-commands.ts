// The `units` commands: list a province's units for a month, show a unit's lineage across the 2025
// reorganisation, and write a registry file from a dvhcvn export (three-level or two-level).
import { readFile, writeFile } from 'node:fs/promises';
import { periodOfInstant, type Period } from '../core/period.js';
import { dvhcvnToRegistry } from '../units/dvhcvn-loader.js';
import { vietnameseDate } from '../core/unit-registry.js';
import { kindLabel } from '../units/unit-name.js';
import { parseRegistryFile, type Unit, type UnitRegistry } from '../units/unit-registry.js';
import { CliError } from './cli-error.js';
import type { CliIo, ReferenceData } from './cli-io.js';

const validity = (u: { validFrom: string | null; validTo: string | null }) =>
  `${u.validFrom ? vietnameseDate(u.validFrom) : '…'} → ${u.validTo ? vietnameseDate(u.validTo) : 'nay'}`;

function kindText(registry: UnitRegistry, unit: Unit): string {
  const kind = registry.kindOf(unit);
  return kind ? kindLabel(kind) : unit.level;
}

/** The provinces a command is about: the one asked for, else those this installation keeps. */
function provincesFor(registry: UnitRegistry, month: Period, province?: string) {
  if (province) return [registry.requireProvince(province, month)];
  return registry.homeProvinces.map((code) => registry.province(code, month)).filter((p) => p !== undefined);
}

export async function runUnits(ctx: Pick<ReferenceData, 'registry'>, io: CliIo, opts: { month?: Period; province?: string }): Promise<void> {
  const month = opts.month ?? periodOfInstant(new Date());
  let total = 0;
  for (const province of provincesFor(ctx.registry, month, opts.province)) {
    const units = ctx.registry.unitsOf(province.code, month, 'any');
    io.out(`${province.name} (mã ${province.code}${province.portalCode ? `, cổng ${province.portalCode}` : ''}), tháng ${month}: ${units.length} đơn vị`);
    for (const u of units) {
      io.out(`${u.code}\t${u.displayName}\t${kindText(ctx.registry, u)}\t${validity(u)}${u.aliases.length ? `\t(tên khác: ${u.aliases.join(', ')})` : ''}`);
    }
    total += units.length;
  }
  io.out(`${total} đơn vị.`);
}

/** Which units a lineage query names: a code's generations or a name's units, limited to the month when given. */
function lineageTargets(registry: UnitRegistry, query: string, month?: Period): Unit[] {
  const text = query.trim();
  const units = /^\d{3,5}$/.test(text) ? [...registry.unitsWithCode(text)] : registry.unitsNamed(text);
  const inMonth = month ? units.filter((u) => registry.byCode(u.code, month) === u) : units;
  if (inMonth.length) return inMonth;
  if (units.length && month) {
    throw new CliError(`'${text}' không có đơn vị nào còn hiệu lực trong tháng ${month}; bỏ --month để xem: ${units.map((u) => `${u.name} (${u.code}, ${validity(u)})`).join('; ')}`, 'UNKNOWN_UNIT');
  }
  throw new CliError(`Không có đơn vị '${text}' trong danh mục (cần mã thống kê như 03127 hoặc tên như 'Phường Him Lam')`, 'UNKNOWN_UNIT');
}

export async function runUnitsLineage(ctx: Pick<ReferenceData, 'registry'>, io: CliIo, query: string, opts: { month?: Period }): Promise<void> {
  const registry = ctx.registry;
  for (const unit of lineageTargets(registry, query, opts.month)) {
    const province = registry.provinces.find((p) => p.code === unit.provinceCode && (unit.validTo === null ? p.validTo === null : p.validFrom === null));
    io.out(`${unit.name} (${unit.code}) — ${kindText(registry, unit)}, ${province?.name ?? `tỉnh mã ${unit.provinceCode}`}, hiệu lực ${validity(unit)}`);
    const predecessors = registry.predecessors(unit);
    const successors = registry.successors(unit);
    if (predecessors.length) {
      io.out(`  Hình thành từ ${predecessors.length} đơn vị (trước ${vietnameseDate(unit.validFrom!)}):`);
      for (const l of predecessors) io.out(`    ${l.unit.code}  ${l.unit.name}  ${l.link === 'full' ? 'toàn bộ' : 'một phần'}`);
    }
    if (successors.length) {
      io.out(`  Từ ${vietnameseDate(successors[0]!.unit.validFrom!)} thuộc ${successors.length} đơn vị:`);
      for (const l of successors) io.out(`    ${l.unit.code}  ${l.unit.name}  ${l.link === 'full' ? 'toàn bộ' : 'một phần'}`);
    }
    if (!predecessors.length && !successors.length) io.out('  Không có đơn vị tiền thân hay kế thừa trong danh mục.');
    const basis = (predecessors.length ? province : registry.provinces.find((p) => p.code === successors[0]?.unit.provinceCode && p.validTo === null))?.basis;
    if (basis && (predecessors.length || successors.length)) io.out(`  Căn cứ: ${basis}`);
  }
}

export async function runImportDvhcvn(
  io: CliIo,
  file: string,
  opts: { province: string; district?: string; validFrom: string; validTo?: string; out: string },
): Promise<void> {
  const registry = dvhcvnToRegistry(JSON.parse(await readFile(file, 'utf8')), {
    provinceCode: opts.province,
    ...(opts.district ? { districtCode: opts.district } : {}),
    validFrom: opts.validFrom,
    validTo: opts.validTo ?? null,
  });
  parseRegistryFile(registry, opts.out); // the written file must load back
  await writeFile(opts.out, `${JSON.stringify(registry, null, 2)}\n`);
  io.out(`Đã ghi ${opts.out}: ${registry.units.length} đơn vị cấp xã của ${registry.province.name}.`);
}
