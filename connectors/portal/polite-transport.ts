// How this project talks to the portal, whatever the API: one request at a time, a pause with
// jitter between requests, a timeout, bounded retries with exponential backoff on timeouts, 5xx
// and connection resets only, and a circuit breaker that opens on 401/403/429 or an HTML/firewall
// answer, after which nothing is sent until an operator resets it. The portal blocks aggressive
// clients; being blocked costs far more than a slow capture.
import { setTimeout as delay } from 'node:timers/promises';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { readAnswerBody } from './answer-body.js';
import type { Period } from '../../src/core/period.js';
import { InMemoryCircuitBreakerStore, PORTAL_BREAKER_SOURCE } from './circuit-breaker.js';
import { isFirewallPage, looksLikeHtml } from './html-answer.js';
import { PortalError, type PortalErrorDetails, type PortalErrorKind, type PortalRawResponse } from './portal-error.js';
import type { CircuitBreakerStore } from '../../src/core/circuit-breaker.js';

export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PoliteTransportOptions {
  readonly http?: AxiosInstance;
  /** Pause between two requests (default 1500 ms), varied by ±pauseJitter (default 0.3 = ±30 %). */
  readonly pauseMs?: number;
  readonly pauseJitter?: number;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, on timeouts/5xx/resets only (default 3). */
  readonly retries?: number;
  /** First backoff delay (default 2 s), doubled at each retry, with the same jitter. */
  readonly retryBaseMs?: number;
  readonly sleep?: SleepFunction;
  /** Uniform random in [0, 1): injected so tests are deterministic. */
  readonly random?: () => number;
  readonly breaker?: CircuitBreakerStore;
  readonly breakerSource?: string;
  readonly userAgent?: string;
  /** Shared by every client a connector creates, so consecutive captures also pause between requests. */
  readonly pacer?: RequestPacer;
  /** Largest answer read (default 64 MiB); a larger one is spooled to a file, kept, and refused unread. */
  readonly maxAnswerBytes?: number;
  /** Where a too-large answer is spooled (default: the system's temporary folder). */
  readonly spoolDir?: string;
}

/** What a portal connector is given by its owner (tests inject fakes; production the Postgres breaker). */
export type TransportDeps = Pick<PoliteTransportOptions, 'http' | 'sleep' | 'random' | 'breaker' | 'breakerSource' | 'userAgent' | 'pacer'>;

/**
 * Transport options of a client from a connector's configuration and dependencies (one shared pacer).
 * @example new PortalClient({ ...transportOptions(cfg, deps, pacer), baseUrl: cfg.baseUrl })
 */
export function transportOptions(
  cfg: { pauseMs: number; timeoutMs: number; retries: number; maxAnswerBytes?: number | undefined; spoolDir?: string | undefined },
  deps: TransportDeps,
  pacer: RequestPacer,
): PoliteTransportOptions {
  return {
    pauseMs: cfg.pauseMs,
    timeoutMs: cfg.timeoutMs,
    retries: cfg.retries,
    ...(cfg.maxAnswerBytes ? { maxAnswerBytes: cfg.maxAnswerBytes } : {}),
    ...(cfg.spoolDir ? { spoolDir: cfg.spoolDir } : {}),
    ...(deps.http ? { http: deps.http } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.breaker ? { breaker: deps.breaker } : {}),
    ...(deps.breakerSource ? { breakerSource: deps.breakerSource } : {}),
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
    pacer,
  };
}

export interface PoliteRequest {
  readonly endpoint: string;
  readonly period: Period | null;
  readonly url: string;
  /** The exact body sent (JSON text or form-urlencoded text). */
  readonly body: string;
  readonly contentType: string;
  readonly signal?: AbortSignal;
  /** The request as archived with a refused answer (method, url, body as an object). */
  readonly sent?: PortalErrorDetails['request'];
}

export interface PoliteResponse extends PortalRawResponse {
  readonly attempts: number;
}

export const DEFAULT_USER_AGENT = 'dvc-sync/0.1 (đồng bộ Bộ chỉ số 766; một yêu cầu mỗi lần)';

/** Headers worth keeping with a capture (provenance, caching, throttling). */
const KEPT_HEADERS = ['content-type', 'content-length', 'date', 'etag', 'last-modified', 'cache-control', 'retry-after', 'server', 'x-request-id', 'x-trace-id'];

/** Error codes of a dropped or refused connection: worth a retry. */
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETRESET', 'UND_ERR_SOCKET', 'ERR_BAD_RESPONSE']);

