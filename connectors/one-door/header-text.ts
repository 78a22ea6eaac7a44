// Folding header text for matching: exports spell the same column with any case, spacing,
// punctuation, NFC or NFD, and old or new tone placement ("hoá" / "hóa"), so headers are compared
// without diacritics. Unit names are never folded this way: the unit registry matches those.

/**
 * Folds a header cell to its matching key: no diacritics, đ → d, lower case, punctuation as spaces.
 * @example foldHeader('Trực tiếp, dịch vụ  bưu chính') // 'truc tiep dich vu buu chinh'
 */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
