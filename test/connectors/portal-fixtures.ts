// Hand-written portal answers for the nock tests: small, explicit, shaped like the recorded ones.
import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';
import type { ParseEvent } from '../../src/core/connector-contract.js';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

export const BASE = 'https://dichvucong.test';
export const ROOT = '019d2be3-6a85-74ec-a341-16615c474af4';
export const OTHER_ROOT = '019d2be3-6a85-74ec-a346-6489e82ae4c7';
export const PERIOD = parsePeriod('2023-09');
export const registry = loadUnitRegistry();

type Json = Record<string, unknown>;

export function metric(code: string, numerator: number | null, denominator: number | null, extra: Json = {}): Json {
  const ratio = numerator !== null && denominator ? Math.round((numerator / denominator) * 10000) / 100 : null;
  return { code, name: `Chỉ tiêu ${code}`, numerator, denominator, ratio, score: ratio === null ? null : 1, maxScore: 6, ...extra };
}

export function evaluationRow(departmentId: string, departmentName: string, metrics: Json[], extra: Json = {}): Json {
  return {
    stt: 1,
    departmentId,
    departmentName,
    departmentType: 'COMMUNE_PEOPLE_COMMITTEE',
    departmentLevel: 'COMMUNE',
    totalScore: 10.5,
    totalMaxScore: 18,
    ratio: 58.33,
    scoreDelta: 0,
    metrics,
    ...extra,
  };
}

export function shapeA(rows: Json[], options: { page?: number; totalPages?: number; pageSize?: number; total?: number; root?: string } = {}): Json {
  const page = options.page ?? 1;
  const totalPages = options.totalPages ?? 1;
  return {
    code: 'OK',
    message: 'OK',
    data: {
      overview: { departmentId: options.root ?? ROOT, departmentName: 'UBND tỉnh Điện Biên', metrics: [] },
      evaluation: rows,
      pagination: { total: options.total ?? rows.length, currentPage: page, pageSize: options.pageSize ?? 200, totalPages },
      source: 'Cổng DVCQG',
    },
  };
}

export function paymentChild(departmentId: string, departmentName: string, paid: number | null, fee: number | null, extra: Json = {}): Json {
  return {
    departmentId,
    departmentName,
    level: 'COMMUNE',
    totalDossierOnlinePaymentSuccess: paid,
    totalDossierFinancialObligation: fee,
    totalDossierOnlineFormalityPaymentSuccess: null,
    totalFeeDossierFormalityDistinct: null,
    totalFeeDossierFormality: null,
    totalFeeFormality: null,
    ratio: paid !== null && fee ? (paid / fee) * 100 : null,
    totalScore: null,
    totalMaxScore: 10,
    scoreDelta: 0,
    ...extra,
  };
}

export function paymentTree(children: Json[], root: string = ROOT): Json {
  return {
    code: 'OK',
    message: 'OK',
    data: {
      parent: { departmentId: root, departmentName: 'UBND tỉnh Điện Biên', totalDossierOnlinePaymentSuccess: 30, totalDossierFinancialObligation: 184, totalScore: 1.6, totalMaxScore: 10, ratio: 16.3 },
      children,
    },
  };
}

/** Collects a connector's parse events, or the error that stopped it (with the events before it). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: null };
  } catch (error) {
    return { items, error };
  }
}

/** A sleep that records the requested pauses and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; calls: number[] } {
  const calls: number[] = [];
  return { calls, sleep: async (ms: number) => void calls.push(ms) };
}

/**
 * nock at the HTTP boundary for a test file: no real network except loopback (Postgres, Redis, local
 * servers), and every interceptor cleared after each test.
 */
export function useNockBoundary(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
}

/** The one value parsed for (unit, metric); fails the test when there is not exactly one. */
export function parsedValue(events: readonly ParseEvent[], unitCode: string, key: string): number | null {
  const rows = events.flatMap((e) => (e.kind === 'metric' && e.row.unitCode === unitCode && e.row.metric === key ? [e.row] : []));
  expect(rows, `${unitCode} ${key}`).toHaveLength(1);
  return rows[0]!.value;
}
