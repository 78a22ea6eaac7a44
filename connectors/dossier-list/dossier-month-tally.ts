// Counting one month M from dossier rows, per unit, with the Biểu II.06a definitions (domain.md §5):
// - received in M: reception date within M, split by channel (online vs direct/postal);
// - carried over: received before M, no result before M starts;
// - resolved in M: result date within M; early / on time / late by the result's calendar date
//   against the deadline's; returned or withdrawn dossiers count as on time;
// - pending at the end of M: no result by then; in time when the deadline is not before M's last day.
// Every dossier in scope is exactly one of {received in M, carried over} and one of {resolved,
// pending}, so received + carried = resolved + pending holds per unit; checkIdentity() guards it.
import { periodBounds, type Period } from '../../src/core/period.js';
import {
  CHANNEL_BLANK,
  CHANNEL_INVALID,
  CHANNEL_ONLINE,
  FLAG_YES,
  STATUS_DONE,
  STATUS_RETURNED,
  STATUS_WITHDRAWN,
  type Channel,
  type DossierStatus,
  type Flag,
} from './dossier-values.js';
import { DATE_BLANK, DATE_INVALID, dayNumber } from './local-date.js';

/** One unit's counts for the month. */
export class UnitMonthTally {
  receivedOnline = 0;
  receivedOffline = 0;
  carriedOver = 0;
  resolvedEarly = 0;
  resolvedOnTime = 0;
  resolvedLate = 0;
  pendingInTime = 0;
  pendingLate = 0;
  /** Received in M with a fee (or paid online, which implies one). */
  feeDossiers = 0;
  /** Received in M and paid online. */
  paidOnline = 0;
  /** Received in M with digitised component documents. */
  componentsDigitized = 0;
  /** Resolved in M with an electronic result. */
  resultDigitized = 0;
  /** Valid rows of this unit, in scope of M or not: a unit with none has no measured counts. */
  rows = 0;

  constructor(
    readonly unitCode: string,
    readonly unitName: string,
  ) {}

  get received(): number {
    return this.receivedOnline + this.receivedOffline;
  }

  get resolved(): number {
    return this.resolvedEarly + this.resolvedOnTime + this.resolvedLate;
  }

  get pending(): number {
    return this.pendingInTime + this.pendingLate;
  }

  /** received + carried over = resolved + pending; null when it holds, else both sides. */
  checkIdentity(): { readonly inflow: number; readonly outflow: number } | null {
    const inflow = this.received + this.carriedOver;
    const outflow = this.resolved + this.pending;
    return inflow === outflow ? null : { inflow, outflow };
  }
}

/** The facts read from one row; a reader fills one instance and reuses it (no allocation per row). */
export interface DossierFacts {
  received: number;
  deadline: number;
  result: number;
  channel: Channel;
  status: DossierStatus;
  paidOnline: Flag;
  fee: Flag;
  electronicResult: Flag;
  componentsDigitized: Flag;
}

/** Why a row cannot be counted (OK and OUT_OF_MONTH are not problems). */
export const VERDICT_COUNTED = 0;
/** Received after M, or resolved before M: nothing to count for M. */
export const VERDICT_OUT_OF_MONTH = 1;
export const VERDICT_RECEIVED_MISSING = 2;
export const VERDICT_RECEIVED_INVALID = 3;
export const VERDICT_RESULT_INVALID = 4;
export const VERDICT_RESULT_BEFORE_RECEIVED = 5;
export const VERDICT_DEADLINE_MISSING = 6;
export const VERDICT_DEADLINE_INVALID = 7;
export const VERDICT_CHANNEL_MISSING = 8;
export const VERDICT_CHANNEL_INVALID = 9;
export const VERDICT_CLOSED_WITHOUT_RESULT = 10;
export type DossierVerdict = number;

/** Calendar bounds of a month as day numbers. */
export interface MonthDays {
  readonly first: number;
  readonly last: number;
}

/**
 * First and last day numbers of a period.
 * @example monthDays(parsePeriod('2023-09')) // { first: 19601, last: 19630 }
 */
export function monthDays(period: Period): MonthDays {
  const { first, last } = periodBounds(period);
  const day = (iso: string): number => dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  return { first: day(first), last: day(last) };
}

/**
 * Counts one dossier into its unit's tally, or says why it cannot be counted (the tally is then untouched).
 * @example countDossier(tally, facts, monthDays(period)) === VERDICT_COUNTED
 */
export function countDossier(tally: UnitMonthTally, facts: DossierFacts, month: MonthDays): DossierVerdict {
  const { received, result, deadline } = facts;
  if (received === DATE_BLANK) return VERDICT_RECEIVED_MISSING;
  if (received === DATE_INVALID) return VERDICT_RECEIVED_INVALID;
  if (result === DATE_INVALID) return VERDICT_RESULT_INVALID;
  const hasResult = result !== DATE_BLANK;
  if (hasResult && result < received) return VERDICT_RESULT_BEFORE_RECEIVED;
  if (received > month.last || (hasResult && result < month.first)) {
    tally.rows++;
    return VERDICT_OUT_OF_MONTH;
  }

  const closedEarly = facts.status === STATUS_RETURNED || facts.status === STATUS_WITHDRAWN;
  if (!hasResult && (closedEarly || facts.status === STATUS_DONE)) return VERDICT_CLOSED_WITHOUT_RESULT;
  const resolvedInMonth = hasResult && result <= month.last;
  // A returned or withdrawn dossier resolved in M is on time whatever its deadline.
  if (!(resolvedInMonth && closedEarly)) {
    if (deadline === DATE_BLANK) return VERDICT_DEADLINE_MISSING;
    if (deadline === DATE_INVALID) return VERDICT_DEADLINE_INVALID;
  }
  const receivedInMonth = received >= month.first;
  if (receivedInMonth) {
    if (facts.channel === CHANNEL_BLANK) return VERDICT_CHANNEL_MISSING;
    if (facts.channel === CHANNEL_INVALID) return VERDICT_CHANNEL_INVALID;
  }

  if (receivedInMonth) {
    if (facts.channel === CHANNEL_ONLINE) tally.receivedOnline++;
    else tally.receivedOffline++;
    if (facts.paidOnline === FLAG_YES) tally.paidOnline++;
    if (facts.fee === FLAG_YES || facts.paidOnline === FLAG_YES) tally.feeDossiers++;
    if (facts.componentsDigitized === FLAG_YES) tally.componentsDigitized++;
  } else {
    tally.carriedOver++;
  }
  if (resolvedInMonth) {
    if (closedEarly || result === deadline) tally.resolvedOnTime++;
    else if (result < deadline) tally.resolvedEarly++;
    else tally.resolvedLate++;
    if (facts.electronicResult === FLAG_YES) tally.resultDigitized++;
  } else if (deadline >= month.last) {
    tally.pendingInTime++;
  } else {
    tally.pendingLate++;
  }
  tally.rows++;
  return VERDICT_COUNTED;
}
