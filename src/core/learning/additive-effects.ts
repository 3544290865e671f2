// The joint posterior of what each choice (topic, hook style, length, time of day) adds to a video's
// age-adjusted ln views, all dimensions at once.
//
// Why jointly: a channel that learns does not choose at random. Once most number-list videos are also about
// its favourite topic, the number-list mean carries that topic's effect too, and the per-dimension means stop
// saying which choice earned the views. An additive model separates them:
//
//   y_i − ȳ = Σ_d β_{d, arm_d(i)} + ε_i,   ε ~ N(0, σ²),   β_{d,a} ~ N(0, τ_d²)
//
// The posterior of β is normal: precision A = XᵀX / σ² + diag(1/τ²), mean A⁻¹ Xᵀ(y − ȳ) / σ². σ² and each
// dimension's τ_d² are estimated from the data by EM (empirical Bayes, as the pattern engine's shrinkage does
// per dimension), τ² floored so that no choice is ever taken as certainly no better than the rest.

import type { SeededRandom } from '../random/seeded-random.js';
import { cholesky, solveLower, solveUpper } from '../stats/cholesky.js';
import { Z80 } from '../stats/summary-statistics.js';

/** τ² floor: never treat the arms as certainly equal, or an untried arm could never be explored. */
export const MIN_PRIOR_VARIANCE = 0.05;
/** σ² with fewer than two videos: ln views of one channel's videos typically spread about ±1. */
export const DEFAULT_WITHIN_VARIANCE = 1;
const EM_ITERATIONS = 50;
/** σ² floor: ln views never repeat to the fourth decimal, but if they do the algebra must stay finite. */
const MIN_NOISE_VARIANCE = 1e-4;

export interface Dimension {
  name: string;
  arms: readonly string[];
}

/** One video: its age-adjusted ln views and, per dimension (in order), its arm or null when it has none. */
export interface Trial {
  value: number;
  arms: readonly (string | null)[];
}

export interface ArmPosterior {
  arm: string;
  n: number;
  /** Posterior mean of the arm's effect vs the channel mean, ln units. */
  mean: number;
  sd: number;
  /** 80 % posterior interval, ln units. */
  low: number;
  high: number;
}

export interface AdditivePosterior {
  dimensions: readonly Dimension[];
  /** Per dimension, per arm (in the dimension's order). */
  arms: ArmPosterior[][];
  /** σ²: the spread of a video's ln views that no choice explains. */
  noiseVariance: number;
  /**
   * Draws every effect at once from the joint posterior, its spread around the mean scaled by `spread` (1 = the
   * posterior itself): per dimension, per arm.
   */
  draw(rng: SeededRandom, spread?: number): number[][];
}

interface Design {
  size: number;
  /** Dimension of each effect. */
  dimensionOf: Int32Array;
  /** XᵀX, row-major: how many videos share each pair of arms. */
  gram: Float64Array;
  /** Xᵀ(y − ȳ). */
  crossProduct: Float64Array;
  /** Σ (y − ȳ)². */
  totalSquares: number;
  count: number;
  counts: Int32Array;
}

function design(dimensions: readonly Dimension[], trials: readonly Trial[]): Design {
  const size = dimensions.reduce((sum, dimension) => sum + dimension.arms.length, 0);
  const dimensionOf = new Int32Array(size);
  let offset = 0;
  const indexOf = dimensions.map((dimension, d) => {
    const start = offset;
    offset += dimension.arms.length;
    dimensionOf.fill(d, start, offset);
    return new Map(dimension.arms.map((arm, a) => [arm, start + a]));
  });
  const usable = trials.filter((trial) => Number.isFinite(trial.value));
  const mean = usable.length === 0 ? 0 : usable.reduce((sum, trial) => sum + trial.value, 0) / usable.length;
  const gram = new Float64Array(size * size);
  const crossProduct = new Float64Array(size);
  const counts = new Int32Array(size);
  let totalSquares = 0;
  for (const trial of usable) {
    const centred = trial.value - mean;
    totalSquares += centred * centred;
    const columns = trial.arms.flatMap((arm, d) => {
      const column = arm === null ? undefined : indexOf[d]?.get(arm);
      return column === undefined ? [] : [column];
    });
    for (const i of columns) {
      crossProduct[i] = (crossProduct[i] as number) + centred;
      counts[i] = (counts[i] as number) + 1;
      for (const j of columns) gram[i * size + j] = (gram[i * size + j] as number) + 1;
    }
  }
  return { size, dimensionOf, gram, crossProduct, totalSquares, count: usable.length, counts };
}

