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
import { isFirewallPage, looksLikeHtml } from './html-answer.js';
import { PortalError, type PortalErrorDetails, type PortalErrorKind, type PortalRawResponse } from './portal-error.js';
import { shapeIssue } from './shape-issue.js';

export type PortalResponse =
  | { readonly shape: 'A'; readonly endpoint: ShapeAEndpoint; readonly data: ShapeAData }
  | { readonly shape: 'B'; readonly endpoint: ShapeBEndpoint; readonly data: ShapeBData }
  | { readonly shape: 'summary'; readonly endpoint: 'service-results'; readonly data: ServiceResultsData };

export interface PortalBodyContext {
  readonly endpoint: PortalEndpoint;
  readonly period: Period | null;
  /** HTTP status when known (live requests, HAR entries); saved bodies have none. */
  readonly status: number | null;
  /** The province asked for. Unknown (null) fails closed, except for the national `service-results`. */
  readonly rootDepartmentId: string | null;
  /** The page asked for (shape A): an answer for another page is refused. */
  readonly expectedPage?: number | undefined;
  readonly url?: string | undefined;
  /** Attached to errors so the refused answer can still be archived. */
  readonly response?: PortalRawResponse | undefined;
}

/**
 * The province's own row in shape A (departmentType PROVINCE), never a unit to score. Provincial
 * departments also sit at departmentLevel PROVINCE, so the level alone does not say it.
 */
export function isProvinceRow(row: { departmentType?: string | null }): boolean {
  return row.departmentType === 'PROVINCE';
}

/**
 * Validates one answer body of the current API: JSON envelope `{code: "OK"}`, the endpoint's data
 * shape, the page and the province.
 * @example readPortalBody(bytes, { endpoint: 'transparency', period, status: 201, rootDepartmentId }).data.evaluation.length
 */
export function readPortalBody(body: Uint8Array, context: PortalBodyContext): PortalResponse {
  const fail = (kind: PortalErrorKind, message: string, extra: Partial<PortalErrorDetails> = {}): never => {
    throw new PortalError(kind, message, {
      endpoint: context.endpoint,
      period: context.period,
      status: context.status,
      ...(context.url ? { url: context.url } : {}),
      ...(context.response ? { response: context.response } : {}),
      ...extra,
    });
  };
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

  const response = toResponse(context.endpoint, validated.data);
  if (response.shape === 'A' && context.expectedPage !== undefined && response.data.pagination.currentPage !== context.expectedPage) {
    fail('shape', `đã hỏi trang ${context.expectedPage} nhưng Cổng trả trang ${response.data.pagination.currentPage}`, { field: 'data.pagination.currentPage' });
  }
  if (response.shape !== 'summary') checkRoot(response, context.rootDepartmentId, fail);
  return response;
}

function toResponse(endpoint: PortalEndpoint, data: unknown): PortalResponse {
  if (isShapeA(endpoint)) return { shape: 'A', endpoint, data: data as ShapeAData };
  if (isShapeB(endpoint)) return { shape: 'B', endpoint, data: data as ShapeBData };
  return { shape: 'summary', endpoint: 'service-results', data: data as ServiceResultsData };
}

/** The answer must describe the province asked for; without proof of that, fail closed. */
function checkRoot(
  response: Extract<PortalResponse, { shape: 'A' | 'B' }>,
  expected: string | null,
  fail: (kind: PortalErrorKind, message: string, extra?: Partial<PortalErrorDetails>) => never,
): void {
  if (!expected) fail('wrong-root', 'không biết tỉnh (rootDepartmentId) đã yêu cầu nên không kiểm tra được phản hồi có đúng tỉnh không; hãy cho biết rootDepartmentId');
  const stated: { id: string; name: string | null | undefined; field: string }[] = [];
  if (response.shape === 'B') {
    stated.push({ id: response.data.parent.departmentId, name: response.data.parent.departmentName, field: 'data.parent.departmentId' });
  } else {
    const { overview, evaluation } = response.data;
    if (overview?.departmentId) stated.push({ id: overview.departmentId, name: overview.departmentName, field: 'data.overview.departmentId' });
    evaluation.forEach((row, i) => {
      if (isProvinceRow(row)) stated.push({ id: row.departmentId, name: row.departmentName, field: `data.evaluation[${i}].departmentId` });
    });
  }
  if (stated.length === 0) {
    fail('wrong-root', `phản hồi không cho biết tỉnh (không có data.overview.departmentId hay dòng cấp tỉnh), cần tỉnh ${expected}; không dùng phản hồi này`, {
      field: 'data.overview.departmentId',
    });
  }
  const wrong = stated.find((s) => s.id !== expected);
  if (wrong) {
    fail('wrong-root', `phản hồi là của đơn vị '${wrong.name ?? '?'}' (${wrong.field} = ${wrong.id}), không phải tỉnh đã yêu cầu (rootDepartmentId ${expected}); không dùng phản hồi này`, {
      field: wrong.field,
    });
  }
}
