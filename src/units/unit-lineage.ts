// Lineage between units across a reorganisation: links resolved by date (a predecessor is the unit
// with that code on the day before its successor began), checked for unknown codes, contradictions
// and cycles, and told in words for operators ("Phường Him Lam → nay thuộc Phường Điện Biên Phủ").
import { UnitDataError } from './country-data.js';
import type { ResolvedLink, Unit } from '../core/unit-registry.js';

/** ISO date ± one day (UTC calendar arithmetic, no time zone involved). */
export function shiftDate(iso: string, days: number): string {
  const key = `${iso}${days}`;
  let shifted = shiftedDates.get(key);
  if (shifted === undefined) {
    const date = new Date(`${iso}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    shiftedDates.set(key, (shifted = date.toISOString().slice(0, 10)));
  }
  return shifted;
}

/** Thousands of links share a handful of reform dates: each shift is computed once. */
const shiftedDates = new Map<string, string>();


/** "03127 (Phường Him Lam, … → 2025-06-30)": how an entry is named in data errors. */
export function describeEntry(unit: Unit): string {
  return `${unit.code} (${unit.name}, ${unit.validFrom ?? '…'} → ${unit.validTo ?? 'nay'})`;
}

export interface UnitLinks {
  readonly predecessors: ResolvedLink[];
  readonly successors: ResolvedLink[];
}

/**
 * Resolves every unit's links in both directions (a link written on one side only is completed on the
 * other), refusing an unknown code, a link whose two sides disagree, and a cycle, naming the entry.
 * @example resolveLineage(units, (code, date) => registry.atDate(code, date)).get(phuongDienBienPhu)!.predecessors.length // 6
 */
export function resolveLineage(units: readonly Unit[], atDate: (code: string, date: string) => Unit | undefined): Map<Unit, UnitLinks> {
  const links = new Map<Unit, UnitLinks>();
  const linksOf = (unit: Unit): UnitLinks => {
    let entry = links.get(unit);
    if (!entry) links.set(unit, (entry = { predecessors: [], successors: [] }));
    return entry;
  };
  // Predecessors as written make the links; successors as written then only confirm them (the country
  // data writes both sides) or add the ones written on that side alone.
  for (const unit of units) {
    if (!unit.predecessors?.length) continue;
    if (unit.validFrom === null) throw new UnitDataError(`Đơn vị ${describeEntry(unit)} khai báo đơn vị tiền thân ${unit.predecessors[0]!.code} nhưng không có ngày bắt đầu hiệu lực`);
    const day = shiftDate(unit.validFrom, -1);
    const own = linksOf(unit).predecessors;
    for (const { code, link } of unit.predecessors) {
      const predecessor = atDate(code, day);
      if (!predecessor) throw new UnitDataError(`Đơn vị ${describeEntry(unit)}: đơn vị tiền thân mã ${code} không có trong danh mục vào ngày ${day}`);
      if (own.some((l) => l.unit === predecessor)) continue;
      own.push({ unit: predecessor, link });
      linksOf(predecessor).successors.push({ unit, link });
    }
  }
  for (const unit of units) {
    if (!unit.successors?.length) continue;
    if (unit.validTo === null) throw new UnitDataError(`Đơn vị ${describeEntry(unit)} khai báo đơn vị kế thừa ${unit.successors[0]!.code} nhưng vẫn còn hiệu lực (không có ngày hết hiệu lực)`);
    const day = shiftDate(unit.validTo, 1);
    for (const { code, link } of unit.successors) {
      const successor = atDate(code, day);
      if (!successor) throw new UnitDataError(`Đơn vị ${describeEntry(unit)}: đơn vị kế thừa mã ${code} không có trong danh mục vào ngày ${day}`);
      const existing = links.get(unit)?.successors.find((l) => l.unit === successor);
      if (existing) {
        if (existing.link !== link) {
          throw new UnitDataError(`Quan hệ kế thừa mâu thuẫn: ${describeEntry(unit)} → ${describeEntry(successor)} ghi '${link}' ở một phía, '${existing.link}' ở phía kia`);
        }
        continue;
      }
      linksOf(unit).successors.push({ unit: successor, link });
      linksOf(successor).predecessors.push({ unit, link });
    }
  }
  refuseCycles(links);
  return links;
}

/** Depth-first search over predecessor links; a unit met again on the current path closes a cycle. */
function refuseCycles(links: ReadonlyMap<Unit, UnitLinks>): void {
  const done = new Set<Unit>();
  const onPath: Unit[] = [];
  const visit = (unit: Unit): void => {
    if (done.has(unit)) return;
    const at = onPath.indexOf(unit);
    if (at >= 0) {
      const cycle = [...onPath.slice(at), unit].map(describeEntry).join(' ← ');
      throw new UnitDataError(`Quan hệ kế thừa có vòng lặp: ${cycle}`);
    }
    onPath.push(unit);
    for (const { unit: predecessor } of links.get(unit)?.predecessors ?? []) visit(predecessor);
    onPath.pop();
    done.add(unit);
  };
  for (const unit of links.keys()) visit(unit);
}

const linkNote = (l: ResolvedLink) => `${l.unit.name} (${l.unit.code}${l.link === 'partial' ? ', một phần' : ''})`;

/**
 * The operator's sentence for a unit named in a month it does not exist in.
 * @example lineageHint(himLam, [{ unit: dienBienPhu, link: 'full' }], 'successors') // 'Phường Him Lam → nay thuộc Phường Điện Biên Phủ (03127)'
 */
export function lineageHint(unit: Unit, links: readonly ResolvedLink[], direction: 'successors' | 'predecessors'): string {
  if (!links.length) return `${unit.name}: không có đơn vị ${direction === 'successors' ? 'kế thừa' : 'tiền thân'} trong danh mục`;
  const list = links.map(linkNote).join(', ');
  return direction === 'successors' ? `${unit.name} → nay thuộc ${list}` : `${unit.name} ← trước đây là ${list}`;
}
