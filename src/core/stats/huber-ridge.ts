// Ridge regression that a few extreme responses cannot drag: Huber's M-estimator (Huber, "Robust Statistics",
// 1981) with the ridge penalty of ridge-regression.ts. Video growth is heavy-tailed (a viral hit grows 20× while
// its peers grow 2×), and least squares lets those few pull the line for every other video. A residual within
// HUBER_TUNING robust standard deviations counts fully; beyond, only that far.
//
// The cost is bounded by construction, at most HUBER_SOLVES closed-form ridge solves whatever the data: the scale
// is read once, from least-squares fits, and then HUBER_STEPS steps of Huber's modified-residuals iteration (each a
// ridge fit on y* = fitted + clamp(y − fitted)) are taken, with no test of convergence. An open-ended version
// (iterate until nothing moves, re-reading the scale) once spent over ten minutes of CPU in one property-test draw,
// and made 804 solves for one growth model of an exact power law (tests/unit/huber-ridge-cost.test.ts). Each step
// shrinks the distance to Huber's fixed point by about the share of clamped rows, so a few steps from a start that no
// runaway response drags are enough (selection: docs/benchmarks.md).

import { fitRidge, type RidgeFit, type RidgeOptions } from './ridge-regression.js';
import { median } from './summary-statistics.js';

/** Huber's constant: 95 % as efficient as least squares when the errors are normal. */
export const HUBER_TUNING = 1.345;
/** Modified-residuals steps after the scale is read. */
export const HUBER_STEPS = 4;
/** Ridge solves per robust fit at most, whatever the data: two for the scale, one per step. */
export const HUBER_SOLVES = 2 + HUBER_STEPS;
/** The median absolute deviation × this estimates a normal standard deviation. */
const MAD_TO_SD = 1.4826;
/** "Without the penalty", yet solvable when two predictors move together. */
const UNPENALISED: RidgeOptions = { lambda: 1e-10 };

const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));

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
 * `fitRidge` made robust (see the top of this file); exactly `fitRidge` when least squares leaves nothing to measure
 * outliers by. Residuals are against the real responses; leave-one-out residuals too, each fitted value
 * moved as leaving that row out of the last (linear) fit moves it.
 */
export function fitHuberRidge(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: RidgeOptions,
): RidgeFit {
  // The scale comes from a fit without the penalty: the penalty's own shrinkage leaves residuals too, and measured
  // against themselves they would be clamped as if outliers. Two such fits are candidates, as in an S-estimator
  // (Rousseeuw & Yohai, 1984) the one leaving the smaller robust spread of residuals is kept: least squares on the
  // responses (exact where the relation is, but dragged by a runaway response) and least squares on the responses
  // winsorised about their median (not dragged, but biased where extreme predictors rightly give extreme responses).
  const middle = median(y) ?? 0;
  const cap = HUBER_TUNING * MAD_TO_SD * (median(y.map((value) => Math.abs(value - middle))) ?? 0);
  const starts = cap > 0 ? [y, y.map((value) => middle + clamp(value - middle, cap))] : [y];
  const candidates = starts.map((start) => {
    const first = fitRidge(rows, start, UNPENALISED);
    const fitted = start.map((value, i) => value - (first.residuals[i] as number));
    return { fitted, scale: MAD_TO_SD * (median(y.map((value, i) => Math.abs(value - (fitted[i] as number)))) ?? 0) };
  });
  const best = candidates.reduce((kept, candidate) => (candidate.scale < kept.scale ? candidate : kept));
  const { scale } = best;
  // Rounding noise on an exact relation is no scale to clamp by. Measured against the typical response, not the
  // largest: against the largest, one response of 10⁸ made a spread of 0.05 look like rounding, and least squares
  // followed it.
  if (!(scale > 1e-9 * Math.max(1, median(y.map(Math.abs)) ?? 0))) return fitRidge(rows, y, options);
  const limit = HUBER_TUNING * scale;
  const step = (fitted: readonly number[]) => {
    const raw = y.map((value, i) => value - (fitted[i] as number));
    const pseudo = raw.map((residual, i) => (fitted[i] as number) + clamp(residual, limit));
    const meanWeight = raw.reduce((total, r) => total + Math.min(1, limit / Math.abs(r)), 0) / raw.length;
    const fit = fitRidge(rows, pseudo, weighted(options, meanWeight));
    return { fit, fitted: pseudo.map((value, i) => value - (fit.residuals[i] as number)) };
  };
  let last = step(best.fitted);
  for (let taken = 1; taken < HUBER_STEPS; taken++) last = step(last.fitted);
  const { fit, fitted } = last;
  const residuals = y.map((value, i) => value - (fitted[i] as number));
  return {
    ...fit,
    residuals,
    leaveOneOutResiduals: residuals.map(
      (residual, i) => residual + (fit.leaveOneOutResiduals[i] as number) - (fit.residuals[i] as number),
    ),
  };
}
