// What the free-text cells of a dossier list mean: submission channel, status, Có/Không flags and
// fee cells. Each distinct text is classified once (see InternedField), so these may be thorough.
import { parseCellNumber } from '../cell-number.js';
import { foldHeader } from '../one-door/header-text.js';

export const CHANNEL_BLANK = 0;
export const CHANNEL_ONLINE = 1;
/** Direct (at the one-door desk) or by post: the form counts them together. */
export const CHANNEL_OFFLINE = 2;
export const CHANNEL_INVALID = 3;
export type Channel = typeof CHANNEL_BLANK | typeof CHANNEL_ONLINE | typeof CHANNEL_OFFLINE | typeof CHANNEL_INVALID;

/**
 * Reads "Hình thức nộp".
 * @example channelOf('Dịch vụ bưu chính') // CHANNEL_OFFLINE
 */
export function channelOf(text: string): Channel {
  const folded = foldHeader(text);
  if (folded === '') return CHANNEL_BLANK;
  if (folded.includes('truc tuyen') || folded === 'online' || folded.includes('dich vu cong')) return CHANNEL_ONLINE;
  if (folded.includes('truc tiep') || folded.includes('buu chinh') || folded.includes('buu dien') || folded === 'offline') return CHANNEL_OFFLINE;
  return CHANNEL_INVALID;
}

/** A dossier closed without a result of its own; the form counts these as resolved on time. */
export const STATUS_OTHER = 0;
export const STATUS_RETURNED = 1;
export const STATUS_WITHDRAWN = 2;
/** "Đã trả kết quả", "Hoàn thành": a result date must then be present. */
export const STATUS_DONE = 3;
export type DossierStatus = typeof STATUS_OTHER | typeof STATUS_RETURNED | typeof STATUS_WITHDRAWN | typeof STATUS_DONE;

/**
 * Reads "Trạng thái". Anything not recognised (Đang xử lý, Chờ bổ sung...) leaves the dates to decide.
 * @example statusOf('Rút hồ sơ') // STATUS_WITHDRAWN
 */
export function statusOf(text: string): DossierStatus {
  const folded = ` ${foldHeader(text)} `;
  if (folded.includes(' rut ')) return STATUS_WITHDRAWN;
  if (folded.includes(' tra lai ')) return STATUS_RETURNED;
  if (folded.includes(' chua ') || folded.includes(' dang ')) return STATUS_OTHER; // "Chưa hoàn thành", "Đang giải quyết"
  if (folded.includes(' da tra ket qua ') || folded.includes(' hoan thanh ') || folded.includes(' da giai quyet ') || folded.includes(' da co ket qua ')) {
    return STATUS_DONE;
  }
  return STATUS_OTHER;
}

export const FLAG_NO = 0;
export const FLAG_YES = 1;
export const FLAG_INVALID = 2;
export type Flag = typeof FLAG_NO | typeof FLAG_YES | typeof FLAG_INVALID;

const YES = new Set(['co', 'x', '1', 'true', 'yes', 'da thanh toan', 'da so hoa', 'co ket qua dien tu', 'dung', 'v']);
const NO = new Set(['', 'khong', '0', 'false', 'no', 'chua', 'chua thanh toan', 'chua so hoa', 'sai']);

/**
 * Reads a Có/Không cell. An empty cell is "Không": lists leave the cell empty when nothing happened.
 * @example flagOf('Có') // FLAG_YES
 */
export function flagOf(text: string): Flag {
  const folded = foldHeader(text);
  if (YES.has(folded)) return FLAG_YES;
  if (NO.has(folded)) return FLAG_NO;
  return FLAG_INVALID;
}

/**
 * Reads a fee cell: Có/Không, or an amount (more than 0 means the procedure has a fee).
 * @example feeOf('50.000') // FLAG_YES
 */
export function feeOf(text: string): Flag {
  const flag = flagOf(text);
  if (flag !== FLAG_INVALID) return flag;
  const amount = parseCellNumber(text.replace(/\s*(đồng|đ|vnđ|vnd)\s*$/i, ''));
  if (amount.kind === 'blank') return FLAG_NO;
  if (amount.kind === 'number' && amount.value >= 0) return amount.value > 0 ? FLAG_YES : FLAG_NO;
  return FLAG_INVALID;
}
