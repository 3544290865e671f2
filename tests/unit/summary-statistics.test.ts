import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, medianInPlace, quantile, selectInPlace } from '../../src/core/stats/summary-statistics.js';

/** The textbook definition, by sorting: what the selection-based median must agree with. */
function sortedMedian(values: number[]): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

describe('median', () => {
  it('equals the sorted middle for any values, duplicates and non-finite ones included', () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 0),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        // + 0 turns −0 into 0: which of two equal zeros lands in the middle is not defined by either method.
        const plusZero = (value: number | null) => (value === null ? null : value + 0);
        expect(plusZero(median(values))).toBe(plusZero(sortedMedian(values)));
      }),
      { numRuns: 500 },
    );
  });

  it('handles sorted, reversed and constant inputs of 100,000 values (no quadratic pivot)', () => {
    const ascending = Array.from({ length: 100_000 }, (_, index) => index);
    expect(median(ascending)).toBe(49_999.5);
    expect(median([...ascending].reverse())).toBe(49_999.5);
    expect(median(Array(100_001).fill(7))).toBe(7);
  });

  it('reads only the first `count` values when given one (the scores’ reused peer buffer)', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 60 }), fc.array(finite), (head, tail) => {
        const buffer = Float64Array.from([...head, ...tail]);
        expect(medianInPlace(buffer, head.length) + 0).toBe((sortedMedian(head) as number) + 0);
        const sorted = [...head].sort((a, b) => a - b);
        const k = head.length >> 1;
        expect(selectInPlace(Float64Array.from([...head, ...tail]), k, head.length) + 0).toBe(
          (sorted[k] as number) + 0,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the caller’s array as it was', () => {
    const values = [5, 1, 4, 2, 3];
    median(values);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('is null without finite values, and quantile agrees with it at 0.5 for odd counts', () => {
    expect(median([])).toBeNull();
    expect(median([Number.NaN])).toBeNull();
    expect(quantile([3, 1, 2], 0.5)).toBe(median([3, 1, 2]));
  });
});
