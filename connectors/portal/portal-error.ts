// The typed failure of a portal request: which endpoint and month, what came back, and why it is
// not usable. Operators read `message` (Vietnamese); code branches on `kind`; the pipeline reads only
// the kernel's `retriable`.
import { SourceError } from '../../src/core/connector-contract.js';
import { periodTerm, type Period } from '../../src/core/period.js';

export type PortalErrorKind = 'http' | 'envelope' | 'html' | 'timeout' | 'network' | 'shape' | 'wrong-root' | 'wrong-period' | 'circuit-open' | 'too-large';

/** A response exactly as received: kept so a refused answer can still be archived and inspected. */
export interface PortalRawResponse {
  readonly status: number;
  /** Only the headers that matter for provenance (content type, date, etag, retry-after...). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** An answer too large to hold ('too-large'): spooled to this temporary file instead of `body`. */
  readonly file?: string;
  readonly size?: number;
}

export interface PortalErrorDetails {
  /** Endpoint name (`transparency`) or the legacy service (`rest.jsp report_tinh_766_service`). */
  readonly endpoint: string;
  readonly period: Period | null;
  readonly status: number | null;
  readonly url?: string;
  /** For 'shape' errors: the JSON path of the missing or mistyped field. */
  readonly field?: string;
  /** True when this failure opened the circuit breaker. */
  readonly breakerOpened?: boolean;
  readonly attempts?: number;
  readonly response?: PortalRawResponse;
  /** The request that got this answer (method, url, body), for archiving a refused answer. */
  readonly request?: { readonly method: 'POST'; readonly url: string; readonly body: Record<string, unknown> };
}

export class PortalError extends SourceError {
  readonly code = 'PORTAL_ERROR';
  readonly endpoint: string;
  readonly period: Period | null;
  readonly status: number | null;
  readonly url: string | undefined;
  readonly field: string | undefined;
  readonly breakerOpened: boolean;
  readonly attempts: number | undefined;
  readonly response: PortalRawResponse | undefined;
  readonly request: PortalErrorDetails['request'];

  constructor(
    readonly kind: PortalErrorKind,
    /** What went wrong, without the endpoint/month prefix of `message`. */
    readonly reason: string,
    details: PortalErrorDetails,
  ) {
    // Timeouts, resets and 5xx may pass if tried later; a refusal, a firewall page or a changed shape will not.
    super(`${portalWhere(details.endpoint, details.period)}: ${reason}`, kind === 'timeout' || kind === 'network' || (kind === 'http' && (details.status ?? 0) >= 500));
    this.name = 'PortalError';
    this.endpoint = details.endpoint;
    this.period = details.period;
    this.status = details.status;
    this.url = details.url;
    this.field = details.field;
    this.breakerOpened = details.breakerOpened ?? false;
    this.attempts = details.attempts;
    this.response = details.response;
    this.request = details.request;
  }
}

/**
 * Names a portal request for messages.
 * @example portalWhere('transparency', '2023-09') // "Cổng DVCQG, endpoint 'transparency', tháng 2023-09"
 */
export function portalWhere(endpoint: string, period: Period | null): string {
  return `Cổng DVCQG, endpoint '${endpoint}'${period ? `, ${periodTerm(period)}` : ''}`;
}
