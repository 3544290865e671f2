// Ridge regression that a few extreme responses cannot drag: Huber's M-estimator (Huber, "Robust Statistics",
// 1981) with the ridge penalty of ridge-regression.ts. Video growth is heavy-tailed (a viral hit grows 20× while
// its peers grow 2×), and least squares lets those few pull the line for every other video. A residual within
// HUBER_TUNING robust standard deviations counts fully; beyond, only that far. Solved by pseudo-observations:
// least squares refitted on y* = fitted + clamp(y − fitted) until nothing moves; the fixed point solves
// Σ ψ(rᵢ) xᵢ = w̄ · penalty, Huber's equations with the penalty counted in rows of the mean weight w̄.
// The scale is read from a fit without the penalty (1.4826 × the median |residual|, re-read each step as R's
// MASS::rlm does): the penalty's own shrinkage leaves residuals too, and measured against themselves they would be
// clamped as if outliers (on a noise-free planted relation that moved a coefficient from 0.59 to 0.46).

import { fitRidge, type RidgeFit, type RidgeOptions } from './ridge-regression.js';
import { median } from './summary-statistics.js';

/** Huber's constant: 95 % as efficient as least squares when the errors are normal. */
export const HUBER_TUNING = 1.345;
/** The median absolute deviation × this estimates a normal standard deviation. */
const MAD_TO_SD = 1.4826;
const MAX_ITERATIONS = 200;
/** "Without the penalty", yet solvable when two predictors move together. */
const UNPENALISED: RidgeOptions = { lambda: 1e-10 };

interface Clamped {
  fit: RidgeFit;
  /** The pseudo-responses the fit was made on. */
  pseudo: number[];
  scale: number;
}

/**
 * Iterates the pseudo-observations from `start`; `fixedScale` null: the scale is re-read from the residuals each
 * step. With a fixed scale a step moves the fit by at most that scale, so it must start near the answer.
 */
function clampedFit(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: RidgeOptions,
  fixedScale: number | null,
  start: readonly number[] = y,
): Clamped {
  let pseudo = [...start];
  let fit = fitRidge(rows, pseudo, options);
  let scale = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const fitted = pseudo.map((value, i) => value - (fit.residuals[i] as number));
    const raw = y.map((value, i) => value - (fitted[i] as number));
    scale = fixedScale ?? MAD_TO_SD * (median(raw.map(Math.abs)) ?? 0);
    const limit = HUBER_TUNING * scale;
    if (!(limit > 0)) break;
    const next = fitted.map((value, i) => value + Math.max(-limit, Math.min(limit, raw[i] as number)));
    const moved = Math.max(...next.map((value, i) => Math.abs(value - (pseudo[i] as number))));
    pseudo = next;
    const meanWeight = raw.reduce((total, r) => total + Math.min(1, limit / Math.abs(r)), 0) / raw.length;
    fit = fitRidge(rows, pseudo, weighted(options, meanWeight));
    if (moved <= 1e-10 * limit) break;
  }
  return { fit, pseudo, scale };
}

/** The penalties, counted in rows, scaled to rows of the mean weight: down-weighting must not strengthen them. */
function weighted(options: RidgeOptions, meanWeight: number): RidgeOptions {
  const { lambda, interceptPrior } = options;
  return interceptPrior === undefined
    ? { lambda: lambda * meanWeight }
    : {
        lambda: lambda * meanWeight,
        interceptPrior: { ...interceptPrior, weight: interceptPrior.weight * meanWeight },
      };
}

/**
 * `fitRidge` made robust (see the top of this file); exactly `fitRidge` when a fit without the penalty leaves
 * nothing to measure outliers by. Residuals are against the real responses; leave-one-out residuals too, each
 * fitted value moved as leaving that row out of the final (linear) fit moves it.
 */
export function fitHuberRidge(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: RidgeOptions,
): RidgeFit {
  const spread = Math.max(1, ...y.map(Math.abs));
  // Started from the responses winsorised about their median: from least squares a runaway response drags the
  // fit, the scale and so the clamp with it, and the steps back shrink only by the row's leverage each time.
  const middle = median(y) ?? 0;
  const limit = HUBER_TUNING * MAD_TO_SD * (median(y.map((value) => Math.abs(value - middle))) ?? 0);
  const winsorised = y.map((value) => Math.max(middle - limit, Math.min(middle + limit, value)));
  const unpenalised = clampedFit(rows, y, UNPENALISED, null, winsorised);
  // Rounding noise on an exact relation is no scale to clamp by.
  if (!(unpenalised.scale > 1e-9 * spread)) return fitRidge(rows, y, options);
  const { fit, pseudo } = clampedFit(rows, y, options, unpenalised.scale, unpenalised.pseudo);
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
