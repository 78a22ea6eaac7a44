// Reading one answer of the current API: envelope, shape and province are checked here, for live
// requests and saved captures alike. Anything unexpected is a PortalError naming the endpoint and
// the field; nothing is scored from an answer that fails.
import type { Period } from '../../src/core/period.js';
import {
  endpointDataSchemas,
  envelopeSchema,
  isShapeA,
  isShapeB,
  type PortalEndpoint,
  type ServiceResultsData,
  type ShapeAData,
  type ShapeAEndpoint,
  type ShapeBData,
  type ShapeBEndpoint,
} from '../../schema/portal/current-api.js';
import { loadProvinceCatalog, type ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import { checkAnswerPeriod, checkAnswerScope, type AnswerScope } from './portal-answer-scope.js';
import { isFirewallPage, looksLikeHtml } from './html-answer.js';
import { PortalError, type PortalErrorDetails, type PortalErrorKind, type PortalRawResponse } from './portal-error.js';
import { shapeIssue } from './shape-issue.js';

export type PortalResponse = (
  | { readonly shape: 'A'; readonly endpoint: ShapeAEndpoint; readonly data: ShapeAData }
  | { readonly shape: 'B'; readonly endpoint: ShapeBEndpoint; readonly data: ShapeBData }
  | { readonly shape: 'summary'; readonly endpoint: 'service-results'; readonly data: ServiceResultsData }
) & {
  /** The province (or the country) the answer was checked to be about. */
  readonly scope: AnswerScope;
};

export interface PortalBodyContext {
  readonly endpoint: PortalEndpoint;
  readonly period: Period | null;
  /** HTTP status when known (live requests, HAR entries); saved bodies have none. */
  readonly status: number | null;
  /** The province asked for (root id), when known. */
  readonly rootDepartmentId: string | null;
  /** Statistics code of the province asked for, when known. */
  readonly provinceCode?: string | null | undefined;
  /** `service-results` asked without a province: the national summary is expected. */
  readonly national?: boolean | undefined;
  /** Province codes and root ids (default: schema/provinces.json). */
  readonly catalog?: ProvinceCatalog | undefined;
  /** The page asked for (shape A): an answer for another page is refused. */
  readonly expectedPage?: number | undefined;
  readonly url?: string | undefined;
  /** Attached to errors so the refused answer can still be archived. */
  readonly response?: PortalRawResponse | undefined;
}

/**
 * Validates one answer body of the current API: JSON envelope `{code: "OK"}`, the endpoint's data
 * shape, the page and the province.
 * @example readPortalBody(bytes, { endpoint: 'transparency', period, status: 201, rootDepartmentId }).data.evaluation.length
 */
export function readPortalBody(body: Uint8Array, context: PortalBodyContext): PortalResponse {
  return checkPortalAnswer(validatePortalBody(body, context), context);
}

/**
 * The body's envelope and data shape for its endpoint (decoding, JSON, schema: the costly part,
 * which depends on the bytes and the endpoint only).
 */
export function validatePortalBody(body: Uint8Array, context: PortalBodyContext): UnscopedResponse {
  const fail = failing(context);
  const text = Buffer.from(body).toString('utf8').replace(/^\uFEFF/, '');
  if (looksLikeHtml({ headers: context.response?.headers ?? {}, body }) || isFirewallPage(body)) {
    fail('html', 'phản hồi là một trang HTML (có thể là trang tường lửa), không phải dữ liệu JSON');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('envelope', `phản hồi không phải JSON hợp lệ (bắt đầu bằng: ${JSON.stringify(text.slice(0, 40))})`);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = shapeIssue(json, '', envelope.error.issues[0]!);
    fail('envelope', `phản hồi không có dạng {code, data, message}: ${issue.message}`, { field: issue.field });
  }
  const { code, message, data } = envelope.data!;
  if (code !== 'OK') fail('envelope', `Cổng trả code '${code}' (cần 'OK')${message ? `: ${message}` : ''}`);

  const validated = endpointDataSchemas[context.endpoint].safeParse(data);
  if (!validated.success) {
    const issue = shapeIssue(data, 'data', validated.error.issues[0]!);
    fail('shape', `cấu trúc phản hồi đã thay đổi: ${issue.message}. Không tính điểm từ phản hồi này; cần cập nhật bộ đọc (schema/portal).`, {
      field: issue.field,
    });
  }

  return toResponse(context.endpoint, validated.data);
}

/**
 * What the request asked of an answer whose shape is valid: the page, the province (or the
 * country) and the period. Cheap; run on every reading, also of an answer validated before.
 */
export function checkPortalAnswer(unscoped: UnscopedResponse, context: PortalBodyContext): PortalResponse {
  const fail = failing(context);
  if (unscoped.shape === 'A' && context.expectedPage !== undefined && unscoped.data.pagination.currentPage !== context.expectedPage) {
    fail('shape', `đã hỏi trang ${context.expectedPage} nhưng Cổng trả trang ${unscoped.data.pagination.currentPage}`, { field: 'data.pagination.currentPage' });
  }
  const requested = { rootDepartmentId: context.rootDepartmentId, provinceCode: context.provinceCode ?? null, national: context.national ?? false };
  const scope = checkAnswerScope({ ...unscoped, scope: { scope: 'national' } }, requested, context.catalog ?? loadProvinceCatalog(), (message, field) => fail('wrong-root', message, { field }));
  const response = { ...unscoped, scope } as PortalResponse;
  if (context.period) checkAnswerPeriod(response, context.period, (message, field) => fail('wrong-period', message, { field }));
  return response;
}

/** Throws the PortalError of an answer, naming its endpoint, period, status and URL. */
function failing(context: PortalBodyContext) {
  return (kind: PortalErrorKind, message: string, extra: Partial<PortalErrorDetails> = {}): never => {
    throw new PortalError(kind, message, {
      endpoint: context.endpoint,
      period: context.period,
      status: context.status,
      ...(context.url ? { url: context.url } : {}),
      ...(context.response ? { response: context.response } : {}),
      ...extra,
    });
  };
}

export type UnscopedResponse = PortalResponse extends infer R ? (R extends unknown ? Omit<R, 'scope'> : never) : never;

function toResponse(endpoint: PortalEndpoint, data: unknown): UnscopedResponse {
  if (isShapeA(endpoint)) return { shape: 'A', endpoint, data: data as ShapeAData };
  if (isShapeB(endpoint)) return { shape: 'B', endpoint, data: data as ShapeBData };
  return { shape: 'summary', endpoint: 'service-results', data: data as ServiceResultsData };
}
