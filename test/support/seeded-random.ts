// Deterministic pseudo-random numbers for generated test and benchmark data: the same seed gives the
// same data on every machine.

/**
 * mulberry32: a small 32-bit generator, uniform in [0, 1).
 * @example const random = seededRandom(766); random() // 0.…
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
