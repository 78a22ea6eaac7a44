// Turning a zod validation failure of a portal answer into a message an operator can act on:
// the JSON path, whether the field is missing or mistyped, the unit of the row, and look-alike
// field names (a renamed field is the usual cause).
import type { z } from 'zod';
import { editDistance } from '../../src/core/edit-distance.js';

export interface ShapeIssue {
  /** JSON path from the answer's root, e.g. `data.children[3].totalDossierOnlinePaymentSuccess`. */
  readonly field: string;
  readonly message: string;
}

const EXPECTED_LABELS: Record<string, string> = {
  number: 'một số (hoặc null)',
  string: 'một chuỗi',
  array: 'một danh sách',
  object: 'một đối tượng',
  boolean: 'true/false',
};

/**
 * Describes the first zod issue found while validating `value` (located at `rootPath` in the answer).
 * @example shapeIssue(data, 'data', error.issues[0]).field // 'data.children[3].totalDossierOnlinePaymentSuccess'
 */
export function shapeIssue(value: unknown, rootPath: string, issue: z.core.$ZodIssue): ShapeIssue {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const field = formatPath(rootPath, path);
  const parent = walk(value, path.slice(0, -1));
  const key = path[path.length - 1];
  const unit = unitOf(value, path);
  const at = unit ? ` (đơn vị '${unit}')` : '';

  if (typeof key === 'string' && isRecord(parent) && !(key in parent)) {
    const alike = Object.keys(parent).filter((k) => looksAlike(k, key));
    const hint = alike.length ? `; có trường gần giống: ${alike.map((k) => `'${k}'`).join(', ')} — có thể Cổng đã đổi tên trường` : '';
    return { field, message: `thiếu trường bắt buộc '${key}' tại ${field}${at}${hint}` };
  }
  const found = walk(value, path);
  const expected = issue.code === 'invalid_type' ? (EXPECTED_LABELS[String(issue.expected)] ?? String(issue.expected)) : issue.message;
  return { field, message: `trường ${field}${at} có giá trị ${preview(found)}, cần ${expected}` };
}

function formatPath(rootPath: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), rootPath);
}

function walk(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The name of the unit whose row holds the issue, for the message. */
function unitOf(value: unknown, path: readonly (string | number)[]): string | null {
  for (let i = path.length; i > 0; i--) {
    if (typeof path[i - 1] !== 'number') continue;
    const row = walk(value, path.slice(0, i));
    if (isRecord(row)) {
      const name = row.departmentName ?? row.TEN;
      if (typeof name === 'string') return name;
    }
  }
  return null;
}

function looksAlike(candidate: string, wanted: string): boolean {
  if (candidate === wanted) return false;
  const a = candidate.toLowerCase();
  const b = wanted.toLowerCase();
  if (a.startsWith(b) || b.startsWith(a)) return true;
  return editDistance(a, b) <= Math.max(2, Math.floor(b.length / 4));
}

function preview(value: unknown): string {
  if (value === undefined) return '(không có)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
