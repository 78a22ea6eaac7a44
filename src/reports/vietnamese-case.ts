// Sentence case for Vietnamese labels placed inside running text, leaving acronyms alone
// ("TTHC công bố" stays, "Hồ sơ thanh toán" becomes "hồ sơ thanh toán").

/**
 * Lower-cases the first letter unless the first word is an acronym.
 * @example lowerFirst('Hồ sơ có nghĩa vụ tài chính') // 'hồ sơ có nghĩa vụ tài chính'
 */
export function lowerFirst(text: string): string {
  const [first, second] = [...text];
  if (!first || (second && second !== second.toLocaleLowerCase('vi'))) return text;
  return first.toLocaleLowerCase('vi') + text.slice(first.length);
}

/**
 * Upper-cases the first letter (the start of a sentence).
 * @example capitalize('về tiến độ') // 'Về tiến độ'
 */
export function capitalize(text: string): string {
  const [first] = [...text];
  return first ? first.toLocaleUpperCase('vi') + text.slice(first.length) : text;
}
