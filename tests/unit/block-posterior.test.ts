import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockPosteriors, blockPosteriorsFromMarginal } from '../../src/core/stats/block-posterior.js';
import { cholesky, choleskyInverse, solveLower, solveUpper } from '../../src/core/stats/cholesky.js';

// The fast paths of the effect model's algebra against the straightforward computation they replace: the whole
// precision factored with the block's prior in place, and A⁻¹ column by column from unit vectors.

/** BBᵀ + jitter·I from n × (n + 2) random entries: symmetric positive definite. */
function spd(entries: readonly number[], n: number, jitter: number): Float64Array {
  const width = n + 2;
  const matrix = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let sum = a === b ? jitter : 0;
      for (let k = 0; k < width; k++) sum += (entries[a * width + k] as number) * (entries[b * width + k] as number);
      matrix[a * n + b] = sum;
    }
  return matrix;
}

/** A⁻¹'s columns one unit vector at a time. */
function inverseByColumns(lower: Float64Array, n: number): Float64Array {
  const inverse = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const unit = new Float64Array(n);
    unit[j] = 1;
    const column = solveUpper(lower, n, solveLower(lower, n, unit));
    for (let i = 0; i < n; i++) inverse[i * n + j] = column[i] as number;
  }
  return inverse;
}

/** κ₁(A) = ‖A‖₁‖A⁻¹‖₁ of a symmetric positive definite A. */
function condition(matrix: Float64Array, n: number): number {
  const norm = (m: Float64Array) => {
    let largest = 0;
    for (let a = 0; a < n; a++) {
      let sum = 0;
      for (let b = 0; b < n; b++) sum += Math.abs(m[a * n + b] as number);
      largest = Math.max(largest, sum);
    }
    return largest;
  };
  return norm(matrix) * norm(inverseByColumns(cholesky(matrix, n), n));
}

/**
 * Two factorisations of A agree to rounding, and rounding in a solve grows with A's condition κ (O(n·ε·κ), n ≤ 9
 * here): with jitter 1e-3 and a prior scaled by 1e4, κ reaches 6e8, where a fixed 1e-9 failed once in 100,000
 * problems (a covariance entry of 930 differed by 1.6e-6, κ 7e7). The largest error over 100,000 was 1.9·ε·κ;
 * a wrong formula is off by far more than 10·ε·κ ≤ 2e-6.
 */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, kappa: number): void {
  expect(actual.length).toBe(expected.length);
  const tolerance = Math.max(1e-9, 10 * Number.EPSILON * kappa);
  for (let k = 0; k < expected.length; k++) {
    const scale = Math.max(1, Math.abs(expected[k] as number));
    expect(Math.abs((actual[k] as number) - (expected[k] as number)) / scale).toBeLessThan(tolerance);
  }
}

const entry = fc.double({ min: -3, max: 3, noNaN: true });
const problem = fc
  .integer({ min: 1, max: 9 })
  .chain((size) =>
    fc.record({
      size: fc.constant(size),
      start: fc.integer({ min: 0, max: size }),
      count: fc.integer({ min: 0, max: size }),
      // Jitter from 1e-3 keeps A's condition number where every figure the model prints is meaningful.
      jitter: fc.double({ min: 1e-3, max: 10, noNaN: true }),
      matrix: fc.array(entry, { minLength: size * (size + 2), maxLength: size * (size + 2) }),
      prior: fc.array(entry, { minLength: size * (size + 2), maxLength: size * (size + 2) }),
      priorScale: fc.double({ min: 1e-2, max: 1e4, noNaN: true }),
      right: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: size, maxLength: size }),
    }),
  )
  .map((p) => ({ ...p, count: Math.min(p.count, p.size - p.start) }));

describe('choleskyInverse', () => {
  it('equals A⁻¹ solved column by column, and is exactly symmetric', () => {
    fc.assert(
      fc.property(problem, ({ size, matrix, jitter }) => {
        const lower = cholesky(spd(matrix, size, jitter), size);
        const inverse = choleskyInverse(lower, size);
        expectClose(inverse, inverseByColumns(lower, size), condition(spd(matrix, size, jitter), size));
        for (let a = 0; a < size; a++)
          for (let b = 0; b < a; b++) expect(inverse[a * size + b]).toBe(inverse[b * size + a]);
      }),
      { numRuns: 200 },
    );
  });
  it('gives the same factor and inverse written over arrays a previous matrix filled', () => {
    fc.assert(
      fc.property(problem, entry, ({ size, matrix, jitter }, stale) => {
        const square = () => new Float64Array(size * size).fill(stale);
        const lower = cholesky(spd(matrix, size, jitter), size);
        const reusedLower = cholesky(spd(matrix, size, jitter), size, square());
        // Only the lower triangle is the factor; the upper one is never read.
        for (let a = 0; a < size; a++)
          for (let b = 0; b <= a; b++) expect(reusedLower[a * size + b]).toBe(lower[a * size + b]);
        const workspace = { inverse: square(), scratch: square() };
        expect(choleskyInverse(reusedLower, size, workspace)).toEqual(choleskyInverse(lower, size));
      }),
      { numRuns: 100 },
    );
  });
});

