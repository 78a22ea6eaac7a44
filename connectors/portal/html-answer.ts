// Telling a portal answer that is an HTML page (firewall, login or error page) from data: read by
// the transport as answers arrive and by the parsers of stored or browser-saved answers alike.
import type { PortalRawResponse } from './portal-error.js';

/**
 * Whether an answer is an HTML page (firewall, login or error page) rather than data.
 * @example looksLikeHtml({ status: 200, headers: { 'content-type': 'text/html' }, body: new Uint8Array() }) // true
 */
export function looksLikeHtml(response: Pick<PortalRawResponse, 'headers' | 'body'>): boolean {
  if (/text\/html|application\/xhtml/i.test(response.headers['content-type'] ?? '')) return true;
  const start = Buffer.from(response.body.subarray(0, 512)).toString('utf8').trimStart().toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<head') || start.startsWith('<body');
}

/** The portal's firewall answers "Request Rejected" pages (never a JSON body). */
export function isFirewallPage(body: Uint8Array): boolean {
  const text = Buffer.from(body.subarray(0, 16_384)).toString('utf8');
  return !/^\s*[[{]/.test(text) && /request rejected|the requested url was rejected/i.test(text);
}
