// Ridge regression that a few extreme responses cannot drag: Huber's M-estimator (Huber, "Robust Statistics",
// 1981), with the ridge penalty of ridge-regression.ts. Video growth is heavy-tailed (a viral hit grows 20× while
// its peers grow 2×), and least squares lets those few pull the line for every other video. Residuals within
// HUBER_TUNING robust standard deviations count fully; beyond, only that far. Solved by pseudo-observations:
// refit least squares on y* = fitted + clamp(y − fitted), the scale re-read each time as 1.4826 × the median
// |residual| (as R's MASS::rlm does by default); the fixed point solves Σ ψ(rᵢ) xᵢ = penalty, Huber's equations.

import { fitRidge, type RidgeFit, type RidgeOptions } from './ridge-regression.js';
import { median } from './summary-statistics.js';

/** Huber's constant: 95 % as efficient as least squares when the errors are normal. */
export const HUBER_TUNING = 1.345;
/** The median absolute deviation × this estimates a normal standard deviation. */
const MAD_TO_SD = 1.4826;
const MAX_ITERATIONS = 50;

/**
 * `fitRidge` made robust (see the top of this file). Residuals are against the real responses; leave-one-out
 * residuals too, each fitted value moved as leaving that row out of the final (linear) fit moves it.
 */
export function fitHuberRidge(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: RidgeOptions,
): RidgeFit {
  let pseudo = [...y];
  let fit = fitRidge(rows, pseudo, options);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const fitted = pseudo.map((value, i) => value - (fit.residuals[i] as number));
    const raw = y.map((value, i) => value - (fitted[i] as number));
    const limit = HUBER_TUNING * MAD_TO_SD * (median(raw.map(Math.abs)) ?? 0);
    // A scale of 0 (more than half the rows fitted exactly) leaves nothing to measure extremes by.
    if (!(limit > 0)) break;
    const next = fitted.map((value, i) => value + Math.max(-limit, Math.min(limit, raw[i] as number)));
    const moved = Math.max(...next.map((value, i) => Math.abs(value - (pseudo[i] as number))));
    pseudo = next;
    fit = fitRidge(rows, pseudo, options);
    if (moved <= 1e-10 * limit) break;
  }
  const fitted = pseudo.map((value, i) => value - (fit.residuals[i] as number));
  const residuals = y.map((value, i) => value - (fitted[i] as number));
  return {
    ...fit,
    residuals,
    leaveOneOutResiduals: residuals.map(
      (residual, i) => residual + (fit.leaveOneOutResiduals[i] as number) - (fit.residuals[i] as number),
    ),
  };
}
