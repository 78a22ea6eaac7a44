// Normalising administrative unit names for matching: exports and reports spell the same commune
// with or without "UBND", "phường"/"xã", in NFC or NFD, with stray spaces and any case.

const PREFIXES = [
  'ủy ban nhân dân',
  'uỷ ban nhân dân',
  'ubnd',
  'phường',
  'xã',
  'thị trấn',
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

/** Removes Vietnamese diacritics (for "closest name" suggestions only, never for matching). */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
