// Overlapping a source's next request with the processing of its current answer. Still one request
// at a time (the next one starts only when the previous answer has arrived, and the connector's pacer
// still spaces them): the archive-and-parse work simply stops adding to the wait.

/**
 * Yields the items of `source`, asking for the next one as soon as the current one is handed out.
 * @example for await (const capture of readAhead(connector.capture(context))) await ingest(capture)
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  // If the consumer stops early, the request in flight must not become an unhandled rejection.
  pending.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const result = await pending;
      if (result.done) {
        finished = true;
        return;
      }
      pending = iterator.next();
      pending.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!finished) await iterator.return?.().catch(() => undefined);
  }
}
