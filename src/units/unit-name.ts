// Normalising administrative unit names for matching: exports and reports spell the same commune
// with or without "UBND", "phường"/"xã", in NFC or NFD, with stray spaces and any case.
import type { UnitKind } from '../core/unit-registry.js';

const PREFIXES = [
  'ủy ban nhân dân',
  'uỷ ban nhân dân',
  'ubnd',
  'phường',
  'xã',
  'thị trấn',
  'đặc khu',
  'thành phố',
  'thị xã',
  'huyện',
  'quận',
  'tỉnh',
];

/**
 * Folds a unit name to its matching key: NFC, lower case, single spaces, common prefixes removed.
 * @example unitNameKey('UBND  Phường Him Lam ') // 'him lam'
 */
export function unitNameKey(name: string): string {
  let text = name.normalize('NFC').toLowerCase().replace(/[\s\u00a0]+/g, ' ').replace(/[.,;:]+$/, '').trim();
  let changed = true;
  while (changed) {
    changed = false;
    for (const prefix of PREFIXES) {
      if (text.startsWith(`${prefix} `)) {
        text = text.slice(prefix.length + 1).trim();
        changed = true;
      }
    }
  }
  return text;
}


const KIND_PREFIXES: readonly (readonly [string, UnitKind])[] = [
  ['Xã', 'rural_commune'],
  ['Phường', 'ward'],
  ['Thị trấn', 'township'],
  ['Đặc khu', 'special_zone'],
  ['Huyện', 'district'],
];

/** The Vietnamese word for a kind, as written in official names ("xã", "phường", "đặc khu"…). */
export function kindLabel(kind: UnitKind): string {
  return KIND_PREFIXES.find(([, k]) => k === kind)![0].toLowerCase();
}

/**
 * The kind an official name starts with, or null when it starts with none.
 * @example kindFromName('Đặc khu Côn Đảo') // 'special_zone'
 */
export function kindFromName(name: string): UnitKind | null {
  const text = name.normalize('NFC').trim().toLowerCase();
  for (const [prefix, kind] of KIND_PREFIXES) if (text.startsWith(`${prefix.toLowerCase()} `)) return kind;
  return null;
}

/**
 * An official name as published, tidied: NFC, single spaces, the kind written as usual ("Thị Trấn" → "Thị trấn").
 * @example officialName('  Thị Trấn  Mường Chà') // 'Thị trấn Mường Chà'
 */
export function officialName(name: string): string {
  const text = name.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
  const lower = text.toLowerCase();
  const prefix = KIND_PREFIXES.find(([p]) => lower.startsWith(`${p.toLowerCase()} `))?.[0];
  return prefix ? `${prefix}${text.slice(prefix.length)}` : text;
}

/**
 * "Phường Him Lam" → "UBND phường Him Lam": the name reports use for a commune's People's Committee.
 * @example committeeName('Đặc khu Côn Đảo') // 'UBND đặc khu Côn Đảo'
 */
export function committeeName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  const match = /^(Phường|Xã|Thị trấn|Đặc khu|Huyện)\s+(.+)$/u.exec(trimmed);
  return match ? `UBND ${match[1]!.toLowerCase()} ${match[2]}` : `UBND ${trimmed}`;
}

/** Removes Vietnamese diacritics (for "closest name" suggestions only, never for matching). */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