const BREAKER_STATUSES: Record<number, string> = {
  401: 'chưa xác thực (401)',
  403: 'bị từ chối truy cập (403)',
  429: 'gửi quá nhiều yêu cầu (429)',
};

/**
 * Remembers whether a request was already sent, so the next one waits the pause first. One pacer
 * per connector instance: captures run one after another still leave the pause between them.
 * @example const pacer = new RequestPacer(); new PortalClient({ pacer }); new LegacyPortalClient({ pacer })
 */
export class RequestPacer {
  #sentBefore = false;

  /** Whether this request must wait the pause (true for every request but the first). */
  next(): boolean {
    const wait = this.#sentBefore;
    this.#sentBefore = true;
    return wait;
  }
}

const defaultSleep: SleepFunction = async (ms, signal) => {
  if (ms > 0) await delay(ms, undefined, signal ? { signal } : undefined);
};

interface Failure {
  readonly kind: PortalErrorKind;
  readonly message: string;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly response?: PortalRawResponse;
}

/**
 * Sends portal requests politely; every attempt first asks the breaker store.
 * @example const t = new PoliteTransport({ pauseMs: 0 }); await t.post({ endpoint: 'transparency', period, url, body: '{}', contentType: 'application/json' })
 */
export class PoliteTransport {
  readonly #http: AxiosInstance;
  readonly #pauseMs: number;
  readonly #jitter: number;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryBaseMs: number;
  readonly #sleep: SleepFunction;
  readonly #random: () => number;
  readonly #userAgent: string;
  readonly breaker: CircuitBreakerStore;
  readonly breakerSource: string;
  readonly #pacer: RequestPacer;
  readonly #maxAnswerBytes: number;
  readonly #spoolDir: string | undefined;

  constructor(options: PoliteTransportOptions = {}) {
    this.#http = options.http ?? axios.create();
    this.#pauseMs = options.pauseMs ?? 1500;
    this.#jitter = options.pauseJitter ?? 0.3;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 3;
    this.#retryBaseMs = options.retryBaseMs ?? 2000;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.breaker = options.breaker ?? new InMemoryCircuitBreakerStore();
    this.breakerSource = options.breakerSource ?? PORTAL_BREAKER_SOURCE;
    this.#pacer = options.pacer ?? new RequestPacer();
    this.#maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    this.#spoolDir = options.spoolDir;
  }

  /** Refuses (kind 'circuit-open') when the breaker is open; sends nothing in that case. */
  async assertClosed(endpoint: string, period: Period | null): Promise<void> {
    const state = await this.breaker.get(this.breakerSource);
    if (!state.open) return;
    const since = state.openedAt ? ` từ ${state.openedAt.toISOString()}` : '';
    throw new PortalError(
      'circuit-open',
      `cầu dao bảo vệ (circuit breaker '${this.breakerSource}') đang mở${since} vì: ${state.reason ?? '(không rõ)'}. ` +
        'Không gửi thêm yêu cầu nào tới Cổng; người vận hành kiểm tra lại việc truy cập rồi đóng cầu dao (reset) để chạy lại.',
      { endpoint, period, status: null },
    );
  }

  /** Sends one POST, with pause, retries and breaker; returns any answer that is not a failure of transport. */
  async post(request: PoliteRequest): Promise<PoliteResponse> {
    const { endpoint, period, url } = request;
    let last: Failure | undefined;
    for (let attempt = 1; attempt <= this.#retries + 1; attempt++) {
      await this.assertClosed(endpoint, period);
      const paced = this.#pacer.next();
      if (attempt > 1) await this.#sleep(this.#varied(this.#retryBaseMs * 2 ** (attempt - 2)), request.signal);
      else if (paced) await this.#sleep(this.#varied(this.#pauseMs), request.signal);

      const outcome = await this.#attempt(request);
      if (outcome.ok) return { ...outcome.response, attempts: attempt };
      const failure = outcome.failure;
      if (!failure.retryable) {
        const breakerOpened = await this.#maybeOpenBreaker(failure, endpoint, url);
        throw new PortalError(failure.kind, failure.message + (breakerOpened ? BREAKER_NOTE : ''), {
          endpoint,
          period,
          status: failure.status,
          url,
          attempts: attempt,
          breakerOpened,
          ...(failure.response ? { response: failure.response } : {}),
          ...(request.sent ? { request: request.sent } : {}),
        });
      }
      last = failure;
    }
    const failure = last!;
    throw new PortalError(failure.kind, `${failure.message} (đã thử ${this.#retries + 1} lần)`, {
      endpoint,
      period,
      status: failure.status,
      url,
      attempts: this.#retries + 1,
      ...(failure.response ? { response: failure.response } : {}),
    });
  }

