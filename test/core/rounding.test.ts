import { describe, expect, it } from 'vitest';
import { formatDecimal, roundHalfAway } from '../../src/core/rounding.js';

describe('roundHalfAway', () => {
  it('rounds on the decimal value, not the binary double', () => {
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect((1.005).toFixed(2)).toBe('1.00'); // the trap this function avoids
    expect(roundHalfAway(71.505, 2)).toBe(71.51);
    expect(roundHalfAway(2.675, 2)).toBe(2.68);
  });
  it('rounds half away from zero, including negatives', () => {
    expect(roundHalfAway(0.25, 1)).toBe(0.3);
    expect(roundHalfAway(-0.25, 1)).toBe(-0.3);
    expect(roundHalfAway(0.24999, 1)).toBe(0.2);
  });
  it('absorbs float noise from sums', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundHalfAway(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundHalfAway(7.995, 2)).toBe(8);
  });
  it('formats with a decimal comma', () => {
    expect(formatDecimal(9.8, 1)).toBe('9,8');
    expect(formatDecimal(30, 1)).toBe('30,0');
    expect(formatDecimal(1.005, 2)).toBe('1,01');
  });
});
