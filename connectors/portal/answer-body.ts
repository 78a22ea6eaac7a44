// Reading a portal answer's body from the response stream: held in memory up to a limit; beyond it
// the whole answer goes to a spool file (kept for the archive) and is never parsed.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type AnswerBody = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'spooled'; readonly path: string; readonly size: number };

/**
 * Reads a body (a stream, or bytes from an adapter that buffers) up to `maxBytes` in memory.
 * @example await readAnswerBody(response.data, { maxBytes: 64 << 20 }) // { kind: 'bytes', bytes }
 */
export async function readAnswerBody(data: unknown, options: { maxBytes: number; spoolDir?: string | undefined; signal?: AbortSignal }): Promise<AnswerBody> {
  if (!(data instanceof Readable)) {
    const bytes = data === undefined || data === null ? new Uint8Array(0) : typeof data === 'string' ? Buffer.from(data) : new Uint8Array(data as ArrayBuffer);
    return { kind: 'bytes', bytes };
  }
  const abort = () => data.destroy(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    const iterator = data[Symbol.asyncIterator]();
    for (;;) {
      const next = await iterator.next();
      if (next.done) return { kind: 'bytes', bytes: Buffer.concat(chunks, size) };
      chunks.push(next.value as Buffer);
      size += (next.value as Buffer).length;
      if (size > options.maxBytes) return await spool(chunks, size, iterator, options.spoolDir ?? tmpdir());
    }
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

/** Writes what was read and the rest of the stream to a new file, holding one chunk at a time. */
async function spool(head: Buffer[], headSize: number, rest: AsyncIterator<unknown>, dir: string): Promise<AnswerBody> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `portal-answer-${randomUUID()}.spool`);
  let size = headSize;
  async function* all(): AsyncGenerator<Buffer> {
    yield* head.splice(0);
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      size += (next.value as Buffer).length;
      yield next.value as Buffer;
    }
  }
  try {
    await pipeline(Readable.from(all()), createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true }); // half an answer is no capture
    throw error;
  }
  return { kind: 'spooled', path, size };
}
