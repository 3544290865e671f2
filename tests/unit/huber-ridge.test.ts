import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitHuberRidge } from '../../src/core/stats/huber-ridge.js';
import { fitRidge, type RidgeFit } from '../../src/core/stats/ridge-regression.js';

// The robust fit must be the ridge fit where nothing is extreme, and must stop following a response that runs away.

const LAMBDA = { lambda: 10 };

/** 12–40 rows of two whole-number predictors (0–10) and a response linear in them plus noise of up to ±0.05. */
const noisyData = fc
  .record({
    intercept: fc.double({ min: -5, max: 5, noNaN: true }),
    slopes: fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })),
    points: fc.array(
      fc.record({
        x1: fc.integer({ min: 0, max: 10 }),
        x2: fc.integer({ min: 0, max: 10 }),
        noise: fc.integer({ min: -50, max: 50 }).map((thousandths) => thousandths / 1_000),
      }),
      { minLength: 12, maxLength: 40 },
    ),
  })
  // Noise on most rows: an exact relation leaves no scale to call a residual extreme by (the first test).
  .filter(({ points }) => points.filter((point) => Math.abs(point.noise) >= 0.01).length > (2 * points.length) / 3)
  // Predictors that vary: one odd value in a column of zeros is a coefficient set by a single row.
  .filter(({ points }) => new Set(points.map((p) => p.x1)).size >= 4 && new Set(points.map((p) => p.x2)).size >= 4)
  .map(({ intercept, slopes, points }) => ({
    rows: points.map(({ x1, x2 }) => [x1, x2]),
    y: points.map(({ x1, x2, noise }) => intercept + slopes[0] * x1 + slopes[1] * x2 + noise),
  }));

describe('fitHuberRidge', () => {
  it('is exactly the ridge fit when the response is an exact linear relation', () => {
    fc.assert(
      fc.property(noisyData, ({ rows }) => {
        const exact = rows.map(([x1, x2]) => 1 + 0.5 * (x1 as number) - 0.25 * (x2 as number));
        expect(fitHuberRidge(rows, exact, LAMBDA)).toEqual(fitRidge(rows, exact, LAMBDA));
      }),
    );
  });

  it('shifts with the response: adding a constant moves the intercept by it and nothing else', () => {
    fc.assert(
      fc.property(noisyData, fc.double({ min: -100, max: 100, noNaN: true }), ({ rows, y }, shift) => {
        const fit = fitHuberRidge(rows, y, LAMBDA);
        const shifted = fitHuberRidge(
          rows,
          y.map((value) => value + shift),
          LAMBDA,
        );
        expect(shifted.interceptAtMeans).toBeCloseTo(fit.interceptAtMeans + shift, 6);
        for (const [j, coefficient] of fit.coefficients.entries())
          expect(shifted.coefficients[j]).toBeCloseTo(coefficient, 6);
        for (const [i, residual] of fit.residuals.entries()) expect(shifted.residuals[i]).toBeCloseTo(residual, 6);
      }),
    );
  });

  it('stops following one response that runs away, where least squares follows it all the way', () => {
    fc.assert(
      fc.property(noisyData, fc.nat(), ({ rows, y }, pick) => {
        const row = pick % y.length;
        const runaway = (by: number) => y.map((value, i) => (i === row ? value + by : value));
        // An M-estimator bounds the pull of an extreme response, not that of a row which alone sets a predictor
        // (leverage near 1: every fit passes through it). Leverage from least squares: 1 − residual ÷ LOO residual.
        const plain = fitRidge(rows, runaway(1_000), { lambda: 1e-10 });
        fc.pre(1 - (plain.residuals[row] as number) / (plain.leaveOneOutResiduals[row] as number) < 0.5);
        const robustFar = fitHuberRidge(rows, runaway(1_000), LAMBDA);
        const robustFarther = fitHuberRidge(rows, runaway(1_000_000), LAMBDA);
        const robustFarthest = fitHuberRidge(rows, runaway(1_000_000_000), LAMBDA);
        const squaresFar = fitRidge(rows, runaway(1_000), LAMBDA);
        const squaresFarther = fitRidge(rows, runaway(1_000_000), LAMBDA);
        const squaresMove = squaresFarther.interceptAtMeans - squaresFar.interceptAtMeans;
        // Least squares moves its intercept by (1,000,000 − 1,000) / n; the robust fit by under a millionth of that
        // (the runaway row enters winsorised, then clamped; only the mean weight that scales the penalty moves, by
        // ~1/1,000 of a row, which moved the fit by up to 0.0007 in 20,000 draws), and by next to nothing after.
        expect(squaresMove).toBeCloseTo(999_000 / y.length, 3);
        const moves = (from: RidgeFit, to: RidgeFit) => [
          to.interceptAtMeans - from.interceptAtMeans,
          ...from.coefficients.map((coefficient, j) => (to.coefficients[j] as number) - coefficient),
        ];
        for (const move of moves(robustFar, robustFarther)) expect(Math.abs(move)).toBeLessThan(1e-6 * squaresMove);
        for (const move of moves(robustFarther, robustFarthest)) expect(Math.abs(move)).toBeLessThan(1e-5);
      }),
    );
  });

  it('keeps every residual and leave-one-out residual finite and measured against the real responses', () => {
    fc.assert(
      fc.property(noisyData, ({ rows, y }) => {
        const fit = fitHuberRidge(rows, y, LAMBDA);
        for (const [i, row] of rows.entries()) {
          const fitted =
            fit.interceptAtMeans +
            fit.coefficients.reduce(
              (total, coefficient, j) => total + coefficient * ((row[j] as number) - (fit.means[j] as number)),
              0,
            );
          expect(fit.residuals[i]).toBeCloseTo((y[i] as number) - fitted, 9);
          expect(Number.isFinite(fit.leaveOneOutResiduals[i])).toBe(true);
        }
      }),
    );
  });
});