describe('blockPosteriors', () => {
  it("equals factoring the whole precision with the block's prior in place, for every prior", () => {
    fc.assert(
      fc.property(problem, ({ size, start, count, jitter, matrix, prior, priorScale, right }) => {
        const precision = spd(matrix, size, jitter);
        const blockPrior = spd(prior, count, 0).map((value) => value * priorScale);
        const whole = Float64Array.from(precision);
        for (let a = 0; a < count; a++)
          for (let b = 0; b < count; b++)
            whole[(start + a) * size + start + b] =
              (whole[(start + a) * size + start + b] as number) + (blockPrior[a * count + b] as number);
        const lower = cholesky(whole, size);
        const mean = solveUpper(lower, size, solveLower(lower, size, right));
        const inverse = inverseByColumns(lower, size);
        let logDeterminant = 0;
        for (let p = 0; p < size; p++) logDeterminant += 2 * Math.log(lower[p * size + p] as number);
        let quadratic = 0;
        for (let p = 0; p < size; p++) quadratic += (mean[p] as number) * (right[p] as number);
        const covariance = new Float64Array(count * count);
        for (let a = 0; a < count; a++)
          for (let b = 0; b < count; b++) covariance[a * count + b] = inverse[(start + a) * size + start + b] as number;

        const fast = blockPosteriors(precision, size, right, start, count)(blockPrior);
        const kappa = condition(whole, size);
        expectClose(fast.mean, mean.subarray(start, start + count), kappa);
        expectClose(fast.covariance, covariance, kappa);
        expectClose([fast.logDeterminant, fast.quadratic], [logDeterminant, quadratic], kappa);
      }),
      { numRuns: 300 },
    );
  });

  it('serves several priors from one factorisation, each as if computed alone', () => {
    fc.assert(
      fc.property(problem, ({ size, start, count, jitter, matrix, prior, right }) => {
        const precision = spd(matrix, size, jitter);
        const base = spd(prior, count, 1);
        const posteriors = blockPosteriors(precision, size, right, start, count);
        for (const scale of [0.01, 1, 100]) {
          const scaled = base.map((value) => value * scale);
          const again = blockPosteriors(precision, size, right, start, count)(scaled);
          const shared = posteriors(scaled);
          expect(shared).toEqual(again);
        }
      }),
      { numRuns: 100 },
    );
  });
  it('from the block of a joint posterior under a diagonal prior: the same posteriors, determinant and quadratic up to a constant', () => {
    fc.assert(
      fc.property(problem, entry, ({ size, start, count, jitter, matrix, prior, priorScale, right }, otherTau) => {
        // Independent arms, as the effect model uses it: the block's prior is diagonal, and so is the joint one's.
        const precision = spd(matrix, size, jitter);
        const diagonal = (scale: number) => {
          const block = new Float64Array(count * count);
          for (let a = 0; a < count; a++) block[a * count + a] = scale;
          return block;
        };
        const withPrior = (p: Float64Array) => {
          const matrix = Float64Array.from(precision);
          for (let a = 0; a < count; a++)
            matrix[(start + a) * size + start + a] =
              (matrix[(start + a) * size + start + a] as number) + (p[a * count + a] as number);
          return matrix;
        };
        const used = diagonal(1 + Math.abs(otherTau));
        const whole = withPrior(used);
        const lower = cholesky(whole, size);
        const jointMean = solveUpper(lower, size, solveLower(lower, size, right));
        const jointCovariance = inverseByColumns(lower, size);
        const block = new Float64Array(count * count);
        for (let a = 0; a < count; a++)
          for (let b = 0; b < count; b++)
            block[a * count + b] = jointCovariance[(start + a) * size + start + b] as number;
        const fromMarginal = blockPosteriorsFromMarginal(jointMean.slice(start, start + count), block, count, used);
        const direct = blockPosteriors(precision, size, right, start, count);
        const priors = [diagonal(priorScale), diagonal(Math.abs(prior[0] as number) + 0.1)];
        const [fast, slow] = [fromMarginal, direct].map((posteriors) => priors.map((p) => posteriors(p)));
        // The path through the joint posterior solves with A + used, the direct one with A + each prior.
        const kappa = Math.max(...[used, ...priors].map((p) => condition(withPrior(p), size)));
        priors.forEach((_, k) => {
          expectClose(fast?.[k]?.mean as Float64Array, slow?.[k]?.mean as Float64Array, kappa);
          expectClose(fast?.[k]?.covariance as Float64Array, slow?.[k]?.covariance as Float64Array, kappa);
        });
        const change = (list: typeof fast) => [
          (list?.[1]?.logDeterminant as number) - (list?.[0]?.logDeterminant as number),
          (list?.[1]?.quadratic as number) - (list?.[0]?.quadratic as number),
        ];
        expectClose(change(fast), change(slow), kappa);
      }),
      { numRuns: 200 },
    );
  });
});
