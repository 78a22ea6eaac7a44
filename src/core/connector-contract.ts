// The contract every source connector implements (in the spirit of Singer/Airbyte taps):
// describe → check → capture (raw bytes, archived before parsing) → parse (metric rows or problems).
// Connectors know nothing of the database or the queue.
import type { InputLimits } from './input-limits.js';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Period } from './period.js';
import type { SourceKind, SourceLocation } from './source.js';
import type { UnitRegistry } from './unit-registry.js';

/**
 * Raw content of a capture: small ones in memory, large ones as a file streamed on demand. A
 * `temporary` file (a spooled portal answer) belongs to the capture: the archive moves it into place.
 */
export type CaptureContent =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'file'; readonly path: string; readonly temporary?: boolean };

/** What a connector captured, before it is archived. */
export interface RawCapture {
  readonly source: SourceKind;
  readonly period: Period | null;
  /** Which slice of the source: a province, an endpoint, a file name. */
  readonly scope: string | null;
  readonly fileName: string | null;
  readonly mediaType: string;
  readonly content: CaptureContent;
  /** The request that produced it (method, url, body), secrets removed. */
  readonly request?: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

/** A capture as stored: the archive gives it an id and its sha256. */
export interface ArchivedCapture extends RawCapture {
  readonly id: number;
  readonly sha256: string;
  readonly capturedAt: Date;
}

/** One canonical fact: "unit U had value V for metric M in period P", with where it was read. */
export interface MetricRow {
  readonly period: Period;
  readonly unitCode: string;
  readonly metric: string;
  /** null = unknown (not measured), never confused with a measured 0. */
  readonly value: number | null;
  readonly location: SourceLocation;
}

/** A row or value that could not be used: kept in quarantine with where, what and why. */
export interface ParseProblem {
  readonly location: SourceLocation;
  readonly found: string | null;
  readonly expected: string | null;
  readonly reason: string;
}

/**
 * A source's own id for a unit, learned while reading (a portal `departmentId`): the store remembers
 * it, so the next answer resolves the unit by id even when its name drifts.
 */
export interface UnitLink {
  readonly source: SourceKind;
  readonly externalId: string;
  /** The source's code for the unit (`H21.217`), when it gives one. */
  readonly externalCode: string | null;
  /** The name as the source wrote it. */
  readonly name: string;
  readonly provinceCode: string;
  /** commune: a registry unit; agency: a provincial department (its unit code is the portal code). */
  readonly kind: 'commune' | 'agency';
  readonly unitCode: string;
}

/** The links remembered so far (read-only for connectors; the pipeline stores new ones). */
export interface UnitLinkLookup {
  byExternalId(externalId: string): UnitLink | undefined;
  byUnitCode(unitCode: string): UnitLink | undefined;
}

/** Something the operator should read once (a loose name match, departments left out), not a problem. */
export interface ParseNote {
  readonly location: SourceLocation;
  readonly message: string;
}

export type ParseEvent =
  | { readonly kind: 'metric'; readonly row: MetricRow }
  | { readonly kind: 'problem'; readonly problem: ParseProblem }
  | { readonly kind: 'note'; readonly note: ParseNote }
  | { readonly kind: 'link'; readonly link: UnitLink };

export interface ParseContext {
  /** The month the operator asked for; a source stating another month is an error. */
  readonly period: Period;
  readonly registry: UnitRegistry;
  readonly signal?: AbortSignal;
  /** Called as a large file is read (bytes so far), so the operator sees progress. */
  readonly onBytes?: (bytesRead: number) => void;
  /** Bounds on reading a file (DEFAULT_INPUT_LIMITS when absent). */
  readonly limits?: InputLimits;
  /** Unit ids a source's earlier answers taught (portal departmentId → unit). */
  readonly unitLinks?: UnitLinkLookup;
}

export interface CaptureContext<Config> {
  readonly period: Period;
  readonly config: Config;
  readonly signal?: AbortSignal;
}

export interface ConnectorDescription<Config> {
  readonly name: string;
  readonly source: SourceKind;
  readonly title: string;
  readonly configSchema: z.ZodType<Config>;
  /** Canonical metric keys this connector can emit. */
  readonly metrics: readonly string[];
}

export interface CheckResult {
  readonly ok: boolean;
  readonly message: string;
}

export interface Connector<Config> {
  describe(): ConnectorDescription<Config>;
  check(config: Config): Promise<CheckResult>;
  capture(context: CaptureContext<Config>): AsyncIterable<RawCapture>;
  parse(capture: ArchivedCapture | RawCapture, context: ParseContext): AsyncIterable<ParseEvent>;
}

/**
 * A source that failed, saying itself whether trying again later may help (a timeout, a 5xx after
 * the connector's own retries) or not (a changed shape, an unreadable file, a firewall page): the
 * pipeline decides what to retry from `retriable`, never from a connector's own error classes.
 */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/**
 * A file that cannot be read at all (wrong format, missing required column, wrong period): the
 * whole capture is refused, and reading it again will not help; row-level problems are ParseProblems instead.
 */
export class UnreadableSourceError extends SourceError {
  readonly code = 'UNREADABLE_SOURCE';
  constructor(
    message: string,
    readonly location: SourceLocation,
  ) {
    super(message, false);
    this.name = 'UnreadableSourceError';
  }
}

/** Opens a capture's content as a byte stream. */
export function openContent(content: CaptureContent): Readable {
  return content.kind === 'file' ? createReadStream(content.path) : Readable.from([Buffer.from(content.bytes)]);
}

/** Reads a capture's whole content (for small captures such as JSON responses). */
export async function readContent(content: CaptureContent): Promise<Buffer> {
  if (content.kind === 'bytes') return Buffer.from(content.bytes);
  const chunks: Buffer[] = [];
  for await (const chunk of openContent(content)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
