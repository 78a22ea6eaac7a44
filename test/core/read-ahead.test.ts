// readAhead overlaps a source's next request with the processing of its current item, one request at a time.
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/pipeline/read-ahead.js';

/** A source that records when each item is requested and how many requests are in flight. */
function trackedSource(count: number, failAt?: number) {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let returned = false;
  async function* source() {
    try {
      for (let i = 0; i < count; i++) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        log.push(`request ${i}`);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (i === failAt) throw new Error(`answer ${i} failed`);
        yield i;
      }
    } finally {
      returned = true;
    }
  }
  return { source: source(), log, maxInFlight: () => maxInFlight, returned: () => returned };
}

describe('readAhead', () => {
  it('asks for the next item while the current one is processed, never two at once', async () => {
    const tracked = trackedSource(4);
    const seen: number[] = [];
    for await (const item of readAhead(tracked.source)) {
      tracked.log.push(`process ${item}`);
      await new Promise((r) => setTimeout(r, 10));
      seen.push(item);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(tracked.maxInFlight()).toBe(1);
    // Each next request starts before the current item is processed (without read-ahead it would
    // start only after: request 0, process 0, request 1, …).
    for (let i = 0; i < 3; i++) expect(tracked.log.indexOf(`request ${i + 1}`), `request ${i + 1}`).toBeLessThan(tracked.log.indexOf(`process ${i}`));
    expect(tracked.log.slice(0, 3)).toEqual(['request 0', 'request 1', 'process 0']);
  });

  it('hands out what arrived before a failure, then fails', async () => {
    const tracked = trackedSource(4, 2);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(tracked.source)) seen.push(item);
      })(),
    ).rejects.toThrow('answer 2 failed');
    expect(seen).toEqual([0, 1]);
  });

  it('closes the source when the consumer stops early, without an unhandled rejection', async () => {
    const tracked = trackedSource(5, 1);
    await expect(
      (async () => {
        for await (const item of readAhead(tracked.source)) throw new Error(`stopped at ${item}`);
      })(),
    ).rejects.toThrow('stopped at 0');
    await new Promise((r) => setTimeout(r, 20));
    expect(tracked.returned()).toBe(true);
  });
});