  #varied(ms: number): number {
    if (ms <= 0) return 0;
    return Math.max(0, Math.round(ms * (1 + this.#jitter * (2 * this.#random() - 1))));
  }

  async #maybeOpenBreaker(failure: Failure, endpoint: string, url: string): Promise<boolean> {
    const opens = failure.kind === 'html' || (failure.kind === 'http' && failure.status !== null && failure.status in BREAKER_STATUSES);
    if (!opens) return false;
    await this.breaker.open(this.breakerSource, `${endpoint} (${url}): ${failure.message}`);
    return true;
  }

  async #attempt(request: PoliteRequest): Promise<{ ok: true; response: PortalRawResponse } | { ok: false; failure: Failure }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let answer: AxiosResponse<unknown>;
    let body: Awaited<ReturnType<typeof readAnswerBody>>;
    try {
      answer = await this.#http.post<unknown>(request.url, request.body, {
        headers: { 'Content-Type': request.contentType, Accept: 'application/json, text/plain, */*', 'User-Agent': this.#userAgent },
        // Streamed, so an answer larger than the limit is never held in memory (it is spooled to a file).
        responseType: 'stream',
        validateStatus: () => true,
        maxRedirects: 0,
        signal,
        // The body is sent as given (already serialised): no transformation by axios.
        transformRequest: [(data: unknown) => data],
      });
      body = await readAnswerBody(answer.data, { maxBytes: this.#maxAnswerBytes, spoolDir: this.#spoolDir, signal });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason ?? error;
      if (timeout.aborted) {
        return { ok: false, failure: { kind: 'timeout', message: `không nhận được trả lời sau ${this.#timeoutMs} ms`, status: null, retryable: true } };
      }
      const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      const text = error instanceof Error ? error.message : String(error);
      const retryable = (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) || /socket hang up/i.test(text);
      return { ok: false, failure: { kind: 'network', message: `lỗi kết nối${code ? ` ${code}` : ''} (${text})`, status: null, retryable } };
    }

    const headers = keptHeaders(answer.headers as Record<string, unknown>);
    if (body.kind === 'spooled') {
      // Refused before any parsing; the answer is kept (as a file) for inspection.
      const response: PortalRawResponse = { status: answer.status, headers, body: new Uint8Array(0), file: body.path, size: body.size };
      const message = `Cổng trả câu trả lời ${body.size} byte, lớn hơn giới hạn ${this.#maxAnswerBytes} byte (DVC_PORTAL_MAX_ANSWER_BYTES); không đọc câu trả lời này, bản gốc được lưu để kiểm tra`;
      return { ok: false, failure: { kind: 'too-large', message, status: answer.status, retryable: false, response } };
    }
    const response: PortalRawResponse = { status: answer.status, headers, body: body.bytes };
    const fail = (kind: PortalErrorKind, message: string, retryable: boolean) =>
      ({ ok: false, failure: { kind, message, status: response.status, retryable, response } }) as const;
    const html = looksLikeHtml(response);
    // A firewall page opens the breaker whatever its status; other HTML error pages of a 5xx are
    // ordinary gateway errors and are retried.
    if (isFirewallPage(response.body)) return fail('html', `Cổng trả trang tường lửa "Request Rejected" (HTTP ${response.status}) thay cho dữ liệu JSON`, false);
    const breakerReason = BREAKER_STATUSES[response.status];
    if (breakerReason) return fail('http', `Cổng trả HTTP ${response.status}: ${breakerReason}`, false);
    if (response.status >= 500) return fail('http', `Cổng trả HTTP ${response.status} (lỗi phía máy chủ)`, true);
    if (html) return fail('html', `Cổng trả một trang HTML (HTTP ${response.status}) thay cho dữ liệu JSON`, false);
    return { ok: true, response };
  }
}

/** Far above a real province answer (150–300 KB), far below what would exhaust a worker's memory. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const BREAKER_NOTE = '. Đã mở cầu dao bảo vệ: không gửi thêm yêu cầu nào cho tới khi người vận hành đóng lại (reset).';

function keptHeaders(headers: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value !== null) kept[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return kept;
}
