// The one place that knows the concrete connectors: a source kind → its connector, which kind an
// operator's file is, and how a file of a kind becomes raw captures. Everything above asks here.
import { basename, extname } from 'node:path';
import type { CircuitBreakerStore } from '../src/core/circuit-breaker.js';
import { SourceError, type Connector, type RawCapture } from '../src/core/connector-contract.js';
import type { Period } from '../src/core/period.js';
import type { SourceKind } from '../src/core/source.js';
import { createDossierListConnector } from './dossier-list/dossier-list-connector.js';
import { createOneDoorConnector } from './one-door/one-door-connector.js';
import { classifyDroppedFile, scanDropFolder, type DropFolderFile } from './one-door/scan-drop-folder.js';
import { LegacyPortalConnector } from './portal/legacy-portal-connector.js';
import { PortalConnector } from './portal/portal-connector.js';
import { readSavedPortalFile } from './portal/saved-capture.js';
import { detectTemplateKind, templateConnector } from './template/template-connector.js';

/** What connectors may be given by their owner (the pipeline passes the Postgres-backed breaker). */
export interface ConnectorDeps {
  readonly breaker?: CircuitBreakerStore;
}

/** Which province a saved portal answer belongs to (from schema/provinces.json). */
export interface SavedPortalScope {
  readonly rootDepartmentId?: string;
  readonly provinceCode?: string;
  readonly legacyProvinceId?: string;
}

/** An operator's file as raw captures, with what the operator should know about it. */
export interface FileCaptures {
  readonly captures: readonly RawCapture[];
  /** Skipped HAR entries, missing pages: said, never silently dropped. */
  readonly notes: readonly string[];
}

interface RegistryEntry {
  create(deps: ConnectorDeps): Connector<unknown>;
  readFile(path: string, period: Period, scope: SavedPortalScope): Promise<FileCaptures>;
}

/** A file kind: the file is the connector's configuration, and its capture() builds the capture. */
function fileKind(create: () => Connector<{ path: string }>): RegistryEntry {
  return {
    create: () => create() as Connector<unknown>,
    async readFile(path, period) {
      const captures: RawCapture[] = [];
      for await (const capture of create().capture({ period, config: { path } })) captures.push(capture);
      return { captures, notes: [] };
    },
  };
}

/** A portal kind: captured live, or from a browser-saved body or HAR file (which may hold both APIs). */
function portalKind(create: (deps: ConnectorDeps) => Connector<unknown>): RegistryEntry {
  return {
    create,
    async readFile(path, period, scope) {
      const saved = await readSavedPortalFile(path, { period, ...scope });
      const notes = [
        ...(saved.ignoredEntries ? [`${saved.ignoredEntries} mục HAR của địa chỉ khác được bỏ qua`] : []),
        ...saved.skippedEntries.map((e) => `mục HAR #${e.entry} (${e.url}) bị bỏ qua: ${e.reason}`),
        ...saved.warnings,
      ];
      return { captures: saved.captures, notes };
    },
  };
}

const ENTRIES: Readonly<Record<SourceKind, RegistryEntry>> = {
  template: fileKind(() => templateConnector),
  'one-door': fileKind(() => createOneDoorConnector()),
  'dossier-list': fileKind(() => createDossierListConnector()),
  portal: portalKind((deps) => new PortalConnector(deps)),
  'portal-legacy': portalKind((deps) => new LegacyPortalConnector(deps)),
};

/**
 * The connector of a source kind.
 * @example for await (const raw of createConnector('portal', { breaker }).capture({ period, config })) ...
 */
export function createConnector(kind: SourceKind, deps: ConnectorDeps = {}): Connector<unknown> {
  return ENTRIES[kind].create(deps);
}

/**
 * The raw captures of an operator's file read as `kind` (file kinds through their connector's capture()).
 * @example const { captures, notes } = await captureFile('one-door', 'bieu-ii06a.xlsx', period)
 */
export function captureFile(kind: SourceKind, path: string, period: Period, scope: SavedPortalScope = {}): Promise<FileCaptures> {
  return ENTRIES[kind].readFile(path, period, scope);
}

export type FileKindDetection = { readonly kind: SourceKind } | { readonly kind: 'unknown'; readonly reason: string | null };

/**
 * Which kind an operator's file is: saved portal answers by extension, the others by their header rows.
 * @example (await detectFileKind('examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv')).kind // 'template'
 */
export async function detectFileKind(path: string): Promise<FileKindDetection> {
  const extension = extname(path).toLowerCase();
  if (extension === '.json' || extension === '.har') return { kind: 'portal' };
  if (await detectTemplateKind(path)) return { kind: 'template' };
  const classified = await classifyDroppedFile(path, basename(path));
  return classified.kind === 'unknown' ? { kind: 'unknown', reason: classified.reason ?? null } : { kind: classified.kind };
}

/**
 * Which layout a one-door system's export is, from its first rows only: the summary per unit or the
 * list of dossiers (null: neither).
 * @example await detectExportLayout('danh-sach-ho-so.csv') // 'dossier-list'
 */
export async function detectExportLayout(path: string): Promise<'one-door' | 'dossier-list' | null> {
  const classified = await classifyDroppedFile(path, basename(path));
  return classified.kind === 'unknown' ? null : classified.kind;
}

/**
 * The files dropped for a month in a one-door drop folder (`<dir>/<YYYY-MM>/`), each with its detected kind.
 * @example await dropFolderFiles('/srv/one-door', period) // [{ fileName: 'bieu-ii06a.xlsx', kind: 'one-door', ... }]
 */
export function dropFolderFiles(dir: string, period: Period): Promise<DropFolderFile[]> {
  return scanDropFolder(dir, period);
}

/**
 * The raw captures of a drop folder's files of a known kind, one file after another, each read only
 * when the stage asks for it (files of an unknown kind are the caller's to report).
 * @example await runCaptureStage(ctx, dropFolderCaptures(await dropFolderFiles(dir, period), period), period)
 */
export async function* dropFolderCaptures(files: readonly DropFolderFile[], period: Period, signal?: AbortSignal): AsyncGenerator<RawCapture> {
  for (const file of files) {
    if (signal?.aborted) throw new SourceError('đã huỷ', false);
    if (file.kind !== 'unknown') yield* (await captureFile(file.kind, file.path, period)).captures;
  }
}
