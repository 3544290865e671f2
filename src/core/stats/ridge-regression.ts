// Ridge regression with an intercept, for the handful of predictors of post-publication prediction: small
// enough to solve the normal equations directly (see cholesky.ts).

import { cholesky, solveLower, solveUpper } from './cholesky.js';

export interface RidgeOptions {
  /** Penalty on each coefficient in standardised units: a lone predictor's least-squares slope × n / (n + λ). */
  lambda: number;
  /** A prior mean for the intercept (at the predictors' means) and its weight in observations; none: weight 0. */
  interceptPrior?: { mean: number; weight: number };
}

export interface RidgeFit {
  /** Fitted value where every predictor is at its mean. */
  interceptAtMeans: number;
  /** The predictors' means (the fit is centred on them). */
  means: number[];
  /** One per predictor; 0 for a predictor that does not vary (it says nothing). */
  coefficients: number[];
  /** y − fitted, in the order of the rows. */
  residuals: number[];
  /** y − the value fitted without that row (exact for a fixed penalty: residual ÷ (1 − leverage)). */
  leaveOneOutResiduals: number[];
}

/** y ≈ interceptAtMeans + Σ coefficient_j · (x_j − mean_j), each coefficient shrunk toward 0. */
export function fitRidge(rows: readonly (readonly number[])[], y: readonly number[], options: RidgeOptions): RidgeFit {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const means = Array.from({ length: p }, (_, j) => rows.reduce((total, row) => total + (row[j] as number), 0) / n);
  const centred = rows.map((row) => row.map((value, j) => value - (means[j] as number)));
  const variances = means.map((_, j) => centred.reduce((total, row) => total + (row[j] as number) ** 2, 0) / n);
  // Relative threshold: identical values leave rounding noise, not a predictor.
  const varying = variances.map((variance, j) => variance > 1e-12 * Math.max(1, (means[j] as number) ** 2));
  const used = [...varying.keys()].filter((j) => varying[j]);
  const k = used.length;

  // Centred predictors are orthogonal to the intercept, so the two are solved apart.
  const yMean = y.reduce((total, value) => total + value, 0) / n;
  const matrix = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (const [a, j] of used.entries()) {
    for (const [b, l] of used.entries()) {
      matrix[a * k + b] = centred.reduce((total, row) => total + (row[j] as number) * (row[l] as number), 0);
    }
    matrix[a * k + a] = (matrix[a * k + a] as number) + options.lambda * (variances[j] as number);
    rhs[a] = centred.reduce((total, row, i) => total + (row[j] as number) * ((y[i] as number) - yMean), 0);
  }
  const lower = k > 0 ? cholesky(matrix, k) : new Float64Array(0);
  const solved = k > 0 ? solveUpper(lower, k, solveLower(lower, k, rhs)) : new Float64Array(0);
  const coefficients = means.map(() => 0);
  for (const [a, j] of used.entries()) coefficients[j] = solved[a] as number;

  const prior = options.interceptPrior ?? { mean: 0, weight: 0 };
  const interceptAtMeans = (n * yMean + prior.weight * prior.mean) / (n + prior.weight);
  const residuals: number[] = [];
  const leaveOneOutResiduals: number[] = [];
  for (const [i, row] of centred.entries()) {
    let fitted = interceptAtMeans;
    for (const j of used) fitted += (coefficients[j] as number) * (row[j] as number);
    const residual = (y[i] as number) - fitted;
    // Leverage: the intercept's share plus xᵀ (XᵀX + Λ)⁻¹ x for the centred predictors.
    const z = solveLower(
      lower,
      k,
      used.map((j) => row[j] as number),
    );
    const leverage = 1 / (n + prior.weight) + z.reduce((total, value) => total + value * value, 0);
    residuals.push(residual);
    leaveOneOutResiduals.push(residual / Math.max(1 - leverage, 1e-6));
  }
  return { interceptAtMeans, means, coefficients, residuals, leaveOneOutResiduals };
}
