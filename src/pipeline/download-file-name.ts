// The name under which a downloaded export is saved: only a sanitised base name, never a path the
// server chose. `Content-Disposition` comes from a remote server and may say "../../x" or "/etc/x".
import { basename } from 'node:path';

/** Longest name kept (file systems allow 255 bytes; Vietnamese letters take up to 3 bytes each). */
const MAX_NAME_CHARS = 120;

/**
 * The base name to save a download as, from its Content-Disposition (`filename*` first, then
 * `filename`) or else the URL's last path segment; `fallback` when neither gives a usable name.
 * @example downloadFileName('attachment; filename="../../../../x.txt"', 'https://h/bao-cao') // 'x.txt'
 */
export function downloadFileName(disposition: string, url: string, fallback = 'export.xlsx'): string {
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
  const candidates = [
    extended ? percentDecoded(extended[2]!.trim()) : null,
    plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]!.trim()) : null,
    percentDecoded(new URL(url).pathname.split('/').pop() ?? ''),
  ];
  for (const candidate of candidates) {
    const name = candidate === null ? '' : sanitised(candidate);
    if (name) return name;
  }
  return fallback;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The last segment of either kind of path, without control or reserved characters or leading dots. */
function sanitised(name: string): string {
  const last = basename(name.replaceAll('\\', '/'));
  const cleaned = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, MAX_NAME_CHARS);
  return cleaned === '' || /^[._]+$/.test(cleaned) ? '' : cleaned;
}
