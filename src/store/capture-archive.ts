// The capture archive: raw bytes exactly as a source gave them, with their sha256, stored once.
// Small captures live in the database; large ones (files or answers held in memory) are written
// into the data folder's archive. Which month and kind a capture is used for is capture_uses' job.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openContent, type ArchivedCapture, type CaptureContent, type RawCapture } from '../core/connector-contract.js';
import type { Period } from '../core/period.js';
import type { Selectable } from 'kysely';
import type { CapturesTable } from '../../schema/tables.js';
import type { Db } from './database.js';
import type { SourceKind } from '../core/source.js';

export interface ArchiveOptions {
  readonly dataDir: string;
  readonly inlineMaxBytes: number;
}

export interface ArchiveResult {
  readonly capture: ArchivedCapture;
  /** false when the same bytes were archived before (nothing new was stored). */
  readonly isNew: boolean;
}

/** sha256 and size of a capture's content, streamed. */
export async function hashContent(content: CaptureContent): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of openContent(content)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Archives a raw capture unless the same bytes are already archived.
 * @example const { capture, isNew } = await archiveCapture(db, raw, { dataDir, inlineMaxBytes })
 */
export async function archiveCapture(db: Db, raw: RawCapture, options: ArchiveOptions): Promise<ArchiveResult> {
  const { sha256, size } = await hashContent(raw.content);
  // Only the columns needed to decide; the stored bytes are read back only when reused.
  const existing = await db.selectFrom('captures').select('id').where('sha256', '=', sha256).executeTakeFirst();
  if (existing) {
    await discardTemporary(raw.content);
    const row = await db.selectFrom('captures').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
    return { capture: toArchived(row), isNew: false };
  }

  let content: Uint8Array | null = null;
  let archivePath: string | null = null;
  if (size <= options.inlineMaxBytes) {
    const chunks: Buffer[] = [];
    for await (const chunk of openContent(raw.content)) chunks.push(chunk as Buffer);
    content = Buffer.concat(chunks);
    await discardTemporary(raw.content);
  } else {
    archivePath = await writeArchiveFile(raw.content, sha256, options.dataDir);
  }
  const inserted = await db
    .insertInto('captures')
    .values({
      source: raw.source,
      period: raw.period,
      scope: raw.scope,
      sha256,
      file_name: raw.fileName,
      media_type: raw.mediaType,
      size_bytes: size,
      content,
      archive_path: archivePath,
      request: raw.request ? JSON.stringify(raw.request) : null,
      metadata: JSON.stringify(raw.metadata),
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning(['id', 'captured_at'])
    .executeTakeFirst();
  if (!inserted) {
    // Another process archived the same bytes between our check and insert.
    const row = await db.selectFrom('captures').selectAll().where('sha256', '=', sha256).executeTakeFirstOrThrow();
    return { capture: toArchived(row), isNew: false };
  }
  // The bytes we just stored are the ones we hold: no need to read them back.
  const capture: ArchivedCapture = {
    ...raw,
    id: inserted.id,
    sha256,
    capturedAt: new Date(inserted.captured_at),
    content: archivePath ? { kind: 'file', path: archivePath } : { kind: 'bytes', bytes: content! },
  };
  return { capture, isNew: true };
}

/**
 * Puts a large capture into `<dataDir>/captures/<aa>/<sha256>`: a file is copied (or moved when it is a
 * temporary spool file), bytes held in memory are written. Written under a temporary name first, so
 * the archive never holds half a capture.
 */
async function writeArchiveFile(content: CaptureContent, sha256: string, dataDir: string): Promise<string> {
  const dir = join(dataDir, 'captures', sha256.slice(0, 2));
  await mkdir(dir, { recursive: true });
  const archivePath = join(dir, sha256);
  if (content.kind === 'bytes') await writeFile(`${archivePath}.tmp`, content.bytes);
  else if (content.temporary) {
    // A spool file on another file system cannot be renamed: copy it, then drop it.
    await rename(content.path, `${archivePath}.tmp`).catch(async () => {
      await copyFile(content.path, `${archivePath}.tmp`);
      await rm(content.path, { force: true });
    });
  } else await copyFile(content.path, `${archivePath}.tmp`);
  await rename(`${archivePath}.tmp`, archivePath);
  return archivePath;
}

/** A temporary spool file whose bytes are now archived (or were before) is no longer needed. */
async function discardTemporary(content: CaptureContent): Promise<void> {
  if (content.kind === 'file' && content.temporary) await rm(content.path, { force: true });
}

type CaptureRow = Omit<Selectable<CapturesTable>, 'size_bytes' | 'parsed_at'>;

function toArchived(row: CaptureRow): ArchivedCapture {
  const content: CaptureContent = row.content ? { kind: 'bytes', bytes: row.content } : { kind: 'file', path: row.archive_path! };
  return {
    id: row.id,
    sha256: row.sha256,
    capturedAt: new Date(row.captured_at),
    source: row.source as SourceKind,
    period: row.period as Period | null,
    scope: row.scope,
    fileName: row.file_name,
    mediaType: row.media_type,
    content,
    ...(row.request ? { request: row.request as Record<string, unknown> } : {}),
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
  };
}

/** Loads an archived capture by id (for re-parsing a month without the network). */
export async function loadCapture(db: Db, id: number): Promise<ArchivedCapture | undefined> {
  const row = await db.selectFrom('captures').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toArchived(row) : undefined;
}
