import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, solveLower, solveUpper } from '../../src/core/stats/cholesky.js';
import { diagonalBlockPosterior } from '../../src/core/stats/diagonal-block-posterior.js';

// The EM step's posterior with an independent-arms block solved first, against the whole precision factored and
// inverted: the same mean and covariance up to rounding, wherever the block sits among the parameters.

/**
 * XᵀWX + I/4 for rows that each have one of the block's arms (entry 1, or none) and dense other entries: the block
 * of the result is diagonal, as an effect model dimension's is.
 */
function precisionOf(
  rows: { arm: number; others: number[]; weight: number }[],
  size: number,
  start: number,
  count: number,
) {
  const precision = new Float64Array(size * size);
  for (let p = 0; p < size; p++) precision[p * size + p] = 0.25;
  for (const { arm, others, weight } of rows) {
    const x = new Float64Array(size);
    others.forEach((value, k) => {
      x[k < start ? k : k + count] = value;
    });
    if (arm < count) x[start + arm] = 1;
    for (let a = 0; a < size; a++)
      for (let b = 0; b < size; b++)
        precision[a * size + b] = (precision[a * size + b] as number) + weight * (x[a] as number) * (x[b] as number);
  }
  return precision;
}

/** Rows of a problem: the block arm each has (none where it is past the block), its other entries and its weight. */
const blockRows = fc.array(
  fc.tuple(
    fc.nat(7),
    fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 5, maxLength: 5 }),
    fc.double({ min: 0.05, max: 1, noNaN: true }),
  ),
  { minLength: 1, maxLength: 30 },
);

/** The precision of `rows` with a block of `count` arms placed at `startAt` (at most after every other entry). */
function problemOf(rows: [number, number[], number][], count: number, othersCount: number, startAt: number) {
  const size = count + othersCount;
  const start = Math.min(startAt, othersCount);
  const precision = precisionOf(
    rows.map(([arm, others, weight]) => ({ arm, others: others.slice(0, othersCount), weight })),
    size,
    start,
    count,
  );
  return { size, start, precision };
}

describe('diagonalBlockPosterior', () => {
  it('gives the mean and covariance of the whole factorisation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        blockRows,
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 16, maxLength: 16 }),
        (count, othersCount, startAt, rows, right) => {
          const { size, start, precision } = problemOf(rows, count, othersCount, startAt);
          const r = right.slice(0, size);
          const lower = cholesky(precision, size);
          const expectedMean = solveUpper(lower, size, solveLower(lower, size, r));
          const expectedCovariance = choleskyInverse(lower, size);
          const covariance = new Float64Array(size * size);
          const solve = diagonalBlockPosterior(size, start, count);
          // Twice: the second call reuses the first one's arrays.
          solve(
            precision,
            r.map((value) => -value),
            covariance,
          );
          const mean = solve(precision, r, covariance);
          for (let k = 0; k < size; k++) expect(mean[k]).toBeCloseTo(expectedMean[k] as number, 9);
          for (let k = 0; k < size * size; k++) expect(covariance[k]).toBeCloseTo(expectedCovariance[k] as number, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes, asked for the block’s variances only, every other entry as the whole covariance, to the bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        blockRows,
        (count, othersCount, startAt, rows) => {
          const { size, start, precision } = problemOf(rows, count, othersCount, startAt);
          const right = Float64Array.from({ length: size }, (_, k) => k - 1.5);
          const whole = new Float64Array(size * size);
          const expectedMean = diagonalBlockPosterior(size, start, count)(precision, right, whole);
          const partial = new Float64Array(size * size).fill(Number.NaN);
          const solve = diagonalBlockPosterior(size, start, count, true);
          solve(precision, right, partial);
          expect(solve(precision, right, partial)).toEqual(expectedMean);
          const inBlock = (p: number) => p >= start && p < start + count;
          for (let p = 0; p < size; p++)
            for (let q = 0; q < size; q++)
              expect(partial[p * size + q]).toBe(
                inBlock(p) && inBlock(q) && p !== q ? Number.NaN : whole[p * size + q],
              );
        },
      ),
      { numRuns: 200 },
    );
  });
});
