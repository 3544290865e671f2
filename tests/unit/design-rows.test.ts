import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DesignRows, dataPrecision, expectedSquaredResiduals } from '../../src/core/stats/design-rows.js';

// The effect model's passes over its rows against the plain dense computation they stand for: X as a full matrix
// (an arm's entry 1, a covariate's value, 0 elsewhere), XᵀWX/σ² and XᵀWy/σ² summed over every pair of columns, and
// (y − x·m)² + x S xᵀ per row.

interface Problem {
  design: DesignRows;
  dense: Float64Array[];
  weights: Float64Array;
  noiseVariance: number;
  mean: Float64Array;
  covariance: Float64Array;
}

const value = fc.double({ min: -20, max: 20, noNaN: true });
const nonzero = value.filter((x) => x !== 0);

const problem: fc.Arbitrary<Problem> = fc
  .record({ arms: fc.integer({ min: 0, max: 8 }), covariates: fc.integer({ min: 0, max: 4 }) })
  .chain(({ arms, covariates }) => {
    const size = arms + covariates;
    const row = fc.record({
      arms: fc.subarray(Array.from({ length: arms }, (_, c) => c)),
      covariates: fc.array(fc.option(nonzero, { nil: 0 }), { minLength: covariates, maxLength: covariates }),
      value,
      precision: fc.double({ min: 1e-3, max: 1, noNaN: true }),
      weight: fc.double({ min: 1e-3, max: 5, noNaN: true }),
    });
    return fc.record({
      size: fc.constant(size),
      arms: fc.constant(arms),
      rows: fc.array(row, { maxLength: 30 }),
      noiseVariance: fc.double({ min: 1e-3, max: 10, noNaN: true }),
      mean: fc.array(value, { minLength: size, maxLength: size }),
      covariance: fc.array(value, { minLength: size * size, maxLength: size * size }),
    });
  })
  .map(({ size, arms, rows, noiseVariance, mean, covariance }) => {
    const rowStarts = new Int32Array(rows.length + 1);
    const armEnds = new Int32Array(rows.length);
    const columns: number[] = [];
    const entries: number[] = [];
    const dense = rows.map((row, i) => {
      const x = new Float64Array(size);
      for (const column of row.arms) {
        columns.push(column);
        entries.push(1);
        x[column] = 1;
      }
      armEnds[i] = columns.length;
      row.covariates.forEach((entry, c) => {
        if (entry === 0) return;
        columns.push(arms + c);
        entries.push(entry);
        x[arms + c] = entry;
      });
      rowStarts[i + 1] = columns.length;
      return x;
    });
    // Symmetric, as a posterior covariance is.
    const symmetric = new Float64Array(size * size);
    for (let p = 0; p < size; p++)
      for (let q = 0; q < size; q++)
        symmetric[p * size + q] = covariance[Math.min(p, q) * size + Math.max(p, q)] as number;
    return {
      design: {
        rows: rows.length,
        size,
        rowStarts,
        armEnds,
        columns: Int32Array.from(columns),
        entries: Float64Array.from(entries),
        values: Float64Array.from(rows, (row) => row.value),
        precisions: Float64Array.from(rows, (row) => row.precision),
      },
      dense,
      weights: Float64Array.from(rows, (row) => row.weight),
      noiseVariance,
      mean: Float64Array.from(mean),
      covariance: symmetric,
    };
  });

/** Equal up to rounding: 1e-12 of `scale`, the sum of the terms' sizes (a bound on what rounding can lose). */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: ArrayLike<number> | number): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const bound = typeof scale === 'number' ? scale : (scale[k] as number);
    expect(Math.abs((actual[k] as number) - (expected[k] as number))).toBeLessThanOrEqual(1e-12 * (1 + bound));
  }
}

describe('design rows', () => {
  it('give XᵀWX/σ² and XᵀWy/σ² as the dense sums do, exactly symmetric', () => {
    fc.assert(
      fc.property(problem, ({ design, dense, weights, noiseVariance }) => {
        const { size } = design;
        const precision = new Float64Array(size * size);
        const right = new Float64Array(size);
        // Every entry and value is at most 20 in size, so every term is at most w·400.
        let scale = 0;
        dense.forEach((x, i) => {
          const w = ((weights[i] as number) * (design.precisions[i] as number)) / noiseVariance;
          for (let p = 0; p < size; p++) {
            right[p] = (right[p] as number) + w * (x[p] as number) * (design.values[i] as number);
            for (let q = 0; q < size; q++)
              precision[p * size + q] = (precision[p * size + q] as number) + w * (x[p] as number) * (x[q] as number);
          }
          scale += w * 400;
        });
        const fast = dataPrecision(design, weights, noiseVariance);
        expectClose(fast.precision, precision, scale);
        expectClose(fast.right, right, scale);
        for (let p = 0; p < size; p++)
          for (let q = 0; q < p; q++) expect(fast.precision[p * size + q]).toBe(fast.precision[q * size + p]);
      }),
      { numRuns: 300 },
    );
  });

  it('give the same XᵀWX/σ² and XᵀWy/σ² written over arrays a previous step filled', () => {
    fc.assert(
      fc.property(problem, value, ({ design, weights, noiseVariance }, stale) => {
        const { size } = design;
        const into = {
          precision: new Float64Array(size * size).fill(stale),
          right: new Float64Array(size).fill(stale),
        };
        const reused = dataPrecision(design, weights, noiseVariance, into);
        expect(reused.precision).toBe(into.precision);
        expect(reused).toEqual(dataPrecision(design, weights, noiseVariance));
      }),
      { numRuns: 100 },
    );
  });

  it('give each row’s expected squared residual (y − x·m)² + x S xᵀ as the dense sums do', () => {
    fc.assert(
      fc.property(problem, ({ design, dense, mean, covariance }) => {
        const { size } = design;
        const scale = new Float64Array(design.rows);
        const expected = dense.map((x, i) => {
          const y = design.values[i] as number;
          let fitted = 0;
          let fittedSize = Math.abs(y);
          let spread = 0;
          let spreadSize = 0;
          for (let p = 0; p < size; p++) {
            fitted += (x[p] as number) * (mean[p] as number);
            fittedSize += Math.abs((x[p] as number) * (mean[p] as number));
            for (let q = 0; q < size; q++) {
              const term = (x[p] as number) * (x[q] as number) * (covariance[p * size + q] as number);
              spread += term;
              spreadSize += Math.abs(term);
            }
          }
          scale[i] = fittedSize ** 2 + spreadSize;
          return (y - fitted) ** 2 + spread;
        });
        const squared = new Float64Array(design.rows);
        expectedSquaredResiduals(design, mean, covariance, squared);
        expectClose(squared, expected, scale);
      }),
      { numRuns: 300 },
    );
  });
});