interface Fit {
  mean: Float64Array;
  /** Cholesky factor of the posterior precision. */
  lower: Float64Array;
  /** Row-major. */
  covariance: Float64Array;
}

function posteriorGiven(model: Design, priorVariances: readonly number[], noiseVariance: number): Fit {
  const { size, gram, crossProduct, dimensionOf } = model;
  const precision = new Float64Array(size * size);
  for (let k = 0; k < size * size; k++) precision[k] = (gram[k] as number) / noiseVariance;
  for (let i = 0; i < size; i++) {
    precision[i * size + i] =
      (precision[i * size + i] as number) + 1 / (priorVariances[dimensionOf[i] as number] as number);
  }
  const lower = cholesky(precision, size);
  const mean = solveUpper(
    lower,
    size,
    solveLower(
      lower,
      size,
      crossProduct.map((value) => value / noiseVariance),
    ),
  );
  // The full covariance (size is a few dozen): column j solves A x = e_j.
  const covariance = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    const unit = new Float64Array(size);
    unit[j] = 1;
    const column = solveUpper(lower, size, solveLower(lower, size, unit));
    for (let i = 0; i < size; i++) covariance[i * size + j] = column[i] as number;
  }
  return { mean, lower, covariance };
}

/** Σ (y − ȳ − Xβ)² expected under the posterior: the residual of the mean plus tr(XᵀX Σ). */
function expectedResidualSquares(model: Design, posterior: Fit): number {
  const { size, gram, crossProduct, totalSquares } = model;
  let fitted = 0;
  let trace = 0;
  for (let i = 0; i < size; i++) {
    let row = 0;
    for (let j = 0; j < size; j++) {
      row += (gram[i * size + j] as number) * (posterior.mean[j] as number);
      trace += (gram[i * size + j] as number) * (posterior.covariance[j * size + i] as number);
    }
    fitted += (posterior.mean[i] as number) * (row - 2 * (crossProduct[i] as number));
  }
  return Math.max(0, totalSquares + fitted + trace);
}

/** The joint posterior of every arm's effect, with σ² and each τ_d² estimated by EM. Deterministic. */
export function fitAdditiveEffects(dimensions: readonly Dimension[], trials: readonly Trial[]): AdditivePosterior {
  const model = design(dimensions, trials);
  const spread =
    model.count >= 2 ? Math.max(MIN_NOISE_VARIANCE, model.totalSquares / (model.count - 1)) : DEFAULT_WITHIN_VARIANCE;
  let noiseVariance = spread;
  const priorVariances = dimensions.map(() => Math.max(MIN_PRIOR_VARIANCE, spread / Math.max(1, dimensions.length)));
  let posterior = posteriorGiven(model, priorVariances, noiseVariance);
  for (let iteration = 0; model.count >= 2 && iteration < EM_ITERATIONS; iteration++) {
    const sums = dimensions.map(() => 0);
    for (let i = 0; i < model.size; i++) {
      const d = model.dimensionOf[i] as number;
      sums[d] =
        (sums[d] as number) + (posterior.mean[i] as number) ** 2 + (posterior.covariance[i * model.size + i] as number);
    }
    dimensions.forEach((dimension, d) => {
      priorVariances[d] = Math.max(MIN_PRIOR_VARIANCE, (sums[d] as number) / Math.max(1, dimension.arms.length));
    });
    // Floored at a small share of the total spread: a handful of videos could otherwise be "explained" exactly.
    noiseVariance = Math.max(spread * 0.05, expectedResidualSquares(model, posterior) / model.count);
    posterior = posteriorGiven(model, priorVariances, noiseVariance);
  }
  const final = posterior;
  let offset = 0;
  const arms = dimensions.map((dimension) => {
    const start = offset;
    offset += dimension.arms.length;
    return dimension.arms.map((arm, a): ArmPosterior => {
      const mean = final.mean[start + a] as number;
      const sd = Math.sqrt(final.covariance[(start + a) * model.size + start + a] as number);
      return { arm, n: model.counts[start + a] as number, mean, sd, low: mean - Z80 * sd, high: mean + Z80 * sd };
    });
  });
  return {
    dimensions,
    arms,
    noiseVariance,
    draw(rng, spread = 1) {
      const standard = Array.from({ length: model.size }, () => rng.normal());
      // x = L⁻ᵀ z has covariance (L Lᵀ)⁻¹ = A⁻¹.
      const deviation = solveUpper(final.lower, model.size, standard);
      let start = 0;
      return dimensions.map((dimension) => {
        const values = dimension.arms.map(
          (_, a) => (final.mean[start + a] as number) + spread * (deviation[start + a] as number),
        );
        start += dimension.arms.length;
        return values;
      });
    },
  };
}
